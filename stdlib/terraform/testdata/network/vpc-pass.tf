# VPCs whose default security group is managed without rules (as blocks left out, or as empty
# lists), each with a flow log.

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc" "shared" {
  count      = 1
  cidr_block = "10.2.0.0/16"
}

resource "aws_default_security_group" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_default_security_group" "shared" {
  count   = 1
  vpc_id  = aws_vpc.shared[0].id
  ingress = []
  egress  = []
}

resource "aws_flow_log" "main" {
  iam_role_arn    = aws_iam_role.flow_logs.arn
  log_destination = aws_cloudwatch_log_group.flow_logs.arn
  traffic_type    = "ALL"
  vpc_id          = aws_vpc.main.id
}

resource "aws_flow_log" "shared" {
  log_destination      = aws_s3_bucket.flow_logs.arn
  log_destination_type = "s3"
  traffic_type         = "REJECT"
  vpc_id               = aws_vpc.shared[0].id
}
