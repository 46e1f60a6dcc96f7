resource "aws_elasticache_subnet_group" "this" {
  name       = "platform-cache"
  subnet_ids = var.private_subnets
}

# Sessions: Redis with TLS and encryption at rest, replicated across two zones.
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "Web sessions"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  multi_az_enabled           = true
  subnet_group_name          = aws_elasticache_subnet_group.this.name
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = var.cache_auth_token
  kms_key_id                 = "arn:aws:kms:eu-west-1:111122223333:key/11112222-3333-4444-5555-666677778888"
}

# The page cache holds nothing that is not public anyway, and was created before anyone asked.
resource "aws_elasticache_replication_group" "page_cache" {
  replication_group_id = "page-cache"
  description          = "Rendered pages"
  engine               = "redis"
  node_type            = "cache.t4g.medium"
  num_cache_clusters   = 1
  subnet_group_name    = aws_elasticache_subnet_group.this.name

  at_rest_encryption_enabled = false
  transit_encryption_enabled = false
}
