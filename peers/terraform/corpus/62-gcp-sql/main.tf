# Cloud SQL instances of the web shop.

# differs: CKV_GCP_6 orders requires SSL with ssl_mode ENCRYPTED_ONLY (the CIS choice): Palisade accepts it, Checkov accepts only TRUSTED_CLIENT_CERTIFICATE_REQUIRED for PostgreSQL
resource "google_sql_database_instance" "orders" {
  name             = "orders"
  database_version = "POSTGRES_16"
  region           = "europe-west1"

  settings {
    tier = "db-custom-2-7680"

    ip_configuration {
      ipv4_enabled    = false
      private_network = "projects/acme-shop/global/networks/shared"
      ssl_mode        = "ENCRYPTED_ONLY"
    }

    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
    }
  }
}

resource "google_sql_database_instance" "catalog" {
  name             = "catalog"
  database_version = "MYSQL_8_0"
  region           = "europe-west1"

  settings {
    tier = "db-n1-standard-2"

    ip_configuration {
      ipv4_enabled = true
      require_ssl  = true

      authorized_networks {
        name  = "office"
        value = "203.0.113.0/24"
      }
    }
  }
}

# differs: CKV_GCP_60 reports and scratch leave ipv4_enabled out, and Cloud SQL then gives them a public IP: Palisade reports them, Checkov passes an absent value
resource "google_sql_database_instance" "reports" {
  name             = "reports"
  database_version = "POSTGRES_15"
  region           = "europe-west1"

  settings {
    tier = "db-f1-micro"

    ip_configuration {
      authorized_networks {
        name  = "anywhere"
        value = "0.0.0.0/0"
      }
      ssl_mode = "ALLOW_UNENCRYPTED_AND_ENCRYPTED"
    }
  }
}

resource "google_sql_database_instance" "partners" {
  name             = "partners"
  database_version = "POSTGRES_15"
  region           = "europe-west1"

  settings {
    tier = "db-g1-small"

    ip_configuration {
      ipv4_enabled = true
      ssl_mode     = "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"
    }
  }
}

# differs: CKV_GCP_11 internal_tools has no public IP (ipv4_enabled false), so its authorized 0.0.0.0/0 admits nobody: Palisade passes it, Checkov reports the range
resource "google_sql_database_instance" "internal_tools" {
  name             = "internal-tools"
  database_version = "MYSQL_8_0"
  region           = "europe-west1"

  settings {
    tier = "db-f1-micro"

    ip_configuration {
      ipv4_enabled    = false
      private_network = "projects/acme-shop/global/networks/shared"

      authorized_networks {
        name  = "left-over"
        value = "0.0.0.0/0"
      }
    }
  }
}

resource "google_sql_database_instance" "scratch" {
  name             = "scratch"
  database_version = "POSTGRES_16"
  region           = "europe-west1"

  settings {
    tier = "db-f1-micro"
  }
}
