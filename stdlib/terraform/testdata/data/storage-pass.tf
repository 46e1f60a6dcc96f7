# EBS volumes, EC2 block devices, EBS default encryption, EFS file systems, SQS queues and SNS
# topics that pass every storage rule, with the forms each rule accepts: KMS keys named by
# reference, a boolean written as a string, SQS's default encryption and the default of
# `aws_ebs_encryption_by_default`.

variable "ami_id" {
  type = string
}

resource "aws_kms_key" "storage" {
  description         = "Storage"
  enable_key_rotation = true
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = true
  kms_key_id        = aws_kms_key.storage.arn
}

resource "aws_instance" "app" {
  ami           = var.ami_id
  instance_type = "m6i.large"

  root_block_device {
    volume_size = 30
    encrypted   = true
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 100
    encrypted   = "true"
    kms_key_id  = aws_kms_key.storage.arn
  }
}

resource "aws_ebs_encryption_by_default" "this" {}

resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
  encrypted      = true
  kms_key_id     = aws_kms_key.storage.arn
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_sqs_queue" "orders" {
  name              = "orders"
  kms_master_key_id = aws_kms_key.storage.arn
}

resource "aws_sqs_queue" "audit" {
  name                    = "audit"
  sqs_managed_sse_enabled = true
}

resource "aws_sns_topic" "alerts" {
  name              = "alerts"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic" "events" {
  name              = "events"
  kms_master_key_id = aws_kms_key.storage.id
}
