//! The Palisade standard library, as sources.
//!
//! The checks of the standard library are written in Palisade: the Kubernetes objects as types,
//! the Pod Security Standards, CIS Kubernetes Benchmark items, image and Tekton checks, in-toto
//! attestations, and the views that judge every workload's pod template as a `Pod`. This crate
//! embeds their text (not their tests) and is versioned with the language: a release of
//! `palisade-stdlib` compiles with the `palisade` of the same version.
//!
//! Compile the whole library with your own policies, or only the packages your policies
//! import:
//!
//! ```
//! use palisade::{FileId, PolicySet};
//!
//! let own = "package acme.pods\n\nimport palisade.k8s\n\nrule named(pod: k8s.Pod) {\n  meta { id: \"ACME-NAMED\" title: \"Pods are named\" severity: \"low\" }\n  if pod.metadata.name == \"\" { violation \"a pod needs a name\" }\n}\n";
//! let library = palisade_stdlib::imported_by(&[own]);
//! assert!(library.iter().any(|f| f.path == "k8s/schema.pal"));
//!
//! let mut sources = vec![(FileId(0), own)];
//! for (i, file) in library.iter().enumerate() {
//!     sources.push((FileId(1 + i as u32), file.text));
//! }
//! let set = PolicySet::compile(&sources).expect("the policies check");
//! assert!(set.rules().iter().any(|r| r.id == "ACME-NAMED"));
//! ```
//!
//! [`files`] gives every file; a host that judges with the whole library (as `palisade scan`
//! does) compiles them all. The `palisade-engine` crate does that, and reads documents too.

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/stdlib.rs"));
}

/// The version of the standard library: the version of the language it is written for.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The prefix under which hosts show the library's files (`<stdlib>/k8s/schema.pal`), so
/// diagnostics and findings never claim a path on the user's disk.
pub const DISPLAY_PREFIX: &str = "<stdlib>/";

/// The parameter through which a host tells the Pod Security checks which rule ids its report
/// leaves out (a baseline check stands down for its restricted twin only if that twin is
/// reported). Hosts that exclude rules set it to the excluded ids.
pub const EXCLUDED_RULES_PARAM: &str = "palisade.k8s.pss.excluded_rules";

/// One policy file of the standard library.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct File {
    /// The path under the library's root, with `/` separators (`k8s/pss/baseline.pal`).
    pub path: &'static str,
    /// The file's text.
    pub text: &'static str,
}

/// The package each library file declares and those it imports, in the order of [`files`],
/// read when the library was built (no parsing at run time).
fn headers() -> Vec<palisade::check::Header> {
    embedded::FILES
        .iter()
        .map(|&(_, _, package, imports)| palisade::check::Header {
            package: (!package.is_empty()).then(|| package.to_owned()),
            imports: imports.iter().map(|i| (*i).to_owned()).collect(),
        })
        .collect()
}

/// The library files that provide the packages the library files `chosen` (indices into
/// [`files`]) import, transitively, with `chosen` themselves, in the order of [`files`].
pub fn with_imports(chosen: &[usize]) -> Vec<File> {
    let headers = headers();
    let own: Vec<palisade::check::Header> = chosen
        .iter()
        .filter_map(|&i| headers.get(i).cloned())
        .collect();
    let imported = palisade::check::imported_by_headers(&own, &headers);
    files()
        .into_iter()
        .enumerate()
        .filter(|(i, _)| chosen.contains(i) || imported.contains(i))
        .map(|(_, f)| f)
        .collect()
}

/// Every policy file of the library, sorted by path.
pub fn files() -> Vec<File> {
    embedded::FILES
        .iter()
        .map(|&(path, text, _, _)| File { path, text })
        .collect()
}

/// The library files that provide the `palisade.*` packages `sources` import and do not
/// declare themselves, transitively, in the order of [`files`]. A policy that imports
/// `palisade.k8s` compiles with these alone.
pub fn imported_by(sources: &[&str]) -> Vec<File> {
    let all = files();
    let own: Vec<palisade::check::Header> = sources
        .iter()
        .map(|t| {
            palisade::check::Header::of(&palisade::syntax::parse_header(palisade::FileId(0), t))
        })
        .collect();
    let chosen = palisade::check::imported_by_headers(&own, &headers());
    all.into_iter()
        .enumerate()
        .filter(|(i, _)| chosen.contains(i))
        .map(|(_, f)| f)
        .collect()
}

