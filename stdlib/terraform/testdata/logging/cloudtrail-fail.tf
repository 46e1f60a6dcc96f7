# CloudTrail trails that fail the trail rules: defaults, explicit bad values and values not
# known before apply.

variable "multi_region" {
  type = bool
}

variable "log_file_validation" {
  type = bool
}

resource "aws_cloudtrail" "regional" {
  name           = "regional"
  s3_bucket_name = "acme-cloudtrail-logs"
}

resource "aws_cloudtrail" "explicit" {
  name                       = "explicit"
  s3_bucket_name             = "acme-cloudtrail-logs"
  is_multi_region_trail      = false
  enable_log_file_validation = false
  kms_key_id                 = ""
}

resource "aws_cloudtrail" "configurable" {
  name                       = "configurable"
  s3_bucket_name             = "acme-cloudtrail-logs"
  is_multi_region_trail      = var.multi_region
  enable_log_file_validation = var.log_file_validation
  kms_key_id                 = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
