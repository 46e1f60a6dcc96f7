# API Gateway stages that write access logs and CloudWatch log groups encrypted with KMS that
# keep events for a year or more (or forever).

resource "aws_kms_key" "logs" {
  description         = "CloudWatch Logs"
  enable_key_rotation = true
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/apigateway/shop"
  retention_in_days = 400
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_cloudwatch_log_group" "audit" {
  name       = "/audit/events"
  kms_key_id = aws_kms_key.logs.arn
}

resource "aws_cloudwatch_log_group" "archive" {
  name              = "/audit/archive"
  retention_in_days = "0"
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_cloudwatch_log_group" "delivery" {
  name              = "/delivery/flow-logs"
  log_group_class   = "DELIVERY"
  retention_in_days = 2
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_api_gateway_stage" "prod" {
  stage_name    = "prod"
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = aws_api_gateway_deployment.shop.id

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api.arn
    format = jsonencode({
      requestId = "$context.requestId"
      caller    = "$context.identity.caller"
      ip        = "$context.identity.sourceIp"
      status    = "$context.status"
    })
  }
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api.arn
    format          = "$context.requestId $context.identity.sourceIp $context.status"
  }
}
