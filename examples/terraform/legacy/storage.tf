# The payments database and its document bucket: a public, unencrypted database without
# backups, and a bucket readable by anyone.

resource "aws_db_subnet_group" "payments" {
  name       = "payments"
  subnet_ids = [aws_subnet.db_a.id]
}

resource "aws_db_instance" "payments" {
  identifier           = "payments"
  engine               = "postgres"
  engine_version       = "16.4"
  instance_class       = "db.t4g.medium"
  allocated_storage    = 50
  db_subnet_group_name = aws_db_subnet_group.payments.name
  publicly_accessible  = true
  skip_final_snapshot  = true
}

resource "aws_s3_bucket" "documents" {
  bucket = "acme-payments-documents"
}

resource "aws_s3_bucket_acl" "documents" {
  bucket = aws_s3_bucket.documents.id
  acl    = "public-read"
}
