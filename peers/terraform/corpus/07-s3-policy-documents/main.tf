# Bucket policies written as aws_iam_policy_document data sources.

resource "aws_s3_bucket" "artifacts" {
  bucket = "acme-build-artifacts"
}

resource "aws_s3_bucket" "cdn_origin" {
  bucket = "acme-cdn-origin"
}

resource "aws_s3_bucket" "vpc_only" {
  bucket = "acme-vpc-only"
}

resource "aws_s3_bucket" "drop" {
  bucket = "acme-partner-drop"
}

data "aws_iam_policy_document" "artifacts" {
  statement {
    sid     = "OrgRead"
    actions = ["s3:GetObject"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    resources = ["${aws_s3_bucket.artifacts.arn}/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-a1b2c3d4e5"]
    }
  }

  statement {
    sid     = "TlsOnly"
    effect  = "Deny"
    actions = ["s3:*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    resources = [aws_s3_bucket.artifacts.arn, "${aws_s3_bucket.artifacts.arn}/*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  policy = data.aws_iam_policy_document.artifacts.json
}

data "aws_iam_policy_document" "cdn_origin" {
  statement {
    sid       = "CloudFrontRead"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.cdn_origin.arn}/*"]
    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = ["arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"]
    }
  }
}

resource "aws_s3_bucket_policy" "cdn_origin" {
  bucket = aws_s3_bucket.cdn_origin.id
  policy = data.aws_iam_policy_document.cdn_origin.json
}

# differs: CKV_AWS_70 vpc_only allows AWS * only from a VPC endpoint (a Condition), which Palisade accepts and Checkov reports; drop is opened to AWS * by a policy document block, which Palisade reads and Checkov does not
resource "aws_s3_bucket_policy" "vpc_only" {
  bucket = aws_s3_bucket.vpc_only.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "FromEndpointOnly"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["s3:GetObject", "s3:PutObject"]
        Resource  = "arn:aws:s3:::acme-vpc-only/*"
        Condition = {
          StringEquals = { "aws:SourceVpce" = "vpce-1a2b3c4d" }
        }
      }
    ]
  })
}

data "aws_iam_policy_document" "drop" {
  statement {
    sid       = "AnyoneMayUpload"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.drop.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "drop" {
  bucket = aws_s3_bucket.drop.id
  policy = data.aws_iam_policy_document.drop.json
}
