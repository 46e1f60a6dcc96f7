//! The engine: a compiled policy set with its options bound, that reads the bytes of a file,
//! finds the documents to judge in it, and gives decisions with pointers into the file's
//! document, or findings as a report shows them.

use crate::findings::{FileReport, Finding, JudgedObject, rank};
use crate::{stream, targets};
use palisade::diagnostics::codes;
use palisade::{
    Decision, DecisionError, Document, EvalOptions, InputError, InputFormat, InputLimits, Outcome,
    PolicySet, PreparedOptions, Status, read_pieces,
};

/// How an [`Engine`] judges, beyond its policy set.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Limits, parameter and data values, error mode, views and the rules left out
    /// (`options.exclude`).
    pub options: EvalOptions,
    /// Run only this rule (`package.rule` or its metadata id) instead of every rule.
    pub entrypoint: Option<String>,
    /// Deny an object to which no rule applied (E0508) instead of allowing it. Decided per
    /// object: an `AdmissionReview` and the object it carries count as one.
    pub deny_unjudged: bool,
    /// Limits of reading input documents.
    pub input_limits: InputLimits,
    /// Whether [`Engine::scan`] records each object judged and the outcome of every rule that
    /// applied to it ([`FileReport::objects`]), for reports that show passes too. Off by
    /// default: a scan then keeps only findings.
    pub record_objects: bool,
    /// The most a rule's static cost bound may be, in evaluation steps, for documents within
    /// `input_limits` ([`PolicySet::cost_over_budget`]): a set with a rule over it is refused
    /// ([`SettingsError::CostOverBudget`]). `None`: no budget.
    pub max_rule_cost: Option<u64>,
}

/// Why an engine cannot be built from a policy set and settings.
#[derive(Clone, Debug, PartialEq)]
pub enum SettingsError {
    /// A parameter or data value that the set does not declare or that does not conform.
    Options(Vec<DecisionError>),
    /// The entrypoint names no rule of the set.
    UnknownRule(String),
    /// The entrypoint is a rule the settings also exclude: nothing would be judged.
    ExcludedEntrypoint(String),
    /// Rules whose static cost bound exceeds `max_rule_cost` (E0509), one error each.
    CostOverBudget(Vec<palisade::Diagnostic>),
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SettingsError::Options(problems) => {
                let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
                write!(f, "{}", messages.join("; "))
            }
            SettingsError::UnknownRule(name) => {
                write!(f, "`{name}` names no rule of the policy set")
            }
            SettingsError::ExcludedEntrypoint(name) => {
                write!(
                    f,
                    "the entrypoint `{name}` is also excluded: nothing would be judged"
                )
            }
            SettingsError::CostOverBudget(errors) => {
                let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
                write!(f, "{}", messages.join("; "))
            }
        }
    }
}

impl std::error::Error for SettingsError {}

/// A compiled policy set and its bound options: cheap to clone, `Send + Sync`, for any number
/// of files from any number of threads.
#[derive(Clone, Debug)]
pub struct Engine {
    set: PolicySet,
    /// The options bound to the set, or why they cannot be: then every document is denied
    /// with those errors, as `PolicySet::evaluate` denies it.
    prepared: Result<PreparedOptions, Vec<DecisionError>>,
    settings: std::sync::Arc<Settings>,
    /// With the library compiled as documents need it: the engines that judge instead of this
    /// one's (empty) set.
    parts: Option<std::sync::Arc<crate::parts::Parts>>,
}

/// One document judged: where it is in the file and its decision, every pointer of which
/// (violations and errors) points into the file's document.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Judged {
    /// The position of the document in the file (from 0).
    pub document: usize,
    /// The line where the judged document starts.
    pub line: u32,
    /// Where the judged document sits in the file's document (`""` for the whole document,
    /// `/items/2` for an item of a `List`, `/request/object` for the object of a review).
    pub pointer: String,
    /// What was judged, such as `Deployment web`.
    pub object: String,
    /// The decision.
    pub decision: Decision,
}

/// What a file holds, judged.
#[derive(Clone, Debug)]
pub struct Judgement {
    /// How many documents were read (a `List` with no items is one document and no target).
    pub documents: usize,
    /// The documents judged, in file order.
    pub judged: Vec<Judged>,
    /// The documents that could not be read, each with its line and code.
    pub unreadable: Vec<InputError>,
}

