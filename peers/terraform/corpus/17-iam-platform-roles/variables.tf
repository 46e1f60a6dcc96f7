variable "account_id" {
  type    = string
  default = "111122223333"
}

variable "artifact_bucket" {
  type    = string
  default = "acme-build-artifacts"
}

variable "deployers" {
  description = "Engineers allowed to assume the deploy role, by user name."
  type        = set(string)
  default     = ["amira", "jonas", "wei"]
}
