//! `palisade bundle`: build a deterministic policy bundle from a folder (after checking it),
//! make signing keys, sign (or attach a signature made by `openssl` or `cosign`), verify, and
//! inspect. The format is spec/bundles.md; the library (`palisade::bundle`) does the work, this
//! module reads and writes the files.

pub mod source;

use crate::Format;
use palisade::bundle::{
    self, Algorithm, Bundle, BundleFile, BundleLimits, PublicKey, SigningKey, Trust,
};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The `palisade bundle` subcommands.
#[derive(clap::Subcommand)]
pub enum BundleCommand {
    /// Check a folder of policies and pack it into a bundle: its `.pal` files, `palisade.toml`
    /// and data files (`.json`, `.yaml`, `.yml`), with a manifest of their SHA-256. The same
    /// folder gives the same bytes, wherever and whenever it is built.
    Build {
        /// The folder (hidden entries, `target` and `node_modules` are left out).
        dir: PathBuf,
        /// The bundle to write.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: PathBuf,
        /// The bundle's name (default: the folder's name).
        #[arg(long)]
        name: Option<String>,
        /// The bundle's version.
        #[arg(
            long = "bundle-version",
            value_name = "VERSION",
            default_value = "0.0.0"
        )]
        version: String,
    },
    /// Make a signing key pair: `PREFIX.key` (PKCS#8 PEM, mode 0600) and `PREFIX.pub`.
    Keygen {
        /// The files' prefix.
        #[arg(long, short = 'o', value_name = "PREFIX")]
        output: PathBuf,
        /// The algorithm.
        #[arg(long, value_enum, default_value_t = KeyAlgorithm::Ed25519)]
        algorithm: KeyAlgorithm,
    },
    /// Sign a bundle's manifest with a private key, or attach a signature made elsewhere
    /// (`--signature` with `--public-key`); several signatures may be added, one per key.
    Sign {
        /// The bundle (rewritten in place unless `-o` is given).
        bundle: PathBuf,
        /// The private key (PKCS#8 PEM).
        #[arg(long, value_name = "KEY", required_unless_present = "signature")]
        key: Option<PathBuf>,
        /// A signature of the manifest (`palisade bundle inspect --manifest`) made by another
        /// tool: DER or raw bytes, or their Base64 (as `cosign sign-blob` prints).
        #[arg(
            long,
            value_name = "FILE",
            requires = "public_key",
            conflicts_with = "key"
        )]
        signature: Option<PathBuf>,
        /// The public key of `--signature` (PEM).
        #[arg(long, value_name = "PUB")]
        public_key: Option<PathBuf>,
        /// Write the signed bundle here.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Verify a bundle with trusted keys. Exit status: 0 verified, 1 refused, 2 usage errors.
    Verify {
        /// The bundle.
        bundle: PathBuf,
        /// A public key (PEM) trusted to sign bundles; repeatable.
        #[arg(long = "trusted-key", value_name = "PUB", required = true)]
        trusted_keys: Vec<PathBuf>,
        /// How many distinct trusted keys must have signed.
        #[arg(
            long = "require",
            alias = "require-signatures",
            value_name = "N",
            default_value_t = 1
        )]
        require: usize,
        /// Accept only a bundle of this name.
        #[arg(long, value_name = "NAME", alias = "bundle-name")]
        name: Option<String>,
        /// Accept only a bundle of at least this version (SemVer).
        #[arg(long, value_name = "VERSION", alias = "min-bundle-version")]
        min_version: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Show a bundle's name, version, files and signatures (checked against the manifest,
    /// signatures not verified).
    Inspect {
        /// The bundle.
        bundle: PathBuf,
        /// Print the manifest's exact bytes instead (what signatures sign).
        #[arg(long, conflicts_with = "format")]
        manifest: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

/// Signing algorithms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum KeyAlgorithm {
    /// Ed25519.
    Ed25519,
    /// ECDSA P-256 with SHA-256.
    P256,
}

