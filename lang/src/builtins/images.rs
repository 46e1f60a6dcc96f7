//! Container image reference builtins.

use super::{Builtin, f};

const D: &str = "images";

pub(super) const BUILTINS: &[Builtin] = &[f(
    D,
    "parse_image",
    "(reference: string) -> { registry: string, repository: string, tag?: string, digest?: string }?",
    "the parts of an image reference, with Docker Hub defaults; `none` if malformed",
)];
