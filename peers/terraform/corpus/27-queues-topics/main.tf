# Order events: SNS topics fanning out to SQS queues.

resource "aws_kms_key" "events" {
  description         = "Order events"
  enable_key_rotation = true
}

resource "aws_sns_topic" "orders" {
  name              = "orders"
  kms_master_key_id = aws_kms_key.events.arn
}

resource "aws_sns_topic" "alerts" {
  name              = "alerts"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic" "marketing" {
  name = "marketing"
}

resource "aws_sqs_queue" "fulfilment" {
  name                      = "fulfilment"
  kms_master_key_id         = aws_kms_key.events.id
  message_retention_seconds = 345600
}

resource "aws_sqs_queue" "billing" {
  name                    = "billing"
  sqs_managed_sse_enabled = true
}

# differs: CKV_AWS_27 fulfilment_dlq sets nothing, and SQS encrypts new queues with SSE-SQS by default: Palisade passes it, Checkov wants a key or sqs_managed_sse_enabled
resource "aws_sqs_queue" "fulfilment_dlq" {
  name = "fulfilment-dlq"
}

resource "aws_sqs_queue" "legacy" {
  name                    = "legacy"
  sqs_managed_sse_enabled = false
}

resource "aws_sns_topic_subscription" "fulfilment" {
  topic_arn = aws_sns_topic.orders.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.fulfilment.arn
}
