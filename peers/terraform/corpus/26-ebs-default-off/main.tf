# A region where EBS encryption by default was turned off for an old AMI pipeline.

resource "aws_ebs_encryption_by_default" "legacy_region" {
  enabled = false
}

resource "aws_efs_file_system" "home" {
  creation_token = "home"
  encrypted      = false
}