impl Judgement {
    /// Whether the file is allowed: a document was read, nothing was unreadable and every
    /// decision allows.
    pub fn is_allowed(&self) -> bool {
        self.documents > 0
            && self.unreadable.is_empty()
            && self.judged.iter().all(|j| j.decision.is_allowed())
    }
}

impl Engine {
    /// An engine over a compiled set. Parameter and data values are converted and checked once,
    /// here; values that do not fit the set do not stop the engine but deny every document
    /// with their errors (E0500, E0506), as evaluation would ([`Engine::option_problems`];
    /// [`EngineBuilder::build`](crate::EngineBuilder::build) refuses them instead). When the set holds the standard library's Pod Security checks, they are told which
    /// rules are excluded (unless the options say so themselves).
    pub fn new(set: PolicySet, mut settings: Settings) -> Result<Engine, SettingsError> {
        let known: Vec<(String, String)> =
            set.rules().into_iter().map(|r| (r.id, r.rule)).collect();
        if let Some(entry) = &settings.entrypoint
            && !known.iter().any(|(id, rule)| id == entry || rule == entry)
        {
            return Err(SettingsError::UnknownRule(entry.clone()));
        }
        if let Some(entry) = &settings.entrypoint
            && known.iter().any(|(id, rule)| {
                (id == entry || rule == entry) && settings.options.exclude.contains(id)
            })
        {
            return Err(SettingsError::ExcludedEntrypoint(entry.clone()));
        }
        if let Some(budget) = settings.max_rule_cost {
            let over = set.cost_over_budget(budget, &settings.input_limits, &settings.options);
            if !over.is_empty() {
                return Err(SettingsError::CostOverBudget(over));
            }
        }
        // "No rule applied" is the engine's to decide, per object (a review and its object are
        // one), not the language's, per target.
        settings.deny_unjudged |= std::mem::take(&mut settings.options.deny_unjudged);
        let param = palisade_stdlib::EXCLUDED_RULES_PARAM;
        if !settings.options.params.contains_key(param) {
            let probe = EvalOptions {
                params: [(param.to_owned(), serde_json::json!([]))].into(),
                ..EvalOptions::default()
            };
            if set.check_options(&probe).is_empty() {
                settings.options.params.insert(
                    param.to_owned(),
                    serde_json::json!(settings.options.exclude),
                );
            }
        }
        let prepared = set.prepare(&settings.options);
        Ok(Engine {
            set,
            prepared,
            settings: std::sync::Arc::new(settings),
            parts: None,
        })
    }

    /// An engine whose standard library is compiled in parts, as documents need them (see
    /// [`Stdlib::AsNeeded`](crate::Stdlib::AsNeeded)).
    pub(crate) fn as_needed(mut settings: Settings) -> Engine {
        settings.deny_unjudged |= std::mem::take(&mut settings.options.deny_unjudged);
        let set = PolicySet::empty();
        let prepared = set.prepare(&EvalOptions::default());
        Engine {
            set,
            prepared,
            settings: std::sync::Arc::new(settings.clone()),
            parts: Some(std::sync::Arc::new(crate::parts::Parts::new(settings))),
        }
    }

