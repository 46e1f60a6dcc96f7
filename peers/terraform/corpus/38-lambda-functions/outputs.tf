output "function_arns" {
  value = merge(
    { for k, f in aws_lambda_function.step : k => f.arn },
    { notify = aws_lambda_function.notify.arn },
  )
}
