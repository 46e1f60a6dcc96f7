# Roles for the CI system, assumed through GitHub's OIDC provider, with inline and managed
# policies written with jsonencode.

data "aws_caller_identity" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  repo       = "acme/platform"
}

resource "aws_iam_openid_connect_provider" "github" {
  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

resource "aws_iam_role" "deploy" {
  name = "github-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringLike = { "token.actions.githubusercontent.com:sub" = "repo:${local.repo}:ref:refs/heads/main" }
      }
    }]
  })
}

# Terraform applies everything from CI, so the deploy role was given everything.
resource "aws_iam_role_policy" "deploy_admin" {
  name = "admin"
  role = aws_iam_role.deploy.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*"
      Resource = "*"
    }]
  })
}

resource "aws_iam_policy" "artifacts_rw" {
  name        = "ci-artifacts-rw"
  description = "Read and write build artifacts"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "List"
        Effect   = "Allow"
        Action   = ["s3:ListBucket"]
        Resource = "arn:aws:s3:::acme-build-artifacts"
      },
      {
        Sid      = "ReadWrite"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = "arn:aws:s3:::acme-build-artifacts/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "deploy_artifacts" {
  role       = aws_iam_role.deploy.name
  policy_arn = aws_iam_policy.artifacts_rw.arn
}

resource "aws_iam_policy" "ecr_push" {
  name = "ci-ecr-push"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "ecr:GetAuthorizationToken"
        Resource = "*"
      },
      {
        Effect = "Allow"
        Action = [
          "ecr:BatchCheckLayerAvailability",
          "ecr:CompleteLayerUpload",
          "ecr:InitiateLayerUpload",
          "ecr:PutImage",
          "ecr:UploadLayerPart",
        ]
        Resource = "arn:aws:ecr:eu-west-1:${local.account_id}:repository/*"
      },
    ]
  })
}

resource "aws_iam_policy" "lambda_ops" {
  name = "ci-lambda-ops"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["lambda:*", "logs:CreateLogGroup"]
      Resource = "arn:aws:lambda:eu-west-1:${local.account_id}:function:*"
    }]
  })
}

resource "aws_iam_group" "ops" {
  name = "ops"
}

# differs: CKV_AWS_62 Action *:* is every action of every service for Palisade; Checkov recognises only *
# differs: CKV_AWS_63 ops_everything allows *:* and lambda_ops allows lambda:* (a sensitive service): Palisade reports both, Checkov only the action *
resource "aws_iam_group_policy" "ops_everything" {
  name  = "ops-everything"
  group = aws_iam_group.ops.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = {
      Effect   = "Allow"
      Action   = "*:*"
      Resource = "*"
    }
  })
}
