//! The batch progress display on standard error: one bar with the ETA, the runs done,
//! failed and running, and the names of those running now. Hidden when standard error is
//! not a terminal (logs of cluster jobs stay clean).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// Longest list of running names shown, characters.
const RUNNING_NAMES_CHARS: usize = 70;

/// Counts and the bar.
pub struct BatchProgress {
    bar: ProgressBar,
    running: Vec<String>,
    ok: usize,
    failed: usize,
}

impl BatchProgress {
    /// A display for `to_run` runs; `skipped` runs were complete already (`--resume`).
    pub fn new(to_run: usize, skipped: usize) -> Self {
        let bar = ProgressBar::with_draw_target(
            Some(to_run as u64),
            if std::io::stderr().is_terminal() {
                ProgressDrawTarget::stderr()
            } else {
                ProgressDrawTarget::hidden()
            },
        );
        bar.set_style(
            ProgressStyle::with_template(
                "{prefix}[{elapsed_precise}] {wide_bar} {pos}/{len} ETA {eta}\n{msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        if skipped > 0 {
            bar.set_prefix(format!("({skipped} done before) "));
        }
        bar.enable_steady_tick(Duration::from_millis(500));
        let progress = Self {
            bar,
            running: Vec::new(),
            ok: 0,
            failed: 0,
        };
        progress.redraw();
        progress
    }

    fn redraw(&self) {
        let mut names = String::new();
        for (i, name) in self.running.iter().enumerate() {
            let more = format!("{}{name}", if i > 0 { ", " } else { "" });
            if names.chars().count() + more.chars().count() > RUNNING_NAMES_CHARS {
                names.push_str(&format!(" (+{})", self.running.len() - i));
                break;
            }
            names.push_str(&more);
        }
        let names = if names.is_empty() {
            names
        } else {
            format!(": {names}")
        };
        self.bar.set_message(format!(
            "{} ok, {} failed, {} running{names}",
            self.ok,
            self.failed,
            self.running.len()
        ));
    }

    /// A run started.
    pub fn started(&mut self, name: &str) {
        self.running.push(name.to_string());
        self.redraw();
    }

    /// A run ended.
    pub fn finished(&mut self, name: &str, ok: bool) {
        self.running.retain(|n| n != name);
        if ok {
            self.ok += 1;
        } else {
            self.failed += 1;
        }
        self.bar.inc(1);
        self.redraw();
    }

    /// Removes the display.
    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}
