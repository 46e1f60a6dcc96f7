locals {
  access_log_format = jsonencode({
    requestId      = "$context.requestId"
    sourceIp       = "$context.identity.sourceIp"
    requestTime    = "$context.requestTime"
    httpMethod     = "$context.httpMethod"
    resourcePath   = "$context.resourcePath"
    status         = "$context.status"
    responseLength = "$context.responseLength"
  })
}

resource "aws_cloudwatch_log_group" "rest" {
  name              = "/aws/apigateway/${var.api_name}"
  retention_in_days = 365
  kms_key_id        = var.log_kms_key
}

resource "aws_cloudwatch_log_group" "http" {
  name              = "/aws/apigateway/${var.api_name}-events"
  retention_in_days = 90
}
