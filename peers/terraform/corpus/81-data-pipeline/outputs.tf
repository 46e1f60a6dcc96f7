output "bucket_names" {
  value = { for zone, b in aws_s3_bucket.zone : zone => b.bucket }
}

output "arrivals_queue_url" {
  value = aws_sqs_queue.arrivals.url
}
