locals {
  is_prod = var.environment == "prod"

  backup_days = local.is_prod ? 30 : 7

  parameter_family = {
    postgres = "postgres16"
    mysql    = "mysql8.0"
  }

  tags = {
    Environment = var.environment
    Stack       = "rds-platform"
  }
}
