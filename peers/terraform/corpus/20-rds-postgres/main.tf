# The orders database: a primary, a read replica and a reporting copy.

resource "aws_db_subnet_group" "orders" {
  name       = "orders"
  subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
}

resource "aws_db_instance" "orders" {
  identifier                          = "orders"
  engine                              = "postgres"
  engine_version                      = "16.3"
  instance_class                      = var.instance_class
  allocated_storage                   = 200
  storage_type                        = "gp3"
  storage_encrypted                   = true
  kms_key_id                          = "arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
  username                            = "orders_admin"
  password                            = var.db_password
  db_subnet_group_name                = aws_db_subnet_group.orders.name
  multi_az                            = true
  publicly_accessible                 = false
  backup_retention_period             = var.backup_days
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  auto_minor_version_upgrade          = true
  copy_tags_to_snapshot               = true
  skip_final_snapshot                 = false
  final_snapshot_identifier           = "orders-final"
}

# differs: CKV_AWS_16 orders_replica is a read replica, which takes its encryption from its source: Palisade judges the source only, Checkov the replica too
# differs: CKV_AWS_226 orders_replica and reporting leave auto_minor_version_upgrade out, and its default is true: Palisade passes them, Checkov wants it written
resource "aws_db_instance" "orders_replica" {
  identifier          = "orders-replica"
  replicate_source_db = aws_db_instance.orders.identifier
  instance_class      = var.instance_class
  publicly_accessible = false
  skip_final_snapshot = true
  multi_az            = false
  deletion_protection = true
}

# differs: CKV_AWS_133 reporting keeps backups for 3 days: Palisade asks for 7 or more, Checkov for more than 0
resource "aws_db_instance" "reporting" {
  identifier              = "reporting"
  engine                  = "postgres"
  engine_version          = "15.7"
  instance_class          = "db.t4g.medium"
  allocated_storage       = 50
  username                = "reporting"
  password                = var.db_password
  publicly_accessible     = true
  backup_retention_period = 3
  skip_final_snapshot     = true
}

# differs: CKV_AWS_17 scratch takes publicly_accessible from a variable without a default: Palisade reports it as not verifiable, Checkov passes it
resource "aws_db_instance" "scratch" {
  identifier                 = "scratch"
  engine                     = "mysql"
  engine_version             = "8.0"
  instance_class             = "db.t4g.micro"
  allocated_storage          = 20
  username                   = "scratch"
  password                   = var.db_password
  storage_encrypted          = false
  backup_retention_period    = 0
  auto_minor_version_upgrade = false
  deletion_protection        = false
  publicly_accessible        = var.publicly_accessible
  skip_final_snapshot        = true
}
