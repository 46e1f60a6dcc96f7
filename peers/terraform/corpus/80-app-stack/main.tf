# A small application stack in one module: an instance behind a security group, its database
# and its uploads bucket, with the language features real modules use (provider aliases, moved
# blocks, lifecycle, templated user data, outputs).

terraform {
  required_version = ">= 1.6"
}

provider "aws" {
  alias  = "replica"
  region = "eu-central-1"
}

locals {
  name = "invoicer"
  ports = {
    https   = 443
    metrics = 9100
  }
  admin_cidrs = ["203.0.113.0/24"]
  common_tags = merge(
    { Application = local.name },
    { Owner = "billing" },
  )
  ingress = [for port in values(local.ports) : { port = port, cidr = "10.0.0.0/8" }]
}

moved {
  from = aws_security_group.invoicer
  to   = aws_security_group.app
}

resource "aws_security_group" "app" {
  name        = "${local.name}-app"
  description = "Invoicer instances"
  vpc_id      = "vpc-0123456789abcdef0"
  tags        = local.common_tags

  ingress {
    description = "HTTPS from the load balancers"
    from_port   = local.ports.https
    to_port     = local.ports.https
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }

  ingress {
    description = "SSH from the office"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = local.admin_cidrs
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_instance" "app" {
  ami                    = "ami-0abcdef1234567890"
  instance_type          = "t3.large"
  subnet_id              = "subnet-4e5f6a7b"
  vpc_security_group_ids = [aws_security_group.app.id]
  tags                   = local.common_tags

  user_data = <<-EOT
    #!/bin/bash
    set -euo pipefail
    %{ for name, port in local.ports ~}
    echo "${name}=${port}" >> /etc/invoicer/ports
    %{ endfor ~}
    systemctl enable --now invoicer
  EOT

  metadata_options {
    http_tokens   = "required"
    http_endpoint = "enabled"
  }

  root_block_device {
    encrypted   = true
    volume_size = 30
  }

  lifecycle {
    ignore_changes = [ami]
  }
}

# differs: CKV_AWS_226 app leaves auto_minor_version_upgrade out, and its default is true: Palisade passes it, Checkov wants it written
resource "aws_db_instance" "app" {
  identifier                          = local.name
  engine                              = "postgres"
  engine_version                      = "16.3"
  instance_class                      = "db.t4g.medium"
  allocated_storage                   = 50
  username                            = "invoicer"
  manage_master_user_password         = true
  vpc_security_group_ids              = [aws_security_group.app.id]
  storage_encrypted                   = true
  multi_az                            = true
  backup_retention_period             = 14
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  skip_final_snapshot                 = false
  final_snapshot_identifier           = "${local.name}-final"
  tags                                = local.common_tags

  depends_on = [aws_security_group.app]
}

resource "aws_s3_bucket" "uploads" {
  bucket = "acme-${local.name}-uploads"
  tags   = local.common_tags
}

resource "aws_s3_bucket" "uploads_replica" {
  provider = aws.replica
  bucket   = "acme-${local.name}-uploads-replica"
  tags     = local.common_tags
}

resource "aws_s3_bucket_public_access_block" "uploads" {
  for_each = {
    primary = aws_s3_bucket.uploads.id
    replica = aws_s3_bucket.uploads_replica.id
  }
  bucket                  = each.value
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_versioning" "uploads_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.uploads_replica.id
  versioning_configuration {
    status = "Enabled"
  }
}

output "instance_id" {
  value = aws_instance.app.id
}

output "endpoints" {
  value = {
    for k, v in local.ports : k => "https://${aws_instance.app.private_ip}:${v}"
  }
}
