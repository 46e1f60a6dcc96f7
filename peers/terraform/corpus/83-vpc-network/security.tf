locals {
  bastion_rules = {
    ssh_vpn = { port = 22, cidr = "198.51.100.0/26" }
    https   = { port = 443, cidr = "0.0.0.0/0" }
  }
}

resource "aws_security_group" "bastion" {
  name        = "${var.name}-bastion"
  description = "Bastion hosts"
  vpc_id      = aws_vpc.this.id
}

resource "aws_security_group_rule" "bastion_ingress" {
  for_each = local.bastion_rules

  type              = "ingress"
  security_group_id = aws_security_group.bastion.id
  protocol          = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_blocks       = [each.value.cidr]
  description       = each.key
}

resource "aws_vpc_security_group_egress_rule" "bastion_all" {
  security_group_id = aws_security_group.bastion.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}
