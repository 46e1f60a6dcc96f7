# RDS instances and clusters that pass every database rule, with the forms each rule accepts:
# booleans and numbers written as strings, a read replica, an engine without IAM
# authentication, Aurora Serverless v1 and defaults that are safe.

resource "aws_kms_key" "db" {
  description         = "RDS storage"
  enable_key_rotation = true
}

resource "aws_db_instance" "main" {
  identifier                          = "main"
  engine                              = "postgres"
  engine_version                      = "16.3"
  instance_class                      = "db.m6g.large"
  allocated_storage                   = 100
  username                            = "app"
  manage_master_user_password         = true
  publicly_accessible                 = false
  storage_encrypted                   = true
  kms_key_id                          = aws_kms_key.db.arn
  backup_retention_period             = 14
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  auto_minor_version_upgrade          = true
  multi_az                            = true
  final_snapshot_identifier           = "main-final"
}

resource "aws_db_instance" "replica" {
  identifier          = "main-replica"
  replicate_source_db = aws_db_instance.main.identifier
  instance_class      = "db.m6g.large"
  deletion_protection = true
  multi_az            = true
  skip_final_snapshot = true
}

resource "aws_db_instance" "reporting" {
  identifier                  = "reporting"
  engine                      = "sqlserver-se"
  license_model               = "license-included"
  instance_class              = "db.m6i.xlarge"
  allocated_storage           = 200
  username                    = "reporting"
  manage_master_user_password = true
  storage_encrypted           = "true"
  backup_retention_period     = "7"
  deletion_protection         = "true"
  multi_az                    = true
  final_snapshot_identifier   = "reporting-final"
}

resource "aws_rds_cluster" "main" {
  cluster_identifier                  = "main"
  engine                              = "aurora-mysql"
  engine_version                      = "8.0.mysql_aurora.3.05.2"
  master_username                     = "app"
  manage_master_user_password         = true
  storage_encrypted                   = true
  kms_key_id                          = aws_kms_key.db.arn
  backup_retention_period             = 7
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  final_snapshot_identifier           = "main-cluster-final"
}

resource "aws_rds_cluster" "legacy_serverless" {
  cluster_identifier          = "legacy"
  engine                      = "aurora-mysql"
  engine_mode                 = "serverless"
  master_username             = "legacy"
  manage_master_user_password = true
  backup_retention_period     = 10
  deletion_protection         = true
  final_snapshot_identifier   = "legacy-final"

  scaling_configuration {
    auto_pause   = true
    min_capacity = 1
    max_capacity = 4
  }
}

resource "aws_rds_cluster_instance" "main" {
  count              = 2
  identifier         = "main-${count.index}"
  cluster_identifier = aws_rds_cluster.main.id
  instance_class     = "db.r6g.large"
  engine             = aws_rds_cluster.main.engine
}
