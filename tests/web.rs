//! Component tests: mount the app in headless Chromium and look at the DOM.
//! Run with `cargo test --target wasm32-unknown-unknown --test web`.
#![cfg(target_arch = "wasm32")]

use nianbao::domain::format::SECTIONS;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount_app() -> web_sys::HtmlElement {
    let document = web_sys::window().and_then(|w| w.document()).expect("document");
    let host: web_sys::HtmlElement = document
        .create_element("div")
        .expect("div")
        .unchecked_into();
    document.body().expect("body").append_child(&host).expect("append");
    // Keep the app mounted for the rest of the test run.
    std::mem::forget(leptos::mount::mount_to(host.clone(), nianbao::ui::App));
    host
}

#[wasm_bindgen_test]
fn shows_the_six_section_headings_in_order() {
    let host = mount_app();
    let headings = host.query_selector_all("h2").expect("query");
    let texts: Vec<String> = (0..headings.length())
        .filter_map(|i| headings.item(i))
        .filter_map(|n| n.text_content())
        .collect();
    let expected: Vec<&str> = SECTIONS.iter().map(|s| s.heading).collect();
    assert_eq!(texts, expected);
}
