variable "admin_ranges" {
  type = list(string)
}

variable "rules" {
  type = list(object({ protocol = string, ports = list(string) }))
}

resource "google_compute_firewall" "ssh_world" {
  name    = "allow-ssh-http"
  network = "default"

  allow {
    protocol = "tcp"
    ports    = ["22", "80"]
  }

  source_ranges = ["0.0.0.0/0"]
}

resource "google_compute_firewall" "rdp_range" {
  name    = "allow-rdp-range"
  network = "default"

  allow {
    protocol = "udp"
  }

  allow {
    protocol = "tcp"
    ports    = ["3000-4000"]
  }

  source_ranges = ["10.0.0.0/8", "::/0"]
}

resource "google_compute_firewall" "everything" {
  name    = "allow-everything"
  network = "default"

  allow {
    protocol = "all"
  }
}

resource "google_compute_firewall" "disabled" {
  name     = "ssh-disabled"
  network  = "default"
  disabled = true

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }

  source_ranges = ["0.0.0.0/0"]
}

resource "google_compute_firewall" "admins" {
  name    = "ssh-admins"
  network = "default"

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }

  source_ranges = var.admin_ranges
}

resource "google_compute_firewall" "dynamic" {
  name          = "from-variable"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]

  dynamic "allow" {
    for_each = var.rules
    content {
      protocol = allow.value.protocol
      ports    = allow.value.ports
    }
  }
}

resource "google_compute_firewall" "numeric" {
  name          = "rdp-numeric"
  network       = "default"
  direction     = "INGRESS"
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "6"
    ports    = [3389]
  }
}

resource "google_compute_firewall" "tagged" {
  name        = "ssh-from-bastion"
  network     = "default"
  source_tags = ["bastion"]

  allow {
    protocol = "tcp"
  }
}

variable "ports" {
  type = list(string)
}

resource "google_compute_firewall" "ports_from_variable" {
  name          = "ports-from-variable"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = var.ports
  }

  allow {
    protocol = "udp"
    ports    = var.ports
  }
}
