# Volumes and file systems of the build farm.

resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}

resource "aws_ebs_volume" "cache" {
  availability_zone = "eu-west-1a"
  size              = 500
  type              = "gp3"
  encrypted         = true
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/12345678-90ab-cdef-1234-567890abcdef"
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1a"
  size              = 100
}

resource "aws_ebs_volume" "restore" {
  availability_zone = "eu-west-1b"
  snapshot_id       = "snap-0123456789abcdef0"
  encrypted         = false
}

resource "aws_efs_file_system" "shared" {
  creation_token   = "build-shared"
  encrypted        = true
  performance_mode = "generalPurpose"
  throughput_mode  = "elastic"
}

resource "aws_efs_file_system" "legacy" {
  creation_token = "build-legacy"
}
