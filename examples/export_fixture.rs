//! Writes the 2024 淮安市 report (and the 2021 老城区 one) in every export
//! format into a directory, to open them in Word, WPS or LibreOffice:
//!
//! ```text
//! cargo run --example export_fixture -- /tmp/out
//! libreoffice --headless --convert-to pdf --outdir /tmp/out /tmp/out/*.docx
//! ```

#[path = "../tests/common/reports.rs"]
mod reports;

use std::path::PathBuf;
use std::process::ExitCode;

use nianbao::domain::export::{export, file_name, Format};

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: export_fixture DIR");
        return ExitCode::FAILURE;
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("{}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    // 老城区 once more with the generated preamble and a signature, in a
    // folder of its own (the file names are the same).
    let mut signed = reports::laocheng_2021();
    signed.preamble.enabled = true;
    signed.preamble.phone = "0379-12345678".into();
    signed.signature.enabled = true;
    signed.signature.date = "2022年1月20日".into();
    let reports = [
        (dir.clone(), reports::huaian_2024()),
        (dir.clone(), reports::laocheng_2021()),
        (dir.join("signed"), signed),
    ];
    for (dir, report) in reports {
        if let Err(e) = std::fs::create_dir_all(&dir) {
            eprintln!("{}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
        for format in Format::ALL {
            let path = dir.join(file_name(&report, format.ext()));
            let written = export(&report, format)
                .map_err(|e| e.to_string())
                .and_then(|bytes| std::fs::write(&path, bytes).map_err(|e| e.to_string()));
            match written {
                Ok(()) => println!("{}", path.display()),
                Err(e) => {
                    eprintln!("{}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    ExitCode::SUCCESS
}
