resource "aws_efs_file_system" "home" {
  creation_token   = "home-directories"
  encrypted        = true
  kms_key_id       = var.kms_key_arn
  performance_mode = "generalPurpose"
  throughput_mode  = "elastic"

  lifecycle_policy {
    transition_to_ia = "AFTER_30_DAYS"
  }
}

resource "aws_efs_backup_policy" "home" {
  file_system_id = aws_efs_file_system.home.id
  backup_policy {
    status = "ENABLED"
  }
}

resource "aws_efs_file_system" "render_cache" {
  creation_token  = "render-cache"
  throughput_mode = "bursting"
}

resource "aws_efs_mount_target" "home" {
  for_each = toset(["subnet-0101", "subnet-0202"])

  file_system_id = aws_efs_file_system.home.id
  subnet_id      = each.value
}
