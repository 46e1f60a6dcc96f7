# Buckets written for the AWS provider v3, when ACLs, versioning, logging, encryption and the
# bucket policy were arguments and blocks of aws_s3_bucket itself.

provider "aws" {
  region = "us-east-1"
}

# differs: CKV_AWS_18 log_sink receives the access logs of reports and uploads (their logging blocks name it): Palisade does not ask a log target to log itself, Checkov does
resource "aws_s3_bucket" "log_sink" {
  bucket = "acme-legacy-log-sink"
  acl    = "log-delivery-write"

  versioning {
    enabled = true
  }

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256"
      }
    }
  }
}

resource "aws_s3_bucket" "reports" {
  bucket = "acme-legacy-reports"
  acl    = "private"

  versioning {
    enabled = true
  }

  logging {
    target_bucket = aws_s3_bucket.log_sink.id
    target_prefix = "reports/"
  }

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
      }
    }
  }

  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyPlainHttp",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::acme-legacy-reports",
        "arn:aws:s3:::acme-legacy-reports/*"
      ],
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "false"
        }
      }
    }
  ]
}
POLICY
}

resource "aws_s3_bucket" "downloads" {
  bucket = "acme-legacy-downloads"
  acl    = "public-read"

  versioning {
    enabled = false
  }

  website {
    index_document = "index.html"
  }
}

resource "aws_s3_bucket" "uploads" {
  bucket = "acme-legacy-uploads"
  acl    = "public-read-write"

  logging {
    target_bucket = aws_s3_bucket.log_sink.id
    target_prefix = "uploads/"
  }
}

resource "aws_s3_bucket" "partners" {
  bucket = "acme-legacy-partners"
  acl    = "authenticated-read"

  versioning {
    enabled    = true
    mfa_delete = false
  }
}

# differs: CKV_AWS_20 shared grants READ to the AllUsers group in a grant block: Palisade reports grants to AllUsers and AuthenticatedUsers, Checkov reads only the canned acl
# differs: CKV_AWS_57 the same grant to AllUsers is compared with the write check too, since Checkov fails shared for neither id
resource "aws_s3_bucket" "shared" {
  bucket = "acme-legacy-shared"

  grant {
    id          = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    type        = "CanonicalUser"
    permissions = ["FULL_CONTROL"]
  }

  grant {
    type        = "Group"
    permissions = ["READ"]
    uri         = "http://acs.amazonaws.com/groups/global/AllUsers"
  }
}

resource "aws_s3_bucket_public_access_block" "reports" {
  bucket = aws_s3_bucket.reports.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_public_access_block" "downloads" {
  bucket = aws_s3_bucket.downloads.id

  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = false
}

resource "aws_s3_bucket_public_access_block" "partners" {
  bucket = aws_s3_bucket.partners.id

  block_public_acls   = true
  block_public_policy = true
}
