output "sessions_endpoint" {
  value = aws_elasticache_replication_group.sessions.primary_endpoint_address
}

output "warehouse_endpoint" {
  value = aws_redshift_cluster.warehouse.endpoint
}
