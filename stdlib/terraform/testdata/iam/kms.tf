# Key policies that let any AWS account use the key.

resource "aws_kms_key" "shared" {
  description         = "Shared with everyone"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "OverTls"
        Effect    = "Allow"
        Principal = "*"
        Action    = "kms:Encrypt"
        Resource  = "*"
        Condition = {
          Bool = { "aws:SecureTransport" = "true" }
        }
      },
      {
        Sid       = "OtherOrganizations"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = {
          StringNotEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" }
        }
      },
      {
        Sid       = "AnyoneDecrypts"
        Effect    = "Allow"
        Principal = { AWS = ["*"] }
        Action    = ["kms:Decrypt", "kms:DescribeKey"]
        Resource  = "*"
      },
    ]
  })
}

resource "aws_kms_key" "exports" {
  description         = "Exports"
  enable_key_rotation = true
}

data "aws_iam_policy_document" "exports_key" {
  statement {
    sid       = "Everyone"
    actions   = ["kms:Encrypt"]
    resources = ["*"]

    not_principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/blocked"]
    }
  }
}

resource "aws_kms_key_policy" "exports" {
  key_id = aws_kms_key.exports.id
  policy = data.aws_iam_policy_document.exports_key.json
}
