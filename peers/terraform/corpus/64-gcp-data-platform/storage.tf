resource "google_storage_bucket" "platform" {
  for_each = var.buckets

  name                        = "${var.project}-${each.key}"
  location                    = "EU"
  storage_class               = each.value
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  versioning {
    enabled = true
  }

  encryption {
    default_kms_key_name = google_kms_crypto_key.storage.id
  }
}

resource "google_storage_bucket_iam_member" "analysts" {
  for_each = toset(["features", "archive"])

  bucket = google_storage_bucket.platform[each.value].name
  role   = "roles/storage.objectViewer"
  member = var.analysts_group
}

# Open data sets published for the research partners' notebooks.
resource "google_storage_bucket" "open_data" {
  name                        = "${var.project}-open-data"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "inherited"
}

resource "google_storage_bucket_iam_binding" "open_data_readers" {
  bucket  = google_storage_bucket.open_data.name
  role    = "roles/storage.objectViewer"
  members = ["allUsers"]
}
