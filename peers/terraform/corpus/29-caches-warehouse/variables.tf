variable "vpc_id" {
  type    = string
  default = "vpc-0f1e2d3c4b5a69788"
}

variable "private_subnets" {
  type    = list(string)
  default = ["subnet-0a0a0a0a0a0a0a0a0", "subnet-0b0b0b0b0b0b0b0b0"]
}

variable "cache_auth_token" {
  type      = string
  sensitive = true
  default   = null
}

variable "warehouse_password" {
  type      = string
  sensitive = true
}
