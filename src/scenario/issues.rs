//! Input problems: each names the file, the field, the bad value and what is allowed.

use std::fmt;

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// The file (and line, where known) the problem is in.
    pub file: String,
    /// Dotted path of the field.
    pub field: String,
    /// The offending value as written.
    pub value: String,
    /// What is allowed.
    pub expected: String,
}

impl Issue {
    /// A problem with `field` in `file`: `value` is not `expected`.
    pub fn new(file: &str, field: &str, value: &str, expected: &str) -> Self {
        Self {
            file: file.into(),
            field: field.into(),
            value: value.into(),
            expected: expected.into(),
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: must be {}, got {}",
            self.file, self.field, self.expected, self.value
        )
    }
}

/// Collects problems so that validation reports all of them at once.
#[derive(Debug, Default)]
pub struct Issues {
    file: String,
    list: Vec<Issue>,
}

impl Issues {
    /// A collector for problems in `file`.
    pub fn for_file(file: &str) -> Self {
        Self {
            file: file.into(),
            list: Vec::new(),
        }
    }

    /// Records a problem in this collector's file.
    pub fn push(&mut self, field: &str, value: impl fmt::Display, expected: &str) {
        self.list
            .push(Issue::new(&self.file, field, &value.to_string(), expected));
    }

    /// Records a problem found elsewhere (a CSV file named by the scenario).
    pub fn push_issue(&mut self, issue: Issue) {
        self.list.push(issue);
    }

    /// Checks `lo <= value <= hi`.
    pub fn check_range(&mut self, field: &str, value: f64, lo: f64, hi: f64) {
        if !(value.is_finite() && lo <= value && value <= hi) {
            self.push(field, value, &format!("in [{lo}, {hi}]"));
        }
    }

    /// Checks `value > 0`.
    pub fn check_positive(&mut self, field: &str, value: f64) {
        if !(value.is_finite() && value > 0.0) {
            self.push(field, value, "> 0");
        }
    }

    /// Checks `value >= 0`.
    pub fn check_non_negative(&mut self, field: &str, value: f64) {
        if !(value.is_finite() && value >= 0.0) {
            self.push(field, value, ">= 0");
        }
    }

    /// The problems found.
    pub fn into_vec(self) -> Vec<Issue> {
        self.list
    }

    /// Drops each problem whose `expected` is `generic` where another problem names the same
    /// field (a field's own range says more than the check every number gets), so that a
    /// field is not reported twice for one value.
    pub fn drop_generic_where_specific(&mut self, generic: &str) {
        let specific: std::collections::BTreeSet<String> = self
            .list
            .iter()
            .filter(|i| i.expected != generic)
            .map(|i| i.field.clone())
            .collect();
        self.list
            .retain(|i| i.expected != generic || !specific.contains(&i.field));
    }

    /// How many problems were found so far.
    pub fn count(&self) -> usize {
        self.list.len()
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}
