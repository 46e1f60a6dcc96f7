resource "aws_redshift_subnet_group" "this" {
  name       = "warehouse"
  subnet_ids = var.private_subnets
}

resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier        = "warehouse"
  database_name             = "dwh"
  master_username           = "dwh_admin"
  master_password           = var.warehouse_password
  node_type                 = "ra3.xlplus"
  cluster_type              = "multi-node"
  number_of_nodes           = 2
  cluster_subnet_group_name = aws_redshift_subnet_group.this.name
  encrypted                 = true
  kms_key_id                = "arn:aws:kms:eu-west-1:111122223333:key/99998888-7777-6666-5555-444433332222"
  publicly_accessible       = false
  enhanced_vpc_routing      = true
}

# A sandbox for the BI vendor's trial, reachable from their office.
resource "aws_redshift_cluster" "vendor_trial" {
  cluster_identifier  = "vendor-trial"
  database_name       = "trial"
  master_username     = "vendor"
  master_password     = var.warehouse_password
  node_type           = "dc2.large"
  cluster_type        = "single-node"
  publicly_accessible = true
  skip_final_snapshot = true
}
