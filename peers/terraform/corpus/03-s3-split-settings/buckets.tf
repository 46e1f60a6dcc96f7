# The buckets of a service, with their settings in another file of the module (settings.tf).

variable "service" {
  type    = string
  default = "billing"
}

resource "aws_s3_bucket" "invoices" {
  bucket        = "acme-${var.service}-invoices"
  force_destroy = false
}

resource "aws_s3_bucket" "exports" {
  bucket = "acme-${var.service}-exports"
}
