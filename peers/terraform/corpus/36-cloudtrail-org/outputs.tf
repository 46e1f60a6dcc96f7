output "trail_arn" {
  value = aws_cloudtrail.organization.arn
}

output "kms_key_arn" {
  value = aws_kms_key.trail.arn
}
