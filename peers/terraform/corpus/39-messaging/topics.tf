resource "aws_sns_topic" "billing_events" {
  name              = "billing-events"
  kms_master_key_id = aws_kms_key.messaging.id
}

resource "aws_sns_topic_subscription" "audit" {
  topic_arn = aws_sns_topic.billing_events.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.audit_fanout.arn
}

resource "aws_sns_topic" "status_page" {
  name = "status-page-updates"
}
