//! The page as it looks before the WebAssembly has started: the masthead,
//! the title and the six sections under their official headings, written
//! into `index.html` at build time (Trunk.toml's pre-build hook runs
//! `examples/shell.rs`), so that something true is on screen at once on a
//! slow PC. The app removes it when it mounts (`main.rs`). Labels come from
//! `domain::format`, as everywhere else.

use crate::domain::export::push_escaped;
use crate::domain::format::{SECTIONS, TITLE_SUFFIX};
use crate::APP_NAME;

/// The DOM id of the shell, which the app removes when it mounts.
pub const SHELL_ID: &str = "shell";

/// The shell's HTML: static, no script, no user text.
pub fn render() -> String {
    let mut out = String::new();
    out.push_str(&format!("<div id=\"{SHELL_ID}\" aria-busy=\"true\">"));
    out.push_str("<header class=\"masthead\"><p class=\"app-name\">");
    push_escaped(&mut out, APP_NAME);
    out.push_str("</p><p class=\"save-status\">正在载入…</p></header>");
    out.push_str("<div class=\"layout\"><nav class=\"section-nav\" aria-label=\"报告各部分\"><ol>");
    for s in &SECTIONS {
        out.push_str(&format!(
            "<li><a href=\"#{}\"><span class=\"nav-heading\">",
            s.key
        ));
        push_escaped(&mut out, s.heading);
        out.push_str("</span></a></li>");
    }
    out.push_str("</ol></nav><main class=\"report\">");
    out.push_str("<section class=\"title-area\"><h1>");
    push_escaped(&mut out, TITLE_SUFFIX);
    out.push_str("</h1></section>");
    for s in &SECTIONS {
        out.push_str(&format!(
            "<section id=\"{}\" class=\"report-section shell-section\"><h2>",
            s.key
        ));
        push_escaped(&mut out, s.heading);
        out.push_str("</h2>");
        if let Some(hint) = s.instruction {
            out.push_str("<p class=\"hint\">");
            push_escaped(&mut out, hint);
            out.push_str("</p>");
        }
        out.push_str("</section>");
    }
    out.push_str("</main></div></div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shell_shows_every_heading_and_no_script() {
        let html = render();
        for s in &SECTIONS {
            assert!(html.contains(s.heading), "{}", s.heading);
        }
        assert!(html.starts_with("<div id=\"shell\""));
        assert!(!html.contains("<script"));
        assert!(html.contains(APP_NAME));
    }
}
