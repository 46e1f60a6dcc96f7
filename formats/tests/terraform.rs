//! The Terraform reader as a scan meets it: HCL files and plans read into the same
//! `TerraformModule` shape (values known before apply, the pointers of those that are not,
//! references by address, lines), errors with lines and codes for broken files, and hostile
//! inputs that stay bounded.

#![allow(
    clippy::indexing_slicing,
    reason = "serde_json indexing reads Null when absent"
)]

use palisade::{InputLimits, Piece};
use palisade_formats::{read_file, read_file_pieces, terraform};
use serde_json::{Value, json};

fn hcl(text: &str) -> (Value, palisade::Document) {
    let (mut docs, errors) = terraform::read(text.as_bytes(), &InputLimits::default());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 1);
    let d = docs.remove(0);
    (d.value.to_json(), d)
}

fn plan() -> (Value, palisade::Document) {
    let bytes = include_bytes!("terraform/plan.json");
    let (mut docs, errors) = read_file("plan.json", bytes, &InputLimits::default());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 1);
    let d = docs.remove(0);
    (d.value.to_json(), d)
}

#[test]
fn resources_data_sources_and_variables() {
    let text = r#"
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

provider "aws" {
  region = "eu-west-1"
}

variable "retention" {
  type    = number
  default = 7
}

variable "kms_key" {}

resource "aws_db_instance" "main" {
  engine                  = "postgres"
  backup_retention_period = var.retention
  storage_encrypted       = true
  kms_key_id              = var.kms_key
  publicly_accessible     = false
  count                   = 1
  depends_on              = [aws_db_subnet_group.db]
  lifecycle {
    prevent_destroy = true
  }
}

data "aws_iam_policy_document" "ci" {
  statement {
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["*"]
  }
  statement {
    actions = ["kms:Decrypt"]
  }
}
"#;
    let (v, d) = hcl(text);
    assert_eq!(v["kind"], "TerraformModule");
    assert_eq!(v["source"], "hcl");
    let db = &v["resources"][0];
    assert_eq!(db["kind"], "TerraformResource");
    assert_eq!(db["address"], "aws_db_instance.main");
    // `count = 1`: one instance, `[0]`.
    assert_eq!(db["instance"], "aws_db_instance.main[0]");
    assert_eq!(db["index"], 0);
    assert_eq!(db["mode"], "managed");
    assert_eq!(db["type"], "aws_db_instance");
    assert_eq!(db["name"], "main");
    assert_eq!(db["repeated"], "count");
    assert_eq!(db["line"], 19);
    // Meta-arguments are not values; a variable's default is.
    assert_eq!(
        db["values"],
        json!({
            "engine": "postgres",
            "backup_retention_period": 7,
            "storage_encrypted": true,
            "publicly_accessible": false,
        })
    );
    assert_eq!(db["unknown"], json!(["/kms_key_id"]));
    assert_eq!(
        db["references"],
        json!([
            { "path": "/backup_retention_period", "targets": ["var.retention"] },
            { "path": "/kms_key_id", "targets": ["var.kms_key"] },
        ])
    );
    assert_eq!(d.line_of("/resources/0/values/storage_encrypted"), 22);
    let data = &v["resources"][1];
    assert_eq!(data["address"], "data.aws_iam_policy_document.ci");
    assert_eq!(data["mode"], "data");
    assert_eq!(
        data["values"]["statement"][0]["actions"][1],
        "s3:ListBucket"
    );
    assert_eq!(data["values"]["statement"][1]["actions"][0], "kms:Decrypt");
    assert_eq!(d.line_of("/resources/1/values/statement/1"), 38);
    assert_eq!(
        v["variables"],
        json!([
            { "name": "retention", "default": 7, "line": 12 },
            { "name": "kms_key", "line": 17 },
        ])
    );
}

