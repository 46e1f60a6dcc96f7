# API Gateway stages without access logs and CloudWatch log groups without a KMS key or with a
# short retention.

variable "log_retention_days" {
  type = number
}

variable "log_key_arn" {
  type = string
}

resource "aws_api_gateway_stage" "prod" {
  stage_name    = "prod"
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = aws_api_gateway_deployment.shop.id
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true
}

resource "aws_apigatewayv2_stage" "ws" {
  api_id = aws_apigatewayv2_api.ws.id
  name   = "live"

  access_log_settings {
    destination_arn = ""
    format          = "$context.requestId"
  }
}

resource "aws_cloudwatch_log_group" "web" {
  name              = "/app/web"
  retention_in_days = 30
}

resource "aws_cloudwatch_log_group" "worker" {
  name              = "/app/worker"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_key_arn
}
