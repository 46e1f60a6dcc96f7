# EBS volumes, EC2 block devices, EBS default encryption, EFS file systems, SQS queues and SNS
# topics that fail the storage rules: defaults, explicit bad values and values not known before
# apply.

variable "ami_id" {
  type = string
}

variable "encrypt_volumes" {
  type = bool
}

variable "queue_sse" {
  type = bool
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  type              = "gp3"
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1a"
  size              = 500
  encrypted         = false
}

resource "aws_ebs_volume" "restored" {
  availability_zone = "eu-west-1b"
  snapshot_id       = "snap-0123456789abcdef0"
  encrypted         = var.encrypt_volumes
}

resource "aws_instance" "bastion" {
  ami           = var.ami_id
  instance_type = "t3.micro"
}

resource "aws_instance" "app" {
  ami           = var.ami_id
  instance_type = "m6i.large"

  root_block_device {
    volume_size = 30
    encrypted   = false
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 100
  }

  ebs_block_device {
    device_name = "/dev/sdg"
    volume_size = 100
    encrypted   = true
  }

  ebs_block_device {
    device_name = "/dev/sdh"
    volume_size = 100
    encrypted   = var.encrypt_volumes
  }
}

resource "aws_ebs_encryption_by_default" "this" {
  enabled = false
}

resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
}

resource "aws_efs_file_system" "home" {
  creation_token = "home"
  encrypted      = false
}

resource "aws_efs_file_system" "cache" {
  creation_token = "cache"
  encrypted      = var.encrypt_volumes
}

resource "aws_sqs_queue" "jobs" {
  name                    = "jobs"
  sqs_managed_sse_enabled = false
}

resource "aws_sqs_queue" "events" {
  name                    = "events"
  sqs_managed_sse_enabled = var.queue_sse
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_sns_topic" "billing" {
  name              = "billing"
  kms_master_key_id = ""
}
