variable "prefix" {
  type    = string
  default = "acme-pipeline"
}

variable "zones" {
  description = "The zones of the lake and how long each keeps noncurrent versions."
  type        = map(number)
  default = {
    raw     = 30
    curated = 365
  }
}
