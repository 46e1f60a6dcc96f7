# Lists that mix a reference with a literal wildcard: the list is not known before apply as a
# whole, and the literal keeps it from being taken for references alone.
resource "aws_iam_role" "reader" {
  name               = "reader"
  assume_role_policy = "{}"
}
resource "aws_s3_bucket" "b" {
  bucket = "acme-b"
}
resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Readers"
      Effect    = "Allow"
      Principal = { AWS = [aws_iam_role.reader.arn, "*"] }
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.b.arn}/*"
    }]
  })
}
resource "aws_kms_key" "k" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = [aws_iam_role.reader.arn, "*"] }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}
resource "aws_iam_policy" "admin" {
  name = "admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = [aws_s3_bucket.b.arn, "*"] }]
  })
}
