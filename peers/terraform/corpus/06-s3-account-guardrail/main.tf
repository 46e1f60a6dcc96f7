# The account-wide S3 public access block, set once in the account's baseline; the buckets of
# the baseline have no block of their own.

# differs: CKV2_AWS_6 the account-wide public access block covers config: Palisade accepts it, Checkov wants an aws_s3_bucket_public_access_block for every bucket
resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "config" {
  bucket = "acme-aws-config-history"
}

resource "aws_s3_bucket_versioning" "config" {
  bucket = aws_s3_bucket.config.id
  versioning_configuration {
    status = "Enabled"
  }
}

# differs: CKV_AWS_145 aws:kms:dsse is encryption with a KMS key (dual-layer): Palisade accepts it, Checkov accepts only aws:kms
resource "aws_s3_bucket_server_side_encryption_configuration" "config" {
  bucket = aws_s3_bucket.config.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms:dsse"
    }
  }
}

resource "aws_s3_bucket_logging" "config" {
  bucket        = aws_s3_bucket.config.id
  target_bucket = "acme-org-access-logs"
  target_prefix = "config/"
}
