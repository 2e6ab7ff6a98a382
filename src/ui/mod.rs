//! The browser UI: Leptos components that wire the domain to the page.
//! Nothing here decides what the report means; that is `crate::domain`.

use leptos::prelude::*;

use crate::domain::format::{AGENCY_LABEL, SECTIONS, YEAR_LABEL};
use crate::domain::model::Report;

/// The name of the tool, shown in the masthead and the page title.
pub const APP_NAME: &str = "政府信息公开工作年度报告填报";

#[component]
pub fn App() -> impl IntoView {
    let agency = RwSignal::new(String::new());
    let year = RwSignal::new(String::new());
    let title = move || {
        let report = Report {
            agency: agency.get(),
            year: year.get(),
            ..Report::default()
        };
        report.title()
    };

    view! {
        <header class="masthead">
            <p class="app-name">{APP_NAME}</p>
        </header>
        <main id="report" class="report">
            <section class="title-area" aria-labelledby="report-title">
                <h1 id="report-title">{title}</h1>
                <div class="meta-fields">
                    <label class="field">
                        <span class="field-label">{AGENCY_LABEL}</span>
                        <input type="text" name="agency" autocomplete="organization" bind:value=agency />
                    </label>
                    <label class="field field-year">
                        <span class="field-label">{YEAR_LABEL}</span>
                        <input type="text" name="year" inputmode="numeric" maxlength="4" bind:value=year />
                    </label>
                </div>
            </section>
            {SECTIONS
                .iter()
                .map(|s| {
                    view! {
                        <section id=s.key class="report-section">
                            <h2>{s.heading}</h2>
                        </section>
                    }
                })
                .collect_view()}
        </main>
    }
}
