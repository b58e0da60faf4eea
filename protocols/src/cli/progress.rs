//! The progress bar of the long commands.

use indicatif::{ProgressBar, ProgressStyle};

/// A bar of `len` runs, with room for a message after it if `message` is not empty.
pub fn progress_bar(len: u64, message: &str) -> ProgressBar {
    let template =
        format!("{{bar:40}} {{pos}}/{{len}} runs, {{elapsed}} elapsed, ~{{eta}} left{message}");
    ProgressBar::new(len)
        .with_style(ProgressStyle::with_template(&template).expect("valid template"))
}
