resource "aws_apigatewayv2_api" "events" {
  name          = "${var.api_name}-events"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "live" {
  api_id      = aws_apigatewayv2_api.events.id
  name        = "live"
  auto_deploy = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.http.arn
    format          = local.access_log_format
  }

  default_route_settings {
    throttling_burst_limit = 200
    throttling_rate_limit  = 100
  }
}

resource "aws_apigatewayv2_stage" "preview" {
  api_id      = aws_apigatewayv2_api.events.id
  name        = "preview"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit = 20
    throttling_rate_limit  = 10
  }
}
