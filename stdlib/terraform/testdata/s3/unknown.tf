# Settings that come from variables without defaults and from other resources: not known
# before apply.

variable "bucket_acl" {
  type = string
}

variable "block_public" {
  type = bool
}

variable "versioning_status" {
  type = string
}

variable "sse_algorithm" {
  type = string
}

variable "access_log_buckets" {
  type = list(string)
}

variable "reader_arns" {
  type = list(string)
}

resource "aws_s3_bucket" "exports" {
  bucket = "acme-exports"

  dynamic "logging" {
    for_each = var.access_log_buckets
    content {
      target_bucket = logging.value
    }
  }
}

resource "aws_s3_bucket_public_access_block" "exports" {
  bucket = aws_s3_bucket.exports.id

  block_public_acls       = var.block_public
  block_public_policy     = var.block_public
  ignore_public_acls      = var.block_public
  restrict_public_buckets = var.block_public
}

resource "aws_s3_bucket_acl" "exports" {
  bucket = aws_s3_bucket.exports.id
  acl    = var.bucket_acl
}

resource "aws_s3_bucket_server_side_encryption_configuration" "exports" {
  bucket = aws_s3_bucket.exports.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = var.sse_algorithm
    }
  }
}

resource "aws_s3_bucket_versioning" "exports" {
  bucket = aws_s3_bucket.exports.id

  versioning_configuration {
    status = var.versioning_status
  }
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Readers"
      Effect    = "Allow"
      Principal = { AWS = var.reader_arns }
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.exports.arn}/*"
    }]
  })
}

variable "versioning_enabled" {
  type = bool
}

# The older blocks of aws_s3_bucket, set from variables.
resource "aws_s3_bucket" "archive" {
  bucket = "acme-archive"

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
