output "home_dns_name" {
  value = aws_efs_file_system.home.dns_name
}

output "journal_volume_ids" {
  value = aws_ebs_volume.journal[*].id
}
