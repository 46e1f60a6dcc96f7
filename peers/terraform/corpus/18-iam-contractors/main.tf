# Accounts for the contractors of the 2021 migration, as they were set up then: users with
# their own policies, a shared "power user" policy and the old password rules.

resource "aws_iam_user" "contractor" {
  count = length(var.contractors)

  name          = var.contractors[count.index]
  force_destroy = true
}

# differs: CKV_AWS_40 contractor_s3 is counted and names its user as aws_iam_user.contractor[count.index]: Palisade reports the inline user policy, Checkov returns no verdict for the block
resource "aws_iam_user_policy" "contractor_s3" {
  count = length(var.contractors)

  name = "s3-migration"
  user = aws_iam_user.contractor[count.index].name

  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": ["s3:GetObject", "s3:PutObject"],
          "Resource": "arn:aws:s3:::acme-migration/*"
        }
      ]
    }
  POLICY
}

resource "aws_iam_policy" "power_user" {
  name = "migration-power-user"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "*"
        Resource = "*"
      },
      {
        Effect   = "Deny"
        Action   = ["iam:*", "organizations:*"]
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_user_policy_attachment" "power_user" {
  user       = aws_iam_user.contractor[0].name
  policy_arn = aws_iam_policy.power_user.arn
}

resource "aws_iam_policy" "readonly_billing" {
  name = "billing-read"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ce:Get*", "ce:Describe*", "budgets:ViewBudget"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_account_password_policy" "legacy" {
  minimum_password_length      = 10
  require_numbers              = true
  require_symbols              = false
  require_uppercase_characters = true
  max_password_age             = 0
}
