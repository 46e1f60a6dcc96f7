resource "aws_sqs_queue" "dead_letter" {
  name                      = "billing-dead-letter"
  message_retention_seconds = 1209600
  kms_master_key_id         = aws_kms_key.messaging.arn
}

resource "aws_sqs_queue" "work" {
  for_each = var.queues

  name                       = "billing-${each.key}"
  visibility_timeout_seconds = each.value
  kms_master_key_id          = aws_kms_key.messaging.arn
  kms_data_key_reuse_period_seconds = 300

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter.arn
    maxReceiveCount     = 5
  })
}

resource "aws_sqs_queue" "audit_fanout" {
  name                    = "billing-audit-fanout"
  sqs_managed_sse_enabled = true
}

resource "aws_sqs_queue" "legacy_export" {
  name                    = "legacy-export"
  sqs_managed_sse_enabled = false
}
