# Compute Engine instances: a worker with its own service account, a legacy VM on the default
# account, and a debugging VM with the serial console on.

data "google_compute_default_service_account" "default" {}

resource "google_service_account" "worker" {
  account_id   = "worker"
  display_name = "Queue worker"
}

resource "google_compute_instance" "worker" {
  name         = "worker-1"
  machine_type = "e2-standard-4"
  zone         = "europe-west1-b"

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    subnetwork = "projects/acme-shop/regions/europe-west1/subnetworks/workers"
  }

  metadata = {
    enable-oslogin = "TRUE"
  }

  service_account {
    email  = google_service_account.worker.email
    scopes = ["cloud-platform"]
  }

  shielded_instance_config {
    enable_secure_boot = true
  }
}

resource "google_compute_instance" "legacy" {
  name         = "legacy-app"
  machine_type = "n1-standard-2"
  zone         = "europe-west1-b"

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-11"
    }
  }

  network_interface {
    network = "default"
    access_config {}
  }

  service_account {
    scopes = ["https://www.googleapis.com/auth/cloud-platform"]
  }
}

resource "google_compute_instance" "debug" {
  name         = "debug"
  machine_type = "e2-small"
  zone         = "europe-west1-b"

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    network = "default"
  }

  metadata = {
    serial-port-enable = "true"
  }

  service_account {
    email  = "123456789012-compute@developer.gserviceaccount.com"
    scopes = ["cloud-platform"]
  }
}

# differs: CKV_GCP_31 batch names the default service account through data.google_compute_default_service_account: Palisade follows the reference, Checkov does not
resource "google_compute_instance" "batch" {
  name         = "batch"
  machine_type = "e2-standard-8"
  zone         = "europe-west1-c"

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    network = "default"
  }

  metadata = {
    serial-port-enable = false
  }

  service_account {
    email  = data.google_compute_default_service_account.default.email
    scopes = ["cloud-platform"]
  }
}

resource "google_compute_instance" "readonly" {
  name         = "readonly"
  machine_type = "e2-small"
  zone         = "europe-west1-c"

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    network = "default"
  }

  service_account {
    scopes = ["storage-ro", "logging-write", "monitoring-write"]
  }
}
