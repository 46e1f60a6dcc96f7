locals {
  org_path = "/platform/"

  service_roles = {
    ingest = {
      service = "lambda.amazonaws.com"
      actions = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
    }
    reporter = {
      service = "ecs-tasks.amazonaws.com"
      actions = ["athena:StartQueryExecution", "athena:GetQueryResults"]
    }
  }

  tags = {
    Team      = "platform"
    ManagedBy = "terraform"
  }
}
