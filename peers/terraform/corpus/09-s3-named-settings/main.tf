# Settings that name their bucket by its name rather than by reference, as code converted from
# CloudFormation or written before the bucket was managed here often does.

locals {
  bucket_name = "acme-media-uploads"
}

resource "aws_s3_bucket" "media" {
  bucket = local.bucket_name
}

resource "aws_s3_bucket_public_access_block" "media" {
  bucket                  = local.bucket_name
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# differs: CKV_AWS_21 the versioning names its bucket by the literal name acme-media-uploads: Palisade matches settings to buckets by reference or by name, Checkov only follows references
resource "aws_s3_bucket_versioning" "media" {
  bucket = "acme-media-uploads"
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "media" {
  bucket = local.bucket_name
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_s3_bucket_logging" "media" {
  bucket        = local.bucket_name
  target_bucket = "acme-central-access-logs"
  target_prefix = "media/"
}
