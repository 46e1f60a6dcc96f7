# Policies composed from aws_iam_policy_document data sources.

data "aws_iam_policy_document" "assume_ec2" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "app" {
  name               = "app-instance"
  assume_role_policy = data.aws_iam_policy_document.assume_ec2.json
}

data "aws_iam_policy_document" "app" {
  statement {
    sid       = "ReadConfig"
    actions   = ["ssm:GetParameter", "ssm:GetParametersByPath"]
    resources = ["arn:aws:ssm:eu-west-1:111122223333:parameter/app/*"]
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "app" {
  name   = "app"
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.app.json
}

data "aws_iam_policy_document" "platform_admin" {
  statement {
    sid       = "Admin"
    effect    = "Allow"
    actions   = ["*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "platform_admin" {
  name   = "platform-admin"
  policy = data.aws_iam_policy_document.platform_admin.json
}

# differs: CKV_AWS_49 secretsmanager:* is every action of a sensitive service: Palisade reports it, Checkov only the action *
data "aws_iam_policy_document" "secrets_all" {
  statement {
    actions   = ["secretsmanager:*"]
    resources = ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/*"]
  }
}

resource "aws_iam_role_policy" "secrets_all" {
  name   = "secrets"
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.secrets_all.json
}

data "aws_iam_policy_document" "deny_all" {
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
    condition {
      test     = "StringNotEquals"
      variable = "aws:RequestedRegion"
      values   = ["eu-west-1"]
    }
  }
}

resource "aws_iam_policy" "region_lock" {
  name   = "region-lock"
  policy = data.aws_iam_policy_document.deny_all.json
}

data "aws_iam_policy_document" "star_actions_scoped" {
  statement {
    actions   = ["*"]
    resources = ["arn:aws:s3:::acme-scratch/*"]
  }
}