    /// With the library compiled in parts, tells the engine which files are coming, so that
    /// [`Engine::prepare`] compiles what they need: a Terraform file (`*.tf`) or a plan (a
    /// `.json` file whose first bytes, which `head` reads, open `{"format_version"`) needs the
    /// Terraform part, a Dockerfile the Docker part, and any other file may hold documents of
    /// any kind: then the whole library is compiled and judges every document (a part is not
    /// compiled besides it). What is judged is the same either way; this decides only what is
    /// compiled, and when. Otherwise nothing.
    pub fn expect_files<'n>(
        &self,
        names: impl IntoIterator<Item = &'n str>,
        head: impl Fn(&str) -> Vec<u8>,
    ) {
        if let Some(parts) = &self.parts {
            parts.expect_files(names, head);
        }
    }

    /// Compiles what [`Engine::expect_files`] found the files need (a host calls it on a
    /// thread of its own while it starts reading them); otherwise nothing.
    pub fn prepare(&self) {
        if let Some(parts) = &self.parts {
            parts.prepare();
        }
    }

    /// Why the options cannot be used with the set, if they cannot (every document is then
    /// denied with these errors).
    pub fn option_problems(&self) -> &[DecisionError] {
        match &self.prepared {
            Ok(_) => &[],
            Err(problems) => problems,
        }
    }

    /// The policy set. With the library compiled as documents need it, the whole library's
    /// (compiled now if no document has needed it yet).
    pub fn policy_set(&self) -> &PolicySet {
        // An engine in parts holds an empty set of its own: what it gives if the whole library
        // could not be built.
        match self.parts.as_ref().map(|p| p.whole()) {
            Some(Ok(whole)) => whole.policy_set(),
            _ => &self.set,
        }
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Reads `bytes` (JSON, or a YAML stream of documents) and judges every document in it:
    /// each document of a stream, each item of a Kubernetes `List`, an `AdmissionReview` and the
    /// object it carries. Documents and items are read one at a time (see [`Engine::scan`]).
    pub fn judge(&self, bytes: &[u8]) -> Judgement {
        let streamed = stream::judge(
            self,
            &mut |split, sink| {
                let limits = &self.settings.input_limits;
                read_pieces(bytes, InputFormat::Detect, limits, split, sink);
            },
            &mut |j, _| j,
        );
        Judgement {
            documents: streamed.documents,
            judged: streamed.outputs,
            unreadable: streamed.unreadable,
        }
    }

    /// Reads the bytes of a file named `name` with the reader its name calls for (a
    /// Dockerfile's for `Dockerfile`, `*.Dockerfile`, `Containerfile`; JSON or YAML otherwise)
    /// and judges every document in it, as [`Engine::judge`] does.
    pub fn judge_file(&self, name: &str, bytes: &[u8]) -> Judgement {
        let streamed = stream::judge(
            self,
            &mut |split, sink| {
                let limits = &self.settings.input_limits;
                palisade_formats::read_file_pieces(name, bytes, limits, split, sink);
            },
            &mut |j, _| j,
        );
        Judgement {
            documents: streamed.documents,
            judged: streamed.outputs,
            unreadable: streamed.unreadable,
        }
    }

    /// Judges documents already read.
    pub fn judge_documents(&self, docs: &[Document]) -> Vec<Judged> {
        let mut judged = Vec::new();
        for doc in docs {
            self.judge_document(doc, &mut |j, _| judged.push(j));
        }
        judged
    }

    /// Judges the targets of one document, handing each decision to `out` with the document
    /// it judged (the whole document, or the part at the decision's pointer).
    pub(crate) fn judge_document(&self, doc: &Document, out: &mut dyn FnMut(Judged, &Document)) {
        let mut judged = Vec::new();
        for target in targets::targets(doc, 0) {
            let decision = self.decide(&target.document, &target.prefix);
            judged.push((
                (target.group, target.wrapper),
                Judged {
                    document: doc.index,
                    line: target.document.line,
                    pointer: target.prefix,
                    object: target.label,
                    decision,
                },
                target.document,
            ));
        }
        if self.settings.deny_unjudged {
            deny_unjudged_objects(&mut judged);
        }
        for (_, j, target) in judged {
            out(j, &target);
        }
    }

    /// Judges one item of a Kubernetes `List`, read on its own: an object of its own, so
    /// "no rule applied" is decided on it alone.
    pub(crate) fn judge_item(&self, item: &Document, position: usize) -> Judged {
        let pointer = format!("/{}/{position}", targets::LIST_ITEMS);
        let decision = self.decide(item, &pointer);
        let mut judged = [(
            (0, false),
            Judged {
                document: item.index,
                line: item.line,
                object: targets::label(&item.value),
                pointer,
                decision,
            },
            (),
        )];
        if self.settings.deny_unjudged {
            deny_unjudged_objects(&mut judged);
        }
        let [(_, j, ())] = judged;
        j
    }

    /// The decision about `target`, the part at `prefix` of a file's document, with its
    /// pointers into the file's document.
    fn decide(&self, target: &Document, prefix: &str) -> Decision {
        if let Some(parts) = &self.parts {
            return match parts.for_document(&target.value) {
                Ok(engine) => engine.decide(target, prefix),
                Err(message) => crate::parts::not_evaluable(message),
            };
        }
        let mut decision = match (&self.settings.entrypoint, &self.prepared) {
            (Some(entry), _) => self
                .set
                .evaluate_entrypoint(entry, target, &self.settings.options),
            (None, Ok(prepared)) => self.set.evaluate_prepared(target, prepared),
            (None, Err(_)) => self.set.evaluate(target, &self.settings.options),
        };
        rebase(&mut decision, prefix, target);
        decision
    }

    /// Judges the bytes of a file and gives its findings, as `palisade scan` reports them:
    /// violations, rule errors, evaluation errors and unreadable documents, each with its rule's
    /// metadata, its pointer into the file's document and its line. The documents of a stream
    /// and the items of a `List` are read and judged one at a time, each under the input
    /// limits on its own, and only their findings are kept: a `List` of 100,000 objects is
    /// judged in the memory of one.
    pub fn scan(&self, name: &str, bytes: &[u8]) -> FileReport {
        self.scan_with_context(name, bytes, &[])
    }

    /// [`Engine::scan`] for a file read with the other files it belongs with: for a Terraform
    /// file, the other `*.tf` files of its directory, whose variables, locals and resources
    /// its rules may follow (see `palisade_formats::terraform::read_in_module`). Only the
    /// file's own documents are judged.
    pub fn scan_with_context(&self, name: &str, bytes: &[u8], context: &[&[u8]]) -> FileReport {
        let limits = &self.settings.input_limits;
        self.scan_read(name, &mut |split, sink| {
            palisade_formats::read_file_pieces_with_context(
                name, bytes, context, limits, split, sink,
            );
        })
    }

    /// [`Engine::scan_with_context`] for file `index` of a Terraform module whose files were
    /// parsed together (`palisade_formats::terraform::ModuleFiles`, parsed under this engine's
    /// input limits): the same report, without parsing the module's other files again for each
    /// of its files. `name` is the file's name, for the report.
    pub fn scan_module_file(
        &self,
        name: &str,
        module: &palisade_formats::terraform::ModuleFiles,
        index: usize,
    ) -> FileReport {
        let limits = &self.settings.input_limits;
        self.scan_read(name, &mut |_, sink| {
            let (documents, errors) = module.read(index, limits);
            errors
                .into_iter()
                .map(palisade::Piece::Unreadable)
                .chain(documents.into_iter().map(palisade::Piece::Document))
                .for_each(&mut *sink);
        })
    }

    /// Judges what `read` reads of the file `name`, as [`Engine::scan`] reports it.
    fn scan_read(&self, name: &str, read: &mut stream::Reader<'_>) -> FileReport {
        let streamed = stream::judge(self, read, &mut |j, target| {
            let mut found = Vec::new();
            findings_of(&j, target, &mut found);
            let object = self
                .settings
                .record_objects
                .then(|| judged_object(&j, target));
            (found, object)
        });
        let mut findings = Vec::new();
        for e in &streamed.unreadable {
            findings.push(Finding {
                rule: e.code.as_str().to_owned(),
                title: "unreadable document".to_owned(),
                severity: "high".to_owned(),
                enforcement: "deny".to_owned(),
                controls: Vec::new(),
                remediation: None,
                message: e.message.clone(),
                path: String::new(),
                line: e.line,
                document: e.document.unwrap_or(0),
                object: "document".to_owned(),
                code: Some(e.code.as_str().to_owned()),
            });
        }
        let judged = streamed.outputs.len();
        let mut objects = Vec::new();
        for (found, object) in streamed.outputs {
            findings.extend(found);
            objects.extend(object);
        }
        findings.sort_by_key(|f| (f.document, f.line));
        FileReport {
            file: name.to_owned(),
            documents: judged,
            findings,
            unreadable: None,
            objects,
        }
    }
}

