resource "aws_sqs_queue" "arrivals" {
  name                    = "${var.prefix}-arrivals"
  sqs_managed_sse_enabled = true
}

resource "aws_s3_bucket_notification" "raw" {
  bucket = aws_s3_bucket.zone["raw"].id

  queue {
    queue_arn = aws_sqs_queue.arrivals.arn
    events    = ["s3:ObjectCreated:*"]
  }
}

resource "aws_dynamodb_table" "catalog" {
  name         = "${var.prefix}-catalog"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "dataset"
  range_key    = "partition"

  attribute {
    name = "dataset"
    type = "S"
  }

  attribute {
    name = "partition"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.lake.arn
  }
}
