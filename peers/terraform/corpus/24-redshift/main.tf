# The analytics warehouse and a proof-of-concept cluster.

resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier                   = "warehouse"
  database_name                        = "analytics"
  master_username                      = "warehouse_admin"
  manage_master_password               = true
  node_type                            = "ra3.xlplus"
  cluster_type                         = "multi-node"
  number_of_nodes                      = 2
  encrypted                            = true
  kms_key_id                           = "arn:aws:kms:eu-west-1:111122223333:key/aaaabbbb-cccc-dddd-eeee-ffff00001111"
  publicly_accessible                  = false
  enhanced_vpc_routing                 = true
  automated_snapshot_retention_period = 7
}

resource "aws_redshift_cluster" "poc" {
  cluster_identifier = "poc"
  database_name      = "poc"
  master_username    = "poc"
  master_password    = "Poc-Password-123"
  node_type          = "dc2.large"
  cluster_type       = "single-node"
}

resource "aws_redshift_cluster" "partner_share" {
  cluster_identifier  = "partner-share"
  master_username     = "share"
  master_password     = "Share-Password-123"
  node_type           = "dc2.large"
  cluster_type        = "single-node"
  encrypted           = "true"
  publicly_accessible = true
}
