output "service_role_arns" {
  value = { for k, r in aws_iam_role.service : k => r.arn }
}

output "deploy_policy_arn" {
  value = aws_iam_policy.deploy.arn
}

output "break_glass_role" {
  value = aws_iam_role.break_glass.name
}