pub fn run(command: BundleCommand) -> ExitCode {
    let result = match command {
        BundleCommand::Build {
            dir,
            output,
            name,
            version,
        } => build(&dir, &output, name, &version),
        BundleCommand::Keygen { output, algorithm } => keygen(&output, algorithm),
        BundleCommand::Sign {
            bundle,
            key,
            signature,
            public_key,
            output,
        } => sign(&bundle, key, signature, public_key, output),
        BundleCommand::Verify {
            bundle,
            trusted_keys,
            require,
            name,
            min_version,
            format,
        } => {
            let identity = source::Identity { name, min_version };
            return verify(&bundle, &trusted_keys, require, &identity, format);
        }
        BundleCommand::Inspect {
            bundle,
            manifest,
            format,
        } => inspect(&bundle, manifest, format),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Refused(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Why a bundle command failed: the bundle or its policies are refused (exit 1, as `verify`
/// and `check` do), or the command could not run (usage, IO: exit 2).
enum Failure {
    Refused(String),
    Usage(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::Usage(message)
    }
}

fn refused(e: impl std::fmt::Display) -> Failure {
    Failure::Refused(e.to_string())
}

/// Reads a key or signature file (small: at most 1 MiB).
fn read(path: &Path) -> Result<Vec<u8>, String> {
    source::read_bounded(path, 1 << 20)
}

/// Reads a bundle, refusing one over the limit before reading it.
fn read_bundle(path: &Path) -> Result<Vec<u8>, String> {
    source::read_bounded(path, BundleLimits::default().max_bytes)
}

/// Writes a file whole or not at all: a new temporary file with a random name beside the
/// target (created exclusively, never through a link), written, synced and renamed over the
/// target; a target that is a symbolic link is resolved first, and an existing target keeps
/// its permissions.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let permissions = std::fs::metadata(&target).ok().map(|m| m.permissions());
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).map_err(|e| format!("the system's random source failed: {e}"))?;
    let suffix: String = random.iter().map(|b| format!("{b:02x}")).collect();
    let name = target
        .file_name()
        .map_or_else(|| "bundle".into(), |n| n.to_string_lossy().into_owned());
    let temporary = target.with_file_name(format!(".{name}.{suffix}.tmp"));
    let written = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(bytes)?;
        if let Some(permissions) = permissions {
            file.set_permissions(permissions)?;
        }
        file.sync_all()?;
        std::fs::rename(&temporary, &target)?;
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::File::open(dir).and_then(|d| d.sync_all()).ok();
        }
        Ok(())
    })();
    written.map_err(|e: std::io::Error| {
        let _ = std::fs::remove_file(&temporary);
        format!("cannot write `{}`: {e}", path.display())
    })
}

/// The files a bundle of `dir` holds, with `/`-separated paths relative to it.
fn collect(dir: &Path) -> Result<Vec<BundleFile>, String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<BundleFile>) -> Result<(), String> {
        let entries = std::fs::read_dir(dir)
            .map_err(|e| format!("cannot read the folder `{}`: {e}", dir.display()))?;
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            let name = name.unwrap_or_default();
            let meta = std::fs::symlink_metadata(&path)
                .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
            // As the loader of policy folders does: hidden folders, `target` and
            // `node_modules` hold no policies; hidden data files are left out too.
            let hidden = name.starts_with('.');
            if meta.is_dir() {
                if !hidden && name != "target" && name != "node_modules" {
                    walk(root, &path, out)?;
                }
                continue;
            }
            let wanted = name.ends_with(".pal")
                || (!hidden
                    && (name == "palisade.toml"
                        || [".json", ".yaml", ".yml"].iter().any(|e| name.ends_with(e))));
            if meta.file_type().is_symlink() && !hidden {
                // `palisade check` and `--policy` follow links: left out, the bundle would
                // silently hold less than the folder.
                return Err(format!(
                    "`{}` is a symbolic link; a bundle holds only regular files (copy what it \
                     points to into the folder)",
                    path.display()
                ));
            }
            if !wanted {
                continue;
            }
            if !meta.is_file() {
                return Err(format!(
                    "`{}` is a symbolic link or special file; a bundle holds only regular files",
                    path.display()
                ));
            }
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let parts: Option<Vec<&str>> = relative
                .components()
                .map(|c| c.as_os_str().to_str())
                .collect();
            let Some(parts) = parts else {
                return Err(format!("`{}`: the path is not UTF-8", path.display()));
            };
            let max = BundleLimits::default().max_file_bytes;
            out.push(BundleFile::new(
                parts.join("/"),
                source::read_bounded(&path, max)?,
            ));
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    Ok(out)
}

