//! The standard library compiled in parts, as documents need them ([`Stdlib::AsNeeded`]).
//!
//! A Terraform module, a Dockerfile or a GitHub workflow is judged only by the rules of its
//! own folder of the library (and what they import): every other rule's discriminators
//! exclude it, directly and through every view that reads it (`PolicySet::reaching`; the
//! `parts` test proves each part holds every rule and view of the whole library that reaches
//! its kinds). Such a document is judged by its part, compiled the first time one comes;
//! any other document by the whole library, compiled the first time one comes. A scan of
//! Terraform files never compiles the Kubernetes checks.
//!
//! [`Stdlib::AsNeeded`]: crate::Stdlib::AsNeeded

use crate::engine::{Engine, Settings};
use palisade::diagnostics::codes;
use palisade::{Decision, DecisionError, FileId, Outcome, PolicySet, Stats, Value};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// A part of the library judged alone.
#[derive(Clone, Copy, Debug)]
pub struct Part {
    /// The document kinds it judges (a document's `kind`).
    pub kinds: &'static [&'static str],
    /// The top-level fields that may hold strings in such a document, besides `kind`, as the
    /// readers write it: a document with another string field (one a rule elsewhere might
    /// discriminate on) is judged by the whole library.
    pub strings: &'static [&'static str],
    /// The folders of the library whose rules may judge them, directly or through views.
    /// The supply-chain checks are among them: their subjects (in-toto statements, SBOMs)
    /// are open records, which the resources that views yield from a module could be as far
    /// as types tell.
    pub folders: &'static [&'static str],
}

/// The parts of the library judged alone.
pub const PARTS: &[Part] = &[
    Part {
        kinds: &["TerraformModule"],
        strings: &["source"],
        folders: &["terraform/", "supply_chain/"],
    },
    Part {
        kinds: &["Dockerfile"],
        strings: &[],
        folders: &["docker/", "supply_chain/"],
    },
    Part {
        kinds: &["GitHubWorkflow", "GitHubAction"],
        strings: &[
            "name",
            "description",
            "concurrency",
            "using",
            "image",
            "main",
        ],
        folders: &["github/", "supply_chain/"],
    },
];

/// The library's files of a part: its folders', and those they import, in library order.
pub fn part_files(part: &Part) -> Vec<palisade_stdlib::File> {
    let own: Vec<usize> = palisade_stdlib::files()
        .iter()
        .enumerate()
        .filter(|(_, f)| part.folders.iter().any(|d| f.path.starts_with(d)))
        .map(|(i, _)| i)
        .collect();
    palisade_stdlib::with_imports(&own)
}

/// Engines over the parts and over the whole library, each built when first needed, with the
/// same settings.
#[derive(Debug)]
pub(crate) struct Parts {
    settings: Settings,
    parts: Vec<OnceLock<Result<Engine, String>>>,
    whole: OnceLock<Result<Engine, String>>,
    /// The parts the expected files need ([`Parts::expect_files`]).
    wanted: Vec<AtomicBool>,
    /// Whether an expected file needs the whole library: it then judges every document.
    whole_wanted: AtomicBool,
}

impl Parts {
    pub(crate) fn new(settings: Settings) -> Parts {
        Parts {
            settings,
            parts: PARTS.iter().map(|_| OnceLock::new()).collect(),
            whole: OnceLock::new(),
            wanted: PARTS.iter().map(|_| AtomicBool::new(false)).collect(),
            whole_wanted: AtomicBool::new(false),
        }
    }

    /// The engine that judges a document: its part's when its `kind` is one of a part's.
    pub(crate) fn for_document(&self, doc: &Value) -> Result<&Engine, &str> {
        // Once the whole library is there (or on its way), it judges everything: a part would
        // judge the same, at the cost of compiling it too.
        if self.whole_wanted.load(Ordering::Acquire) || self.whole.get().is_some() {
            return self.whole();
        }
        let chosen = part_of(doc).and_then(|i| Some((PARTS.get(i)?, self.parts.get(i)?)));
        match chosen {
            Some((part, engine)) => engine
                .get_or_init(|| self.build(&part_files(part)))
                .as_ref()
                .map_err(String::as_str),
            None => self.whole(),
        }
    }

