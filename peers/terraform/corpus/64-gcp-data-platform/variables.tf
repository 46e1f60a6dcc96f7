variable "project" {
  type    = string
  default = "acme-data-prod"
}

variable "region" {
  type    = string
  default = "europe-west4"
}

variable "network" {
  type    = string
  default = "projects/acme-net-host/global/networks/shared-vpc"
}

variable "buckets" {
  description = "Buckets of the platform and their storage class."
  type        = map(string)
  default = {
    landing  = "STANDARD"
    archive  = "COLDLINE"
    features = "STANDARD"
  }
}

variable "analysts_group" {
  type    = string
  default = "group:analysts@acme.example"
}
