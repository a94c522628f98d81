//! Typical days (issue 10): the aggregation, storage linked across days, the monthly demand
//! charge over typical days, the full-year check and its repair, and validation. Every solve
//! is a real HiGHS solve of a full-year park (8,760 hours).

mod common;
use common::*;
use zcpark::aggregate;
use zcpark::scenario::spec::AggregationSpec;
use zcpark::scenario::{self, ScenarioSource};
use zcpark::solve::SolveStatus;

/// A full-year grid-only park with the given extra YAML (a `horizon:` line is added).
fn full_year(extra: &str, price: f64, import_cap_mw: f64) -> String {
    head(8760, price, import_cap_mw, 10.0) + extra
}

/// A park whose store must carry energy from one day to the next: existing PV of 20 MW on
/// every even day of the year up to day 362 (cf 1 all day: 240 MWh of surplus over a 10 MW
/// load), none on the odd days, and half on day 364 (neither surplus nor deficit, so that the
/// year closes on the same pattern); grid at 0.5 RMB/kWh; a lossless battery at 100 RMB/kWh and 100 RMB/kW over 10
/// years (no discount, no fixed O&M), up to 48 h long, wear 5 RMB/MWh.
fn alternating_days() -> String {
    full_year(
        "resources:
  pv_cf: { file: profile.csv, column: pv }
build:
  pv: { max_mw: 0, existing_mw: 20 }
  battery: { max_mwh: 1000 }
catalogue:
  finance: { discount_rate: 0.0 }
  battery: { capex_energy_rmb_per_kwh: 100, capex_power_rmb_per_kw: 100, lifetime_yr: 10,
             fixed_om_frac: 0.0, round_trip_eff: 1.0, max_duration_h: 48, wear_cost_rmb_per_mwh: 5 }
",
        0.5,
        50.0,
    )
}

fn alternating_profile() -> Vec<(&'static str, Vec<f64>)> {
    let pv: Vec<f64> = (0..8760)
        .map(|h| match h / 24 {
            364 => 0.5,
            d if d % 2 == 0 => 1.0,
            _ => 0.0,
        })
        .collect();
    vec![("load", flat(10.0, 24)), ("pv", pv)]
}

fn with_typical_days(yaml: &str, days: usize, aggregation: &str) -> String {
    yaml.replace(
        "horizon: { start_hour: 0, hours: 8760 }",
        &format!(
            "horizon: {{ start_hour: 0, hours: 8760, typical_days: {days}, aggregation: {aggregation} }}"
        ),
    )
}

/// Inter-day linking against cyclic days, worked by hand. The 182 even days up to 362 are
/// sunny, the 182 odd days dark, day 364 neutral. Three typical days (sunny, dark, neutral;
/// no extreme days) stand for them.
///
/// - `cyclic_per_day`: no day can pass energy to the next, so no battery; each dark day
///   imports 240 MWh: 182 · 240 · 500 = 21,840,000 RMB/yr.
/// - `inter_day`: the battery carries each sunny day's 240 MWh to the following dark day
///   (10 MW in for 24 h, then 10 MW out for 24 h): 240 MWh / 10 MW, 240,000 kWh · 100 / 10 +
///   10,000 kW · 100 / 10 = 2,500,000 RMB/yr, wear 5 · 182 · 240 = 218,400; nothing
///   imported. Total 2,718,400 RMB/yr, 19,121,600 below `cyclic_per_day`.
///
/// Both typical-day models are exact here (every sunny day is alike, every dark day too), so
/// each full-year check gives the same cost as its estimate. (Had day 364 been sunny like
/// day 0 after it, every sunny day — one typical day — would charge the same 182/183 of
/// 240 MWh, and the store would have to hold two days' charge: days in one cluster cannot
/// act differently.)
#[test]
fn storage_linked_across_days_carries_energy_that_cyclic_days_cannot() {
    let mut costs = Vec::new();
    for linking in ["cyclic_per_day", "inter_day"] {
        let yaml = with_typical_days(
            &alternating_days(),
            3,
            &format!("{{ extreme_days: [], storage_linking: {linking} }}"),
        );
        let f = fixture(&yaml, &alternating_profile());
        let out = plan(&f);
        assert_eq!(out.report.status, SolveStatus::Optimal, "{linking}");
        let check = out.report.full_year_check.as_ref().unwrap();
        let estimate = check.typical_day_estimate_rmb_per_yr.unwrap();
        let full = out.report.objective_rmb_per_yr.unwrap();
        assert!(
            close(estimate, full, 1e-6),
            "{linking}: {estimate} vs {full}"
        );
        let agg = out.report.aggregation.as_ref().unwrap();
        assert_eq!(agg.days.len(), 3);
        costs.push(full);
    }
    assert!(close(costs[0], 21_840_000.0, 1e-6), "cyclic {}", costs[0]);
    assert!(close(costs[1], 2_718_400.0, 1e-6), "inter-day {}", costs[1]);
    assert!(close(costs[0] - costs[1], 19_121_600.0, 1e-6));
}

