# Inputs a caller must set: none has a default, so nothing decides them before apply.

variable "encrypted" {
  type = bool
}

variable "multi_region" {
  type = bool
}

variable "tag_mutability" {
  type = string
}

variable "deletion_protection" {
  type = bool
}

variable "retention_days" {
  type = number
}

variable "enable_pitr" {
  type = bool
}
