# Managed policies attached to groups, written as policy documents.

data "aws_iam_policy_document" "artifacts_read" {
  statement {
    sid       = "ListArtifacts"
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::${var.artifact_bucket}"]
  }

  statement {
    sid       = "ReadArtifacts"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["arn:aws:s3:::${var.artifact_bucket}/*"]
  }
}

resource "aws_iam_policy" "artifacts_read" {
  name   = "artifacts-read"
  path   = local.org_path
  policy = data.aws_iam_policy_document.artifacts_read.json
}

data "aws_iam_policy_document" "deploy" {
  statement {
    sid       = "Deploy"
    actions   = ["ecs:UpdateService", "ecs:DescribeServices", "ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid       = "PassTaskRoles"
    actions   = ["iam:PassRole"]
    resources = ["arn:aws:iam::${var.account_id}:role/platform/svc-*"]
  }
}

resource "aws_iam_policy" "deploy" {
  name        = "deploy"
  path        = local.org_path
  description = "Roll out new task definitions."
  policy      = data.aws_iam_policy_document.deploy.json
}

resource "aws_iam_group" "deployers" {
  name = "deployers"
  path = local.org_path
}

resource "aws_iam_group_policy_attachment" "deployers" {
  group      = aws_iam_group.deployers.name
  policy_arn = aws_iam_policy.deploy.arn
}

resource "aws_iam_group_membership" "deployers" {
  name  = "deployers"
  group = aws_iam_group.deployers.name
  users = [for u in aws_iam_user.deployer : u.name]
}

resource "aws_iam_user" "deployer" {
  for_each = var.deployers

  name = each.value
  path = local.org_path
  tags = local.tags
}

resource "aws_iam_account_password_policy" "this" {
  minimum_password_length        = 16
  require_lowercase_characters   = true
  require_uppercase_characters   = true
  require_numbers                = true
  require_symbols                = true
  allow_users_to_change_password = true
  password_reuse_prevention      = 24
  max_password_age               = 90
}
