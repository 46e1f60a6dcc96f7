resource "aws_db_subnet_group" "this" {
  name       = "platform-${var.environment}"
  subnet_ids = var.subnet_ids
  tags       = local.tags
}

resource "aws_db_parameter_group" "this" {
  for_each = var.databases

  name   = "${each.key}-${var.environment}"
  family = local.parameter_family[each.value.engine]
}

resource "aws_db_instance" "team" {
  for_each = var.databases

  identifier     = "${each.key}-${var.environment}"
  engine         = each.value.engine
  engine_version = each.value.engine_version
  instance_class = each.value.instance_class

  allocated_storage     = each.value.storage_gb
  max_allocated_storage = each.value.storage_gb * 4
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = var.kms_key_arn

  username                    = "admin_${each.key}"
  manage_master_user_password = true
  db_subnet_group_name        = aws_db_subnet_group.this.name
  parameter_group_name        = aws_db_parameter_group.this[each.key].name

  multi_az                            = local.is_prod
  publicly_accessible                 = false
  iam_database_authentication_enabled = true
  auto_minor_version_upgrade          = true
  backup_retention_period             = local.backup_days
  backup_window                       = "02:00-03:00"
  deletion_protection                 = local.is_prod
  copy_tags_to_snapshot               = true
  skip_final_snapshot                 = !local.is_prod
  final_snapshot_identifier           = "${each.key}-${var.environment}-final"
  performance_insights_enabled        = true

  tags = merge(local.tags, { Database = each.key })
}