fn build(dir: &Path, output: &Path, name: Option<String>, version: &str) -> Result<(), Failure> {
    let name = name.unwrap_or_else(|| {
        std::path::absolute(dir)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "policies".to_owned())
    });
    let files = collect(dir)?;
    if !files.iter().any(|f| f.path.ends_with(".pal")) {
        return Err(format!("`{}` holds no `.pal` file", dir.display()).into());
    }
    let bytes = bundle::build(&name, version, files).map_err(refused)?;
    // The set is checked as it will be loaded: from the bundle's own bytes.
    let opened = source::Opened {
        bundle: bundle::open(&bytes, Trust::SkipVerification, &BundleLimits::default())
            .map_err(refused)?,
        root: dir.to_path_buf(),
    };
    check(&opened)?;
    write_atomically(output, &bytes)?;
    let files = opened.bundle.files().len();
    eprintln!(
        "built `{}`: {} {} with {files} file{} (unsigned; sign it with `palisade bundle sign`)",
        output.display(),
        opened.bundle.manifest().name,
        opened.bundle.manifest().version,
        if files == 1 { "" } else { "s" }
    );
    Ok(())
}

/// Refuses a bundle whose policies do not check, printing the diagnostics.
fn check(opened: &source::Opened) -> Result<(), Failure> {
    let mut loaded: Vec<crate::files::LoadedFile> =
        opened.sources()?.into_iter().map(|(f, _)| f).collect();
    let texts: Vec<&str> = loaded.iter().map(|f| f.text.as_str()).collect();
    let library = crate::policies::stdlib_imports(&texts, loaded.len());
    loaded.extend(library);
    let unreadable: Vec<palisade::Diagnostic> =
        loaded.iter().filter_map(|f| f.refused.clone()).collect();
    let diagnostics = if unreadable.is_empty() {
        let sources: Vec<(palisade::FileId, &str)> =
            loaded.iter().map(|f| (f.id, f.text.as_str())).collect();
        palisade::check_sources(&sources).diagnostics
    } else {
        unreadable
    };
    if diagnostics.iter().any(palisade::Diagnostic::is_error) {
        eprint!("{}", crate::report::render_human(&loaded, &diagnostics));
        return Err(refused("the policies have errors: no bundle was written"));
    }
    // The settings of its `palisade.toml` must fit the policies (a misspelt parameter would
    // otherwise be found only where the bundle is loaded).
    let engine = palisade_engine::Engine::builder()
        .stdlib(palisade_engine::Stdlib::Imported)
        .bundle(&opened.bundle)
        .and_then(palisade_engine::EngineBuilder::build);
    if let Err(e) = engine {
        return Err(refused(format!("{e}\nno bundle was written")));
    }
    Ok(())
}

fn keygen(prefix: &Path, algorithm: KeyAlgorithm) -> Result<(), Failure> {
    let algorithm = match algorithm {
        KeyAlgorithm::Ed25519 => Algorithm::Ed25519,
        KeyAlgorithm::P256 => Algorithm::EcdsaP256Sha256,
    };
    let key = loop {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret)
            .map_err(|e| format!("the system's random source failed: {e}"))?;
        if let Some(key) = SigningKey::from_secret_bytes(algorithm, &secret) {
            break key;
        }
    };
    let private = key.to_pem().map_err(|e| e.to_string())?;
    let public = key.public_key().to_pem().map_err(|e| e.to_string())?;
    let private_path = PathBuf::from(format!("{}.key", prefix.display()));
    let public_path = PathBuf::from(format!("{}.pub", prefix.display()));
    // Neither is overwritten, and no half of a pair is left behind.
    for path in [&private_path, &public_path] {
        if std::fs::symlink_metadata(path).is_ok() {
            return Err(format!("`{}` exists; keys are never overwritten", path.display()).into());
        }
    }
    write_new(&private_path, private.as_bytes(), 0o600)?;
    write_new(&public_path, public.as_bytes(), 0o644)?;
    eprintln!(
        "wrote `{}` (keep it secret) and `{}`; key id {}",
        private_path.display(),
        public_path.display(),
        key.public_key().keyid()
    );
    Ok(())
}

/// Creates a file that must not exist yet, with `mode` from the start (never readable by
/// others, not even for a moment, for a private key).
fn write_new(path: &Path, bytes: &[u8], mode: u32) -> Result<(), String> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut file = options
        .open(path)
        .map_err(|e| format!("cannot create `{}`: {e}", path.display()))?;
    file.write_all(bytes)
        .map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}

