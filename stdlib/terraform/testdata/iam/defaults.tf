# Attributes left to the provider's defaults.

resource "aws_iam_account_password_policy" "defaults" {
  require_numbers = true
}

resource "aws_kms_key" "defaults" {
  description = "Left to the defaults"
}

resource "aws_kms_key" "no_rotation" {
  description             = "Rotation turned off"
  enable_key_rotation     = false
  deletion_window_in_days = 7
}

resource "aws_kms_key" "hmac" {
  description              = "Webhook signatures"
  key_usage                = "GENERATE_VERIFY_MAC"
  customer_master_key_spec = "HMAC_256"
}
