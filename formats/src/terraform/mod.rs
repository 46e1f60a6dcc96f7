//! Terraform configurations read into the typed document that the standard library's
//! `palisade.terraform.schema.TerraformModule` declares, from either of two forms:
//!
//! - a `*.tf` file (HCL, parsed with `hcl-edit`, which keeps the position of every node): its
//!   `resource` and `data` blocks, each with the values known before apply, the pointers of
//!   those that are not, and what each attribute refers to ([`read`]);
//! - the JSON of `terraform show -json PLAN`, recognised by its content wherever it is
//!   ([`plan::is_plan`]): its resource changes with the values the plan will apply
//!   ([`from_plan`]).
//!
//! One document per file or plan: the view `resources` of the schema yields each resource as a
//! document of its own, so one rule over `aws_s3_bucket` judges both forms.
//!
//! Reading is total: a file that does not parse gives no document and one error with its line
//! and the stable code `E0400`; the limits of [`InputLimits`] hold (bytes before parsing;
//! nodes, depth, lengths and string sizes as the document is built).

mod brackets;
mod emit;
mod hcl;
mod model;
mod module_files;
pub mod plan;

pub use module_files::ModuleFiles;

use palisade::{Document, InputError, InputLimits};

/// Whether a file name is a Terraform file's: `*.tf` (not `*.tf.json`, which is JSON and read
/// as such).
pub fn recognizes(file_name: &str) -> bool {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    base.len() > 3 && base.ends_with(".tf")
}

/// Reads a Terraform file: its one document (index 0), or the error that stopped it.
///
/// ```
/// use palisade::InputLimits;
///
/// let text = br#"
/// variable "acl" {
///   default = "public-read"
/// }
///
/// resource "aws_s3_bucket" "logs" {
///   bucket = "acme-logs"
///   acl    = var.acl
///   versioning {
///     enabled = true
///   }
/// }
///
/// resource "aws_s3_bucket_public_access_block" "logs" {
///   bucket            = aws_s3_bucket.logs.id
///   block_public_acls = true
/// }
/// "#;
/// let (docs, errors) = palisade_formats::terraform::read(text, &InputLimits::default());
/// assert!(errors.is_empty());
/// let doc = &docs[0];
/// let json = doc.value.to_json();
/// let bucket = &json["resources"][0];
/// assert_eq!(bucket["address"], "aws_s3_bucket.logs");
/// assert_eq!(bucket["values"]["acl"], "public-read");
/// assert_eq!(bucket["values"]["versioning"][0]["enabled"], true);
/// assert_eq!(doc.line_of("/resources/0/values/acl"), 8);
/// let block = &json["resources"][1];
/// assert_eq!(block["unknown"][0], "/bucket");
/// assert_eq!(block["references"][0]["targets"][0], "aws_s3_bucket.logs");
/// ```
pub fn read(bytes: &[u8], limits: &InputLimits) -> (Vec<Document>, Vec<InputError>) {
    read_in_module(bytes, &[], limits)
}

/// Reads a Terraform file as [`read`] does, with the other files of its module (the `*.tf`
/// files of the same directory) as `context`: their variables and locals are in scope, and
/// their resources are the document's `context`, so that rules follow references from this
/// file's resources to resources declared elsewhere in the module. Only this file's
/// resources are judged; a context file that cannot be read (or parsed) is left out, its
/// errors being its own file's to report.
pub fn read_in_module(
    bytes: &[u8],
    context: &[&[u8]],
    limits: &InputLimits,
) -> (Vec<Document>, Vec<InputError>) {
    let mut files = Vec::with_capacity(1 + context.len());
    files.push(bytes);
    files.extend_from_slice(context);
    ModuleFiles::parse(&files, limits).read(0, limits)
}

/// The `TerraformModule` document of a plan document (see [`plan::is_plan`]), numbered as it.
pub fn from_plan(doc: &Document, limits: &InputLimits) -> Result<Option<Document>, InputError> {
    let module = plan::module(doc);
    emit::build(&module, limits).map(|built| {
        built.map(|mut d| {
            d.index = doc.index;
            d
        })
    })
}

fn finish(
    built: Result<Option<Document>, InputError>,
    index: usize,
) -> (Vec<Document>, Vec<InputError>) {
    match built {
        Ok(Some(doc)) => (vec![doc], Vec::new()),
        Ok(None) => (Vec::new(), Vec::new()),
        Err(e) => (
            Vec::new(),
            vec![InputError {
                document: Some(index),
                ..e
            }],
        ),
    }
}
