# Tenant buckets made with for_each and count, their settings taken from variables and locals.

locals {
  versioning_status = "Enabled"
  algorithm         = "aws:kms"
  lock_down = {
    acls   = var.block_public
    policy = var.block_public
  }
}

resource "aws_s3_bucket" "tenant" {
  for_each = var.tenants
  bucket   = "acme-tenant-${each.key}"
}

resource "aws_s3_bucket_public_access_block" "tenant" {
  for_each = var.tenants
  bucket   = aws_s3_bucket.tenant[each.key].id

  block_public_acls       = local.lock_down.acls
  block_public_policy     = local.lock_down.policy
  ignore_public_acls      = var.block_public
  restrict_public_buckets = var.block_public
}

resource "aws_s3_bucket_versioning" "tenant" {
  for_each = var.tenants
  bucket   = aws_s3_bucket.tenant[each.key].id

  versioning_configuration {
    status = local.versioning_status
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "tenant" {
  for_each = var.tenants
  bucket   = aws_s3_bucket.tenant[each.key].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = local.algorithm
      kms_master_key_id = var.kms_key_arn
    }
  }
}

resource "aws_s3_bucket_logging" "tenant" {
  for_each      = var.tenants
  bucket        = aws_s3_bucket.tenant[each.key].id
  target_bucket = "acme-tenant-access-logs"
  target_prefix = "${each.key}/"
}

resource "aws_s3_bucket" "archive" {
  count  = var.archive_count
  bucket = "acme-tenant-archive-${count.index}"
}

resource "aws_s3_bucket_public_access_block" "archive" {
  count  = var.archive_count
  bucket = aws_s3_bucket.archive[count.index].id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = var.block_public ? true : false
}

resource "aws_s3_bucket_versioning" "archive" {
  count  = var.archive_count
  bucket = aws_s3_bucket.archive[count.index].id

  versioning_configuration {
    status = var.block_public ? "Enabled" : "Suspended"
  }
}
