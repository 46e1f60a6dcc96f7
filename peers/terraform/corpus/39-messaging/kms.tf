resource "aws_kms_key" "messaging" {
  description         = "SQS and SNS of the billing services"
  enable_key_rotation = true
  multi_region        = false

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${var.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Publishers"
        Effect    = "Allow"
        Principal = { Service = ["sns.amazonaws.com", "events.amazonaws.com"] }
        Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource  = "*"
      },
    ]
  })
}

# The key the partner's account writes with; "any principal" was meant to be their account.
resource "aws_kms_key" "partner_exchange" {
  description = "Files exchanged with the payment partner"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Everyone"
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"]
      Resource  = "*"
    }]
  })
}
