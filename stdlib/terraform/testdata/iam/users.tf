# A CI user with its own policies and a key, and a weak password policy.

resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_user_policy" "ci" {
  name = "ci-deploy"
  user = aws_iam_user.ci.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:PutObject"]
      Resource = "arn:aws:s3:::acme-www/*"
    }]
  })
}

resource "aws_iam_user_policy_attachment" "ci" {
  user       = "ci"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_policy_attachment" "auditors" {
  name       = "auditors"
  users      = [aws_iam_user.ci.name, "auditor"]
  groups     = ["auditors"]
  policy_arn = "arn:aws:iam::aws:policy/SecurityAudit"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

resource "aws_iam_access_key" "ci_encrypted" {
  user    = aws_iam_user.ci.name
  pgp_key = "keybase:acme_ops"
}

resource "aws_iam_account_password_policy" "weak" {
  minimum_password_length = 8
  require_symbols         = true
}
