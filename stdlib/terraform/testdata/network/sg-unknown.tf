# Security group rules whose sources or protocol come from variables without a default, or from
# `dynamic` blocks: they cannot be verified before apply. A source that is a VPC's own CIDR
# block can.

variable "admin_cidr" {
  type        = string
  description = "The network administrators connect from"
}

variable "ssh_port" {
  type    = number
  default = 22
}

variable "extra_rules" {
  type = list(object({ port = number, cidrs = list(string) }))
}

variable "open_cidr" {
  type = string
}

variable "protocol" {
  type = string
}

resource "aws_security_group" "admin" {
  name   = "admin"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = var.ssh_port
    to_port     = var.ssh_port
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }

  dynamic "ingress" {
    for_each = var.extra_rules
    content {
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = ingress.value.cidrs
    }
  }
}

resource "aws_security_group_rule" "from_peer" {
  type              = "ingress"
  from_port         = 3389
  to_port           = 3389
  protocol          = "tcp"
  cidr_blocks       = [data.aws_vpc.peer.cidr_block]
  security_group_id = aws_security_group.admin.id
}

resource "aws_vpc_security_group_ingress_rule" "any" {
  security_group_id = aws_security_group.admin.id
  cidr_ipv4         = var.open_cidr
  from_port         = 22
  ip_protocol       = var.protocol
  to_port           = 22
}
