//! The readable summary printed by `zcpark plan`.

use crate::finance::metrics::Irr;
use crate::finance::FinanceOutcome;
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

/// An indicator row shown only when its value (the function) is not zero on either side.
type SectorRow<'a> = (KpiRow<'a>, fn(&Kpis) -> f64);

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
    // Hydrogen, heat and CO2 rows, shown when either side has such flows.
    let sector_rows: [SectorRow; 9] = [
        (
            ("hydrogen produced", &|k| {
                format!("{:.0} t/yr", k.hydrogen_produced_kg / 1e3)
            }),
            |k| k.hydrogen_produced_kg,
        ),
        (
            ("hydrogen bought", &|k| {
                format!("{:.0} t/yr", k.hydrogen_bought_kg / 1e3)
            }),
            |k| k.hydrogen_bought_kg,
        ),
        (
            ("hydrogen sold", &|k| {
                format!("{:.0} t/yr", k.hydrogen_sold_kg / 1e3)
            }),
            |k| k.hydrogen_sold_kg,
        ),
        (
            ("gas burnt", &|k| {
                format!("{:.1} M Nm3/yr", k.gas_use_nm3 / 1e6)
            }),
            |k| k.gas_use_nm3,
        ),
        (
            ("heat from electricity", &|k| {
                format!(
                    "{:.0} MWh_th/yr",
                    k.heat_from_electric_boiler_mwh_th + k.heat_from_heat_pump_mwh_th
                )
            }),
            |k| k.heat_from_electric_boiler_mwh_th + k.heat_from_heat_pump_mwh_th,
        ),
        (
            ("process CO2", &|k| format!("{:.0} t/yr", k.co2_process_t)),
            |k| k.co2_process_t,
        ),
        (
            ("CO2 captured", &|k| format!("{:.0} t/yr", k.co2_captured_t)),
            |k| k.co2_captured_t,
        ),
        (
            ("CO2 utilised", &|k| format!("{:.0} t/yr", k.co2_utilised_t)),
            |k| k.co2_utilised_t,
        ),
        (
            ("CO2 deducted from EM", &|k| {
                format!("{:.0} t/yr", k.co2_deducted_t)
            }),
            |k| k.co2_deducted_t,
        ),
    ];
    let shown = |value: fn(&Kpis) -> f64| {
        [plan, base]
            .into_iter()
            .flatten()
            .any(|k| value(k).abs() > 1e-9)
    };
    let rows: Vec<KpiRow> = rows
        .into_iter()
        .chain(
            sector_rows
                .into_iter()
                .filter(|(_, value)| shown(*value))
                .map(|(row, _)| row),
        )
        .collect();
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
        "status {:?}, gap {gap}, build {:.2} s, solve {:.2} s: {}",
        report.status, report.build_seconds, report.solve_seconds, report.stop_reason
    );
    for (tech, origin) in &report.resource_profiles {
        let _ = writeln!(
            out,
            "{tech} profile: {:.1} full-load h/yr, {}",
            origin.full_load_hours_h, origin.description
        );
    }
    if let Some(agg) = &report.aggregation {
        let _ = writeln!(
            out,
            "typical days: {} ({:?}, {:?} linking, {:?} representation), clustered in {:.2} s",
            agg.typical_days,
            agg.method,
            agg.storage_linking,
            agg.representation,
            agg.clustering_seconds
        );
    }
    if let Some(check) = &report.full_year_check {
        let estimate = check
            .typical_day_estimate_rmb_per_yr
            .map_or("-".into(), money);
        let gap = check
            .gap_to_estimate
            .map_or("-".into(), |g| format!("{:+.2} %", 100.0 * g));
        let _ = writeln!(
            out,
            "full-year check: {}; typical-day estimate {estimate}, full year {} ({gap}); {:.1} s \
             on typical days, {:.1} s on the full year",
            check.message,
            check.objective_rmb_per_yr.map_or("-".into(), money),
            check.typical_day_seconds,
            check.full_year_seconds
        );
    }
    for problem in &report.infeasibility {
        let _ = writeln!(out, "CANNOT MEET {}: {}", problem.rule, problem.message);
    }
    if let Some(e) = &report.explanation {
        let _ = writeln!(out, "{} model: {}", e.kind, e.describe());
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
        if c.electrolyser_stacks > 0 {
            let _ = writeln!(
                out,
                "  electrolyser  {:>10.1} MW  ({} stacks, {} new)",
                c.electrolyser_mw, c.electrolyser_stacks, c.electrolyser_new_stacks
            );
        }
        if c.h2_storage_kg > 0.0 {
            let _ = writeln!(out, "  H2 storage    {:>10.0} kg", c.h2_storage_kg);
        }
        if c.electric_boiler_mw > 0.0 {
            let _ = writeln!(out, "  e-boiler      {:>10.1} MW_th", c.electric_boiler_mw);
        }
        if c.heat_pump_mw > 0.0 {
            let _ = writeln!(out, "  heat pump     {:>10.1} MW_th", c.heat_pump_mw);
        }
        if c.thermal_storage_mwh > 0.0 {
            let _ = writeln!(
                out,
                "  heat store    {:>10.1} MWh_th",
                c.thermal_storage_mwh
            );
        }
        for (source, modules) in &c.ccus_modules_by_source {
            let _ = writeln!(out, "  CCUS {source:<9}{modules:>10} modules");
        }
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
    if report.accounting.data.process_emissions == crate::scenario::spec::ProcessEmissions::Include
        || report.accounting.data.ccus_deduction
    {
        let _ = writeln!(
            out,
            "  process CO2 {:?}; CCUS deduction {}",
            report.accounting.data.process_emissions, report.accounting.data.ccus_deduction
        );
    }
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
        if k.hydrogen_produced_kg > 0.0 {
            let _ = writeln!(
                out,
                "  LCOH of hydrogen produced    {}",
                opt(k.lcoh_rmb_per_kg, "RMB/kg", 2)
            );
        }
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

/// An IRR in words: the rate, or why there is no single one.
fn irr_text(irr: &Irr) -> String {
    match irr {
        Irr::Unique { rate } => format!("{:.2} %", 100.0 * rate),
        Irr::Multiple { rates } => format!(
            "several ({}): judge by the NPV",
            rates
                .iter()
                .map(|r| format!("{:.2} %", 100.0 * r))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Irr::None { reason } => format!("none ({reason})"),
    }
}

/// The investor's view in a few lines: NPV, IRRs and paybacks of the plan against the
/// baseline, with the period and rates they rest on.
pub fn finance_summary(finance: &FinanceOutcome) -> String {
    let mut out = String::new();
    let report = match finance {
        FinanceOutcome::Computed(report) => report,
        FinanceOutcome::NotComputed { not_computed } => {
            let _ = writeln!(out, "\nCash flows: none: {not_computed}");
            return out;
        }
    };
    let (r, a) = (&report.results, &report.assumptions);
    let debt = a.debt.as_ref().map_or("all equity".to_string(), |d| {
        format!(
            "{:.0} % debt at {:.2} % over {} years",
            100.0 * d.share.value,
            100.0 * d.rate_applied,
            d.tenor_years
        )
    });
    let _ = writeln!(
        out,
        "\nCash flows (project = plan − baseline; {} years at {:.1} %, income tax {:.0} %{}, \
         {debt})",
        a.analysis_years,
        100.0 * a.discount_rate.value,
        100.0 * a.income_tax_rate.value,
        if a.tax_holiday.is_some() {
            " with 三免三减半"
        } else {
            ""
        }
    );
    let _ = writeln!(
        out,
        "  NPV after tax                {} (before tax {})",
        money(r.npv_rmb),
        money(r.npv_before_tax_rmb)
    );
    let _ = writeln!(
        out,
        "  project IRR                  {} after tax, {} before tax",
        irr_text(&r.project_irr),
        irr_text(&r.project_irr_before_tax)
    );
    let _ = writeln!(
        out,
        "  equity IRR                   {}",
        irr_text(&r.equity_irr)
    );
    let _ = writeln!(
        out,
        "  payback after tax            {} simple, {} discounted",
        opt(r.simple_payback_years, "years", 1),
        opt(r.discounted_payback_years, "years", 1)
    );
    for note in &a.notes {
        let _ = writeln!(out, "  note: {note}");
    }
    out
}
