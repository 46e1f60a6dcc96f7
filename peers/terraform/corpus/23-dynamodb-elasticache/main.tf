# Session and cart storage: DynamoDB tables and Redis replication groups.

variable "pitr" {
  type    = bool
  default = true
}

resource "aws_dynamodb_table" "sessions" {
  name         = "sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "session_id"

  attribute {
    name = "session_id"
    type = "S"
  }

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = var.pitr
  }

  server_side_encryption {
    enabled = true
  }
}

resource "aws_dynamodb_table" "carts" {
  name         = "carts"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "customer_id"
  range_key    = "item_id"

  attribute {
    name = "customer_id"
    type = "S"
  }

  attribute {
    name = "item_id"
    type = "S"
  }
}

resource "aws_dynamodb_table" "audit" {
  name           = "audit"
  billing_mode   = "PROVISIONED"
  read_capacity  = 5
  write_capacity = 5
  hash_key       = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = false
  }
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "Session cache"
  engine                     = "redis"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = "use-secrets-manager-instead-0123456789"
}

resource "aws_elasticache_replication_group" "carts" {
  replication_group_id = "carts"
  description          = "Cart cache"
  node_type            = "cache.t4g.small"
  num_cache_clusters   = 1
}

# differs: CKV_AWS_29 feature_flags runs Valkey, whose at-rest encryption is on by default: Palisade passes it, Checkov wants the attribute written
resource "aws_elasticache_replication_group" "feature_flags" {
  replication_group_id       = "feature-flags"
  description                = "Valkey for feature flags"
  engine                     = "valkey"
  node_type                  = "cache.t4g.micro"
  num_cache_clusters         = 1
  transit_encryption_enabled = false
}
