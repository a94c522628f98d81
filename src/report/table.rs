//! The readable summary printed by `zcpark plan`.

use crate::plan::kpi::Kpis;
use crate::plan::PlanReport;
use std::fmt::Write as _;

fn money(rmb: f64) -> String {
    format!("{:.2} M RMB", rmb / 1e6)
}

fn opt(value: Option<f64>, unit: &str, decimals: usize) -> String {
    value.map_or("-".into(), |v| format!("{v:.decimals$} {unit}"))
}

/// A row of the indicator table: its label and how to show it.
type KpiRow<'a> = (&'a str, &'a dyn Fn(&Kpis) -> String);

fn kpi_rows(out: &mut String, plan: Option<&Kpis>, base: Option<&Kpis>) {
    let cell = |k: Option<&Kpis>, f: &dyn Fn(&Kpis) -> String| k.map_or("-".to_string(), f);
    let rows: [KpiRow; 9] = [
        ("emissions", &|k| format!("{:.0} t/yr", k.emissions_t)),
        ("energy consumption", &|k| {
            format!("{:.0} tce/yr", k.energy_tce)
        }),
        ("intensity", &|k| {
            format!("{:.3} t/tce", k.intensity_t_per_tce)
        }),
        ("clean share", &|k| {
            format!("{:.1} %", 100.0 * k.clean_share)
        }),
        ("grid import", &|k| {
            format!("{:.0} MWh/yr", k.grid_import_mwh)
        }),
        ("green purchase", &|k| {
            format!("{:.0} MWh/yr", k.green_purchase_mwh)
        }),
        ("grid export", &|k| {
            format!("{:.0} MWh/yr", k.grid_export_mwh)
        }),
        ("curtailment", &|k| {
            format!("{:.0} MWh/yr", k.curtailment_mwh)
        }),
        ("capex", &|k| money(k.capex_rmb)),
    ];
    let _ = writeln!(out, "  {:<22} {:>20} {:>20}", "", "plan", "baseline");
    for (name, f) in rows {
        let _ = writeln!(
            out,
            "  {:<22} {:>20} {:>20}",
            name,
            cell(plan, f),
            cell(base, f)
        );
    }
}

/// The summary as text.
pub fn summary(report: &PlanReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "zcpark plan: {}", report.scenario);
    let gap = report
        .mip_gap
        .map_or("-".into(), |g| format!("{:.3} %", 100.0 * g));
    let _ = writeln!(
        out,
        "status {:?}, gap {gap}, build {:.2} s, solve {:.2} s",
        report.status, report.build_seconds, report.solve_seconds
    );
    for problem in &report.infeasibility {
        let _ = writeln!(out, "CANNOT MEET {}: {}", problem.rule, problem.message);
    }
    if let Some(c) = &report.capacities {
        let _ = writeln!(out, "\nCapacities");
        let _ = writeln!(
            out,
            "  PV            {:>10.1} MW  ({:.1} MW new)",
            c.pv_mw, c.pv_new_mw
        );
        let _ = writeln!(
            out,
            "  wind          {:>10.1} MW  ({} turbines, {} new)",
            c.wind_mw, c.wind_turbines, c.wind_new_turbines
        );
        let _ = writeln!(
            out,
            "  battery       {:>10.1} MWh / {:.1} MW",
            c.battery_mwh, c.battery_mw
        );
    }
    let _ = writeln!(out, "\nIndicators");
    kpi_rows(
        &mut out,
        report.kpis.as_ref(),
        report.baseline.kpis.as_ref(),
    );
    let _ = writeln!(
        out,
        "  intensity limit {:.2} t/tce ({}); grid factor {} = {} t/MWh; electricity {:?} basis {} tce/MWh",
        report.accounting.intensity_limit_used_t_per_tce,
        report.accounting.intensity_limit_basis,
        report.accounting.data.grid_factor_name,
        report.accounting.data.grid_t_co2_per_mwh,
        report.accounting.data.electricity_tce_basis,
        report.accounting.data.electricity_tce_per_mwh,
    );
    let _ = writeln!(out, "\nAnnual cost");
    let _ = writeln!(
        out,
        "  {:<22} {:>20} {:>20}",
        "total",
        report.objective_rmb_per_yr.map_or("-".into(), money),
        report
            .baseline
            .objective_rmb_per_yr
            .map_or("-".into(), money)
    );
    if let Some(costs) = &report.costs {
        for (item, value) in costs {
            let base = report
                .baseline
                .costs
                .as_ref()
                .and_then(|c| c.get(item))
                .map_or("-".into(), |v| money(*v));
            let _ = writeln!(out, "  {:<22} {:>20} {:>20}", item, money(*value), base);
        }
    }
    if let Some(k) = &report.kpis {
        let _ = writeln!(
            out,
            "\n  LCOE of on-site PV and wind  {}",
            opt(k.lcoe_rmb_per_mwh, "RMB/MWh", 1)
        );
        let _ = writeln!(
            out,
            "  abatement cost               {}",
            opt(k.abatement_cost_rmb_per_t, "RMB/t", 1)
        );
        let _ = writeln!(
            out,
            "  simple payback               {}",
            opt(k.payback_years, "years", 1)
        );
    }
    for warning in &report.warnings {
        let _ = writeln!(out, "warning: {warning}");
    }
    out
}
