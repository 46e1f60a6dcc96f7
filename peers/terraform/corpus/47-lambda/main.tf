# Functions of the order pipeline.

resource "aws_subnet" "functions" {
  vpc_id     = "vpc-0123456789abcdef0"
  cidr_block = "10.20.40.0/24"
}

resource "aws_security_group" "functions" {
  name   = "functions"
  vpc_id = "vpc-0123456789abcdef0"
}

resource "aws_iam_role" "lambda" {
  name = "order-functions"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_lambda_function" "enrich" {
  function_name = "order-enrich"
  role          = aws_iam_role.lambda.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "build/enrich.zip"

  vpc_config {
    subnet_ids         = [aws_subnet.functions.id]
    security_group_ids = [aws_security_group.functions.id]
  }
}

resource "aws_lambda_function" "notify" {
  function_name = "order-notify"
  role          = aws_iam_role.lambda.arn
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "build/notify.zip"
}

# differs: CKV_AWS_117 detached has a vpc_config with no subnets, which takes the function out of its VPC: Palisade reports it, Checkov passes any vpc_config
resource "aws_lambda_function" "detached" {
  function_name = "order-detached"
  role          = aws_iam_role.lambda.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "build/detached.zip"

  vpc_config {
    subnet_ids         = []
    security_group_ids = []
  }
}

resource "aws_lambda_function" "pinned" {
  function_name = "order-pinned"
  role          = aws_iam_role.lambda.arn
  runtime       = "java21"
  handler       = "com.acme.Handler"
  filename      = "build/pinned.zip"

  vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}
