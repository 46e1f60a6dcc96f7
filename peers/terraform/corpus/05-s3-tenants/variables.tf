variable "tenants" {
  description = "One bucket per tenant."
  type        = set(string)
  default     = ["alpha", "bravo", "charlie"]
}

variable "block_public" {
  type    = bool
  default = true
}

variable "archive_count" {
  type    = number
  default = 2
}

variable "kms_key_arn" {
  type        = string
  description = "The key that encrypts tenant data (no default: set per environment)."
}
