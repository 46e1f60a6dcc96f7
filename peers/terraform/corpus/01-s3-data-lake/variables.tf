variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "noncurrent_days" {
  type        = number
  description = "How long overwritten objects are kept."
  default     = 90
}
