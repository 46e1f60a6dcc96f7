# Sandbox VPCs: no flow logs, and the default security group taken over with rules.

resource "aws_vpc" "sandbox" {
  cidr_block = "10.99.0.0/16"
}

resource "aws_default_security_group" "sandbox" {
  vpc_id = aws_vpc.sandbox.id

  ingress {
    protocol  = -1
    self      = true
    from_port = 0
    to_port   = 0
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc" "lab" {
  cidr_block = "10.98.0.0/16"
}

resource "aws_subnet" "lab" {
  vpc_id                  = aws_vpc.lab.id
  cidr_block              = "10.98.1.0/24"
  map_public_ip_on_launch = false
}

resource "aws_flow_log" "lab_subnet" {
  subnet_id            = aws_subnet.lab.id
  traffic_type         = "REJECT"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::acme-flow-logs"
}

resource "aws_vpc" "shared" {
  cidr_block = "10.97.0.0/16"
}

resource "aws_flow_log" "shared" {
  vpc_id               = aws_vpc.shared.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::acme-flow-logs"
}

resource "aws_default_security_group" "shared" {
  vpc_id = aws_vpc.shared.id

  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
