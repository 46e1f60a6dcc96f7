# EC2 instances and a launch template that require IMDSv2 or turn the metadata service off.

variable "ami_id" {
  type = string
}

resource "aws_instance" "web" {
  ami           = var.ami_id
  instance_type = "t3.small"

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }
}

resource "aws_instance" "isolated" {
  ami           = var.ami_id
  instance_type = "t3.small"

  metadata_options {
    http_endpoint = "disabled"
  }
}

resource "aws_launch_template" "nodes" {
  name_prefix   = "nodes-"
  image_id      = var.ami_id
  instance_type = "m6i.large"

  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }
}
