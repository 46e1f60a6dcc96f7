//! `palisade scan` over Terraform as a user lays it out: a module is a directory, settings of a
//! resource are often in another file than the resource, and a `for_each` names what
//! `each.value` stands for. Findings land in the file of the resource they are about.

#![allow(
    clippy::indexing_slicing,
    reason = "serde_json indexing reads Null when absent"
)]

use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// `(file name, rule, line)` of every finding of `palisade scan DIR --format json`.
#[expect(clippy::panic, reason = "a test helper fails its test by panicking")]
fn scan(dir: &Path) -> Vec<(String, String, u64)> {
    let out = Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(["scan", ".", "--format", "json"])
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run palisade: {e}"));
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let mut found = Vec::new();
    for file in report["files"].as_array().into_iter().flatten() {
        let name = file["file"].as_str().unwrap_or_default();
        let name = name.rsplit('/').next().unwrap_or(name).to_owned();
        for f in file["findings"].as_array().into_iter().flatten() {
            found.push((
                name.clone(),
                f["rule"].as_str().unwrap_or_default().to_owned(),
                f["line"].as_u64().unwrap_or(0),
            ));
        }
    }
    found
}

/// A fresh directory holding the files: a module of its own.
fn module(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("palisade-tf-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    for (file, text) in files {
        let _ = std::fs::write(dir.join(file), text);
    }
    dir
}

const BUCKET: &str = r#"resource "aws_s3_bucket" "invoices" {
  bucket = "acme-invoices"
}
"#;

const BLOCK: &str = r#"resource "aws_s3_bucket_public_access_block" "invoices" {
  bucket                  = aws_s3_bucket.invoices.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
"#;

fn rules_of(found: &[(String, String, u64)], file: &str) -> Vec<String> {
    let mut rules: Vec<String> = found
        .iter()
        .filter(|(f, _, _)| f == file)
        .map(|(_, r, _)| r.clone())
        .collect();
    rules.sort();
    rules
}

#[test]
fn settings_in_another_file_of_the_module_count() {
    let versioning = r#"
resource "aws_s3_bucket_versioning" "invoices" {
  bucket = aws_s3_bucket.invoices.id
  versioning_configuration {
    status = "Enabled"
  }
}
"#;
    let dir = module(
        "split",
        &[
            ("buckets.tf", BUCKET),
            ("settings.tf", &format!("{BLOCK}{versioning}")),
        ],
    );
    let found = scan(&dir);
    let rules = rules_of(&found, "buckets.tf");
    // The public access block and the versioning of settings.tf cover the bucket.
    for covered in [
        "TF-AWS-S3-BLOCK-PUBLIC-ACLS",
        "TF-AWS-S3-BLOCK-PUBLIC-POLICY",
        "TF-AWS-S3-IGNORE-PUBLIC-ACLS",
        "TF-AWS-S3-RESTRICT-PUBLIC-BUCKETS",
        "TF-AWS-S3-VERSIONING",
    ] {
        assert!(!rules.iter().any(|r| r == covered), "{covered}: {found:?}");
    }
    // What no file sets is still reported, at the bucket.
    assert!(
        rules.iter().any(|r| r == "TF-AWS-S3-KMS-ENCRYPTION"),
        "{found:?}"
    );
    assert!(rules_of(&found, "settings.tf").is_empty(), "{found:?}");
    // Each file alone: the bucket has no public access block.
    let alone = module("alone", &[("buckets.tf", BUCKET)]);
    let rules = rules_of(&scan(&alone), "buckets.tf");
    assert!(
        rules.iter().any(|r| r == "TF-AWS-S3-BLOCK-PUBLIC-ACLS"),
        "{rules:?}"
    );
}

#[test]
fn a_wrong_setting_in_another_file_is_reported_at_the_resource_it_is_about() {
    let suspended = r#"
resource "aws_s3_bucket_versioning" "invoices" {
  bucket = aws_s3_bucket.invoices.id
  versioning_configuration {
    status = "Suspended"
  }
}
"#;
    let dir = module(
        "suspended",
        &[
            ("buckets.tf", BUCKET),
            ("settings.tf", &format!("{BLOCK}{suspended}")),
        ],
    );
    let found = scan(&dir);
    assert!(
        found.contains(&(
            "buckets.tf".to_owned(),
            "TF-AWS-S3-VERSIONING".to_owned(),
            1
        )),
        "{found:?}"
    );
    assert!(rules_of(&found, "settings.tf").is_empty(), "{found:?}");
}