/// What [`imported_by`] gives, plus the library's views over those packages' types: every
/// library file that declares views and needs nothing beyond what is already chosen. So a
/// policy over `palisade.k8s.Pod` also judges the pod templates of workloads (the views of
/// `palisade.k8s.workloads`) without importing that package. For evaluating; a checker or an
/// editor wants [`imported_by`].
pub fn imported_with_views(sources: &[&str]) -> Vec<File> {
    let all = files();
    let texts: Vec<&str> = all.iter().map(|f| f.text).collect();
    let mut chosen = palisade::check::imported_library(sources, &texts);
    let declares_views = |text: &str| text.lines().any(|l| l.starts_with("view "));
    let package = |text: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix("package "))
            .map(str::trim)
            .map(str::to_owned)
    };
    let own: Vec<Option<String>> = sources.iter().map(|s| package(s)).collect();
    for (i, file) in all.iter().enumerate() {
        if chosen.is_empty()
            || chosen.contains(&i)
            || !declares_views(file.text)
            || own.contains(&package(file.text))
        {
            continue;
        }
        let mut with: Vec<&str> = sources.to_vec();
        with.extend(chosen.iter().filter_map(|&c| texts.get(c).copied()));
        with.push(file.text);
        let needs = palisade::check::imported_library(&with, &texts);
        if needs.iter().all(|n| *n == i || chosen.contains(n)) {
            chosen.push(i);
        }
    }
    chosen.sort_unstable();
    all.into_iter()
        .enumerate()
        .filter(|(i, _)| chosen.contains(i))
        .map(|(_, f)| f)
        .collect()
}

/// The titles of the controls that the library's rules name, and of their frameworks.
const CONTROLS: &str = include_str!("../controls.tsv");

/// A control of a framework, as rules name it in `controls` (`nist-800-53:AC-6`), with its
/// title (`Least Privilege`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Control {
    /// `framework:id`.
    pub id: &'static str,
    /// The control's title in its framework.
    pub title: &'static str,
}

/// A framework of controls: the prefix of its control ids (`cis-k8s`) and its title.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Framework {
    /// The prefix before `:` in a control id.
    pub prefix: &'static str,
    /// The framework's name and version.
    pub title: &'static str,
}

/// The `(id, title)` lines of `controls.tsv`.
fn control_lines() -> impl Iterator<Item = (&'static str, &'static str)> {
    CONTROLS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
}

/// Every control the library knows the title of, in the order of its frameworks.
pub fn controls() -> Vec<Control> {
    control_lines()
        .filter(|(id, _)| !id.starts_with("framework:"))
        .map(|(id, title)| Control { id, title })
        .collect()
}

/// The control `id` (`owasp-cicd:CICD-SEC-4`), if the library knows its title.
///
/// ```
/// let c = palisade_stdlib::control("nist-800-53:AC-6").unwrap();
/// assert_eq!(c.title, "Least Privilege");
/// assert_eq!(palisade_stdlib::framework(c.id).unwrap().prefix, "nist-800-53");
/// ```
pub fn control(id: &str) -> Option<Control> {
    controls().into_iter().find(|c| c.id == id)
}

/// Every framework the library maps rules to.
pub fn frameworks() -> Vec<Framework> {
    control_lines()
        .filter_map(|(id, title)| {
            Some(Framework {
                prefix: id.strip_prefix("framework:")?,
                title,
            })
        })
        .collect()
}

