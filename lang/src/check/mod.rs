//! Checking a policy set: packages and imports, names in every item, then types. Takes plain parsed data; knows nothing of salsa or IO.

pub mod analysis;
mod packages;
mod resolve;
mod typeck;
pub mod types;

pub use packages::{ItemKindTag, PackageIndex};
pub use typeck::Facts;
pub(crate) use typeck::{ENFORCEMENTS, META_KEYS, SEVERITIES, valid_control};

use crate::diagnostics::Diagnostic;
use crate::span::FileId;
use crate::syntax::{self, Parse};

/// The outcome of checking a set of sources.
#[derive(Clone, Debug)]
pub struct CheckResult {
    /// Each file's parse, in the order given.
    pub parses: Vec<(FileId, Parse)>,
    /// Every diagnostic, parse diagnostics first, then per file in order of position.
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckResult {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Decodes raw file bytes (reporting invalid UTF-8), then parses and checks them as one policy
/// set. Returns the decoded texts, in order, with the result.
pub fn check_bytes(sources: &[(FileId, &[u8])]) -> (Vec<String>, CheckResult) {
    let decoded: Vec<(String, Vec<Diagnostic>)> = sources
        .iter()
        .map(|(file, bytes)| crate::source::decode_source(*file, bytes))
        .collect();
    let texts: Vec<(FileId, &str)> = sources
        .iter()
        .zip(&decoded)
        .map(|((file, _), (text, _))| (*file, text.as_str()))
        .collect();
    let (mut result, _, _) = check_uncapped(&texts, Record::Nothing);
    // Where bytes were not UTF-8, the lexer meets the U+FFFD that replaced them: the
    // decoder's E0003 already says what is wrong there.
    let invalid: std::collections::HashSet<FileId> = decoded
        .iter()
        .zip(sources)
        .filter(|((_, d), _)| !d.is_empty())
        .map(|(_, (file, _))| *file)
        .collect();
    result.diagnostics.retain(|d| {
        !invalid.contains(&d.file)
            || !texts
                .iter()
                .find(|(f, _)| *f == d.file)
                .is_some_and(|(_, t)| is_decoding_echo(d, t))
    });
    let mut diagnostics: Vec<Diagnostic> = decoded
        .iter()
        .flat_map(|(_, d)| d.iter().cloned())
        .chain(result.diagnostics)
        .collect();
    crate::diagnostics::sort_and_dedup(&mut diagnostics);
    crate::diagnostics::cap_per_file(&mut diagnostics);
    result.diagnostics = diagnostics;
    (decoded.into_iter().map(|(t, _)| t).collect(), result)
}

/// Whether `d`, in a file whose bytes were not all UTF-8 and were decoded to `text`, only
/// repeats what decoding reported: the lexer meeting the U+FFFD that replaced invalid bytes.
pub fn is_decoding_echo(d: &Diagnostic, text: &str) -> bool {
    d.code == crate::diagnostics::codes::UNEXPECTED_CHARACTER
        && text
            .get(d.span.range())
            .is_some_and(|s| s.chars().all(|c| c == char::REPLACEMENT_CHARACTER))
}

/// Parses and checks sources that form one policy set (they may import each other).
///
/// ```
/// use palisade::{FileId, Severity, check_sources};
///
/// let lib = "package acme.lib\n\nlet limit = 3\n";
/// let main = "package acme.main\n\nimport acme.lib\n\nlet doubled = lib.limit * 2\nlet broken = lib.limt\n";
/// let result = check_sources(&[(FileId(0), lib), (FileId(1), main)]);
/// assert!(result.has_errors());
/// let error = &result.diagnostics[0];
/// assert_eq!(error.code.as_str(), "E0205");
/// assert_eq!(error.severity(), Severity::Error);
/// assert_eq!(error.file, FileId(1));
/// assert_eq!(&main[error.span.range()], "limt");
/// ```
pub fn check_sources(sources: &[(FileId, &str)]) -> CheckResult {
    check_with_facts(sources).0
}

/// Checks sources like [`check_sources`], also returning what evaluation needs from checking.
pub fn check_with_facts(sources: &[(FileId, &str)]) -> (CheckResult, Facts) {
    let (mut result, facts, _) = check_uncapped(sources, Record::Nothing);
    crate::diagnostics::cap_per_file(&mut result.diagnostics);
    (result, facts)
}

/// Whether checking records positions for editors.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Record {
    Nothing,
    Positions,
}

/// Checking without the per-file cap, which is applied once, last.
fn check_uncapped(
    sources: &[(FileId, &str)],
    record: Record,
) -> (CheckResult, Facts, Option<analysis::Analysis>) {
    let parses: Vec<(FileId, Parse)> = syntax::parse_all(sources);
    let mut diagnostics: Vec<Diagnostic> = parses
        .iter()
        .flat_map(|(_, p)| p.diagnostics.iter().cloned())
        .collect();
    let files: Vec<(FileId, &syntax::ast::SourceFile)> =
        parses.iter().map(|(id, p)| (*id, &p.file)).collect();
    let (checked, facts, analysis) = check_trees_recording(&files, record);
    diagnostics.extend(checked);
    crate::diagnostics::sort_and_dedup(&mut diagnostics);
    let result = CheckResult {
        parses,
        diagnostics,
    };
    (result, facts, analysis)
}

/// Parses and checks sources like [`check_sources`], also recording for editors the type of
/// every expression, every binding and what every name refers to.
pub fn analyze(sources: &[(FileId, &str)]) -> (CheckResult, analysis::Analysis) {
    let (mut result, _, analysis) = check_uncapped(sources, Record::Positions);
    crate::diagnostics::cap_per_file(&mut result.diagnostics);
    (result, analysis.unwrap_or_default())
}

/// Checks parsed files that form one policy set: packages, names, types. Returns the
/// diagnostics of these phases (not the parse diagnostics), unsorted and uncapped.
pub fn check_trees(files: &[(FileId, &syntax::ast::SourceFile)]) -> (Vec<Diagnostic>, Facts) {
    let (diagnostics, facts, _) = check_trees_recording(files, Record::Nothing);
    (diagnostics, facts)
}

pub(crate) fn check_trees_recording(
    files: &[(FileId, &syntax::ast::SourceFile)],
    record: Record,
) -> (Vec<Diagnostic>, Facts, Option<analysis::Analysis>) {
    let mut diagnostics = Vec::new();
    let index = PackageIndex::build(files, &mut diagnostics);
    for (file, tree) in files {
        resolve::resolve_file(&index, *file, tree, &mut diagnostics);
    }
    let (facts, analysis) =
        typeck::check(&index, files, &mut diagnostics, record == Record::Positions);
    (diagnostics, facts, analysis)
}

/// Which of `library`'s sources `sources` need: those declaring a package that the sources
/// import but do not declare themselves, and, in turn, what those import. Indices into
/// `library`, ascending. Hosts use it to add only the library files a policy set imports.
pub fn imported_library(sources: &[&str], library: &[&str]) -> Vec<usize> {
    let header = |text: &str| Header::of(&syntax::parse_header(FileId(0), text));
    let sources: Vec<Header> = sources.iter().map(|t| header(t)).collect();
    let library: Vec<Header> = library.iter().map(|t| header(t)).collect();
    imported_by_headers(&sources, &library)
}

/// What choosing library files reads of a file: the package it declares and those it imports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// The declared package, dotted.
    pub package: Option<String>,
    /// The imported packages, dotted.
    pub imports: Vec<String>,
}

