locals {
  sql_flags = {
    log_checkpoints            = "on"
    log_connections            = "on"
    log_disconnections         = "on"
    log_min_duration_statement = "-1"
  }
}

resource "google_sql_database_instance" "metadata" {
  name                = "metadata"
  database_version    = "POSTGRES_16"
  region              = var.region
  deletion_protection = true

  settings {
    tier              = "db-custom-4-16384"
    availability_type = "REGIONAL"

    ip_configuration {
      ipv4_enabled                                  = false
      private_network                               = var.network
      enable_private_path_for_google_cloud_services = true
      ssl_mode                                      = "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"
    }

    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
    }

    dynamic "database_flags" {
      for_each = local.sql_flags
      content {
        name  = database_flags.key
        value = database_flags.value
      }
    }
  }
}
