# Bucket policies written as policy documents, one of them in another file, and buckets named
# by their name rather than by reference.

resource "aws_s3_bucket" "assets" {
  bucket = "acme-assets"
}

data "aws_iam_policy_document" "assets" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::acme-assets", "arn:aws:s3:::acme-assets/*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "PartnersThroughTheirEndpoint"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::acme-assets/partners/*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEqualsIfExists"
      variable = "aws:SourceVpce"
      values   = ["vpce-0a1b2c3d4e5f67890"]
    }
  }

  statement {
    sid       = "InTheOrganization"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["arn:aws:s3:::acme-assets", "arn:aws:s3:::acme-assets/*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-a1b2c3d4e5"]
    }
  }

  statement {
    sid       = "PublicAssets"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::acme-assets/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "assets" {
  bucket = "acme-assets"
  policy = data.aws_iam_policy_document.assets.json
}

resource "aws_s3_bucket" "backups" {
  bucket = "acme-backups"
}

resource "aws_s3_bucket_policy" "backups" {
  bucket = aws_s3_bucket.backups.bucket
  policy = data.aws_iam_policy_document.backups.json
}
