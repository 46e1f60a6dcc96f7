# A flow log and a default security group whose VPC comes from a variable: whether they cover
# `aws_vpc.main` cannot be verified. The default security group's rules come from a variable
# too.

variable "vpc_id" {
  type = string
}

variable "default_ingress" {
  type = list(any)
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_default_security_group" "shared" {
  vpc_id  = var.vpc_id
  ingress = var.default_ingress
}

resource "aws_flow_log" "shared" {
  log_destination      = aws_s3_bucket.flow_logs.arn
  log_destination_type = "s3"
  traffic_type         = "ALL"
  vpc_id               = var.vpc_id
}
