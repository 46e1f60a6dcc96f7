variable "functions" {
  description = "Functions of the ingestion pipeline."
  type = map(object({
    handler     = string
    memory_size = number
    timeout     = number
  }))
  default = {
    parse    = { handler = "parse.handler", memory_size = 512, timeout = 30 }
    enrich   = { handler = "enrich.handler", memory_size = 1024, timeout = 60 }
    validate = { handler = "validate.handler", memory_size = 256, timeout = 10 }
  }
}

variable "subnet_ids" {
  type    = list(string)
  default = ["subnet-0d1d2d3d4d5d6d7d8", "subnet-0e1e2e3e4e5e6e7e8"]
}

variable "security_group_ids" {
  type    = list(string)
  default = ["sg-0f0e0d0c0b0a09080"]
}

variable "artifact_bucket" {
  type    = string
  default = "acme-lambda-artifacts"
}
