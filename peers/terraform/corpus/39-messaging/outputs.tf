output "queue_urls" {
  value = { for k, q in aws_sqs_queue.work : k => q.url }
}

output "billing_events_topic" {
  value = aws_sns_topic.billing_events.arn
}
