variable "account_id" {
  type    = string
  default = "111122223333"
}

variable "org_id" {
  type    = string
  default = "o-a1b2c3d4e5"
}

variable "trail_name" {
  type    = string
  default = "organization"
}
