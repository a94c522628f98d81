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
    pub fn prefixed(self, en: &str, zh: &str) -> Self {
        Self::new(format!("{en}{}", self.en), format!("{zh}{}", self.zh))
    }

    /// `items` joined into one, by "; " in English and "；" in Chinese; None when empty.
    pub fn join(items: &[Warning]) -> Option<Warning> {
        let joined = |text: fn(&Warning) -> &String, between: &str| {
            items
                .iter()
                .map(text)
                .cloned()
                .collect::<Vec<_>>()
                .join(between)
        };
        (!items.is_empty()).then(|| Warning::new(joined(|w| &w.en, "; "), joined(|w| &w.zh, "；")))
    }
}

/// An energy consumption of `tce` tce/yr as the Chinese reports write it: in 万tce/年 from
/// 10,000 tce up, else in tce/年 (0.00 万tce/年 would hide a small park's 26 tce/yr).
pub fn tce_per_yr_zh(tce: f64) -> String {
    if tce.abs() >= 1e4 {
        format!("{:.2} 万tce/年", tce / 1e4)
    } else {
        format!("{tce:.0} tce/年")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Chinese figure is the English one in the unit the Chinese reports use.
    #[test]
    fn consumption_is_written_in_the_unit_its_size_needs() {
        assert_eq!(tce_per_yr_zh(26.0), "26 tce/年");
        assert_eq!(tce_per_yr_zh(9_999.4), "9999 tce/年");
        assert_eq!(tce_per_yr_zh(131_400.0), "13.14 万tce/年");
    }

    #[test]
    fn warnings_join_in_each_language() {
        let joined = Warning::join(&[Warning::new("a", "甲"), Warning::new("b", "乙")]);
        assert_eq!(joined, Some(Warning::new("a; b", "甲；乙")));
        assert_eq!(Warning::join(&[]), None);
    }
}
