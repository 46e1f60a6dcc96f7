locals {
  public_ports = {
    http  = ["80"]
    https = ["443", "8443"]
  }
}

resource "google_compute_firewall" "public" {
  for_each = local.public_ports

  name          = "edge-allow-${each.key}"
  network       = var.network
  direction     = "INGRESS"
  source_ranges = ["0.0.0.0/0"]
  target_tags   = ["edge-proxy"]

  allow {
    protocol = "tcp"
    ports    = each.value
  }
}

resource "google_compute_firewall" "admin_ssh" {
  name          = "edge-admin-ssh"
  network       = var.network
  source_ranges = var.admin_ranges
  target_tags   = ["edge-proxy"]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "iap_rdp" {
  name          = "edge-iap-rdp"
  network       = var.network
  source_ranges = ["35.235.240.0/20"]

  allow {
    protocol = "tcp"
    ports    = ["3389"]
  }
}

# Opened during the 2023 incident to reach the Windows jump host and never closed.
resource "google_compute_firewall" "incident_2023" {
  name          = "incident-2023-temp"
  network       = var.network
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["22", "3389", "5985-5986"]
  }
}
