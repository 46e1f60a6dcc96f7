# The account's password policy and its KMS keys.

resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length        = 14
  require_lowercase_characters   = true
  require_numbers                = true
  require_uppercase_characters   = true
  require_symbols                = true
  allow_users_to_change_password = true
  max_password_age               = 90
  password_reuse_prevention      = 24
}

resource "aws_kms_key" "app" {
  description         = "Application data"
  enable_key_rotation = true
}

resource "aws_kms_key" "legacy" {
  description = "Created before rotation was a requirement"
}

resource "aws_kms_key" "batch" {
  description         = "Batch jobs"
  enable_key_rotation = false
}

resource "aws_kms_key" "signing" {
  description              = "Release signing"
  customer_master_key_spec = "RSA_4096"
  key_usage                = "SIGN_VERIFY"
}

resource "aws_kms_key" "webhook_hmac" {
  description              = "Webhook signatures"
  customer_master_key_spec = "HMAC_256"
  key_usage                = "GENERATE_VERIFY_MAC"
}

resource "aws_kms_key" "shared" {
  description         = "Shared with the organization"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "RootAccess"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "OrgUse"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["kms:Decrypt", "kms:DescribeKey"]
        Resource  = "*"
        Condition = {
          StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" }
        }
      },
    ]
  })
}

resource "aws_kms_key" "open" {
  description         = "Anyone may encrypt"
  enable_key_rotation = true
  policy              = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Everyone",
      "Effect": "Allow",
      "Principal": "*",
      "Action": ["kms:Encrypt", "kms:GenerateDataKey"],
      "Resource": "*"
    }
  ]
}
POLICY
}
