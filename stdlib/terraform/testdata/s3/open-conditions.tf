# Bucket policies whose conditions name everyone: a source IP range of the whole internet and
# a principal ARN pattern of any account. Neither limits who makes the request.
resource "aws_s3_bucket" "shared" {
  bucket = "acme-shared"
}

resource "aws_s3_bucket_policy" "shared" {
  bucket = aws_s3_bucket.shared.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AnyAddress"
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::acme-shared/*"
        Condition = { IpAddress = { "aws:SourceIp" = ["0.0.0.0/0", "::/0"] } }
      },
      {
        Sid       = "AnyAccount"
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:ListBucket"
        Resource  = "arn:aws:s3:::acme-shared"
        Condition = { StringLike = { "aws:PrincipalArn" = "arn:aws:iam::*:*" } }
      },
      {
        Sid       = "OneAccount"
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:ListBucket"
        Resource  = "arn:aws:s3:::acme-shared"
        Condition = { StringEquals = { "aws:PrincipalAccount" = "123456789012" } }
      },
    ]
  })
}
