resource "google_kms_key_ring" "data" {
  name     = "data-platform"
  location = "europe"
}

resource "google_kms_crypto_key" "storage" {
  name            = "storage"
  key_ring        = google_kms_key_ring.data.id
  rotation_period = "7776000s"
}
