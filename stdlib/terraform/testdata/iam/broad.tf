# Policies that grant far more than they should, in each of the ways Terraform writes them.

resource "aws_iam_policy" "admin" {
  name   = "break-glass"
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": "*",
    "Resource": "*"
  }
}
EOT
}

resource "aws_iam_role_policy" "ops" {
  name = "ops"
  role = "ops"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Everything"
        Effect   = "Allow"
        Action   = ["*:*"]
        Resource = ["*"]
      },
      {
        Sid      = "Secrets"
        Effect   = "Allow"
        Action   = ["secretsmanager:*", "IAM:*", "ec2:*"]
        Resource = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:ops/*"
      },
      {
        Sid      = "NoDelete"
        Effect   = "Deny"
        Action   = "*"
        Resource = "*"
        Condition = {
          Bool = { "aws:MultiFactorAuthPresent" = "false" }
        }
      },
    ]
  })
}

resource "aws_iam_group_policy" "support" {
  name  = "support"
  group = "support"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      NotAction = ["iam:*", "organizations:*"]
      Resource  = "*"
    }]
  })
}

data "aws_iam_policy_document" "pipeline" {
  statement {
    sid       = "Deploy"
    actions   = ["s3*:*", "cloudformation:*"]
    resources = ["*"]
  }

  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "pipeline" {
  name   = "pipeline"
  policy = data.aws_iam_policy_document.pipeline.json
}
