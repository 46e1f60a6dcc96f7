# The account's public access block sets two settings; the bucket's own block leaves one of
# those and one of the others false.

resource "aws_s3_account_public_access_block" "account" {
  block_public_acls   = true
  block_public_policy = true
}

resource "aws_s3_bucket" "media" {
  bucket = "acme-media"
}

resource "aws_s3_bucket_public_access_block" "media" {
  bucket = aws_s3_bucket.media.id

  block_public_acls       = false
  block_public_policy     = true
  ignore_public_acls      = false
  restrict_public_buckets = true
}

# Covered by the account's block alone.
resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}
