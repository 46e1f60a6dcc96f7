# An older configuration: everything on aws_s3_bucket, and no public access block.

resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
  acl    = "public-read-write"

  versioning {
    enabled = false
  }

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256"
      }
    }
  }

  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AnyoneUploads",
      "Effect": "Allow",
      "Principal": {"AWS": ["*"]},
      "Action": ["s3:PutObject", "s3:PutObjectAcl"],
      "Resource": "arn:aws:s3:::acme-uploads/*"
    }
  ]
}
POLICY
}

resource "aws_s3_bucket" "shared" {
  bucket = "acme-shared"

  grant {
    type        = "Group"
    uri         = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
    permissions = ["READ", "READ_ACP"]
  }

  grant {
    id          = "1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a"
    type        = "CanonicalUser"
    permissions = ["FULL_CONTROL"]
  }
}
