variable "project" {
  type    = string
  default = "acme-edge"
}

variable "zone" {
  type    = string
  default = "europe-west1-b"
}

variable "network" {
  type    = string
  default = "edge"
}

variable "admin_ranges" {
  type    = list(string)
  default = ["198.51.100.0/26"]
}

variable "service_account_email" {
  type    = string
  default = "edge-proxy@acme-edge.iam.gserviceaccount.com"
}
