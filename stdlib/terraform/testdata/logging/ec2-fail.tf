# EC2 instances and launch templates that do not require IMDSv2.

variable "ami_id" {
  type = string
}

variable "http_tokens" {
  type = string
}

resource "aws_instance" "legacy" {
  ami           = var.ami_id
  instance_type = "t3.micro"
}

resource "aws_instance" "web" {
  ami           = var.ami_id
  instance_type = "t3.small"

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "optional"
  }
}

resource "aws_instance" "worker" {
  ami           = var.ami_id
  instance_type = "t3.small"

  metadata_options {
    http_tokens = var.http_tokens
  }
}

resource "aws_launch_template" "nodes" {
  name_prefix   = "nodes-"
  image_id      = var.ami_id
  instance_type = "m6i.large"
}

resource "aws_launch_template" "workers" {
  name_prefix   = "workers-"
  image_id      = var.ami_id
  instance_type = "m6i.large"

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "optional"
    http_put_response_hop_limit = 2
  }
}