#[test]
fn each_value_refers_to_what_for_each_iterates() {
    let main = r#"
resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

resource "aws_s3_bucket" "replica" {
  bucket = "acme-uploads-replica"
}

resource "aws_s3_bucket_public_access_block" "all" {
  for_each = {
    uploads = aws_s3_bucket.uploads.id
    replica = aws_s3_bucket.replica.id
  }
  bucket                  = each.value
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
"#;
    let dir = module("for-each", &[("main.tf", main)]);
    let found = scan(&dir);
    assert!(
        !found
            .iter()
            .any(|(_, r, _)| r.starts_with("TF-AWS-S3-BLOCK-")
                || r == "TF-AWS-S3-IGNORE-PUBLIC-ACLS"
                || r == "TF-AWS-S3-RESTRICT-PUBLIC-BUCKETS"),
        "{found:?}"
    );
}

#[test]
fn a_database_subnet_is_followed_to_a_gateway_declared_in_another_file() {
    let network = r#"
resource "aws_subnet" "db" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.10.0/24"
}

resource "aws_route_table_association" "db" {
  subnet_id      = aws_subnet.db.id
  route_table_id = aws_route_table.public.id
}
"#;
    let routes = r#"
resource "aws_internet_gateway" "gw" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.gw.id
  }
}
"#;
    let dir = module(
        "db-subnet",
        &[("network.tf", network), ("routes.tf", routes)],
    );
    let found = scan(&dir);
    assert!(
        found.contains(&(
            "network.tf".to_owned(),
            "TF-AWS-DB-SUBNET-PUBLIC-ROUTE".to_owned(),
            2
        )),
        "{found:?}"
    );
    assert!(
        !rules_of(&found, "routes.tf").contains(&"TF-AWS-DB-SUBNET-PUBLIC-ROUTE".to_owned()),
        "{found:?}"
    );
}

#[test]
fn a_large_module_without_the_resources_a_rule_is_about_is_judged_in_full() {
    // Rules about buckets must not pay for every other resource of the file: 2,000 DNS records
    // and a bucket are judged without a rule running out of fuel.
    let mut main = String::from(BUCKET);
    for i in 0..2000 {
        main.push_str(&format!(
            "resource \"aws_route53_record\" \"r{i}\" {{\n  zone_id = \"Z1\"\n  name    = \"r{i}.example.com\"\n  type    = \"A\"\n  ttl     = 300\n  records = [\"192.0.2.{}\"]\n}}\n",
            i % 250
        ));
    }
    let dir = module("large", &[("main.tf", &main)]);
    let out = Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(["scan", ".", "--format", "json"])
        .current_dir(&dir)
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let findings: Vec<&Value> = report["files"][0]["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    assert!(
        findings.iter().all(|f| f["code"].is_null()),
        "{findings:#?}"
    );
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == "TF-AWS-S3-BLOCK-PUBLIC-ACLS" && f["line"] == 1),
        "{findings:#?}"
    );
}

#[test]
fn other_files_of_a_module_directory_are_read_as_their_names_say() {
    // `Dockerfile.tf` is a Dockerfile (as both readers' names take it, the Dockerfile reader
    // wins), and a manifest beside the `.tf` files is a manifest: neither is part of the module.
    let dir = module(
        "mixed",
        &[
            ("main.tf", BUCKET),
            ("Dockerfile.tf", "FROM ubuntu:latest\nUSER root\n"),
            (
                "pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: nginx, securityContext: {privileged: true}}]\n",
            ),
        ],
    );
    let found = scan(&dir);
    let docker = rules_of(&found, "Dockerfile.tf");
    assert!(!docker.is_empty(), "{found:?}");
    assert!(
        !docker.iter().any(|r| r == "E0400" || r.starts_with("TF-")),
        "{docker:?}"
    );
    assert!(
        rules_of(&found, "pod.yaml")
            .iter()
            .any(|r| r.starts_with("PSS-")),
        "{found:?}"
    );
    assert!(
        rules_of(&found, "main.tf")
            .iter()
            .any(|r| r.starts_with("TF-AWS-S3-")),
        "{found:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
