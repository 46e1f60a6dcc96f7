# Roles for the platform's services: one per entry of local.service_roles, each with an inline
# policy of exactly the actions it needs, and a break-glass role with too much.

resource "aws_iam_role" "service" {
  for_each = local.service_roles

  name = "svc-${each.key}"
  path = local.org_path
  tags = local.tags

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = each.value.service }
    }]
  })
}

resource "aws_iam_role_policy" "service" {
  for_each = local.service_roles

  name = "svc-${each.key}-inline"
  role = aws_iam_role.service[each.key].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = each.value.actions
      Resource = "*"
    }]
  })
}

resource "aws_iam_role" "break_glass" {
  name = "break-glass"
  path = local.org_path

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::${var.account_id}:root" }
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
    }]
  })
}

resource "aws_iam_role_policy" "break_glass" {
  name = "break-glass-admin"
  role = aws_iam_role.break_glass.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "Everything"
      Effect   = "Allow"
      Action   = ["*"]
      Resource = ["*"]
    }]
  })
}
