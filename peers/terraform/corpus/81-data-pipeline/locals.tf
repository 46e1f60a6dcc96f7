locals {
  buckets = { for zone, days in var.zones : zone => "${var.prefix}-${zone}" }

  public_access_block = {
    block_public_acls       = true
    block_public_policy     = true
    ignore_public_acls      = true
    restrict_public_buckets = true
  }
}
