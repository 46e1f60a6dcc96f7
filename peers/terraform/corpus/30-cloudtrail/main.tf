# The organization trail and a per-account trail kept from before AWS Organizations.

resource "aws_kms_key" "trail" {
  description         = "CloudTrail logs"
  enable_key_rotation = true
}

resource "aws_cloudtrail" "org" {
  name                          = "org-trail"
  s3_bucket_name                = "acme-org-cloudtrail"
  is_organization_trail         = true
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  kms_key_id                    = aws_kms_key.trail.arn

  event_selector {
    read_write_type           = "All"
    include_management_events = true
  }
}

resource "aws_cloudtrail" "legacy" {
  name           = "account-trail"
  s3_bucket_name = "acme-account-cloudtrail"
}

resource "aws_cloudtrail" "data_events" {
  name                       = "s3-data-events"
  s3_bucket_name             = "acme-org-cloudtrail"
  is_multi_region_trail      = false
  enable_log_file_validation = false
  kms_key_id                 = "arn:aws:kms:eu-west-1:111122223333:key/11112222-3333-4444-5555-666677778888"

  advanced_event_selector {
    name = "S3 data events"
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
  }
}
