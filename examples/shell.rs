//! Writes the static first-paint shell (see `nianbao::shell`) to the file
//! given, for Trunk to paste into index.html (Trunk.toml, pre-build hook).

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: shell OUTPUT.html");
        return ExitCode::FAILURE;
    };
    let path = std::path::PathBuf::from(path);
    if let Some(dir) = path.parent() {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("cannot create {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    }
    match std::fs::write(&path, nianbao::shell::render()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cannot write {}: {e}", path.display());
            ExitCode::FAILURE
        }
    }
}
