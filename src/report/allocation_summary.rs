//! The key figures of an allocation (`allocation.json`) at the head of its `report.html`: the
//! method, the province's total cost with the lower bound and the gap, how many parks are
//! served, each method's cost, each quota's use and shadow price, each comparison's cost and
//! the warnings, in English or Chinese.

use super::lang::{self, Lang};
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

/// RMB/yr as the reports show money ([`units::money_per_year`]), or "–".
fn million(value: Option<f64>, lang: Lang) -> String {
    value.map_or("–".into(), |v| units::money_per_year(v, lang))
}

fn plain(value: Option<f64>) -> String {
    value.map_or("–".into(), |v| {
        units::number(v, if v.abs() >= 100.0 { 0 } else { 2 })
    })
}

/// The summary of `allocation` (the contents of `allocation.json`), in `lang`. Fields it
/// does not hold are left out.
pub fn lines(allocation: &Value, lang: Lang) -> Vec<Line> {
    let f = |v: &Value, key: &str| v.get(key).and_then(Value::as_f64);
    let count = |key: &str| allocation.get(key).and_then(Value::as_u64).unwrap_or(0);
    let method = allocation
        .get("method")
        .and_then(Value::as_str)
        .unwrap_or("");
    let methods: Vec<&Value> = allocation
        .get("methods")
        .and_then(Value::as_array)
        .map(|m| m.iter().collect())
        .unwrap_or_default();
    let chosen = methods
        .iter()
        .find(|m| m.get("method").and_then(Value::as_str) == Some(method));
    let mut out: Vec<Line> = vec![
        (pick(lang, "method", "分配方法"), method.to_string()),
        (
            pick(lang, "province's total cost", "全省年化总成本"),
            million(f(allocation, "total_cost_rmb_per_yr"), lang),
        ),
    ];
    if let Some(cost) = f(allocation, "final_plans_cost_rmb_per_yr") {
        out.push((
            pick(lang, "the same parks' final plans", "同一批园区的最终方案"),
            match lang {
                Lang::En => format!(
                    "{} (parks/<name>/, on the full year where checked; the total above is the \
                     allocation's own estimate)",
                    million(Some(cost), lang)
                ),
                Lang::Zh => format!(
                    "{}（parks/<名称>/，典型日方案经全年校核；上行为分配时的估计）",
                    million(Some(cost), lang)
                ),
            },
        ));
    }
    if let Some(m) = chosen {
        if let Some(bound) = f(m, "lower_bound_rmb_per_yr") {
            out.push((
                pick(lang, "lower bound", "成本下界"),
                million(Some(bound), lang),
            ));
        }
        if let Some(gap) = f(m, "gap") {
            out.push((
                pick(lang, "gap to the lower bound", "与下界的相对差距"),
                format!("{} %", units::number(100.0 * gap, 3)),
            ));
        }
    }
    let failed = count("final_plans_failed");
    out.push((
        pick(lang, "parks", "园区"),
        match lang {
            Lang::En => format!(
                "{} allocated{}, {} falling short, {} unable at any share",
                count("parks_allocated"),
                if failed > 0 {
                    format!(" ({failed} of them with no final plan at their share)")
                } else {
                    String::new()
                },
                count("parks_short"),
                count("parks_cannot")
            ),
            Lang::Zh => format!(
                "已分配 {}{}，指标不足未达标 {}，任何份额均无法达标 {}",
                count("parks_allocated"),
                if failed > 0 {
                    format!("（其中 {failed} 个在其份额下最终方案无解）")
                } else {
                    String::new()
                },
                count("parks_short"),
                count("parks_cannot")
            ),
        },
    ));
    if methods.len() > 1 {
        for m in &methods {
            let name = m.get("method").and_then(Value::as_str).unwrap_or("");
            out.push((
                format!("{} {name}", pick(lang, "method", "方法")),
                million(f(m, "total_cost_rmb_per_yr"), lang),
            ));
        }
    }
    for q in allocation
        .get("quotas")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let s = |key: &str| q.get(key).and_then(Value::as_str).unwrap_or("");
        let unit = s("unit");
        let label = format!(
            "{} {} ({unit}, {} {})",
            pick(lang, "quota", "指标"),
            s("name"),
            match s("sense") {
                "<=" => "≤",
                ">=" => "≥",
                other => other,
            },
            plain(f(q, "total"))
        );
        let price = q.get("shadow_price_rmb_per_yr_per_unit");
        let p = |key: &str| price.and_then(|p| f(p, key));
        let not_convex = price
            .and_then(|p| p.get("curves_not_convex"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let not_monotone = price
            .and_then(|p| p.get("curves_not_monotone"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let bracket = match (p("curves_low"), p("curves_high")) {
            // A negative slope (the report says so): the parks served change across the
            // step, and the two costs' difference is no price.
            (a, b) if not_monotone => Some(pick(
                lang,
                &format!(
                    "no bracket (the parks served change across the step: a step more saves \
                     {}, a step less costs {})",
                    plain(a),
                    plain(b)
                ),
                &format!(
                    "无区间（跨步时获分配的园区改变：多一步节省 {}，少一步增加 {}）",
                    plain(a),
                    plain(b)
                ),
            )),
            // One step more saving more than one step less costs (the allocation's report
            // says so): the curves are not convex there, and give no bracket.
            (Some(a), Some(b)) if not_convex => Some(pick(
                lang,
                &format!(
                    "no bracket (not convex here: a step more saves {}, a step less costs {})",
                    plain(Some(a)),
                    plain(Some(b))
                ),
                &format!(
                    "无区间（此处非凸：多一步节省 {}，少一步增加 {}）",
                    plain(Some(a)),
                    plain(Some(b))
                ),
            )),
            (Some(a), Some(b)) => Some(format!(
                "{}–{}",
                plain(Some(a.min(b))),
                plain(Some(a.max(b)))
            )),
            (Some(a), None) | (None, Some(a)) => Some(plain(Some(a))),
            (None, None) => None,
        };
        let mut value = match lang {
            Lang::En => format!(
                "granted {}, used {}, wanted {}; shadow price in RMB/yr per {unit}",
                plain(f(q, "granted")),
                plain(f(q, "used")),
                plain(f(q, "wanted"))
            ),
            Lang::Zh => format!(
                "已分配 {}，已使用 {}，无约束时所需 {}；影子价格，元/({unit}·年)",
                plain(f(q, "granted")),
                plain(f(q, "used")),
                plain(f(q, "wanted"))
            ),
        };
        if let Some(bracket) = bracket {
            value.push_str(&pick(
                lang,
                &format!(": value curves {bracket}"),
                &format!("：价值曲线 {bracket}"),
            ));
        }
        for (key, en, zh) in [
            ("lagrange_multiplier", "Lagrange multiplier", "拉格朗日乘子"),
            ("joint_dual", "joint LP dual", "联合模型对偶值"),
        ] {
            if let Some(v) = p(key) {
                value.push_str(&format!("; {} {}", pick(lang, en, zh), plain(Some(v))));
            }
        }
        out.push((label, value));
    }
    for c in allocation
        .get("comparisons")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = c.get("name").and_then(Value::as_str).unwrap_or("");
        let name = if name == "equal split" {
            pick(lang, "equal split", "平均分配")
        } else {
            name.to_string()
        };
        let short_parks: Vec<&str> = c
            .get("parks_short")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let short = short_parks.len();
        let named = if short_parks.is_empty() {
            String::new()
        } else {
            pick(
                lang,
                &format!(" ({})", short_parks.join(", ")),
                &format!("（{}）", short_parks.join("、")),
            )
        };
        let mut value = match lang {
            Lang::En => format!(
                "{} for the parks that meet their rules; {short} {} short{named}",
                million(f(c, "total_cost_rmb_per_yr"), lang),
                if short == 1 {
                    "park falls"
                } else {
                    "parks fall"
                }
            ),
            Lang::Zh => format!(
                "达标园区合计 {}；{short} 个园区指标不足未达标{named}",
                million(f(c, "total_cost_rmb_per_yr"), lang)
            ),
        };
        if let Some(same) = c.get("same_parks_rmb_per_yr").filter(|_| short > 0) {
            let n = same.get("parks").and_then(Value::as_u64).unwrap_or(0);
            value.push_str(&match lang {
                Lang::En => format!(
                    "; over the {n} parks that meet their rules in both: {} against {} found",
                    million(f(same, "this"), lang),
                    million(f(same, "found"), lang)
                ),
                Lang::Zh => format!(
                    "；两种分配下均达标的 {n} 个园区：{name} {}，优化分配 {}",
                    million(f(same, "this"), lang),
                    million(f(same, "found"), lang)
                ),
            });
        }
        if let (Some(extra), Some(share)) =
            (f(c, "extra_cost_rmb_per_yr"), f(c, "extra_cost_share"))
        {
            value.push_str(&match lang {
                Lang::En => format!(
                    "; costs {} more ({} %)",
                    million(Some(extra), lang),
                    units::number(100.0 * share, 2)
                ),
                Lang::Zh => format!(
                    "；多花 {}（{} %）",
                    million(Some(extra), lang),
                    units::number(100.0 * share, 2)
                ),
            });
        }
        out.push((name, value));
    }
    for w in lang::warnings(allocation, lang) {
        out.push((pick(lang, "warning", "警告"), w.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gap_and_the_price_bracket_are_read_from_the_allocation() {
        let allocation = serde_json::json!({
            "method": "curves", "total_cost_rmb_per_yr": 5.0e9,
            "parks_allocated": 3, "parks_short": 1, "parks_cannot": 0,
            "methods": [{"method": "curves", "total_cost_rmb_per_yr": 5.0e9,
                         "lower_bound_rmb_per_yr": 4.99e9, "gap": 0.002}],
            "quotas": [{"name": "renewables", "unit": "MW", "sense": "<=", "total": 3000.0,
                        "granted": 3000.0, "used": 2990.0, "wanted": 4000.0,
                        "shadow_price_rmb_per_yr_per_unit":
                            {"curves_low": 560000.0, "curves_high": 540000.0}}],
            "comparisons": [{"name": "equal split", "total_cost_rmb_per_yr": 5.1e9,
                             "parks_short": ["baotou-aluminium"], "extra_cost_rmb_per_yr": 1.0e8,
                             "extra_cost_share": 0.02}],
            "warnings": []
        });
        let en = lines(&allocation, Lang::En);
        let get = |lines: &[Line], label: &str| {
            lines
                .iter()
                .find(|(l, _)| l == label)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        assert_eq!(get(&en, "gap to the lower bound"), "0.200 %");
        assert_eq!(get(&en, "lower bound"), "4,990.00 M RMB/yr");
        assert!(
            get(&en, "quota renewables (MW, ≤ 3,000)").ends_with("value curves 540,000–560,000")
        );
        assert!(get(&en, "equal split").contains("100.00 M RMB/yr more (2.00 %)"));
        // The parks that fall short are named (the Chinese page gave only their count).
        assert!(get(&en, "equal split").contains("1 park falls short (baotou-aluminium)"));
        // Its cost is said to be of the parks that meet their rules.
        assert!(get(&en, "equal split").starts_with(
            "5,100.00 M RMB/yr for the parks that meet their rules; 1 park falls short"
        ));
        let zh = lines(&allocation, Lang::Zh);
        assert_eq!(get(&zh, "与下界的相对差距"), "0.200 %");
        assert!(get(&zh, "平均分配").contains("多花"));
        assert!(get(&zh, "平均分配").contains("1 个园区指标不足未达标（baotou-aluminium）"));
        assert!(get(&zh, "指标 renewables (MW, ≤ 3,000)").ends_with("：价值曲线 540,000–560,000"));

        // A step more saving far more than a step less costs is no bracket (the curves are
        // not convex there): said so, not shown sorted as if it were one.
        let mut inverted = allocation.clone();
        inverted["quotas"][0]["shadow_price_rmb_per_yr_per_unit"] = serde_json::json!({"curves_low": 1184169.0, "curves_high": 449406.0,
                               "curves_not_convex": true});
        let en = lines(&inverted, Lang::En);
        assert!(get(&en, "quota renewables (MW, ≤ 3,000)").ends_with(
            "value curves no bracket (not convex here: a step more saves 1,184,169, a step \
             less costs 449,406)"
        ));
        let zh = lines(&inverted, Lang::Zh);
        assert!(get(&zh, "指标 renewables (MW, ≤ 3,000)").contains("无区间（此处非凸"));

        // A negative slope (a step more costing more, as when the parks served change
        // across the step) is no bracket either: it was shown as "-4,882,100–347,119".
        let mut backwards = allocation.clone();
        backwards["quotas"][0]["shadow_price_rmb_per_yr_per_unit"] = serde_json::json!({"curves_low": -4882100.0, "curves_high": 347119.0,
                               "curves_not_monotone": true});
        let en = lines(&backwards, Lang::En);
        assert!(get(&en, "quota renewables (MW, ≤ 3,000)").ends_with(
            "value curves no bracket (the parks served change across the step: a step more \
             saves -4,882,100, a step less costs 347,119)"
        ));
    }
}
