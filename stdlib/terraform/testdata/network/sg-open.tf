# Security group rules that open SSH, RDP or every port to the internet, written in each of the
# three ways the AWS provider allows.

resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "Bastion hosts"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "SSH from anywhere"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description      = "RDP from anywhere, over IPv6"
    from_port        = 3389
    to_port          = 3389
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "legacy" {
  name   = "legacy"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port        = 0
    to_port          = 65535
    protocol         = "tcp"
    cidr_blocks      = ["10.0.0.0/8"]
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_security_group_rule" "admin_range" {
  type              = "ingress"
  from_port         = 20
  to_port           = 25
  protocol          = "tcp"
  cidr_blocks       = ["203.0.113.0/24", "0.0.0.0/0"]
  security_group_id = aws_security_group.legacy.id
}

resource "aws_vpc_security_group_ingress_rule" "rdp" {
  security_group_id = aws_security_group.legacy.id
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 3389
  ip_protocol       = "tcp"
  to_port           = 3389
}

resource "aws_vpc_security_group_ingress_rule" "everything_v6" {
  security_group_id = aws_security_group.legacy.id
  cidr_ipv6         = "::/0"
  ip_protocol       = "-1"
}
