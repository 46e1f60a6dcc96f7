resource "aws_cloudwatch_log_group" "trail" {
  name              = "/aws/cloudtrail/${var.trail_name}"
  retention_in_days = 731
  kms_key_id        = aws_kms_key.trail.arn
}

resource "aws_cloudtrail" "organization" {
  name                          = var.trail_name
  s3_bucket_name                = aws_s3_bucket.trail.id
  is_organization_trail         = true
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  kms_key_id                    = aws_kms_key.trail.arn
  cloud_watch_logs_group_arn    = "${aws_cloudwatch_log_group.trail.arn}:*"

  depends_on = [aws_s3_bucket_policy.trail]
}

# Data events of the payments bucket, kept apart for the auditors; set up by hand in 2020 and
# imported as it was.
resource "aws_cloudtrail" "payments_data" {
  name           = "payments-data-events"
  s3_bucket_name = aws_s3_bucket.trail.id
  s3_key_prefix  = "payments"

  event_selector {
    read_write_type           = "All"
    include_management_events = false

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::acme-payments/"]
    }
  }
}