#[test]
fn locals_functions_templates_and_conditionals() {
    let text = r#"
locals {
  bucket = "${local.prefix}-logs"
  prefix = "acme"
  public = false
  tags   = merge(local.base, { Env = "prod" })
  base   = { Team = "platform" }
}

variable "env" {}

resource "aws_s3_bucket" "logs" {
  bucket = local.bucket
  acl    = local.public ? "public-read" : "private"
  tags   = local.tags
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*" }]
  })
  name_prefix = "${var.env}-x"
  mixed  = { known = 1, later = aws_kms_key.k.arn }
  list   = [1, var.env]
  policy_text = <<-EOT
    {"Version": "2012-10-17"}
  EOT
}
"#;
    let (v, _) = hcl(text);
    let r = &v["resources"][0]["values"];
    assert_eq!(r["bucket"], "acme-logs");
    assert_eq!(r["acl"], "private");
    assert_eq!(r["tags"], json!({ "Team": "platform", "Env": "prod" }));
    let policy: Value =
        serde_json::from_str(r["policy"].as_str().unwrap_or("")).unwrap_or_default();
    assert_eq!(policy["Statement"][0]["Principal"], "*");
    assert_eq!(r["policy_text"], "{\"Version\": \"2012-10-17\"}\n");
    // A template with an unknown part, a list with an unknown element: unknown as a whole; an
    // object keeps its known members and lists the others.
    assert_eq!(r["name_prefix"], Value::Null);
    assert_eq!(r["list"], Value::Null);
    assert_eq!(r["mixed"], json!({ "known": 1 }));
    let unknown = &v["resources"][0]["unknown"];
    // `/list/-`: the list holds known elements beside the unknown one.
    assert_eq!(
        unknown,
        &json!(["/name_prefix", "/mixed/later", "/list/-", "/list"])
    );
    let refs = &v["resources"][0]["references"];
    assert!(
        refs.as_array().is_some_and(|a| a.contains(&json!({
            "path": "/mixed/later", "targets": ["aws_kms_key.k"]
        }))),
        "{refs}"
    );
}

#[test]
fn nested_and_dynamic_blocks() {
    let text = r#"
resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.gw.id
  }
  route {
    cidr_block     = "10.1.0.0/16"
    nat_gateway_id = aws_nat_gateway.nat[0].id
  }
}

resource "aws_security_group" "web" {
  dynamic "ingress" {
    for_each = var.ports
    iterator = port
    content {
      from_port   = port.value
      to_port     = port.value
      cidr_blocks = [data.aws_vpc.main.cidr_block]
    }
  }
  egress {
    from_port = 0
  }
}
"#;
    let (v, d) = hcl(text);
    let rt = &v["resources"][0];
    assert_eq!(
        rt["values"]["route"],
        json!([{ "cidr_block": "0.0.0.0/0" }, { "cidr_block": "10.1.0.0/16" }])
    );
    assert_eq!(
        rt["unknown"],
        json!(["/vpc_id", "/route/0/gateway_id", "/route/1/nat_gateway_id"])
    );
    assert_eq!(
        rt["references"],
        json!([
            { "path": "/vpc_id", "targets": ["aws_vpc.main"] },
            { "path": "/route/0/gateway_id", "targets": ["aws_internet_gateway.gw"] },
            { "path": "/route/1/nat_gateway_id", "targets": ["aws_nat_gateway.nat"] },
        ])
    );
    assert_eq!(d.line_of("/resources/0/values/route/1"), 8);
    assert_eq!(d.line_of("/resources/0/values/route/1/cidr_block"), 9);
    // A dynamic block: unknown, its references kept, its iterator not a reference.
    let sg = &v["resources"][1];
    assert_eq!(sg["values"], json!({ "egress": [{ "from_port": 0 }] }));
    assert_eq!(sg["unknown"], json!(["/ingress"]));
    let targets: Vec<&Value> = sg["references"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| r["targets"].as_array().into_iter().flatten())
        .collect();
    assert_eq!(targets, [&json!("var.ports"), &json!("data.aws_vpc.main")]);
}

#[test]
fn each_stands_for_what_for_each_iterates() {
    let text = r#"
resource "aws_s3_bucket_public_access_block" "all" {
  for_each = toset([aws_s3_bucket.a.id, var.extra])
  bucket   = each.value
  name     = "${each.key}-block"
}
"#;
    let (v, _) = hcl(text);
    let r = &v["resources"][0];
    assert_eq!(r["repeated"], "for_each");
    assert_eq!(r["unknown"], json!(["/bucket", "/name"]));
    assert_eq!(
        r["references"],
        json!([
            { "path": "/bucket", "targets": ["aws_s3_bucket.a", "var.extra"] },
            { "path": "/name", "targets": ["aws_s3_bucket.a", "var.extra"] },
        ])
    );
}

