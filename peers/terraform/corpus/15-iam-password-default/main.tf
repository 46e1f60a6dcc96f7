# A development account that leaves the length to the provider's default.

resource "aws_iam_account_password_policy" "dev" {
  require_symbols                = true
  allow_users_to_change_password = true
}
