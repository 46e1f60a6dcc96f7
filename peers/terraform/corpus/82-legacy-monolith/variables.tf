variable "ami" {
  type    = string
  default = "ami-0123456789abcdef0"
}

variable "db_password" {
  type      = string
  sensitive = true
}

variable "office_ip" {
  type    = string
  default = "0.0.0.0/0"
}