fn r_refs(r: &Value) -> Value {
    r["references"].clone()
}

#[test]
fn known_count_and_for_each_are_expanded_into_instances() {
    let text = r#"
variable "zones" {
  default = { b = "10.0.2.0/24", a = "10.0.1.0/24" }
}

resource "aws_subnet" "db" {
  count      = 2
  cidr_block = "10.0.${count.index}.0/24"
}

resource "aws_flow_log" "off" {
  count  = var.flow ? 1 : 0
  vpc_id = aws_vpc.main.id
}

variable "flow" {
  default = false
}

resource "aws_subnet" "zone" {
  for_each   = var.zones
  cidr_block = each.value
  tags       = { Name = "db-${each.key}" }
}

resource "aws_s3_bucket" "named" {
  for_each = toset(["logs", "data", "logs"])
  bucket   = "acme-${each.value}"
}

resource "aws_s3_bucket" "later" {
  count  = length(var.unknown_list)
  bucket = "x-${count.index}"
}

resource "aws_s3_bucket_public_access_block" "both" {
  for_each = {
    a = aws_s3_bucket.a.id
  }
  bucket = each.value
}
"#;
    let (v, _) = hcl(text);
    let instances: Vec<(&str, &str)> = v["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            (
                r["address"].as_str().unwrap_or(""),
                r["instance"].as_str().unwrap_or(""),
            )
        })
        .collect();
    // `count = 0` (known from a variable's default) creates nothing; an unknown count is
    // read once.
    assert_eq!(
        instances,
        [
            ("aws_subnet.db", "aws_subnet.db[0]"),
            ("aws_subnet.db", "aws_subnet.db[1]"),
            ("aws_subnet.zone", "aws_subnet.zone[\"a\"]"),
            ("aws_subnet.zone", "aws_subnet.zone[\"b\"]"),
            ("aws_s3_bucket.named", "aws_s3_bucket.named[\"data\"]"),
            ("aws_s3_bucket.named", "aws_s3_bucket.named[\"logs\"]"),
            ("aws_s3_bucket.later", "aws_s3_bucket.later"),
            (
                "aws_s3_bucket_public_access_block.both",
                "aws_s3_bucket_public_access_block.both"
            ),
        ]
    );
    // Keys known, values not: read once, `each.value` referring to what it iterates over.
    assert_eq!(
        r_refs(&v["resources"][7]),
        json!([{ "path": "/bucket", "targets": ["aws_s3_bucket.a"] }])
    );
    let r = &v["resources"];
    assert_eq!(r[1]["values"]["cidr_block"], "10.0.1.0/24");
    assert_eq!(r[1]["index"], 1);
    assert_eq!(
        r[2]["values"],
        json!({ "cidr_block": "10.0.1.0/24", "tags": { "Name": "db-a" } })
    );
    assert_eq!(r[2]["index"], "a");
    assert_eq!(r[4]["values"]["bucket"], "acme-data");
    assert_eq!(r[6]["unknown"], json!(["/bucket"]));
}

#[test]
fn operators_and_conditionals_on_known_values() {
    let text = r#"
variable "environment" {
  default = "prod"
}
locals {
  is_prod = var.environment == "prod"
  flag    = true
  days    = local.is_prod ? 30 : 7
}
resource "aws_db_instance" "a" {
  deletion_protection     = local.is_prod
  multi_az                = !local.flag
  backup_retention_period = local.days
  allocated_storage       = 10 * 2 + 1
  both                    = local.flag && var.environment != "dev"
  half                    = 7 / 2
  vpc_id                  = local.is_prod ? aws_vpc.prod.id : aws_vpc.dev.id
  unknown                 = var.missing == "x"
}
"#;
    let (v, _) = hcl(text);
    let r = &v["resources"][0];
    assert_eq!(
        r["values"],
        json!({
            "deletion_protection": true,
            "multi_az": false,
            "backup_retention_period": 30,
            "allocated_storage": 21,
            "both": true,
            "half": 3.5,
        })
    );
    assert_eq!(r["unknown"], json!(["/vpc_id", "/unknown"]));
    // Only the branch taken is referred to.
    let vpc: Vec<&Value> = r["references"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|x| x["path"] == "/vpc_id")
        .flat_map(|x| x["targets"].as_array().into_iter().flatten())
        .collect();
    assert_eq!(vpc, [&json!("local.is_prod"), &json!("aws_vpc.prod")]);
}

