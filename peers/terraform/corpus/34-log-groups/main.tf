# Log groups of the services, with the retention each team chose.

locals {
  one_year = 365
}

resource "aws_kms_key" "logs" {
  description         = "CloudWatch Logs"
  enable_key_rotation = true
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/ecs/api"
  retention_in_days = local.one_year
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_cloudwatch_log_group" "worker" {
  name              = "/ecs/worker"
  retention_in_days = 30
}

# differs: CKV_AWS_338 audit leaves retention_in_days out, which keeps events forever, and delivery is of the DELIVERY class, whose retention AWS fixes: Palisade passes both, Checkov fails both
resource "aws_cloudwatch_log_group" "audit" {
  name       = "/audit/trail"
  kms_key_id = aws_kms_key.logs.arn
}

resource "aws_cloudwatch_log_group" "vpc_flow" {
  name              = "/vpc/flow"
  retention_in_days = 731
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_cloudwatch_log_group" "delivery" {
  name              = "/delivery/firehose"
  log_group_class   = "DELIVERY"
  retention_in_days = 2
  kms_key_id        = aws_kms_key.logs.arn
}
