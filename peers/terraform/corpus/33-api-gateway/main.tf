# REST and HTTP APIs and their stages.

resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/aws/apigateway/public-api"
  retention_in_days = 365
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/abcdabcd-1234-5678-9abc-abcdabcdabcd"
}

resource "aws_api_gateway_rest_api" "public" {
  name = "public-api"
}

resource "aws_api_gateway_deployment" "public" {
  rest_api_id = aws_api_gateway_rest_api.public.id
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.public.id
  deployment_id = aws_api_gateway_deployment.public.id
  stage_name    = "prod"

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format = jsonencode({
      requestId = "$context.requestId"
      ip        = "$context.identity.sourceIp"
      status    = "$context.status"
    })
  }
}

resource "aws_api_gateway_stage" "staging" {
  rest_api_id   = aws_api_gateway_rest_api.public.id
  deployment_id = aws_api_gateway_deployment.public.id
  stage_name    = "staging"
}

resource "aws_apigatewayv2_api" "webhooks" {
  name          = "webhooks"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.webhooks.id
  name        = "$default"
  auto_deploy = true

  access_log_settings {
    destination_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/apigateway/webhooks"
    format          = "$context.requestId $context.status"
  }
}

resource "aws_apigatewayv2_stage" "canary" {
  api_id      = aws_apigatewayv2_api.webhooks.id
  name        = "canary"
  auto_deploy = true
}