#[test]
fn locals_stay_bounded() {
    // Each local doubles the one before: 40 levels would be a trillion nodes.
    let mut bomb = String::from("locals {\n  l0 = [1, 2]\n");
    for i in 1..40 {
        bomb.push_str(&format!("  l{i} = [local.l{}, local.l{}]\n", i - 1, i - 1));
    }
    bomb.push_str("}\nresource \"x\" \"y\" {\n  small = local.l3\n  big = local.l39\n}\n");
    let (v, _) = hcl(&bomb);
    assert_eq!(v["resources"][0]["values"]["small"][0][0][0], json!([1, 2]));
    assert_eq!(v["resources"][0]["unknown"], json!(["/big"]));
    // Locals written in reverse order are each evaluated once, after those they use.
    let mut chain = String::from("locals {\n");
    for i in (1..4000).rev() {
        chain.push_str(&format!("  c{i} = local.c{}\n", i - 1));
    }
    chain.push_str("  c0 = \"end\"\n}\nresource \"x\" \"y\" {\n  v = local.c3999\n}\n");
    let (v, _) = hcl(&chain);
    assert_eq!(v["resources"][0]["values"]["v"], "end");
}

#[test]
fn the_other_files_of_the_module_are_context() {
    let variables = br#"
variable "acl" {
  default = "private"
}
locals {
  env = "prod"
}
"#;
    let gateway = br#"
resource "aws_internet_gateway" "gw" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table" "public" {
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.gw.id
  }
}
"#;
    let main = r#"resource "aws_s3_bucket" "b" {
  acl  = var.acl
  tags = { Env = local.env }
}

