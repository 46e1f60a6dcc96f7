# The analytics cluster: Aurora PostgreSQL with two readers.

resource "aws_rds_cluster" "analytics" {
  cluster_identifier                  = "analytics-${var.environment}"
  engine                              = "aurora-postgresql"
  engine_version                      = "15.4"
  database_name                       = "analytics"
  master_username                     = "analytics"
  manage_master_user_password         = true
  db_subnet_group_name                = aws_db_subnet_group.this.name
  storage_encrypted                   = true
  kms_key_id                          = var.kms_key_arn
  backup_retention_period             = local.backup_days
  preferred_backup_window             = "03:00-04:00"
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  copy_tags_to_snapshot               = true
  skip_final_snapshot                 = false
  final_snapshot_identifier           = "analytics-${var.environment}-final"
  tags                                = local.tags
}

resource "aws_rds_cluster_instance" "analytics" {
  count = 2

  identifier                 = "analytics-${var.environment}-${count.index}"
  cluster_identifier         = aws_rds_cluster.analytics.id
  engine                     = aws_rds_cluster.analytics.engine
  instance_class             = "db.r6g.xlarge"
  publicly_accessible        = false
  auto_minor_version_upgrade = true
  db_subnet_group_name       = aws_db_subnet_group.this.name
}