impl Header {
    /// The header of a parsed file.
    pub fn of(file: &syntax::ast::SourceFile) -> Header {
        Header {
            package: file.package.as_ref().map(|p| p.dotted()),
            imports: file.imports.iter().map(|i| i.path.dotted()).collect(),
        }
    }
}

/// [`imported_library`] over headers already read: indices into `library`, ascending.
pub fn imported_by_headers(sources: &[Header], library: &[Header]) -> Vec<usize> {
    use std::collections::{BTreeSet, HashMap};
    let mut declared: BTreeSet<&str> = BTreeSet::new();
    let mut wanted: Vec<&str> = Vec::new();
    for h in sources {
        declared.extend(h.package.as_deref());
        wanted.extend(h.imports.iter().map(String::as_str));
    }
    // A package may be split over several library files: all of them are taken.
    let mut by_package: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, h) in library.iter().enumerate() {
        if let Some(p) = h.package.as_deref() {
            by_package.entry(p).or_default().push(i);
        }
    }
    let mut chosen: BTreeSet<usize> = BTreeSet::new();
    while let Some(package) = wanted.pop() {
        if declared.contains(package) {
            continue;
        }
        declared.insert(package);
        for i in by_package.get(package).into_iter().flatten() {
            chosen.insert(*i);
            if let Some(h) = library.get(*i) {
                wanted.extend(h.imports.iter().map(String::as_str));
            }
        }
    }
    chosen.into_iter().collect()
}

/// The codes whose diagnostics relate declarations in different files (a package declared
/// twice, a rule id used twice): computed over the whole set by [`cross_file_diagnostics`].
pub const CROSS_FILE_CODES: [crate::diagnostics::Code; 2] = [
    crate::diagnostics::codes::DUPLICATE_PACKAGE,
    crate::diagnostics::codes::DUPLICATE_RULE_ID,
];

/// The diagnostics with [`CROSS_FILE_CODES`], from declarations alone (no type checking).
pub fn cross_file_diagnostics(files: &[(FileId, &syntax::ast::SourceFile)]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    PackageIndex::build(files, &mut diagnostics);
    diagnostics.retain(|d| d.code == crate::diagnostics::codes::DUPLICATE_PACKAGE);
    diagnostics.extend(typeck::duplicate_rule_ids(files));
    diagnostics
}
