output "rest_invoke_urls" {
  value = { for k, s in aws_api_gateway_stage.this : k => s.invoke_url }
}

output "events_endpoint" {
  value = aws_apigatewayv2_api.events.api_endpoint
}
