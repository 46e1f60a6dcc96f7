# MariaDB, SQL Server and Oracle instances, each written the way its team writes them.

# differs: CKV_AWS_161 wiki is MariaDB, which supports IAM authentication: Palisade judges MySQL, MariaDB and PostgreSQL, Checkov only mysql and postgres
# differs: CKV_AWS_226 wiki and ledger leave auto_minor_version_upgrade out, and its default is true: Palisade passes them, Checkov wants it written
resource "aws_db_instance" "wiki" {
  identifier                          = "wiki"
  engine                              = "mariadb"
  engine_version                      = "10.11"
  instance_class                      = "db.t4g.small"
  allocated_storage                   = 20
  username                            = "wiki"
  manage_master_user_password         = true
  storage_encrypted                   = true
  multi_az                            = true
  backup_retention_period             = 7
  deletion_protection                 = true
  iam_database_authentication_enabled = false
  skip_final_snapshot                 = false
}

resource "aws_db_instance" "erp" {
  identifier                  = "erp"
  engine                      = "sqlserver-se"
  license_model               = "license-included"
  instance_class              = "db.m6i.xlarge"
  allocated_storage           = 500
  username                    = "erp_admin"
  manage_master_user_password = true
  storage_encrypted           = true
  multi_az                    = true
  backup_retention_period     = 30
  deletion_protection         = true
  auto_minor_version_upgrade  = true
  skip_final_snapshot         = false
}

resource "aws_db_instance" "ledger" {
  identifier                          = "ledger"
  engine                              = "mysql"
  engine_version                      = "8.0.36"
  instance_class                      = "db.r6g.large"
  allocated_storage                   = 100
  username                            = "ledger"
  manage_master_user_password         = true
  storage_encrypted                   = true
  multi_az                            = false
  backup_retention_period             = 35
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  skip_final_snapshot                 = false
}
