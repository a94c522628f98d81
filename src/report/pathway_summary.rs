//! The key figures of a pathway (`pathway.json`) at the head of its `report.html`: the
//! foresight, the stages planned, the present cost at its discount rate, how the joint model
//! ended, what retired and which stages fall short, in English or Chinese.

use super::lang::Lang;
use super::units;
use serde_json::Value;

/// One labelled figure of the summary.
pub type Line = (String, String);

fn pick(lang: Lang, en: &str, zh: &str) -> String {
    match lang {
        Lang::En => en.to_string(),
        Lang::Zh => zh.to_string(),
    }
}

/// The summary of `pathway` (the contents of `pathway.json`), in `lang`. Fields it does not
/// hold are left out.
pub fn lines(pathway: &Value, lang: Lang) -> Vec<Line> {
    let f = |key: &str| pathway.get(key).and_then(Value::as_f64);
    let count = |key: &str| pathway.get(key).and_then(Value::as_u64).unwrap_or(0);
    let texts = |key: &str| -> Vec<String> {
        pathway
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(String::from))
            .collect()
    };
    let foresight = match pathway.get("foresight").and_then(Value::as_str) {
        Some("perfect") => pick(
            lang,
            "perfect: one model over all stages",
            "完全预见：全部阶段在一个模型中规划",
        ),
        _ => pick(
            lang,
            "myopic: stages one after another",
            "短视：逐阶段依次规划",
        ),
    };
    let rate = f("discount_rate").map_or("–".into(), units::percent);
    let mut out: Vec<Line> = vec![
        (pick(lang, "foresight", "预见方式"), foresight),
        (
            pick(lang, "stages planned", "已规划阶段"),
            match lang {
                Lang::En => format!("{} of {}", count("stages_planned"), count("stage_count")),
                Lang::Zh => format!("{} / {}", count("stages_planned"), count("stage_count")),
            },
        ),
        (pick(lang, "discount rate", "折现率"), rate.clone()),
    ];
    if let Some(cost) = f("present_cost_rmb") {
        let year = count("first_year");
        out.push((
            pick(lang, "present cost", "总成本现值"),
            match lang {
                Lang::En => format!("{} at {rate} to {year}", units::money(cost, lang)),
                Lang::Zh => format!("{}（按 {rate} 折现至 {year} 年）", units::money(cost, lang)),
            },
        ));
    }
    if let Some(note) = pathway.get("note").and_then(Value::as_str) {
        out.push((pick(lang, "joint model", "联合模型"), note.to_string()));
    }
    for r in pathway
        .get("retired")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let year = r.get("year").and_then(Value::as_u64).unwrap_or(0);
        // By capacity name in the report's language (`储能 (MWh) 400.0`), else as written.
        let sizes = match r.get("amounts").and_then(Value::as_object) {
            Some(amounts) => amounts
                .iter()
                .map(|(key, amount)| {
                    format!(
                        "{} {:.1}",
                        super::lang::column(key, lang),
                        amount.as_f64().unwrap_or(f64::NAN)
                    )
                })
                .collect::<Vec<_>>()
                .join(match lang {
                    Lang::En => ", ",
                    Lang::Zh => "，",
                }),
            None => r
                .get("sizes")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
        };
        out.push((
            match lang {
                Lang::En => format!("retired at the start of {year} (end of life)"),
                Lang::Zh => format!("{year} 年初退役（经济寿命期满）"),
            },
            sizes,
        ));
    }
    for line in texts("shortfalls") {
        out.push((pick(lang, "falls short", "未达标"), line));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_present_cost_and_foresight_head_the_report() {
        let pathway = serde_json::json!({
            "scenario": "ordos", "foresight": "perfect", "discount_rate": 0.06,
            "stages_planned": 4, "stage_count": 4, "present_cost_rmb": 4.1744e9,
            "first_year": 2025, "note": "one model over all stages: optimal within 0.010 %",
            "retired": [{"year": 2035, "sizes": "battery mwh 437.9"}], "shortfalls": []
        });
        let en = lines(&pathway, Lang::En);
        let get = |lines: &[Line], label: &str| {
            lines
                .iter()
                .find(|(l, _)| l == label)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| panic!("no {label} in {lines:?}"))
        };
        assert_eq!(get(&en, "foresight"), "perfect: one model over all stages");
        assert_eq!(get(&en, "stages planned"), "4 of 4");
        assert_eq!(get(&en, "present cost"), "4,174.40 M RMB at 6.0 % to 2025");
        assert_eq!(
            get(&en, "retired at the start of 2035 (end of life)"),
            "battery mwh 437.9"
        );
        let zh = lines(&pathway, Lang::Zh);
        assert_eq!(
            get(&zh, "总成本现值"),
            "41.74 亿元（按 6.0 % 折现至 2025 年）"
        );
        assert_eq!(get(&zh, "预见方式"), "完全预见：全部阶段在一个模型中规划");
        // With the sizes by name, they read in the report's language.
        let mut named = pathway.clone();
        named["retired"][0]["amounts"] = serde_json::json!({"battery_mwh": 437.9});
        let zh = lines(&named, Lang::Zh);
        let retired = get(&zh, "2035 年初退役（经济寿命期满）");
        assert!(!retired.contains("battery"), "{retired}");
        assert!(retired.ends_with("(MWh) 437.9"), "{retired}");
    }
}
