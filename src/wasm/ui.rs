//! The elements of panel.html the panel drives, found once by `data-testid`.

use web_sys::{Element, HtmlInputElement, HtmlSelectElement};

use super::dom::{by_testid, by_testid_as};
use crate::Result;

/// Every element the panel reads or writes; each field is named after
/// its `data-testid` (listed at the top of panel.html).
#[allow(missing_docs)]
pub struct Ui {
    pub api_host: HtmlInputElement,
    pub probe_form: Element,
    pub check_button: Element,
    pub probe_status: Element,
    pub probe_results: Element,
    pub filter_text: HtmlInputElement,
    pub filter_severity: HtmlSelectElement,
    pub filter_kind: HtmlSelectElement,
    pub filter_status: HtmlSelectElement,
    pub toggle_other: HtmlInputElement,
    pub toggle_preserve: HtmlInputElement,
    pub clear: Element,
    pub import_button: Element,
    pub import_input: HtmlInputElement,
    pub export_markdown: Element,
    pub export_har: Element,
    pub import_error: Element,
    pub import_banner: Element,
    pub import_summary: Element,
    pub import_close: Element,
    pub import_problems: Element,
    pub list: Element,
    pub list_spacer: Element,
    pub empty: Element,
    pub detail: Element,
    pub status_bar: Element,
    pub drop_zone: Element,
    pub notice: Element,
    pub copy_fallback: Element,
}

impl Ui {
    /// Finds every element; fails naming the first one missing.
    pub fn find() -> Result<Ui> {
        Ok(Ui {
            api_host: by_testid_as("api-host-input")?,
            probe_form: by_testid("probe-form")?,
            check_button: by_testid("check-button")?,
            probe_status: by_testid("probe-status")?,
            probe_results: by_testid("probe-results")?,
            filter_text: by_testid_as("filter-text")?,
            filter_severity: by_testid_as("filter-severity")?,
            filter_kind: by_testid_as("filter-kind")?,
            filter_status: by_testid_as("filter-status")?,
            toggle_other: by_testid_as("toggle-other-traffic")?,
            toggle_preserve: by_testid_as("toggle-preserve-log")?,
            clear: by_testid("clear-button")?,
            import_button: by_testid("import-button")?,
            import_input: by_testid_as("import-input")?,
            export_markdown: by_testid("export-markdown")?,
            export_har: by_testid("export-har")?,
            import_error: by_testid("import-error")?,
            import_banner: by_testid("import-banner")?,
            import_summary: by_testid("import-summary")?,
            import_close: by_testid("import-close")?,
            import_problems: by_testid("import-problems")?,
            list: by_testid("request-list")?,
            list_spacer: by_testid("request-list-spacer")?,
            empty: by_testid("empty-state")?,
            detail: by_testid("detail")?,
            status_bar: by_testid("status-bar")?,
            drop_zone: by_testid("drop-zone")?,
            notice: by_testid("notice")?,
            copy_fallback: by_testid("copy-fallback")?,
        })
    }
}
