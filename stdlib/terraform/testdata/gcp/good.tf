# A configuration that every rule of palisade.terraform.gcp passes.

data "google_storage_bucket" "shared" {
  name = "acme-shared-artifacts"
}

resource "google_storage_bucket" "assets" {
  name                        = "acme-web-assets"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  versioning {
    enabled = true
  }
}

resource "google_service_account" "ci" {
  account_id   = "ci-deployer"
  display_name = "CI deployer"
}

resource "google_storage_bucket_iam_member" "ci" {
  bucket = google_storage_bucket.assets.name
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:${google_service_account.ci.email}"
}

resource "google_storage_bucket_iam_binding" "readers" {
  bucket  = google_storage_bucket.assets.name
  role    = "roles/storage.objectViewer"
  members = ["group:web-team@acme.example", "serviceAccount:deployer@acme-prod.iam.gserviceaccount.com"]
}

resource "google_compute_network" "vpc" {
  name                    = "acme-vpc"
  auto_create_subnetworks = false
}

resource "google_compute_firewall" "iap_ssh" {
  name    = "allow-iap-ssh"
  network = google_compute_network.vpc.name

  allow {
    protocol = "tcp"
    ports    = ["22", "3389"]
  }

  source_ranges = ["35.235.240.0/20"]
  target_tags   = ["ssh"]
}

resource "google_compute_firewall" "https" {
  name    = "allow-https"
  network = google_compute_network.vpc.name

  allow {
    protocol = "tcp"
    ports    = ["443", "8000-8080"]
  }

  source_ranges = ["0.0.0.0/0"]
}

resource "google_compute_firewall" "egress" {
  name               = "allow-egress"
  network            = google_compute_network.vpc.name
  direction          = "EGRESS"
  destination_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "all"
  }
}

resource "google_sql_database_instance" "main" {
  name             = "acme-main"
  database_version = "POSTGRES_16"
  region           = "europe-west1"

  settings {
    tier = "db-custom-2-7680"

    ip_configuration {
      ipv4_enabled    = false
      private_network = google_compute_network.vpc.id
      ssl_mode        = "ENCRYPTED_ONLY"
    }
  }
}

resource "google_compute_instance" "app" {
  name         = "app-1"
  machine_type = "e2-medium"
  zone         = "europe-west1-b"

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    network = google_compute_network.vpc.name
  }

  metadata = {
    enable-oslogin     = "TRUE"
    serial-port-enable = "FALSE"
  }

  service_account {
    email  = google_service_account.ci.email
    scopes = ["cloud-platform"]
  }
}