/// The strongest check of the weights and the linking: 365 typical days (each day its own;
/// two of them kept as extreme days) give the full-year model's objective to 1e-6, for the
/// estimate and for the full-year check. The park: a seasonal PV profile (longer days in
/// summer), a battery, a TOU tariff and a monthly demand charge.
#[test]
fn three_hundred_sixty_five_typical_days_reproduce_the_full_year() {
    let pv: Vec<f64> = (0..8760)
        .map(|h| {
            let day = (h / 24) as f64;
            let hour = (h % 24) as f64;
            let season = 0.5 + 0.4 * (2.0 * std::f64::consts::PI * (day - 80.0) / 365.0).sin();
            (season * (std::f64::consts::PI * (hour - 6.0) / 12.0).sin()).max(0.0)
        })
        .collect();
    let load: Vec<f64> = (0..8760)
        .map(|h| 50.0 + 10.0 * ((h / 24) % 7) as f64 + 5.0 * ((h % 24) as f64 / 4.0).sin())
        .collect();
    let yaml = head(8760, 0.5, 200.0, 10.0)
        .replace("rules:\n", "rules:\n  clean_share: { target: 0.3 }\n")
        .replace(
            "  import_tariff: { flat_rmb_per_kwh: 0.5 }",
            "  import_tariff:
    tou:
      prices_rmb_per_kwh: { valley: 0.25, flat: 0.5, peak: 0.9 }
      seasons:
        - months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
          hours: { valley: \"0-7\", flat: \"8-16\", peak: \"17-23\" }
  demand_charge: { max_demand_rmb_per_kw_month: 30 }",
        )
        + "resources:
  pv_cf: { file: profile.csv, column: pv }
build:
  pv: { max_mw: 300 }
  battery: { max_mwh: 500 }
";
    let f = fixture(&yaml, &[("load", load.clone()), ("pv", pv.clone())]);
    let full = plan(&f);
    assert_eq!(full.report.status, SolveStatus::Optimal);
    let reference = full.report.objective_rmb_per_yr.unwrap();

    let f = fixture(
        &with_typical_days(&yaml, 365, "{}"),
        &[("load", load), ("pv", pv)],
    );
    let out = plan(&f);
    let check = out.report.full_year_check.as_ref().unwrap();
    let estimate = check.typical_day_estimate_rmb_per_yr.unwrap();
    assert!(
        close(estimate, reference, 1e-6),
        "{estimate} vs {reference}"
    );
    let checked = out.report.objective_rmb_per_yr.unwrap();
    assert!(close(checked, reference, 1e-6), "{checked} vs {reference}");
    let agg = out.report.aggregation.as_ref().unwrap();
    assert_eq!(agg.days.len(), 365);
    assert!(agg.days.iter().all(|d| d.weight_days == 1));
}

/// Weights add to 365, the extreme days are among the typical days with weight 1, and every
/// day of the year maps to a typical day — on the shipped example's profiles.
#[test]
fn weights_add_to_the_year_and_extreme_days_are_kept() {
    let loaded = scenario::load(&ScenarioSource::Embedded).unwrap();
    for method in ["hierarchical", "kmedoids"] {
        for days in [4, 12, 48] {
            let spec: AggregationSpec =
                serde_yaml::from_str(&format!("{{ method: {method} }}")).unwrap();
            let (park, report) = aggregate::aggregate(&loaded.park, days, &spec).unwrap();
            assert_eq!(report.days.len(), days);
            let weights: usize = report.days.iter().map(|d| d.weight_days).sum();
            assert_eq!(weights, 365);
            let step_weights: f64 = park.time.weight_h.iter().sum();
            assert!((step_weights - 8760.0).abs() < 1e-9);
            for extreme in spec.extreme_days() {
                let day = aggregate::features::extreme_day(&loaded.park, extreme).unwrap();
                let kept = report
                    .days
                    .iter()
                    .find(|d| d.day_of_year == day)
                    .unwrap_or_else(|| panic!("{extreme:?} day {day} not kept"));
                assert_eq!(kept.weight_days, 1);
                assert_eq!(kept.extreme, Some(extreme));
            }
            assert_eq!(report.day_to_typical_day.len(), 365);
            for (k, d) in report.days.iter().enumerate() {
                let members = report
                    .day_to_typical_day
                    .iter()
                    .filter(|t| **t == k)
                    .count();
                assert_eq!(members, d.weight_days);
                // A typical day stands for itself.
                assert_eq!(report.day_to_typical_day[d.day_of_year], k);
            }
            // Amounts keep their annual totals.
            let annual = |p: &zcpark::scenario::Park| p.time.annual(&p.electric_load_mw);
            assert!(close(annual(&park), annual(&loaded.park), 1e-9));
        }
    }
}

/// A month's demand charge is billed from the typical days that stand for its days. Flat
/// 10 MW load, except 50 MW from 18 to 21 h on 10 March (day 68), kept whole as the
/// peak-load day; 28 RMB/kW-month. March's bill covers that day: 50 MW; the other eleven
/// months 10 MW. Charge = (11 · 10 + 50) MW · 28,000 RMB/MW-month = 4,480,000 RMB/yr, on
/// typical days and on the full year alike.
#[test]
fn a_demand_charge_month_is_billed_from_its_typical_days() {
    let mut load = vec![10.0; 8760];
    for h in 18..22 {
        load[68 * 24 + h] = 50.0;
    }
    let yaml = full_year(
        "  demand_charge: { max_demand_rmb_per_kw_month: 28 }\n",
        0.5,
        100.0,
    );
    let yaml = with_typical_days(&yaml, 3, "{ extreme_days: [peak_load] }");
    let f = fixture(&yaml, &[("load", load)]);
    let out = plan(&f);
    let check = out.report.full_year_check.as_ref().unwrap();
    let estimate = check.typical_day_costs.as_ref().unwrap()["demand_charge"];
    let full = out.report.costs.as_ref().unwrap()["demand_charge"];
    assert!(
        close(estimate, 4_480_000.0, 1e-9),
        "typical days {estimate}"
    );
    assert!(close(full, 4_480_000.0, 1e-9), "full year {full}");
    let agg = out.report.aggregation.as_ref().unwrap();
    assert!(agg
        .days
        .iter()
        .any(|d| d.day_of_year == 68 && d.date == "03-10"));
}

/// The full-year check and its repair, on a case built so that the typical-day sizes fall
/// short. Load 10 MW flat except 30 MW from 18 to 21 h on day 100; grid connection 20 MW; a
/// lossless battery may be built (600 RMB/kWh, 200 RMB/kW, 10 years, no discount, no fixed
/// O&M). One
/// typical day without extreme days: its evening hours take the mean of the year's highest
/// hours (about 10.2 MW), so the typical-day plan builds nothing. On the full year the four
/// hours are 10 MW short: the sizes fail, and the repair adds the least battery that serves
/// them, 40 MWh over 4 h (10 MW), costing 40,000 · 60 + 10,000 · 20 = 2,600,000 RMB/yr.
#[test]
fn sizes_that_fall_short_on_the_full_year_are_repaired() {
    let mut load = vec![10.0; 8760];
    for h in 18..22 {
        load[100 * 24 + h] = 30.0;
    }
    let yaml = full_year(
        "build:
  battery: { max_mwh: 200 }
catalogue:
  finance: { discount_rate: 0.0 }
  battery: { capex_energy_rmb_per_kwh: 600, capex_power_rmb_per_kw: 200, lifetime_yr: 10,
             fixed_om_frac: 0.0, round_trip_eff: 1.0 }
",
        0.5,
        20.0,
    );
    let yaml = with_typical_days(&yaml, 1, "{ extreme_days: [] }");
    let f = fixture(&yaml, &[("load", load)]);
    let out = plan(&f);
    let check = out.report.full_year_check.as_ref().unwrap();
    assert!(check.message.contains("repaired"), "{}", check.message);
    let raised = |name: &str| {
        check
            .repairs
            .iter()
            .find(|r| r.size == name)
            .unwrap_or_else(|| panic!("{name} not repaired: {:?}", check.repairs))
            .clone()
    };
    let energy = raised("battery_new_mwh");
    assert_eq!(energy.typical_days, 0.0);
    assert!(close(energy.full_year, 40.0, 1e-6), "{energy:?}");
    let power = raised("battery_new_mw");
    assert!(close(power.full_year, 10.0, 1e-6), "{power:?}");
    let cost = check.repair_capacity_cost_rmb_per_yr.unwrap();
    assert!(close(cost, 2_600_000.0, 1e-6), "{cost}");
    let caps = out.report.capacities.as_ref().unwrap();
    assert!(close(caps.battery_mwh, 40.0, 1e-6));
    assert_eq!(out.exit_code(), 0);

    // With at most 20 MWh of battery the best repair (all 20 MWh) still leaves 20 of the
    // 40 MWh short on day 100: the message says so, with the shortfall after the repair (it
    // said only "nothing could be added", and an allocation's warning quoted the shortfall
    // of the typical-day sizes).
    let capped = yaml.replace("max_mwh: 200", "max_mwh: 20");
    let mut load = vec![10.0; 8760];
    for h in 18..22 {
        load[100 * 24 + h] = 30.0;
    }
    let f = fixture(&capped, &[("load", load)]);
    let out = plan(&f);
    let check = out.report.full_year_check.as_ref().unwrap();
    assert!(
        check.message.contains(
            "repaired with those sizes as lower bounds: the rules still cannot be met (20 \
             MWh/yr of demand cannot be served"
        ),
        "{}",
        check.message
    );
}

/// Validation: N below 1, above 365, a cut of the year, an unknown feature, a feature or an
/// extreme day given twice, an extreme day the park has nothing for — each named by file,
/// field and value.
#[test]
fn typical_day_settings_are_validated() {
    let base = full_year("", 0.5, 100.0);
    for (days, aggregation, field, value) in [
        (0, "{}", "horizon.typical_days", "0"),
        (366, "{}", "horizon.typical_days", "366"),
        (
            12,
            "{ features: [electric_load, wind_speed] }",
            "horizon.aggregation.features[1]",
            "wind_speed",
        ),
        (
            12,
            "{ extreme_days: [min_renewable] }",
            "horizon.aggregation.extreme_days[0]",
            "min_renewable",
        ),
        (
            12,
            "{ features: [electric_load, electric_load] }",
            "horizon.aggregation.features[1]",
            "electric_load",
        ),
        (
            12,
            "{ extreme_days: [peak_load, peak_load] }",
            "horizon.aggregation.extreme_days[1]",
            "peak_load",
        ),
    ] {
        let f = fixture(
            &with_typical_days(&base, days, aggregation),
            &[("load", flat(10.0, 24))],
        );
        assert_named(&problems_of(&f), field, value);
    }
    let cut = with_typical_days(&base, 12, "{}").replace("hours: 8760", "hours: 168");
    let f = fixture(&cut, &[("load", flat(10.0, 24))]);
    assert_named(
        &problems_of(&f),
        "horizon.typical_days",
        "12 with start_hour 0 and hours 168",
    );
}

/// The terminal summary of a checked typical-day plan in Chinese, on the real binary: the
/// stop reason (of the typical-day sizing), the limit's basis (auto, on typical days), the
/// aggregation's options, the profile line and the last line are in Chinese; in English they
/// read as before.
#[test]
fn a_typical_day_summary_reads_in_chinese() {
    let yaml = alternating_days().replace("intensity_limit: 10", "intensity_limit: auto");
    let yaml = with_typical_days(&yaml, 3, "{ extreme_days: [] }");
    let f = fixture(&yaml, &alternating_profile());
    let run = |lang: &str| {
        let out = f.path().join(format!("out-{lang}"));
        let output = assert_cmd::Command::cargo_bin("zcpark")
            .unwrap()
            .arg("plan")
            .arg(&f.scenario)
            .args(["--threads", "1", "--lang", lang, "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let zh = run("zh");
    for chinese in [
        "典型日：",
        "自动：按基准情景综合能源消费量",
        "（典型日）",
        "(层次聚类, 储能跨日关联, 保持分布)",
        "年利用小时数",
        "来源：文件列",
        "输出已写入",
    ] {
        assert!(zh.contains(chinese), "no {chinese} in:\n{zh}");
    }
    for english in [
        "typical days:",
        "tier of the baseline",
        "on typical days",
        "hierarchical",
        "h/yr",
        "outputs written",
        "of the bound",
    ] {
        assert!(!zh.contains(english), "{english} in:\n{zh}");
    }
    let en = run("en");
    for english in [
        "— typical days: ",
        "auto: tier of the baseline's",
        "tce/yr (on typical days)",
        "(hierarchical, inter_day, distribution)",
        "outputs written to",
    ] {
        assert!(en.contains(english), "no {english} in:\n{en}");
    }
}
