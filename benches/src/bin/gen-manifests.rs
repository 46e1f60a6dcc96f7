//! Writes generated manifests for the memory scenario (P6): `gen-manifests DIR COUNT` creates
//! `DIR/m00000.yaml` and so on, one manifest per file, the same ones on every run.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, count] = args.as_slice() else {
        eprintln!("usage: gen-manifests DIR COUNT");
        return ExitCode::from(2);
    };
    let Ok(count) = count.parse::<usize>() else {
        eprintln!("COUNT must be a number, not `{count}`");
        return ExitCode::from(2);
    };
    let dir = std::path::Path::new(dir);
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        return ExitCode::from(2);
    }
    for n in 0..count {
        let path = dir.join(format!("m{n:05}.yaml"));
        if let Err(e) = std::fs::write(&path, palisade_benches::manifests::manifest(n)) {
            eprintln!("cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
