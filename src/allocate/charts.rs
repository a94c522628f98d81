//! The allocation's charts, drawn with [`crate::report::chart`]: per quota a merit order
//! (parks by the value of the last unit of their share, bar width = share, the total and the
//! price) and the province's least cost against the quota's total; per park its value curve.

use super::curves::{province_cost_curve, Curve};
use super::report::AllocationReport;
use super::Allocation;
use crate::report::chart::{ChartError, LineChart, MeritBar, MeritOrderChart};
use crate::report::lang::Lang;

/// Points on a province cost curve.
const COST_CURVE_POINTS: usize = 41;

/// Every chart, in the parks' report language: `(file name relative to the output
/// directory, SVG)`. Money in k RMB and M RMB in English, 万元 and 亿元 in Chinese.
pub fn all(
    allocation: &Allocation,
    report: &AllocationReport,
) -> Vec<(String, Result<String, ChartError>)> {
    let lang = allocation
        .province
        .parks
        .first()
        .and_then(|p| p.loaded.resolved.spec.report.lang)
        .unwrap_or_default();
    let mut out = Vec::new();
    for (j, q) in report.quotas.iter().enumerate() {
        // The merit order needs the parks' marginal values, which only the value curves give
        // (`--method joint` alone has none: every bar was drawn at zero).
        let valued = report.parks.iter().any(|p| {
            p.marginal_value_less
                .get(&q.name)
                .copied()
                .flatten()
                .is_some()
        });
        if valued {
            out.push((
                format!("merit_order_{}.svg", q.name),
                merit_order(report, j, lang),
            ));
        }
        if !allocation.curves.is_empty() {
            if let Some(chart) = province_cost(allocation, report, j, lang) {
                out.push((format!("province_cost_{}.svg", q.name), chart));
            }
        }
    }
    for curve in &allocation.curves {
        let name = &allocation.province.parks[curve.park].name;
        out.push((
            format!("curves/{name}.svg"),
            value_curve(allocation, curve, lang),
        ));
    }
    out
}

/// Parks by the value of the last unit of their share (its cost of one less), descending.
fn merit_order(report: &AllocationReport, j: usize, lang: Lang) -> Result<String, ChartError> {
    let q = &report.quotas[j];
    // Values in k RMB/yr (English) or 万元/年 (Chinese) per unit of the quota.
    let per_value = match lang {
        Lang::En => 1e3,
        Lang::Zh => 1e4,
    };
    let mut rows: Vec<(String, f64, Option<f64>)> = report
        .parks
        .iter()
        .filter_map(|p| {
            let share = *p.shares.get(&q.name)?;
            let value = p.marginal_value_less.get(&q.name).copied().flatten();
            Some((p.name.clone(), share, value))
        })
        .collect();
    let top = rows
        .iter()
        .filter_map(|r| r.2)
        .fold(0.0f64, f64::max)
        .max(1.0);
    // A park at its least quota has no "one less": it is drawn above the others.
    let height = |v: Option<f64>| v.unwrap_or(1.2 * top) / per_value;
    rows.sort_by(|a, b| height(b.2).total_cmp(&height(a.2)).then(a.0.cmp(&b.0)));
    let readings = &q.shadow_price_rmb_per_yr_per_unit;
    let curves_bracket = !(readings.curves_not_convex || readings.curves_not_monotone);
    let price = readings.joint_dual.or(readings.lagrange_multiplier).or(
        match (readings.curves_low, readings.curves_high) {
            _ if !curves_bracket => None,
            (Some(a), Some(b)) => Some(0.5 * (a + b)),
            (a, b) => a.or(b),
        },
    );
    let (name, unit) = (&q.name, crate::report::lang::unit(q.unit, lang));
    MeritOrderChart {
        title: match lang {
            Lang::En => format!("Merit order: {name} ({unit})"),
            Lang::Zh => format!("优序图：{name}（{unit}）"),
        },
        x_label: match lang {
            Lang::En => format!("share of the quota, {unit}"),
            Lang::Zh => format!("指标份额，{unit}"),
        },
        y_label: match lang {
            Lang::En => format!("value of the last unit, k RMB/yr per {unit}"),
            Lang::Zh => format!("最后一单位指标的价值，万元/(年·{unit})"),
        },
        bars: rows
            .into_iter()
            .map(|(label, width, value)| MeritBar {
                label,
                width: width.abs(),
                value: height(value),
            })
            .collect(),
        total: Some((
            q.total.abs(),
            match lang {
                Lang::En => format!("total {:.0} {unit}", q.total),
                Lang::Zh => format!("总量 {:.0} {unit}", q.total),
            },
        )),
        price: price.map(|p| {
            let v = p / per_value;
            (
                v,
                match lang {
                    Lang::En => format!("price {v:.1} k RMB/yr per {unit}"),
                    Lang::Zh => format!("影子价格 {v:.2} 万元/(年·{unit})"),
                },
            )
        }),
    }
    .to_svg()
}

