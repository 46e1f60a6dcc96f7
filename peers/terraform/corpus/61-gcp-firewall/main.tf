# Firewall rules of the shared VPC.

resource "google_compute_network" "shared" {
  name                    = "shared"
  auto_create_subnetworks = false
}

resource "google_compute_firewall" "allow_ssh_iap" {
  name    = "allow-ssh-iap"
  network = google_compute_network.shared.name

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }

  source_ranges = ["35.235.240.0/20"]
}

resource "google_compute_firewall" "allow_ssh_world" {
  name    = "allow-ssh-world"
  network = google_compute_network.shared.name

  allow {
    protocol = "tcp"
    ports    = ["22", "80", "443"]
  }

  source_ranges = ["0.0.0.0/0"]
}

resource "google_compute_firewall" "allow_rdp_range" {
  name      = "allow-rdp-range"
  network   = google_compute_network.shared.name
  direction = "INGRESS"

  allow {
    protocol = "tcp"
    ports    = ["3000-4000"]
  }

  source_ranges = ["0.0.0.0/0"]
}

# differs: CKV_GCP_2 allow_all_tcp (tcp without ports), allow_everything (protocol all) and allow_ssh_v6 (::/0) admit SSH from anywhere: Palisade reports them, Checkov looks for 22 in ports and 0.0.0.0/0 only
# differs: CKV_GCP_3 allow_all_tcp and allow_everything admit RDP from anywhere without naming 3389, which Palisade reports; disabled_rdp is disabled, which Palisade passes and Checkov does not read
resource "google_compute_firewall" "allow_all_tcp" {
  name    = "allow-all-tcp"
  network = google_compute_network.shared.name

  allow {
    protocol = "tcp"
  }

  source_ranges = ["0.0.0.0/0"]
}

resource "google_compute_firewall" "allow_everything" {
  name    = "allow-everything"
  network = google_compute_network.shared.name

  allow {
    protocol = "all"
  }

  source_ranges = ["0.0.0.0/0"]
}

resource "google_compute_firewall" "allow_ssh_v6" {
  name    = "allow-ssh-v6"
  network = google_compute_network.shared.name

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }

  source_ranges = ["::/0"]
}

resource "google_compute_firewall" "egress_ssh" {
  name      = "egress-ssh"
  network   = google_compute_network.shared.name
  direction = "EGRESS"

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }

  destination_ranges = ["0.0.0.0/0"]
}

resource "google_compute_firewall" "disabled_rdp" {
  name     = "disabled-rdp"
  network  = google_compute_network.shared.name
  disabled = true

  allow {
    protocol = "tcp"
    ports    = ["3389"]
  }

  source_ranges = ["0.0.0.0/0"]
}

resource "google_compute_firewall" "web_by_tag" {
  name        = "web-by-tag"
  network     = google_compute_network.shared.name
  source_tags = ["lb"]
  target_tags = ["web"]

  allow {
    protocol = "tcp"
    ports    = ["22", "3389"]
  }
}
