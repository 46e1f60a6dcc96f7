# Cloud Storage buckets of the analytics project.

terraform {
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 5.30"
    }
  }
}

provider "google" {
  project = var.project
  region  = "europe-west1"
}

variable "project" {
  type    = string
  default = "acme-analytics"
}

resource "google_storage_bucket" "exports" {
  name                        = "${var.project}-exports"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  versioning {
    enabled = true
  }
}

resource "google_storage_bucket" "public_assets" {
  name                        = "${var.project}-public-assets"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "inherited"

  website {
    main_page_suffix = "index.html"
  }
}

resource "google_storage_bucket" "legacy_acl" {
  name     = "${var.project}-legacy"
  location = "europe-west1"
}

# differs: CKV_GCP_29 bucket_policy_only is the provider 3.x name of uniform bucket-level access: Palisade accepts it, Checkov reads only uniform_bucket_level_access
resource "google_storage_bucket" "old_provider" {
  name               = "${var.project}-old"
  location           = "EU"
  bucket_policy_only = true
}

resource "google_storage_bucket_iam_member" "public_read" {
  bucket = google_storage_bucket.public_assets.name
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}

resource "google_storage_bucket_iam_member" "exports_reader" {
  bucket = google_storage_bucket.exports.name
  role   = "roles/storage.objectViewer"
  member = "group:analysts@example.com"
}

resource "google_service_account" "loader" {
  account_id   = "loader"
  display_name = "Data loader"
}

resource "google_storage_bucket_iam_member" "loader" {
  bucket = google_storage_bucket.exports.name
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:${google_service_account.loader.email}"
}

resource "google_storage_bucket_iam_binding" "legacy_readers" {
  bucket = google_storage_bucket.legacy_acl.name
  role   = "roles/storage.legacyObjectReader"
  members = [
    "allAuthenticatedUsers",
    "user:ops@example.com",
  ]
}

resource "google_storage_bucket_iam_binding" "exports_admins" {
  bucket  = google_storage_bucket.exports.name
  role    = "roles/storage.admin"
  members = ["group:data-platform@example.com"]
}
