variable "name" {
  type    = string
  default = "core"
}

variable "cidr" {
  type    = string
  default = "10.40.0.0/16"
}

variable "azs" {
  type    = list(string)
  default = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
}

variable "flow_log_retention_days" {
  type    = number
  default = 400
}