fn sign(
    path: &Path,
    key: Option<PathBuf>,
    signature: Option<PathBuf>,
    public_key: Option<PathBuf>,
    output: Option<PathBuf>,
) -> Result<(), Failure> {
    let bytes = read_bundle(path)?;
    let limits = BundleLimits::default();
    let (signed, keyid) = match (key, signature, public_key) {
        (Some(key), None, _) => {
            let pem = String::from_utf8(read(&key)?)
                .map_err(|_| format!("`{}` is not a PEM file", key.display()))?;
            let key_ =
                SigningKey::from_pem(&pem).map_err(|e| format!("`{}`: {e}", key.display()))?;
            let signed = bundle::sign(&bytes, &key_, &limits).map_err(refused)?;
            (signed, key_.public_key().keyid().to_owned())
        }
        (None, Some(signature), Some(public)) => {
            let pem = String::from_utf8(read(&public)?)
                .map_err(|_| format!("`{}` is not a PEM file", public.display()))?;
            let key =
                PublicKey::from_pem(&pem).map_err(|e| format!("`{}`: {e}", public.display()))?;
            let signed =
                bundle::attach(&bytes, &read(&signature)?, &key, &limits).map_err(refused)?;
            (signed, key.keyid().to_owned())
        }
        _ => {
            return Err(Failure::Usage(
                "give `--key KEY`, or `--signature FILE --public-key PUB`".to_owned(),
            ));
        }
    };
    let target = output.unwrap_or_else(|| path.to_path_buf());
    write_atomically(&target, &signed)?;
    eprintln!("signed `{}` with key {keyid}", target.display());
    Ok(())
}

fn verify(
    path: &Path,
    keys: &[PathBuf],
    require: usize,
    identity: &source::Identity,
    format: Format,
) -> ExitCode {
    let outcome = read_bundle(path).and_then(|bytes| {
        let trusted = source::trusted_keys(keys, require, identity)?;
        Ok(bundle::verify(&bytes, &trusted, &BundleLimits::default()))
    });
    let result = match outcome {
        Ok(result) => result,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match (&result, format) {
        (Ok(b), Format::Human) => println!(
            "verified `{}`: {} {} signed by {}",
            path.display(),
            b.manifest().name,
            b.manifest().version,
            b.verified_by().join(", ")
        ),
        (Err(e), Format::Human) => eprintln!("error: `{}` is refused: {e}", path.display()),
        (Ok(b), Format::Json) => println!(
            "{}",
            serde_json::json!({ "verified": true, "name": b.manifest().name,
                "version": b.manifest().version, "keys": b.verified_by() })
        ),
        (Err(e), Format::Json) => println!(
            "{}",
            serde_json::json!({ "verified": false, "code": e.code.as_str(),
                "message": e.message, "entry": e.entry, "offset": e.offset })
        ),
    }
    if result.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn inspect(path: &Path, manifest: bool, format: Format) -> Result<(), Failure> {
    let bytes = read_bundle(path)?;
    let opened: Bundle = bundle::open(&bytes, Trust::SkipVerification, &BundleLimits::default())
        .map_err(|e| refused(format!("`{}` is refused: {e}", path.display())))?;
    if manifest {
        use std::io::Write;
        return std::io::stdout()
            .write_all(opened.manifest_bytes())
            .map_err(|e| Failure::Usage(format!("cannot write: {e}")));
    }
    let m = opened.manifest();
    match format {
        Format::Json => println!(
            "{}",
            serde_json::json!({
                "name": m.name, "version": m.version, "language": m.language,
                "bundle": m.bundle,
                "manifest_sha256": bundle::sha256_hex(opened.manifest_bytes()),
                "files": m.files, "signatures": opened.signatures(),
            })
        ),
        Format::Human => {
            let mut out = format!(
                "{} {} (bundle format {}, built by Palisade {})\nmanifest sha256 {}\n{} files:\n",
                m.name,
                m.version,
                m.bundle,
                m.language,
                bundle::sha256_hex(opened.manifest_bytes()),
                m.files.len()
            );
            for f in &m.files {
                out.push_str(&format!("  {}  {:>8}  {}\n", f.sha256, f.size, f.path));
            }
            if opened.signatures().is_empty() {
                out.push_str("no signatures\n");
            } else {
                out.push_str(&format!(
                    "{} signatures (not verified here: use `palisade bundle verify`):\n",
                    opened.signatures().len()
                ));
                for s in opened.signatures() {
                    out.push_str(&format!("  {}  {}\n", s.keyid, s.algorithm));
                }
            }
            crate::report::emit(&out);
        }
    }
    Ok(())
}
