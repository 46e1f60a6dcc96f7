# RDS instances and clusters that fail the database rules: settings left to their defaults,
# explicit bad values, and values not known before apply.

variable "db_engine" {
  type = string
}

variable "public_access" {
  type = bool
}

variable "encrypt_storage" {
  type = bool
}

variable "backup_days" {
  type = number
}

variable "protect_from_deletion" {
  type = bool
}

variable "iam_auth" {
  type = bool
}

variable "minor_upgrades" {
  type = bool
}

variable "multi_az" {
  type = bool
}

resource "aws_db_instance" "legacy" {
  identifier                  = "legacy-mysql"
  engine                      = "mysql"
  engine_version              = "8.0"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "admin"
  manage_master_user_password = true
  skip_final_snapshot         = true
}

resource "aws_db_instance" "exposed" {
  identifier                          = "reporting"
  engine                              = "postgres"
  engine_version                      = "16.3"
  instance_class                      = "db.t4g.medium"
  allocated_storage                   = 50
  username                            = "reporting"
  manage_master_user_password         = true
  publicly_accessible                 = true
  storage_encrypted                   = false
  backup_retention_period             = 3
  deletion_protection                 = false
  iam_database_authentication_enabled = false
  auto_minor_version_upgrade          = false
  multi_az                            = "false"
}

resource "aws_db_instance" "scratch" {
  identifier                          = "scratch"
  engine                              = "mariadb"
  instance_class                      = "db.t4g.small"
  allocated_storage                   = 20
  username                            = "scratch"
  manage_master_user_password         = true
  storage_encrypted                   = true
  backup_retention_period             = 0
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  multi_az                            = true
}

resource "aws_db_instance" "orders" {
  identifier                          = "orders"
  engine                              = var.db_engine
  instance_class                      = "db.r6g.large"
  allocated_storage                   = 100
  username                            = "orders"
  manage_master_user_password         = true
  publicly_accessible                 = var.public_access
  storage_encrypted                   = var.encrypt_storage
  backup_retention_period             = var.backup_days
  deletion_protection                 = var.protect_from_deletion
  iam_database_authentication_enabled = var.iam_auth
  auto_minor_version_upgrade          = var.minor_upgrades
  multi_az                            = var.multi_az
}

resource "aws_rds_cluster" "app" {
  cluster_identifier          = "app"
  engine                      = "aurora-postgresql"
  engine_version              = "15.4"
  master_username             = "app"
  manage_master_user_password = true
  storage_encrypted           = false
  skip_final_snapshot         = true
}

resource "aws_rds_cluster" "analytics" {
  cluster_identifier                  = "analytics"
  engine                              = "aurora-mysql"
  master_username                     = "analytics"
  manage_master_user_password         = true
  storage_encrypted                   = var.encrypt_storage
  backup_retention_period             = var.backup_days
  deletion_protection                 = var.protect_from_deletion
  iam_database_authentication_enabled = var.iam_auth
}

resource "aws_rds_cluster_instance" "writer" {
  identifier          = "app-writer"
  cluster_identifier  = aws_rds_cluster.app.id
  instance_class      = "db.r6g.large"
  engine              = aws_rds_cluster.app.engine
  publicly_accessible = true
}

resource "aws_rds_cluster_instance" "reader" {
  identifier          = "app-reader"
  cluster_identifier  = aws_rds_cluster.app.id
  instance_class      = "db.r6g.large"
  engine              = aws_rds_cluster.app.engine
  publicly_accessible = var.public_access
}