/// Makes every pointer of a decision about `target`, the part at `prefix` of a file's
/// document, point into the file's document, with the line of the file where the violation
/// does not say.
fn rebase(decision: &mut Decision, prefix: &str, target: &Document) {
    for rule in &mut decision.rules {
        for v in &mut rule.violations {
            if v.line.is_none() {
                v.line = target.violation_line(&v.path);
            }
            if !prefix.is_empty() {
                v.path = format!("{prefix}{}", v.path).into();
            }
        }
    }
    if !prefix.is_empty() {
        for e in decision
            .errors
            .iter_mut()
            .filter(|e| e.rule.is_some() || e.path.is_some())
        {
            e.path = Some(format!("{prefix}{}", e.path.as_deref().unwrap_or_default()));
        }
    }
}

/// Denies each object of `judged` (one document's targets) to which no rule applied: per group,
/// counting the object's own targets, not a review that wraps it; E0508 goes on the first.
fn deny_unjudged_objects<T>(judged: &mut [((usize, bool), Judged, T)]) {
    let mut groups: Vec<usize> = judged.iter().map(|((g, _), _, _)| *g).collect();
    groups.dedup();
    for g in groups {
        let has_object = judged.iter().any(|((t, w), _, _)| *t == g && !*w);
        let counted = |(t, w): &(usize, bool)| *t == g && (!has_object || !*w);
        let applicable: usize = judged
            .iter()
            .filter(|(key, _, _)| counted(key))
            .map(|(_, j, _)| j.decision.applicable())
            .sum();
        if applicable == 0
            && let Some((_, j, _)) = judged.iter_mut().find(|(key, _, _)| counted(key))
        {
            deny_unjudged(&mut j.decision);
        }
    }
}

