# The policy documents of the data team's roles, kept apart from the roles (roles.tf).

data "aws_iam_policy_document" "etl" {
  statement {
    sid       = "ReadRaw"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["arn:aws:s3:::acme-prod-lake-raw", "arn:aws:s3:::acme-prod-lake-raw/*"]
  }

  statement {
    sid       = "Glue"
    actions   = ["glue:*"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "data_admin" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "etl_key" {
  statement {
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }

  statement {
    sid       = "EtlUses"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/etl"]
    }
  }
}
