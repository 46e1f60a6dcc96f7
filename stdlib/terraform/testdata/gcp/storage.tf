variable "uniform_access" {
  type = bool
}

variable "prevention" {
  type = string
}

variable "reader" {
  type = string
}

resource "google_storage_bucket" "legacy" {
  name     = "acme-legacy-uploads"
  location = "US"
}

resource "google_storage_bucket" "acl" {
  name                        = "acme-acl-bucket"
  location                    = "US"
  uniform_bucket_level_access = false
  public_access_prevention    = "inherited"
}

resource "google_storage_bucket" "configurable" {
  name                        = "acme-configurable"
  location                    = "US"
  uniform_bucket_level_access = var.uniform_access
  public_access_prevention    = var.prevention
}

resource "google_storage_bucket_iam_member" "public" {
  bucket = google_storage_bucket.legacy.name
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}

resource "google_service_account" "ci" {
  account_id = "ci-uploader"
}

resource "google_storage_bucket_iam_member" "ci" {
  bucket = google_storage_bucket.legacy.name
  role   = "roles/storage.objectCreator"
  member = "serviceAccount:${google_service_account.ci.email}"
}

resource "google_storage_bucket_iam_member" "reader" {
  bucket = google_storage_bucket.legacy.name
  role   = "roles/storage.objectViewer"
  member = var.reader
}

resource "google_storage_bucket_iam_binding" "viewers" {
  bucket  = google_storage_bucket.acl.name
  role    = "roles/storage.objectViewer"
  members = ["group:eng@acme.example", "allAuthenticatedUsers"]
}

resource "google_storage_bucket" "policy_only" {
  name               = "acme-old-provider"
  location           = "US"
  bucket_policy_only = true
}

resource "google_storage_bucket_iam_binding" "mixed" {
  bucket  = google_storage_bucket.acl.name
  role    = "roles/storage.objectViewer"
  members = ["allUsers", "serviceAccount:${google_service_account.ci.email}"]
}