resource "aws_route_table_association" "db" {
  subnet_id      = aws_subnet.db.id
  route_table_id = aws_route_table.public.id
}
"#;
    let broken: &[u8] = b"resource \"x\" {";
    let (docs, errors) = terraform::read_in_module(
        main.as_bytes(),
        &[&variables[..], &gateway[..], broken],
        &InputLimits::default(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    let d = &docs[0];
    let v = d.value.to_json();
    // Variables and locals of other files are in scope; their values sit where they are used.
    assert_eq!(v["resources"][0]["values"]["acl"], "private");
    assert_eq!(v["resources"][0]["values"]["tags"]["Env"], "prod");
    assert_eq!(d.line_of("/resources/0/values/acl"), 2);
    assert_eq!(d.line_of("/resources/0/values/tags/Env"), 3);
    // Only this file's resources are judged; the others are context, all on line 1.
    assert_eq!(v["resources"].as_array().map(Vec::len), Some(2));
    let context: Vec<&str> = v["context"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["address"].as_str())
        .collect();
    assert_eq!(
        context,
        ["aws_internet_gateway.gw", "aws_route_table.public"]
    );
    assert_eq!(
        v["context"][1]["references"][0]["targets"][0],
        "aws_internet_gateway.gw"
    );
    assert_eq!(d.line_of("/context/1/values/route/0/cidr_block"), 1);
    // Read alone, the file knows neither.
    let (v, _) = hcl(main);
    assert_eq!(v["resources"][0]["unknown"], json!(["/acl", "/tags/Env"]));
    assert_eq!(v["context"], json!([]));
}

#[test]
fn a_plan_is_read_as_a_module() {
    let (v, d) = plan();
    assert_eq!(v["kind"], "TerraformModule");
    assert_eq!(v["source"], "plan");
    let resources = v["resources"].as_array().cloned().unwrap_or_default();
    // The deleted bucket is not judged.
    let addresses: Vec<&str> = resources
        .iter()
        .filter_map(|r| r["address"].as_str())
        .collect();
    assert_eq!(
        addresses,
        [
            "aws_s3_bucket.logs",
            "module.net.aws_route_table.public",
            "data.aws_iam_policy_document.ci"
        ]
    );
    let bucket = &resources[0];
    assert_eq!(
        bucket["values"],
        json!({ "bucket": "acme-logs", "force_destroy": false, "tags": { "Team": "platform" } })
    );
    assert_eq!(bucket["unknown"], json!(["/arn", "/id"]));
    assert_eq!(bucket["actions"], json!(["create"]));
    assert_eq!(
        bucket["references"],
        json!([{ "path": "/tags", "targets": ["local.tags"] }])
    );
    assert_eq!(d.line_of("/resources/0/values/bucket"), 21);
    let rt = &resources[1];
    assert_eq!(rt["module"], "module.net");
    assert_eq!(rt["instance"], "module.net.aws_route_table.public[0]");
    assert_eq!(rt["index"], 0);
    assert_eq!(
        rt["unknown"],
        json!(["/id", "/route/0/gateway_id", "/vpc_id"])
    );
    // References inside a module name the module's resources by their full address.
    assert_eq!(
        rt["references"],
        json!([
            { "path": "/route/0/gateway_id", "targets": ["module.net.aws_internet_gateway.gw"] },
            { "path": "/vpc_id", "targets": ["var.vpc_id"] },
        ])
    );
    assert_eq!(d.line_of("/resources/1/values/route/0/cidr_block"), 60);
    assert_eq!(resources[2]["mode"], "data");
}

#[test]
fn plans_with_for_each_and_module_keys() {
    let plan = br#"{
  "format_version": "1.2",
  "resource_changes": [
    {"address": "module.env[\"prod.eu\"].aws_security_group_rule.ssh", "module_address": "module.env[\"prod.eu\"]",
     "mode": "managed", "type": "aws_security_group_rule", "name": "ssh",
     "change": {"actions": ["create"], "after": {"type": "ingress"}, "after_unknown": {"cidr_blocks": true}}},
    {"address": "aws_s3_bucket_versioning.zone[\"raw\"]", "mode": "managed", "type": "aws_s3_bucket_versioning",
     "name": "zone", "index": "raw",
     "change": {"actions": ["create"], "after": {}, "after_unknown": {"bucket": true}}},
    {"address": "aws_s3_bucket.gone", "mode": "managed", "type": "aws_s3_bucket", "name": "gone",
     "change": {"actions": ["forget"], "after": null, "after_unknown": {}}}
  ],
  "configuration": {"root_module": {
    "resources": [
      {"address": "aws_s3_bucket_versioning.zone", "mode": "managed", "type": "aws_s3_bucket_versioning", "name": "zone",
       "for_each_expression": {"references": ["aws_s3_bucket.zone"]},
       "expressions": {"bucket": {"references": ["each.value.id", "each.value"]}}}
    ],
    "module_calls": {"env": {"module": {"resources": [
      {"address": "aws_security_group_rule.ssh", "mode": "managed", "type": "aws_security_group_rule", "name": "ssh",
       "expressions": {"cidr_blocks": {"references": ["var.admin_cidrs"]}}}
    ]}}}
  }}
}"#;
    let (docs, errors) = read_file("plan.json", plan, &InputLimits::default());
    assert!(errors.is_empty(), "{errors:?}");
    let v = docs[0].value.to_json();
    let r = &v["resources"];
    assert_eq!(r.as_array().map(Vec::len), Some(2));
    // A key with a dot does not lose the module's configuration.
    assert_eq!(
        r[0]["references"],
        json!([{ "path": "/cidr_blocks", "targets": ["var.admin_cidrs"] }])
    );
    // `each.value` refers to what `for_each` iterates over.
    assert_eq!(
        r[1]["references"],
        json!([{ "path": "/bucket", "targets": ["aws_s3_bucket.zone"] }])
    );
    assert_eq!(r[1]["instance"], "aws_s3_bucket_versioning.zone[\"raw\"]");
}

#[test]
fn other_json_is_not_a_plan() {
    let text = br#"{"format_version": "1.0", "kind": "Thing", "resource_changes": []}"#;
    let (docs, errors) = read_file("x.json", text, &InputLimits::default());
    assert!(errors.is_empty());
    assert_eq!(docs[0].value.to_json()["kind"], "Thing");
    let pieces = {
        let mut n = 0;
        read_file_pieces(
            "plan.json",
            include_bytes!("terraform/plan.json"),
            &InputLimits::default(),
            Some("items"),
            &mut |p| {
                if let Piece::Document(d) = p {
                    assert_eq!(d.value.to_json()["kind"], "TerraformModule");
                    n += 1;
                }
            },
        );
        n
    };
    assert_eq!(pieces, 1);
}

