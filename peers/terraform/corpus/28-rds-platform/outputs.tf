output "endpoints" {
  value = { for k, db in aws_db_instance.team : k => db.endpoint }
}

output "analytics_writer" {
  value = aws_rds_cluster.analytics.endpoint
}

output "analytics_reader" {
  value = aws_rds_cluster.analytics.reader_endpoint
}