fn deny_unjudged(decision: &mut Decision) {
    decision.decision = Outcome::Denied;
    decision.errors.push(DecisionError {
        code: codes::UNJUDGED.as_str().to_owned(),
        message: format!(
            "no rule applies to this object (all {} rules skipped it), and objects no rule judges are denied",
            decision.stats.skipped
        ),
        rule: None,
        path: None,
    });
}

/// The object a decision is about and the outcome of each rule that applied to it.
fn judged_object(judged: &Judged, target: &Document) -> JudgedObject {
    let text = |value: Option<&palisade::Value>| match value {
        Some(palisade::Value::Str(s)) => Some(s.to_string()),
        _ => None,
    };
    let (member, meta) = match &target.value {
        palisade::Value::Obj(o) => (
            |key: &str| o.get(key),
            match o.get("metadata") {
                Some(palisade::Value::Obj(m)) => Some(m),
                _ => None,
            },
        ),
        _ => return JudgedObject::default(),
    };
    let of_meta = |key: &str| text(meta.and_then(|m| m.get(key)));
    JudgedObject {
        document: judged.document,
        pointer: judged.pointer.clone(),
        line: judged.line,
        label: judged.object.clone(),
        api_version: text(member("apiVersion")),
        kind: text(member("kind")),
        name: of_meta("name"),
        namespace: of_meta("namespace"),
        uid: of_meta("uid"),
        results: judged
            .decision
            .rules
            .iter()
            .filter_map(|r| {
                let outcome = match r.status {
                    Status::Pass => "pass",
                    Status::Fail => "fail",
                    Status::Error => "error",
                    Status::Skipped => return None,
                };
                Some((r.id.to_string(), outcome))
            })
            .collect(),
    }
}

/// The findings of one judged target, `target` being the document it judged (the part at
/// `judged.pointer` of the file's document).
fn findings_of(judged: &Judged, target: &Document, out: &mut Vec<Finding>) {
    let line_of = |path: &str| match path.strip_prefix(judged.pointer.as_str()) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => target.line_of(rest),
        _ => target.line,
    };
    let decision = &judged.decision;
    for rule in &decision.rules {
        let meta = &rule.metadata;
        let base = |message: String, path: String, line: u32, severity: String, code| Finding {
            rule: rule.id.to_string(),
            title: meta.title.clone(),
            severity,
            enforcement: meta.enforcement.clone(),
            controls: meta.controls.clone(),
            remediation: meta.remediation.clone(),
            message,
            path,
            line,
            document: judged.document,
            object: judged.object.clone(),
            code,
        };
        match rule.status {
            Status::Fail => {
                for v in &rule.violations {
                    let line = v.line.unwrap_or_else(|| line_of(&v.path));
                    out.push(base(
                        v.message.clone(),
                        v.path.to_string(),
                        line,
                        v.severity.to_string(),
                        None,
                    ));
                }
            }
            Status::Error => {
                // An error is at least `high`, and never below the rule's own severity: a rule
                // that could not judge must not pass a stricter `--fail-on`.
                let severity = if rank(&meta.severity) > rank("high") {
                    meta.severity.clone()
                } else {
                    "high".to_owned()
                };
                for e in decision
                    .errors
                    .iter()
                    .filter(|e| e.rule.as_deref() == Some(&rule.id))
                {
                    let path = e.path.clone().unwrap_or_else(|| judged.pointer.clone());
                    let line = line_of(&path);
                    out.push(base(
                        format!("the rule could not judge this document: {}", e.message),
                        path,
                        line,
                        severity.clone(),
                        Some(e.code.clone()),
                    ));
                }
            }
            Status::Pass | Status::Skipped => {}
        }
    }
    for e in decision.errors.iter().filter(|e| e.rule.is_none()) {
        out.push(Finding {
            rule: e.code.clone(),
            title: "evaluation error".to_owned(),
            severity: "high".to_owned(),
            enforcement: "deny".to_owned(),
            controls: Vec::new(),
            remediation: None,
            message: e.message.clone(),
            path: judged.pointer.clone(),
            line: line_of(&judged.pointer),
            document: judged.document,
            object: judged.object.clone(),
            code: Some(e.code.clone()),
        });
    }
}
