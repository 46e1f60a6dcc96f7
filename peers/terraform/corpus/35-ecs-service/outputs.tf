output "url" {
  value = "https://${aws_lb.this.dns_name}"
}

output "repository_urls" {
  value = { for name, repo in aws_ecr_repository.this : name => repo.repository_url }
}
