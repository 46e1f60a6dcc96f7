//! `palisade fmt`: rewrite policy files in the canonical style (`spec/style.md`). Files are
//! replaced atomically (a temporary file beside the original, then a rename), so an interrupted
//! run never leaves a half-written policy. `--check` and `--diff` only report; `-` formats
//! standard input to standard output. A file that does not parse is reported with its syntax
//! errors and left untouched. Exit status: 0 done (or nothing to change), 1 `--check`/`--diff`
//! found files to change, 2 a file could not be formatted or read.

use crate::files::{self, LoadedFile};
use palisade::diagnostics::{RenderOptions, render};
use palisade::{Diagnostic, FileId, FormatOptions, decode_source, format};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What `palisade fmt` was asked to do.
pub struct Args {
    pub paths: Vec<PathBuf>,
    pub check: bool,
    pub diff: bool,
}

/// How one file came out.
enum Outcome {
    Unchanged,
    Changed,
    Failed,
}

pub fn run(args: &Args) -> ExitCode {
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin {
        if args.paths.len() > 1 {
            eprintln!("error: `-` (standard input) cannot be combined with other paths");
            return ExitCode::from(2);
        }
        return format_stdin(args);
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let found = match files::collect(&paths) {
        Ok(found) => found,
        Err(files::IoError(message)) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let (mut changed, mut failed) = (0usize, 0usize);
    for path in &found {
        match format_file(path, args) {
            Outcome::Unchanged => {}
            Outcome::Changed => changed += 1,
            Outcome::Failed => failed += 1,
        }
    }
    let verb = if args.check || args.diff {
        "would reformat"
    } else {
        "reformatted"
    };
    eprintln!(
        "{verb} {changed} of {} {}{}",
        found.len(),
        crate::report::plural(found.len(), "file", "files"),
        if failed > 0 {
            format!("; {failed} could not be formatted")
        } else {
            String::new()
        }
    );
    if failed > 0 {
        ExitCode::from(2)
    } else if changed > 0 && (args.check || args.diff) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn format_file(path: &Path, args: &Args) -> Outcome {
    let display = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read `{display}`: {e}");
            return Outcome::Failed;
        }
    };
    let formatted = match format_bytes(&display, &bytes) {
        Some(f) => f,
        None => return Outcome::Failed,
    };
    if formatted.as_bytes() == bytes.as_slice() {
        return Outcome::Unchanged;
    }
    if args.diff {
        let original = String::from_utf8_lossy(&bytes);
        crate::report::emit(&unified_diff(&display, &original, &formatted));
    } else if args.check {
        crate::report::emit(&format!("{display}\n"));
    } else if let Err(e) = replace_atomically(path, formatted.as_bytes()) {
        eprintln!("error: cannot write `{display}`: {e}");
        return Outcome::Failed;
    }
    Outcome::Changed
}

fn format_stdin(args: &Args) -> ExitCode {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
        eprintln!("error: cannot read standard input: {e}");
        return ExitCode::from(2);
    }
    let Some(formatted) = format_bytes("<stdin>", &bytes) else {
        return ExitCode::from(2);
    };
    let same = formatted.as_bytes() == bytes.as_slice();
    if args.diff {
        if !same {
            let original = String::from_utf8_lossy(&bytes);
            crate::report::emit(&unified_diff("<stdin>", &original, &formatted));
        }
    } else if args.check {
        if !same {
            crate::report::emit("<stdin>\n");
        }
    } else {
        crate::report::emit(&formatted);
    }
    if !same && (args.check || args.diff) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The formatted text, or `None` after reporting why the source cannot be formatted.
fn format_bytes(display: &str, bytes: &[u8]) -> Option<String> {
    let id = FileId(0);
    if bytes.len() > palisade::syntax::MAX_SOURCE_LEN {
        eprintln!(
            "error: `{display}` is {} bytes, more than the maximum of {}",
            bytes.len(),
            palisade::syntax::MAX_SOURCE_LEN
        );
        return None;
    }
    let (text, problems) = decode_source(id, bytes);
    if !problems.is_empty() {
        report(display, &text, &problems);
        return None;
    }
    match format(&text, &FormatOptions::default()) {
        Ok(formatted) => Some(formatted),
        Err(diagnostics) => {
            report(display, &text, &diagnostics);
            None
        }
    }
}

/// Renders the reasons a file is not formatted, on standard error.
fn report(display: &str, text: &str, diagnostics: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let file = LoadedFile {
        id: FileId(0),
        display: display.to_owned(),
        bytes: Vec::new(),
        text: text.to_owned(),
        refused: None,
    };
    let source_of =
        |id: FileId| (id == file.id).then_some((file.display.as_str(), file.text.as_str()));
    let rendered = render(diagnostics, &source_of, RenderOptions { color });
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(rendered.as_bytes());
    let _ = writeln!(
        err,
        "error: `{display}` has syntax errors and was not formatted"
    );
}

/// A unified diff from the file as written to the file formatted.
fn unified_diff(display: &str, original: &str, formatted: &str) -> String {
    similar::TextDiff::from_lines(original, formatted)
        .unified_diff()
        .context_radius(3)
        .header(display, &format!("{display} (formatted)"))
        .to_string()
}

/// Writes `contents` to a temporary file in the same directory, with the original's
/// permissions, and renames it over the original.
fn replace_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.fmt.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&temp, meta.permissions())?;
        }
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
