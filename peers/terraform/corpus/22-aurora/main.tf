# Aurora PostgreSQL for the API, Aurora MySQL for the CMS, and a Serverless v1 cluster.

locals {
  cluster_instances = 2
}

resource "aws_rds_cluster" "api" {
  cluster_identifier                  = "api"
  engine                              = "aurora-postgresql"
  engine_version                      = "15.4"
  database_name                       = "api"
  master_username                     = "api_admin"
  manage_master_user_password         = true
  storage_encrypted                   = true
  backup_retention_period             = 14
  preferred_backup_window             = "02:00-03:00"
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  skip_final_snapshot                 = false
  final_snapshot_identifier           = "api-final"
}

resource "aws_rds_cluster_instance" "api" {
  count                      = local.cluster_instances
  identifier                 = "api-${count.index}"
  cluster_identifier         = aws_rds_cluster.api.id
  instance_class             = "db.r6g.large"
  engine                     = aws_rds_cluster.api.engine
  engine_version             = aws_rds_cluster.api.engine_version
  publicly_accessible        = false
  auto_minor_version_upgrade = true
}

# differs: CKV_AWS_133 cms keeps the default of 1 day and reports sets 1: Palisade asks for 7 or more, Checkov passes an absent period and any above 0
resource "aws_rds_cluster" "cms" {
  cluster_identifier  = "cms"
  engine              = "aurora-mysql"
  engine_version      = "8.0.mysql_aurora.3.05.2"
  master_username     = "cms"
  master_password     = "change-me-in-secrets-manager"
  skip_final_snapshot = true
}

# differs: CKV_AWS_226 Palisade's minor-upgrade rule judges aws_db_instance only; Checkov also reads aws_rds_cluster_instance, and cms sets it false
resource "aws_rds_cluster_instance" "cms" {
  identifier                 = "cms-0"
  cluster_identifier         = aws_rds_cluster.cms.id
  instance_class             = "db.t4g.medium"
  engine                     = "aurora-mysql"
  publicly_accessible        = true
  auto_minor_version_upgrade = false
}

# differs: CKV_AWS_162 reports is Aurora Serverless v1, which has no IAM database authentication: Palisade does not judge it, Checkov does
resource "aws_rds_cluster" "reports" {
  cluster_identifier      = "reports"
  engine                  = "aurora-mysql"
  engine_mode             = "serverless"
  master_username         = "reports"
  master_password         = "change-me-in-secrets-manager"
  backup_retention_period = 1
  deletion_protection     = false
  skip_final_snapshot     = true

  scaling_configuration {
    auto_pause               = true
    min_capacity             = 1
    max_capacity             = 4
    seconds_until_auto_pause = 600
  }
}
