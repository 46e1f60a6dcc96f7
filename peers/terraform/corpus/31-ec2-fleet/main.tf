# Bastion, application servers and the launch template of the worker fleet.

data "aws_ami" "al2023" {
  most_recent = true
  owners      = ["amazon"]

  filter {
    name   = "name"
    values = ["al2023-ami-*-x86_64"]
  }
}

resource "aws_instance" "bastion" {
  ami                         = data.aws_ami.al2023.id
  instance_type               = "t3.micro"
  subnet_id                   = "subnet-0a1b2c3d"
  associate_public_ip_address = true

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }

  root_block_device {
    volume_size = 8
    encrypted   = true
  }
}

# differs: CKV_AWS_8 app leaves encrypted out of root_block_device (false by default) and restored attaches a snapshot without encrypted: Palisade reports both, Checkov has no verdict for the first and passes the second
resource "aws_instance" "app" {
  count                  = 3
  ami                    = data.aws_ami.al2023.id
  instance_type          = "m6i.large"
  subnet_id              = "subnet-4e5f6a7b"
  vpc_security_group_ids = ["sg-0123456789abcdef0"]

  metadata_options {
    http_tokens                 = "optional"
    http_put_response_hop_limit = 2
  }

  root_block_device {
    volume_type = "gp3"
    volume_size = 40
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 100
    encrypted   = true
  }
}

resource "aws_instance" "legacy" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t2.medium"
}

resource "aws_instance" "metadata_off" {
  ami           = data.aws_ami.al2023.id
  instance_type = "t3.small"

  metadata_options {
    http_endpoint = "disabled"
  }

  root_block_device {
    encrypted = true
  }
}

resource "aws_instance" "restored" {
  ami           = data.aws_ami.al2023.id
  instance_type = "t3.small"

  metadata_options {
    http_tokens = "required"
  }

  root_block_device {
    encrypted = true
  }

  ebs_block_device {
    device_name = "/dev/sdg"
    snapshot_id = "snap-0fedcba9876543210"
  }
}

resource "aws_launch_template" "workers" {
  name_prefix   = "workers-"
  image_id      = data.aws_ami.al2023.id
  instance_type = "c6i.xlarge"

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  network_interfaces {
    associate_public_ip_address = false
    security_groups             = ["sg-0123456789abcdef0"]
  }
}

# differs: CKV_AWS_88 Palisade's public-IP rule judges aws_instance only; Checkov also reads the network interfaces of aws_launch_template
resource "aws_launch_template" "batch" {
  name_prefix   = "batch-"
  image_id      = data.aws_ami.al2023.id
  instance_type = "c6i.2xlarge"

  network_interfaces {
    associate_public_ip_address = true
  }
}
