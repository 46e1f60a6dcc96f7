# A shared module whose security settings are passed in by each caller.

# differs: CKV_AWS_3 encrypted comes from a variable without a default: Palisade reports it as not verifiable, Checkov passes it
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 50
  encrypted         = var.encrypted
}

# differs: CKV_AWS_67 is_multi_region_trail comes from a variable without a default: Palisade reports it as not verifiable, Checkov passes it
resource "aws_cloudtrail" "module" {
  name                       = "module-trail"
  s3_bucket_name             = "acme-module-trail"
  is_multi_region_trail      = var.multi_region
  enable_log_file_validation = true
  kms_key_id                 = "arn:aws:kms:eu-west-1:111122223333:key/11112222-3333-4444-5555-666677778888"
}

# differs: CKV_AWS_51 image_tag_mutability comes from a variable without a default: Palisade reports it as not verifiable, Checkov passes it
resource "aws_ecr_repository" "module" {
  name                 = "module"
  image_tag_mutability = var.tag_mutability

  image_scanning_configuration {
    scan_on_push = true
  }
}

# differs: CKV_AWS_96 storage_encrypted comes from a variable without a default: Palisade reports it as not verifiable, Checkov passes it
# differs: CKV_AWS_133 backup_retention_period comes from a variable without a default: Palisade reports it as not verifiable, Checkov passes it
# differs: CKV_AWS_139 deletion_protection comes from a variable without a default: Palisade reports it as not verifiable, Checkov passes it
resource "aws_rds_cluster" "module" {
  cluster_identifier                  = "module"
  engine                              = "aurora-postgresql"
  master_username                     = "module"
  manage_master_user_password         = true
  storage_encrypted                   = var.encrypted
  deletion_protection                 = var.deletion_protection
  backup_retention_period             = var.retention_days
  iam_database_authentication_enabled = true
}

# differs: CKV_AWS_28 point_in_time_recovery.enabled comes from a variable without a default: Palisade reports it as not verifiable, Checkov passes it
resource "aws_dynamodb_table" "module" {
  name         = "module"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = var.enable_pitr
  }
}

# differs: CKV_AWS_338 retention_in_days comes from a variable without a default: Palisade reports it as not verifiable, Checkov passes it
resource "aws_cloudwatch_log_group" "module" {
  name              = "/module/app"
  retention_in_days = var.retention_days
}
