//! Container image reference builtins: the signature, and parsing references with the
//! defaults container runtimes apply.

use super::{Builtin, f};

const D: &str = "images";

pub(super) const BUILTINS: &[Builtin] = &[f(
    D,
    "parse_image",
    "(reference: string) -> { registry: string, repository: string, tag?: string, digest?: string }?",
    "the parts of an image reference, with Docker Hub defaults; `none` if malformed",
)];

/// The parts of a container image reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef {
    /// The registry host (and port), `docker.io` when none is written.
    pub registry: String,
    /// The repository path, with `library/` for official Docker Hub images.
    pub repository: String,
    /// The tag: as written, `latest` when neither a tag nor a digest is written, absent when
    /// only a digest is.
    pub tag: Option<String>,
    /// The digest (`algorithm:hex`), if written.
    pub digest: Option<String>,
}

/// Parses an image reference the way container runtimes resolve it: `nginx` is
/// `docker.io/library/nginx:latest`; the first path component is a registry when it contains
/// `.` or `:` or is `localhost`. Returns `None` for anything that is not a valid reference
/// (upper case in the path, an empty component, a malformed tag or digest).
pub fn parse_image(reference: &str) -> Option<ImageRef> {
    if reference.is_empty() || reference.len() > 4096 {
        return None;
    }
    let (rest, digest) = match reference.split_once('@') {
        Some((name, digest)) => (name, Some(valid_digest(digest)?.to_owned())),
        None => (reference, None),
    };
    // A tag follows the last `:` after the last `/` (a `:` before it is a registry port).
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match rest.get(last_slash..).and_then(|tail| tail.rfind(':')) {
        Some(colon) => {
            let at = last_slash + colon;
            let tag = rest.get(at + 1..)?;
            (rest.get(..at)?, Some(valid_tag(tag)?.to_owned()))
        }
        None => (rest, None),
    };
    let (registry, path) = match name.split_once('/') {
        Some((first, remainder))
            if first.contains('.') || first.contains(':') || first == "localhost" =>
        {
            (valid_registry(first)?.to_owned(), remainder)
        }
        _ => ("docker.io".to_owned(), name),
    };
    let registry = if registry == "index.docker.io" {
        "docker.io".to_owned()
    } else {
        registry
    };
    if !path.split('/').all(valid_component) {
        return None;
    }
    let repository = if registry == "docker.io" && !path.contains('/') {
        format!("library/{path}")
    } else {
        path.to_owned()
    };
    let tag = match (tag, &digest) {
        (None, None) => Some("latest".to_owned()),
        (tag, _) => tag,
    };
    Some(ImageRef {
        registry,
        repository,
        tag,
        digest,
    })
}

/// `[a-z0-9]+` runs joined by `.`, `_`, `__` or any number of `-`.
fn valid_component(component: &str) -> bool {
    let bytes = component.as_bytes();
    if bytes.is_empty() || component.len() > 255 {
        return false;
    }
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    if !alnum(first) || !alnum(last) {
        return false;
    }
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if alnum(b) {
            i += 1;
            continue;
        }
        // A separator: one `.`, one or two `_`, or a run of `-`; then an alphanumeric.
        let start = i;
        while bytes.get(i).is_some_and(|c| !alnum(*c)) {
            i += 1;
        }
        let separator = component.get(start..i).unwrap_or("");
        let ok = separator == "."
            || separator == "_"
            || separator == "__"
            || separator.bytes().all(|c| c == b'-');
        if !ok {
            return false;
        }
    }
    true
}

fn valid_registry(host: &str) -> Option<&str> {
    let (name, port) = match host.rsplit_once(':') {
        Some((n, p)) => (n, Some(p)),
        None => (host, None),
    };
    let name_ok = !name.is_empty()
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        });
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.chars().all(|c| c.is_ascii_digit()));
    (name_ok && port_ok).then_some(host)
}

/// `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
fn valid_tag(tag: &str) -> Option<&str> {
    let mut chars = tag.chars();
    let first = chars.next()?;
    let ok = (first.is_ascii_alphanumeric() || first == '_')
        && tag.len() <= 128
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    ok.then_some(tag)
}

