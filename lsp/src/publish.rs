//! Publishing diagnostics. What to publish is taken under the state's lock (a snapshot and
//! what the editor asked to run), computed on a blocking thread without the lock (a newer edit
//! cancels it), and compared under the lock with what was published last, so that only files
//! whose diagnostics changed are sent. Three kinds are published: the checker's, in every
//! policy file (with those of decoding bytes from disk); failed tests, on the policy files they
//! ran in; and violations of evaluated rules, in the input documents.

use crate::convert::{Encoding, Lines, diagnostic};
use crate::evaluate::{Evaluation, Input, Outcome};
use crate::requests::location;
use crate::workspace::Built;
use palisade::{FileId, Span};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use tower_lsp_server::ls_types::*;

/// What a publication reads, taken under the lock.
pub struct Pending {
    pub built: Built,
    pub encoding: Encoding,
    /// Decoding diagnostics of files read from disk, by URI (only files that have some).
    pub decodings: HashMap<Uri, Vec<palisade::Diagnostic>>,
    /// Failed tests, by policy file.
    pub tests: HashMap<Uri, Vec<Diagnostic>>,
    /// The evaluations the author turned on, and their input files as read.
    pub evaluations: Vec<Evaluation>,
    pub inputs: Arc<BTreeMap<PathBuf, Input>>,
    /// Problems of `palisade.toml` (unreadable, unknown keys, schemas that do not load).
    pub settings: Option<(Uri, Vec<String>)>,
}

/// What a publication computed.
pub struct Computed {
    /// Every file's diagnostics.
    pub files: Vec<(Uri, Vec<Diagnostic>)>,
    /// Each evaluation's outcome, by policy and rule.
    pub outcomes: HashMap<(Uri, String), Outcome>,
}

/// Computes every diagnostic to publish.
pub fn compute(p: &Pending) -> Computed {
    let built = &p.built;
    let encoding = p.encoding;
    let mut files: BTreeMap<Uri, Vec<Diagnostic>> = BTreeMap::new();
    for &file in built.workspace.iter() {
        let (Some(uri), Some(text)) = (built.uri(file), built.snapshot.text(file)) else {
            continue;
        };
        let lines = Lines::new(text);
        let locate = |f: FileId, s: Span| location(built, f, s, encoding);
        let decoding = p.decodings.get(uri).map_or(&[][..], |d| &d[..]);
        let mut diagnostics: Vec<Diagnostic> = with_decoding(built, file, text, decoding)
            .iter()
            .map(|d| diagnostic(d, &lines, encoding, &locate))
            .collect();
        diagnostics.extend(p.tests.get(uri).into_iter().flatten().cloned());
        files.insert(uri.clone(), diagnostics);
    }
    if let Some((uri, problems)) = &p.settings {
        let shown = files.entry(uri.clone()).or_default();
        shown.extend(problems.iter().map(|message| Diagnostic {
            range: Range::default(),
            severity: Some(DiagnosticSeverity::ERROR),
            source: Some("palisade".to_owned()),
            message: message.clone(),
            ..Default::default()
        }));
    }
    let mut outcomes = HashMap::new();
    for evaluation in &p.evaluations {
        let (per_input, outcome) = crate::evaluate::run(built, evaluation, &p.inputs);
        for (path, diagnostics) in per_input {
            if let Some(uri) = Uri::from_file_path(&path) {
                files.entry(uri).or_default().extend(diagnostics);
            }
        }
        outcomes.insert(
            (evaluation.policy.clone(), evaluation.rule.clone()),
            outcome,
        );
    }
    Computed {
        files: files.into_iter().collect(),
        outcomes,
    }
}

/// What changed since the last publication: files whose diagnostics differ (with the editor's
/// version of the text they were computed from), and files no longer published, cleared.
pub fn changes(
    published: &mut HashMap<Uri, Vec<Diagnostic>>,
    versions: &HashMap<Uri, i32>,
    files: Vec<(Uri, Vec<Diagnostic>)>,
) -> Vec<(Uri, Vec<Diagnostic>, Option<i32>)> {
    let mut changed = Vec::new();
    let mut seen = HashSet::new();
    for (uri, diagnostics) in files {
        seen.insert(uri.clone());
        if published.get(&uri) != Some(&diagnostics) {
            published.insert(uri.clone(), diagnostics.clone());
            let version = versions.get(&uri).copied();
            changed.push((uri, diagnostics, version));
        }
    }
    let gone: Vec<Uri> = published
        .keys()
        .filter(|u| !seen.contains(*u))
        .cloned()
        .collect();
    for uri in gone {
        published.remove(&uri);
        changed.push((uri, Vec::new(), None));
    }
    changed
}

/// A file's diagnostics, with those of decoding its bytes from disk (where they were not all
/// UTF-8) in place of the lexer's echo of them, as `palisade check` reports them.
fn with_decoding(
    built: &Built,
    file: FileId,
    text: &str,
    decoding: &[palisade::Diagnostic],
) -> Vec<palisade::Diagnostic> {
    let checked = built.snapshot.diagnostics_of(file).cloned();
    if decoding.is_empty() {
        return checked.collect();
    }
    let mut all: Vec<palisade::Diagnostic> = checked
        .filter(|d| !palisade::check::is_decoding_echo(d, text))
        .chain(
            decoding
                .iter()
                .map(|d| palisade::Diagnostic { file, ..d.clone() }),
        )
        .collect();
    palisade::diagnostics::sort_and_dedup(&mut all);
    palisade::diagnostics::cap_per_file(&mut all);
    all
}
