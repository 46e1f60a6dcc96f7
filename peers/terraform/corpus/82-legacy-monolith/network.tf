resource "aws_vpc" "legacy" {
  cidr_block           = "172.16.0.0/16"
  enable_dns_hostnames = true
}

resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.legacy.id
  cidr_block              = "172.16.1.0/24"
  map_public_ip_on_launch = true
}

# differs: CKV_AWS_277 the third ingress admits tcp ports 0-65535 from 0.0.0.0/0: Palisade reports every TCP port open, Checkov's check fails only protocol -1
resource "aws_security_group" "monolith" {
  name   = "monolith"
  vpc_id = aws_vpc.legacy.id

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.office_ip]
  }

  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 0
    to_port     = 65535
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