#[test]
fn broken_files_are_errors_with_lines() {
    for (text, line) in [
        ("resource \"aws_s3_bucket\" \"x\" {\n  acl = \n}\n", 2),
        ("resource \"a\" \"b\" {\n  x = 1\n", 1),
        ("locals {\n  a = [1, 2\n}\n", 3),
        ("\u{0}", 1),
    ] {
        let (docs, errors) = terraform::read(text.as_bytes(), &InputLimits::default());
        assert!(docs.is_empty(), "{text:?}");
        assert_eq!(errors.len(), 1, "{text:?}");
        assert_eq!(errors[0].code.as_str(), "E0400", "{text:?}");
        assert_eq!(errors[0].line, line, "{text:?}: {}", errors[0].message);
    }
    // Lone carriage returns are not HCL line breaks: the error stays within the file's lines
    // (the input the `terraform` fuzz target reported; its error "at line 77" of 18 lines came
    // from the same bytes read as YAML, whose lines a lone `\r` does break).
    let text = include_bytes!("terraform/lone-carriage-returns.tf.bin");
    let lines = u32::try_from(text.iter().filter(|b| **b == b'\n').count() + 1).unwrap_or(0);
    let (_, errors) = terraform::read(text, &InputLimits::default());
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].line <= lines,
        "line {} of {lines}",
        errors[0].line
    );
    let (docs, errors) = terraform::read(b"", &InputLimits::default());
    assert!(errors.is_empty());
    assert_eq!(docs[0].value.to_json()["resources"], json!([]));
}

#[test]
fn hostile_inputs_stay_bounded() {
    // Nesting deeper than the parser allows is an error, not a stack overflow.
    let deep = format!("x = {}1{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let (docs, errors) = terraform::read(deep.as_bytes(), &InputLimits::default());
    assert!(docs.is_empty());
    assert_eq!(errors[0].code.as_str(), "E0400");
    // Braces left open after expressions that do not parse: the parser would backtrack
    // through every one (seconds for 20, hours for 30); they are refused before it runs, at
    // the line of the first (the input the `terraform` fuzz target reported as a timeout).
    let (docs, errors) = terraform::read(
        include_bytes!("terraform/unclosed-braces.tf.bin"),
        &InputLimits::default(),
    );
    assert!(docs.is_empty());
    assert_eq!(errors[0].code.as_str(), "E0400");
    assert_eq!(errors[0].line, 1, "{}", errors[0].message);
    // Locals that refer to each other in a cycle stay unknown.
    let cycle =
        "locals {\n  a = local.b\n  b = local.a\n}\nresource \"x\" \"y\" {\n  v = local.a\n}\n";
    let (v, _) = hcl(cycle);
    assert_eq!(v["resources"][0]["unknown"], json!(["/v"]));
    // Limits hold as the document is built.
    let limits = InputLimits {
        max_nodes: 50,
        ..InputLimits::default()
    };
    let many: String = (0..100)
        .map(|i| format!("resource \"aws_s3_bucket\" \"b{i}\" {{\n  bucket = \"b{i}\"\n}}\n"))
        .collect();
    let (docs, errors) = terraform::read(many.as_bytes(), &limits);
    assert!(docs.is_empty());
    assert_eq!(errors[0].code.as_str(), "E0402");
    let too_big = InputLimits {
        max_bytes: 10,
        ..InputLimits::default()
    };
    let (_, errors) = terraform::read(many.as_bytes(), &too_big);
    assert_eq!(errors[0].code.as_str(), "E0402");
    assert!(errors[0].message.contains("bytes"), "{}", errors[0].message);
}

#[test]
fn file_names() {
    for yes in ["main.tf", "infra/network.tf", "x\\y.tf"] {
        assert!(terraform::recognizes(yes), "{yes}");
    }
    for no in [".tf", "main.tf.json", "main.tfvars", "tf", "main.tfstate"] {
        assert!(!terraform::recognizes(no), "{no}");
    }
}