/// The framework of a control id (by its prefix), if the library knows it.
pub fn framework(control_id: &str) -> Option<Framework> {
    let prefix = control_id.split(':').next()?;
    frameworks().into_iter().find(|f| f.prefix == prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_policy_file_is_embedded_and_no_test_is() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut on_disk = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "pal") {
                    let rel = path
                        .strip_prefix(root)
                        .map(|p| p.to_string_lossy().replace('\\', "/"))
                        .unwrap_or_default();
                    if !rel.ends_with("_test.pal") {
                        on_disk.push(rel);
                    }
                }
            }
        }
        on_disk.sort();
        let embedded: Vec<&str> = files().iter().map(|f| f.path).collect();
        assert_eq!(embedded, on_disk);
        assert!(embedded.contains(&"k8s/workloads.pal"));
    }

    #[test]
    fn the_whole_library_compiles() {
        let all = files();
        let sources: Vec<(palisade::FileId, &str)> = all
            .iter()
            .enumerate()
            .map(|(i, f)| (palisade::FileId(i as u32), f.text))
            .collect();
        let set = palisade::PolicySet::compile(&sources);
        assert!(set.is_ok(), "{:?}", set.err().map(|f| f.diagnostics));
    }

    #[test]
    fn only_what_is_imported_is_chosen() {
        let chosen = imported_by(&["package acme\n\nimport palisade.images\n"]);
        let paths: Vec<&str> = chosen.iter().map(|f| f.path).collect();
        assert!(paths.contains(&"images/images.pal"), "{paths:?}");
        assert!(!paths.iter().any(|p| p.starts_with("tekton/")), "{paths:?}");
        assert!(imported_by(&["package acme\n"]).is_empty());
        let pods = "package acme\n\nimport palisade.k8s\n";
        let plain: Vec<&str> = imported_by(&[pods]).iter().map(|f| f.path).collect();
        let viewed: Vec<&str> = imported_with_views(&[pods])
            .iter()
            .map(|f| f.path)
            .collect();
        assert_eq!(plain, ["k8s/schema.pal"]);
        assert_eq!(viewed, ["k8s/schema.pal", "k8s/workloads.pal"]);
        assert!(imported_with_views(&["package acme\n"]).is_empty());
        // A package the sources declare themselves (a vendored copy) is not added twice.
        let own_views = "package palisade.k8s.workloads\n\nimport palisade.k8s\n";
        let viewed: Vec<&str> = imported_with_views(&[pods, own_views])
            .iter()
            .map(|f| f.path)
            .collect();
        assert_eq!(viewed, ["k8s/schema.pal"]);
    }

    #[test]
    fn every_control_a_rule_names_has_a_title_and_a_framework() {
        let all = files();
        let sources: Vec<(palisade::FileId, &str)> = all
            .iter()
            .enumerate()
            .map(|(i, f)| (palisade::FileId(i as u32), f.text))
            .collect();
        let Ok(set) = palisade::PolicySet::compile(&sources) else {
            panic!("the library compiles");
        };
        let mut missing = Vec::new();
        for rule in set.rules() {
            for id in &rule.metadata.controls {
                if control(id).is_none() || framework(id).is_none() {
                    missing.push(format!("{}: {id}", rule.id));
                }
            }
        }
        assert!(missing.is_empty(), "controls without a title: {missing:?}");
        let ids: Vec<&str> = controls().iter().map(|c| c.id).collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "a control is listed twice");
        assert!(
            controls()
                .iter()
                .all(|c| !c.title.is_empty() && framework(c.id).is_some())
        );
        assert_eq!(frameworks().len(), 9);
    }
}

#[cfg(test)]
mod header_tests {
    use super::*;

    #[test]
    fn the_headers_read_at_build_time_are_the_parsers() {
        let all = files();
        let built = headers();
        assert_eq!(built.len(), all.len());
        let mut imports = 0;
        for (file, header) in all.iter().zip(&built) {
            let parsed = palisade::syntax::parse(palisade::FileId(0), file.text).file;
            assert_eq!(
                header,
                &palisade::check::Header::of(&parsed),
                "{}",
                file.path
            );
            imports += header.imports.len();
        }
        assert!(imports > 40, "{imports} imports");
    }

    #[test]
    fn choosing_by_headers_is_choosing_by_parsing() {
        let all = files();
        let texts: Vec<&str> = all.iter().map(|f| f.text).collect();
        for sources in [
            vec!["package acme\n\nimport palisade.k8s\n"],
            vec![
                "package acme\n\nimport palisade.terraform.aws.s3\nimport palisade.github.schema\n",
            ],
            vec!["package acme\n"],
        ] {
            let parsed = palisade::check::imported_library(&sources, &texts);
            let chosen: Vec<&str> = imported_by(&sources).iter().map(|f| f.path).collect();
            let want: Vec<&str> = parsed
                .iter()
                .filter_map(|&i| all.get(i))
                .map(|f| f.path)
                .collect();
            assert_eq!(chosen, want);
        }
        // A library file with the files it imports: the Terraform S3 checks need the schema.
        let s3 = all.iter().position(|f| f.path == "terraform/aws/s3.pal");
        let with: Vec<&str> = with_imports(&s3.into_iter().collect::<Vec<_>>())
            .iter()
            .map(|f| f.path)
            .collect();
        assert!(with.contains(&"terraform/aws/s3.pal"));
        assert!(with.contains(&"terraform/schema.pal"), "{with:?}");
        assert!(!with.iter().any(|p| p.starts_with("k8s/")), "{with:?}");
    }
}
