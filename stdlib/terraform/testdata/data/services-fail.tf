# DynamoDB tables, ElastiCache replication groups and Redshift clusters that fail the database
# rules: defaults, explicit bad values and values not known before apply.

variable "pitr" {
  type = bool
}

variable "cache_at_rest" {
  type = bool
}

variable "cache_in_transit" {
  type = bool
}

variable "warehouse_encrypted" {
  type = bool
}

variable "warehouse_public" {
  type = bool
}

resource "aws_dynamodb_table" "sessions" {
  name         = "sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "order_id"

  attribute {
    name = "order_id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = false
  }
}

resource "aws_dynamodb_table" "events" {
  name         = "events"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "event_id"

  attribute {
    name = "event_id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = var.pitr
  }
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "Session cache"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  transit_encryption_enabled = false
}

resource "aws_elasticache_replication_group" "queue" {
  replication_group_id       = "queue"
  description                = "Job queue"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = var.cache_at_rest
  transit_encryption_enabled = var.cache_in_transit
}

resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier     = "warehouse"
  node_type              = "ra3.xlplus"
  number_of_nodes        = 2
  master_username        = "admin"
  manage_master_password = true
  skip_final_snapshot    = true
}

resource "aws_redshift_cluster" "sandbox" {
  cluster_identifier     = "sandbox"
  node_type              = "dc2.large"
  cluster_type           = "single-node"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = false
  publicly_accessible    = true
  skip_final_snapshot    = true
}

resource "aws_redshift_cluster" "marts" {
  cluster_identifier     = "marts"
  node_type              = "ra3.xlplus"
  number_of_nodes        = 2
  master_username        = "admin"
  manage_master_password = true
  encrypted              = var.warehouse_encrypted
  publicly_accessible    = var.warehouse_public
  skip_final_snapshot    = true
}
