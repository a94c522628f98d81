//! A plan's warnings, each in both report languages.

/// A warning of a plan, in English (`plan.json` → `warnings`) and in Chinese (`warnings_zh`,
/// the same warnings in the same order), so that the summary, `report.html` and `plan.xlsx`
/// of a Chinese report say it in Chinese. Names of fields, options and model rows stay as
/// the user writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The English text.
    pub en: String,
    /// The Chinese text.
    pub zh: String,
}

impl Warning {
    /// A warning from its two texts.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Self {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// This warning with `en` and `zh` put before its texts.
    pub fn after(self, en: &str, zh: &str) -> Self {
        Self::new(format!("{en}{}", self.en), format!("{zh}{}", self.zh))
    }
}