/// `algorithm:hex`, with a sha256 digest exactly 64 lower-case hex digits.
fn valid_digest(digest: &str) -> Option<&str> {
    let (algorithm, hex) = digest.split_once(':')?;
    let algorithm_ok = algorithm.split(['+', '.', '_', '-']).all(|part| {
        part.starts_with(|c: char| c.is_ascii_alphabetic())
            && part.chars().all(|c| c.is_ascii_alphanumeric())
    });
    let hex_ok = hex.len() >= 32 && hex.chars().all(|c| c.is_ascii_hexdigit());
    let sha256_ok = algorithm != "sha256"
        || (hex.len() == 64
            && hex
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)));
    (algorithm_ok && hex_ok && sha256_ok).then_some(digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "sha256:9b2c4e1f0a7d3c6b5e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d";

    fn parts(reference: &str) -> Option<(String, String, Option<String>, Option<String>)> {
        parse_image(reference).map(|r| (r.registry, r.repository, r.tag, r.digest))
    }

    fn some(
        r: &str,
        repo: &str,
        tag: Option<&str>,
        digest: Option<&str>,
    ) -> Option<(String, String, Option<String>, Option<String>)> {
        Some((
            r.to_owned(),
            repo.to_owned(),
            tag.map(str::to_owned),
            digest.map(str::to_owned),
        ))
    }

    #[test]
    fn docker_hub_defaults() {
        assert_eq!(
            parts("nginx"),
            some("docker.io", "library/nginx", Some("latest"), None)
        );
        assert_eq!(
            parts("nginx:1.27"),
            some("docker.io", "library/nginx", Some("1.27"), None)
        );
        assert_eq!(
            parts("bitnami/redis"),
            some("docker.io", "bitnami/redis", Some("latest"), None)
        );
        assert_eq!(
            parts("index.docker.io/library/nginx:1"),
            some("docker.io", "library/nginx", Some("1"), None)
        );
    }

    #[test]
    fn registries_ports_and_digests() {
        assert_eq!(
            parts("ghcr.io/acme/app:v1.2.3"),
            some("ghcr.io", "acme/app", Some("v1.2.3"), None)
        );
        assert_eq!(
            parts("localhost:5000/app"),
            some("localhost:5000", "app", Some("latest"), None)
        );
        assert_eq!(
            parts("registry.k8s.io:443/pause:3.9"),
            some("registry.k8s.io:443", "pause", Some("3.9"), None)
        );
        let pinned = format!("ghcr.io/acme/app@{SHA}");
        assert_eq!(parts(&pinned), some("ghcr.io", "acme/app", None, Some(SHA)));
        let both = format!("ghcr.io/acme/app:v1@{SHA}");
        assert_eq!(
            parts(&both),
            some("ghcr.io", "acme/app", Some("v1"), Some(SHA))
        );
        // `localhost` without a port, and a one-word name that only looks like a host.
        assert_eq!(
            parts("localhost/app"),
            some("localhost", "app", Some("latest"), None)
        );
        assert_eq!(
            parts("acme/app"),
            some("docker.io", "acme/app", Some("latest"), None)
        );
    }

    #[test]
    fn malformed_references_are_none() {
        for bad in [
            "",
            "Nginx",
            "ghcr.io/Acme/app",
            "app:",
            "app:-bad",
            "app@sha256:abc",
            "app@sha256:XYZ",
            "ghcr.io//app",
            "app/",
            "a..b",
            "ghcr.io:port/app",
            "-app",
            "app@",
            "app:tag:extra",
        ] {
            assert_eq!(parse_image(bad), None, "{bad}");
        }
        let long_tag = format!("app:{}", "t".repeat(129));
        assert_eq!(parse_image(&long_tag), None);
        assert_eq!(parse_image(&"a".repeat(5000)), None);
    }

    #[test]
    fn separators_in_path_components() {
        assert!(parse_image("my_app").is_some());
        assert!(parse_image("my__app").is_some());
        assert!(parse_image("my---app").is_some());
        assert!(parse_image("my.app").is_some());
        assert!(parse_image("my___app").is_none());
        assert!(parse_image("my._app").is_none());
    }
}