/// The province's least cost against the total of quota `j`.
fn province_cost(
    allocation: &Allocation,
    report: &AllocationReport,
    j: usize,
    lang: Lang,
) -> Option<Result<String, ChartError>> {
    let q = &report.quotas[j];
    let quota = &allocation.province.quotas[j];
    let to = q.total.abs().max(q.wanted.abs()) * 1.2;
    if quota.sign() < 0.0 || to <= 0.0 {
        return None;
    }
    let points = province_cost_curve(
        &allocation.province,
        &allocation.survey,
        &allocation.curves,
        &allocation.totals,
        j,
        to,
        COST_CURVE_POINTS,
    )
    .ok()?;
    let (name, unit) = (&q.name, crate::report::lang::unit(q.unit, lang));
    let (money_unit, rmb_per_unit) = crate::report::units::chart_money_per_yr(lang);
    Some(
        LineChart {
            title: match lang {
                Lang::En => format!("Province cost against the {name} total"),
                Lang::Zh => format!("全省成本与{name}总量"),
            },
            x_label: match lang {
                Lang::En => format!("total of {name}, {unit}"),
                Lang::Zh => format!("{name}总量，{unit}"),
            },
            y_label: match lang {
                Lang::En => format!("least annual cost of the parks, {money_unit}"),
                Lang::Zh => format!("各园区最低年化成本之和，{money_unit}"),
            },
            points: points
                .iter()
                .filter(|(_, _, short)| *short == 0)
                .map(|(x, c, _)| (*x, c / rmb_per_unit))
                .collect(),
            markers: vec![(
                q.total,
                match lang {
                    Lang::En => format!("total {:.0}", q.total),
                    Lang::Zh => format!("总量 {:.0}", q.total),
                },
            )],
        }
        .to_svg(),
    )
}

/// A park's value curve along its first quota (its other quota at the level of its share).
fn value_curve(allocation: &Allocation, curve: &Curve, lang: Lang) -> Result<String, ChartError> {
    let (money_unit, rmb_per_unit) = crate::report::units::chart_money_per_yr(lang);
    let province = &allocation.province;
    let park = &province.parks[curve.park];
    let quota = &province.quotas[park.quotas[0]];
    let share = allocation.found[allocation.chosen].parks[curve.park]
        .share()
        .map(<[f64]>::to_vec);
    let others: Vec<f64> = curve
        .levels
        .iter()
        .enumerate()
        .map(|(k, levels)| {
            let s = share.as_ref().map_or(levels[levels.len() - 1], |s| s[k]);
            levels
                .iter()
                .copied()
                .find(|l| *l >= s - 1e-9)
                .unwrap_or(levels[levels.len() - 1])
        })
        .collect();
    let points: Vec<(f64, f64)> = curve.levels[0]
        .iter()
        .filter_map(|level| {
            let mut at = others.clone();
            at[0] = *level;
            let cost = curve.at(&at)?.cost()?;
            Some((quota.sign() * level, cost / rmb_per_unit))
        })
        .collect();
    let (name, unit) = (&quota.name, crate::report::lang::unit(quota.unit, lang));
    LineChart {
        title: match lang {
            Lang::En => format!("Value curve of {}", park.name),
            Lang::Zh => format!("{}的价值曲线", park.name),
        },
        x_label: match lang {
            Lang::En => format!("share of {name}, {unit}"),
            Lang::Zh => format!("{name}份额，{unit}"),
        },
        y_label: match lang {
            Lang::En => format!("least annual cost, {money_unit}"),
            Lang::Zh => format!("最低年化成本，{money_unit}"),
        },
        points,
        markers: share
            .map(|s| {
                let label = match lang {
                    Lang::En => "share",
                    Lang::Zh => "份额",
                };
                vec![(quota.sign() * s[0], label.to_string())]
            })
            .unwrap_or_default(),
    }
    .to_svg()
}
