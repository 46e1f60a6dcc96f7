# Security groups of the web tier, in the three ways the AWS provider allows: inline blocks,
# aws_security_group_rule, and aws_vpc_security_group_ingress_rule.

variable "vpc_id" {
  type    = string
  default = "vpc-0123456789abcdef0"
}

variable "office_cidrs" {
  type    = list(string)
  default = ["203.0.113.0/24", "198.51.100.0/24"]
}

resource "aws_security_group" "web" {
  name        = "web"
  description = "HTTPS from anywhere"
  vpc_id      = var.vpc_id

  ingress {
    description      = "HTTPS"
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "bastion" {
  name   = "bastion"
  vpc_id = var.vpc_id

  ingress {
    description = "SSH from anywhere"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "office_ssh" {
  name   = "office-ssh"
  vpc_id = var.vpc_id

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.office_cidrs
  }
}

resource "aws_security_group" "windows" {
  name   = "windows-jump"
  vpc_id = var.vpc_id

  ingress {
    from_port   = 3380
    to_port     = 3390
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "debug" {
  name   = "debug-everything"
  vpc_id = var.vpc_id

  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "v6_admin" {
  name   = "v6-admin"
  vpc_id = var.vpc_id

  ingress {
    from_port        = 22
    to_port          = 22
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_security_group" "app" {
  name   = "app"
  vpc_id = var.vpc_id
}

resource "aws_security_group_rule" "app_ssh" {
  type              = "ingress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.app.id
}

resource "aws_security_group_rule" "app_http" {
  type              = "ingress"
  from_port         = 8080
  to_port           = 8080
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/8"]
  security_group_id = aws_security_group.app.id
}

resource "aws_security_group_rule" "app_any" {
  type              = "ingress"
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.app.id
}

resource "aws_security_group_rule" "app_egress" {
  type              = "egress"
  from_port         = 0
  to_port           = 65535
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.app.id
}

resource "aws_security_group" "rdp_gateway" {
  name   = "rdp-gateway"
  vpc_id = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "rdp_gateway" {
  security_group_id = aws_security_group.rdp_gateway.id
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 3389
  to_port           = 3389
  ip_protocol       = "tcp"
}

# differs: CKV_AWS_24 rdp_gateway_all admits every protocol (ip_protocol -1) from 0.0.0.0/0, port 22 included: Palisade reports it, Checkov reads -1 in aws_security_group and aws_security_group_rule only
# differs: CKV_AWS_25 the same rule admits port 3389: Palisade reports it, Checkov does not read -1 in aws_vpc_security_group_ingress_rule
# differs: CKV_AWS_277 the same rule admits every port: Palisade reports it, Checkov does not read -1 in aws_vpc_security_group_ingress_rule
resource "aws_vpc_security_group_ingress_rule" "rdp_gateway_all" {
  security_group_id = aws_security_group.rdp_gateway.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

resource "aws_vpc_security_group_ingress_rule" "rdp_gateway_https" {
  security_group_id = aws_security_group.rdp_gateway.id
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}
