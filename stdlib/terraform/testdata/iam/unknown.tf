# Policies and settings that come from variables without defaults.

variable "policy_json" {
  type = string
}

variable "admin_actions" {
  type = list(string)
}

variable "auditor_names" {
  type = list(string)
}

variable "password_length" {
  type = number
}

variable "rotate_keys" {
  type = bool
}

variable "key_spec" {
  type = string
}

variable "key_status" {
  type = string
}

variable "key_principals" {
  type = list(string)
}

resource "aws_iam_policy" "external" {
  name   = "external"
  policy = var.policy_json
}

data "aws_iam_policy_document" "tooling" {
  statement {
    actions   = var.admin_actions
    resources = ["*"]
  }
}

resource "aws_iam_policy" "tooling" {
  name   = "tooling"
  policy = data.aws_iam_policy_document.tooling.json
}

variable "statements" {
  type = list(object({ actions = list(string), resources = list(string) }))
}

data "aws_iam_policy_document" "generated" {
  dynamic "statement" {
    for_each = var.statements
    content {
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
}

resource "aws_iam_policy_attachment" "auditors" {
  name       = "auditors"
  users      = var.auditor_names
  policy_arn = "arn:aws:iam::aws:policy/SecurityAudit"
}

resource "aws_iam_account_password_policy" "this" {
  minimum_password_length = var.password_length
}

resource "aws_kms_key" "rotation" {
  enable_key_rotation = var.rotate_keys
}

resource "aws_kms_key" "spec" {
  customer_master_key_spec = var.key_spec
}

resource "aws_iam_access_key" "ci" {
  user   = "ci"
  status = var.key_status
}

resource "aws_kms_key" "partners" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Partners"
      Effect    = "Allow"
      Principal = { AWS = var.key_principals }
      Action    = "kms:Decrypt"
      Resource  = "*"
    }]
  })
}

resource "aws_kms_key_policy" "external" {
  key_id = aws_kms_key.partners.id
  policy = var.policy_json
}
