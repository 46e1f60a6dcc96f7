# Roles of the data team; their policies are the documents of documents.tf.

resource "aws_iam_role" "etl" {
  name = "etl"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "glue.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "etl" {
  name   = "etl"
  role   = aws_iam_role.etl.id
  policy = data.aws_iam_policy_document.etl.json
}

resource "aws_iam_policy" "data_admin" {
  name   = "data-admin"
  policy = data.aws_iam_policy_document.data_admin.json
}

resource "aws_iam_role_policy_attachment" "etl_admin" {
  role       = aws_iam_role.etl.name
  policy_arn = aws_iam_policy.data_admin.arn
}

resource "aws_kms_key" "etl" {
  description         = "ETL staging data"
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.etl_key.json
}
