# A reusable bucket written with dynamic blocks (provider v3 style), as in many internal
# modules: whether logging, versioning and encryption exist depends on the inputs.

variable "name" {
  type    = string
  default = "acme-dynamic"
}

variable "logging" {
  type = list(object({ target_bucket = string, target_prefix = string }))
  default = [
    { target_bucket = "acme-central-access-logs", target_prefix = "dynamic/" },
  ]
}

variable "versioning_enabled" {
  type    = bool
  default = true
}

variable "sse_algorithm" {
  type    = string
  default = "aws:kms"
}

# differs: CKV_AWS_18 logging is a dynamic block: Palisade does not expand dynamic blocks and reports it as not verifiable, Checkov expands it from the variable's default
resource "aws_s3_bucket" "this" {
  bucket = var.name

  dynamic "logging" {
    for_each = var.logging
    content {
      target_bucket = logging.value.target_bucket
      target_prefix = logging.value.target_prefix
    }
  }

  versioning {
    enabled = var.versioning_enabled
  }

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = var.sse_algorithm
      }
    }
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
