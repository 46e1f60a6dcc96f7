# A deploy role with the permissions it needs, a group for people, the account's password
# policy and a rotated key.

data "aws_iam_policy_document" "assume_ci" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:acme/site:ref:refs/heads/main"]
    }
  }
}

resource "aws_iam_role" "deploy" {
  name               = "deploy"
  assume_role_policy = data.aws_iam_policy_document.assume_ci.json
}

data "aws_iam_policy_document" "deploy" {
  statement {
    sid       = "Upload"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = ["arn:aws:s3:::acme-www/*"]
  }

  statement {
    sid       = "Invalidate"
    actions   = ["cloudfront:CreateInvalidation"]
    resources = ["*"]
  }

  statement {
    sid       = "NoIam"
    effect    = "Deny"
    actions   = ["iam:*"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "deploy" {
  name   = "deploy"
  role   = aws_iam_role.deploy.id
  policy = data.aws_iam_policy_document.deploy.json
}

resource "aws_iam_policy" "read_logs" {
  name = "read-logs"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = {
      Effect   = "Allow"
      Action   = ["logs:GetLogEvents", "logs:FilterLogEvents", "s3:Get*"]
      Resource = "arn:aws:logs:eu-west-1:111122223333:log-group:/acme/*"
    }
  })
}

resource "aws_iam_group" "engineers" {
  name = "engineers"
}

resource "aws_iam_group_policy_attachment" "engineers" {
  group      = aws_iam_group.engineers.name
  policy_arn = aws_iam_policy.read_logs.arn
}

resource "aws_iam_policy_attachment" "readers" {
  name       = "readers"
  groups     = [aws_iam_group.engineers.name]
  roles      = [aws_iam_role.deploy.name]
  policy_arn = aws_iam_policy.read_logs.arn
}

resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length        = 16
  require_lowercase_characters   = true
  require_uppercase_characters   = true
  require_numbers                = true
  require_symbols                = true
  password_reuse_prevention      = 24
  max_password_age               = 90
  allow_users_to_change_password = true
}

resource "aws_kms_key" "data" {
  description         = "Application data"
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
        Sid       = "UseThroughS3InTheOrganization"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService"     = "s3.eu-west-1.amazonaws.com"
            "aws:PrincipalOrgID" = "o-a1b2c3d4e5"
          }
        }
      },
    ]
  })
}

# Asymmetric keys cannot be rotated automatically.
resource "aws_kms_key" "signing" {
  description              = "Release signing"
  key_usage                = "SIGN_VERIFY"
  customer_master_key_spec = "ECC_NIST_P256"
}

resource "aws_iam_access_key" "retired" {
  user   = "legacy-ci"
  status = "Inactive"
}
