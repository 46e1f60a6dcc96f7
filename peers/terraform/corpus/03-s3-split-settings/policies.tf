# The bucket policy of the invoices bucket, as a policy document and its attachment.

data "aws_iam_policy_document" "invoices" {
  statement {
    sid       = "BillingServiceRead"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.invoices.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/billing-service"]
    }
  }

  statement {
    sid       = "TlsOnly"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.invoices.arn, "${aws_s3_bucket.invoices.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}
