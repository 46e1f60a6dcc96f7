variable "location" {
  type    = string
  default = "westeurope"
}

variable "prefix" {
  type    = string
  default = "acmeplat"
}

variable "tenant_id" {
  type    = string
  default = "00000000-1111-2222-3333-444444444444"
}

variable "sql_admin_group_object_id" {
  type    = string
  default = "55555555-6666-7777-8888-999999999999"
}

variable "app_subnets" {
  type = map(string)
  default = {
    web = "10.20.1.0/24"
    api = "10.20.2.0/24"
  }
}