    /// Records what the files named are going to need (see `Engine::expect_files`).
    pub(crate) fn expect_files<'n>(
        &self,
        names: impl IntoIterator<Item = &'n str>,
        head: impl Fn(&str) -> Vec<u8>,
    ) {
        for name in names {
            let kind = if palisade_formats::terraform::recognizes(name) {
                "TerraformModule"
            } else if palisade_formats::dockerfile::recognizes(name) {
                "Dockerfile"
            } else if name.ends_with(".json") && opens_a_plan(&head(name)) {
                "TerraformModule"
            } else {
                self.whole_wanted.store(true, Ordering::Release);
                return;
            };
            if let Some(wanted) = PARTS
                .iter()
                .zip(&self.wanted)
                .find_map(|(p, w)| p.kinds.contains(&kind).then_some(w))
            {
                wanted.store(true, Ordering::Release);
            }
        }
    }

    /// Compiles what the expected files need: the whole library, or the parts.
    pub(crate) fn prepare(&self) {
        if self.whole_wanted.load(Ordering::Acquire) {
            let _ = self.whole();
            return;
        }
        for ((part, engine), wanted) in PARTS.iter().zip(&self.parts).zip(&self.wanted) {
            if wanted.load(Ordering::Acquire) {
                engine.get_or_init(|| self.build(&part_files(part)));
            }
        }
    }

    /// The engine over the whole library.
    pub(crate) fn whole(&self) -> Result<&Engine, &str> {
        self.whole
            .get_or_init(|| self.build(&palisade_stdlib::files()))
            .as_ref()
            .map_err(String::as_str)
    }

    fn build(&self, files: &[palisade_stdlib::File]) -> Result<Engine, String> {
        let sources: Vec<(FileId, &str)> = files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(u32::try_from(i).unwrap_or(u32::MAX)), f.text))
            .collect();
        let set = PolicySet::compile(&sources)
            .map_err(|_| "the standard library does not compile".to_owned())?;
        Engine::new(set, self.settings.clone()).map_err(|e| e.to_string())
    }
}

/// The part that judges a document: one whose kinds hold the document's `kind` and whose
/// string fields hold every other top-level field of the document that is a string.
fn part_of(doc: &Value) -> Option<usize> {
    let Value::Obj(o) = doc else { return None };
    let Some(Value::Str(kind)) = o.get("kind") else {
        return None;
    };
    let i = PARTS.iter().position(|p| p.kinds.contains(&&**kind))?;
    let strings = PARTS.get(i)?.strings;
    o.entries()
        .iter()
        .all(|(k, v)| !matches!(v, Value::Str(_)) || &**k == "kind" || strings.contains(&&**k))
        .then_some(i)
}

/// Whether the first bytes of a JSON file open a Terraform plan, as `terraform show -json`
/// writes it: `{"format_version"`.
fn opens_a_plan(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let rest = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    rest.strip_prefix('{')
        .map(|r| r.trim_start_matches([' ', '\t', '\r', '\n']))
        .is_some_and(|r| r.starts_with("\"format_version\""))
}

/// The decision about a document no engine could be built for.
pub(crate) fn not_evaluable(message: &str) -> Decision {
    Decision {
        decision: Outcome::Denied,
        rules: Vec::new(),
        errors: vec![DecisionError {
            code: codes::NOT_EVALUABLE.as_str().to_owned(),
            message: message.to_owned(),
            rule: None,
            path: None,
        }],
        stats: Stats::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::opens_a_plan;

    #[test]
    fn a_plan_is_told_by_its_first_key() {
        assert!(opens_a_plan(
            br#"{"format_version":"1.2","terraform_version":"1.9.0""#
        ));
        assert!(opens_a_plan(
            b"\xef\xbb\xbf  {\n  \"format_version\": \"1.2\""
        ));
        assert!(!opens_a_plan(br#"{"apiVersion":"v1","kind":"Pod""#));
        assert!(!opens_a_plan(br#"[{"format_version":"1.2"}]"#));
        assert!(!opens_a_plan(b""));
    }
}
