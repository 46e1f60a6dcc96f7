# Flow logs of the production VPC, declared next to the other logging of the account.

resource "aws_cloudwatch_log_group" "flow" {
  name              = "/vpc/prod/flow"
  retention_in_days = 400
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/99998888-7777-6666-5555-444433332222"
}

resource "aws_iam_role" "flow" {
  name = "vpc-flow-logs"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "vpc-flow-logs.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_flow_log" "prod" {
  vpc_id          = aws_vpc.prod.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow.arn
  iam_role_arn    = aws_iam_role.flow.arn
}
