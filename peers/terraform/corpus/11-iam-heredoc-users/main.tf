# An older account layout: IAM users with policies of their own, written as heredocs.

resource "aws_iam_user" "backup" {
  name = "backup-agent"
  path = "/system/"
}

resource "aws_iam_user" "auditor" {
  name = "external-auditor"
}

resource "aws_iam_user_policy" "backup" {
  name = "backup-agent-s3"
  user = aws_iam_user.backup.name

  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "s3:PutObject",
        "s3:GetObject"
      ],
      "Resource": "arn:aws:s3:::acme-backups/*"
    }
  ]
}
EOF
}

resource "aws_iam_user_policy_attachment" "auditor_readonly" {
  user       = aws_iam_user.auditor.name
  policy_arn = "arn:aws:iam::aws:policy/SecurityAudit"
}

resource "aws_iam_policy" "break_glass" {
  name = "break-glass"

  policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Everything",
          "Effect": "Allow",
          "Action": "*",
          "Resource": "*"
        }
      ]
    }
  JSON
}

resource "aws_iam_policy_attachment" "break_glass" {
  name       = "break-glass"
  policy_arn = aws_iam_policy.break_glass.arn
  users      = [aws_iam_user.auditor.name]
  groups     = []
}

# differs: CKV_AWS_63 not_iam uses NotAction and support_kms allows kms:* (a sensitive service): Palisade reports both, Checkov only the action *
resource "aws_iam_policy" "not_iam" {
  name = "everything-but-iam"

  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "NotAction": ["iam:*", "organizations:*"],
    "Resource": "*"
  }
}
EOT
}

resource "aws_iam_role" "support" {
  name = "support"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_policy_attachment" "support" {
  name       = "support"
  roles      = [aws_iam_role.support.name]
  policy_arn = "arn:aws:iam::aws:policy/AWSSupportAccess"
}

resource "aws_iam_role_policy" "support_kms" {
  name = "support-kms"
  role = aws_iam_role.support.id

  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "kms:*",
      "Resource": "arn:aws:kms:eu-west-1:111122223333:key/*"
    }
  ]
}
EOF
}
