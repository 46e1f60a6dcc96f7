# A security group rule whose sources mix a VPC's range (a reference) with the whole internet:
# the reference does not vouch for the literal beside it.
resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = [aws_vpc.main.cidr_block, "0.0.0.0/0"]
  security_group_id = "sg-0123456789abcdef0"
}
