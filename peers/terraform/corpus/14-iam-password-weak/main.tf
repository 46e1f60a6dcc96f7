# A sandbox account whose password length comes from a variable.

variable "min_length" {
  type    = number
  default = 8
}

resource "aws_iam_account_password_policy" "sandbox" {
  minimum_password_length      = var.min_length
  require_numbers              = true
  require_lowercase_characters = true
}
