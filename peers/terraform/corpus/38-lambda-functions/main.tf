resource "aws_lambda_function" "step" {
  for_each = var.functions

  function_name = "ingest-${each.key}"
  role          = aws_iam_role.pipeline.arn
  runtime       = "python3.12"
  handler       = each.value.handler
  memory_size   = each.value.memory_size
  timeout       = each.value.timeout
  s3_bucket     = var.artifact_bucket
  s3_key        = "ingest/${each.key}.zip"

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = var.security_group_ids
  }

  tracing_config {
    mode = "Active"
  }
}

# Posts the daily summary to the chat webhook; it needs the internet and nothing else.
resource "aws_lambda_function" "notify" {
  function_name = "ingest-notify"
  role          = aws_iam_role.pipeline.arn
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  s3_bucket     = var.artifact_bucket
  s3_key        = "ingest/notify.zip"
  timeout       = 15
}

resource "aws_cloudwatch_log_group" "step" {
  for_each = var.functions

  name              = "/aws/lambda/ingest-${each.key}"
  retention_in_days = 545
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/cccc1111-dddd-2222-eeee-333344445555"
}
