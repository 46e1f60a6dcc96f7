data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "pipeline" {
  name               = "ingest-pipeline"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy_attachment" "vpc_access" {
  role       = aws_iam_role.pipeline.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

# differs: CKV_AWS_49 the Tables statement allows dynamodb:*, every action of a sensitive service: Palisade reports it, Checkov reports only the action *
data "aws_iam_policy_document" "pipeline" {
  statement {
    sid       = "Queue"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
    resources = ["arn:aws:sqs:eu-west-1:111122223333:ingest-*"]
  }

  statement {
    sid       = "Tables"
    actions   = ["dynamodb:*"]
    resources = ["arn:aws:dynamodb:eu-west-1:111122223333:table/ingest-*"]
  }
}

resource "aws_iam_role_policy" "pipeline" {
  name   = "pipeline"
  role   = aws_iam_role.pipeline.id
  policy = data.aws_iam_policy_document.pipeline.json
}
