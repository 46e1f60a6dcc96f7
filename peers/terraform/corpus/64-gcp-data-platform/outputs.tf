output "bucket_urls" {
  value = { for k, b in google_storage_bucket.platform : k => b.url }
}

output "metadata_connection_name" {
  value = google_sql_database_instance.metadata.connection_name
}
