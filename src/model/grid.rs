//! The grid connection: import at the TOU tariff, export, contracted green power,
//! green certificates and the capacity part of the two-part tariff.

use super::frame::Frame;
use crate::scenario::park::{AccountingData, DemandCharge, GridData};
use good_lp::{variable, Expression, Variable};

/// Handles to the grid variables.
#[derive(Debug, Clone)]
pub struct GridVars {
    /// Grid import `imp_t`, MW.
    pub import_mw: Vec<Variable>,
    /// Contracted green power `grn_t`, MW (when offered).
    pub green_mw: Option<Vec<Variable>>,
    /// Export `exp_t`, MW (when allowed).
    pub export_mw: Option<Vec<Variable>>,
    /// Certificates bought `C_cert`, MWh per year (when allowed).
    pub certificates_mwh: Option<Variable>,
    /// Billed peak: one per month (max-demand billing) or one contracted capacity, MW.
    pub billed_peak_mw: Vec<(Variable, f64)>,
    /// Steps where export pays more than import, with their no-simultaneity binary `b_t`.
    pub direction_binaries: Vec<(usize, Variable)>,
}

impl GridVars {
    /// `imp_t + grn_t`: power through the import side of the connection.
    fn intake(&self, t: usize) -> Expression {
        let mut e = Expression::from(self.import_mw[t]);
        if let Some(green) = &self.green_mw {
            e += green[t];
        }
        e
    }
}

/// Most rows one peak variable enters directly; more go through partial peaks.
const PEAK_FAN_IN: usize = 32;

/// Steps (or partial peaks) under one partial peak: a day of hours.
const PARTIAL_PEAK_GROUP: usize = 24;

/// Constrains `peak ≥ x` for every `x` in `intakes` (MW), through a tree of partial peaks.
///
/// A peak in every hourly row is a dense column (730 rows for a month, 8,760 for a
/// contracted capacity), and an interior point's normal equations then hold a dense block
/// of those rows squared: with the monthly demand charge in its 8,760 rows, the Ordos
/// full-year check's interior point took 12.7 s, against 4.5 s without the charge. So each
/// group of up to 24 intakes gets a partial peak `p_g ≥ x_t` (family `demand-peak-day`,
/// bounded by `cap_mw`), and the partial peaks are bounded by `peak` in turn, in groups
/// again when there are more than 32. The feasible set of `(peak, x)` is the same (take
/// `p_g = max_{t∈g} x_t`), so is the optimum; no column enters more than 33 rows. The rows
/// into `peak` keep the family `family`.
fn bound_by_peak(
    frame: &mut Frame,
    family: &'static str,
    mut intakes: Vec<Expression>,
    peak: Variable,
    cap_mw: f64,
) {
    while intakes.len() > PEAK_FAN_IN {
        let mut partial_peaks = Vec::with_capacity(intakes.len().div_ceil(PARTIAL_PEAK_GROUP));
        let mut rest = intakes.into_iter().peekable();
        while rest.peek().is_some() {
            let partial = frame.var("demand-peak-day", variable().min(0.0).max(cap_mw));
            for intake in rest.by_ref().take(PARTIAL_PEAK_GROUP) {
                frame.constrain("demand-peak-day", intake.leq(partial));
            }
            partial_peaks.push(Expression::from(partial));
        }
        intakes = partial_peaks;
    }
    for intake in intakes {
        frame.constrain(family, intake.leq(peak));
    }
}

/// Adds the grid (formulation §3–§5).
///
/// - `grid-import-cap`: `imp_t + grn_t ≤ P_imp^max` (a bound when no green power);
/// - `green-annual-cap`: `Σ_t w_t grn_t ≤ G^max`;
/// - `grid-no-simultaneous-import/export`: only where `c^exp_t > c^imp_t`, with binary `b_t`:
///   `imp_t + grn_t ≤ P_imp^max · b_t`, `exp_t ≤ P_exp^max · (1 − b_t)`;
/// - `certificate-cap`: `C_cert ≤ χ · (1 − α_grid) · Σ_t w_t imp_t`;
/// - `demand-peak`: `peak_m ≥ imp_t + grn_t` for `t` in month `m` (or `≤ contracted`),
///   through daily partial peaks (`demand-peak-day`, see `bound_by_peak`);
/// - emissions: `ef_grid · Σ w imp − ef_grid · C_cert`; non-clean energy:
///   `k_e · ((1 − α) Σ w imp − C_cert)`; cost: energy, premium, export revenue,
///   certificates and the capacity charge.
pub fn add_grid(frame: &mut Frame, grid: &GridData, accounting: &AccountingData) -> GridVars {
    let steps = frame.steps();
    let import_bound = if grid.green_power.is_some() {
        f64::INFINITY
    } else {
        grid.import_cap_mw
    };
    let import_mw = frame.hourly("grid-import", variable().min(0.0).max(import_bound));
    let green_mw = grid
        .green_power
        .as_ref()
        .map(|_| frame.hourly("green-power", variable().min(0.0).max(grid.import_cap_mw)));
    let export_mw = grid
        .export
        .as_ref()
        .map(|e| frame.hourly("grid-export", variable().min(0.0).max(e.cap_mw)));
    let mut vars = GridVars {
        import_mw,
        green_mw,
        export_mw,
        certificates_mwh: None,
        billed_peak_mw: Vec::new(),
        direction_binaries: Vec::new(),
    };

    for t in 0..steps {
        frame.electricity_balance[t] += vars.intake(t);
        if let Some(export) = &vars.export_mw {
            frame.electricity_balance[t] -= export[t];
        }
        if grid.green_power.is_some() {
            frame.constrain("grid-import-cap", vars.intake(t).leq(grid.import_cap_mw));
        }
    }

    // Energy cost, green premium and export revenue.
    let price = &grid.import_price_rmb_per_mwh;
    frame.add_hourly_cost_rmb(|t| price[t], &vars.import_mw);
    if let (Some(green), Some(offer)) = (&vars.green_mw, &grid.green_power) {
        frame.add_hourly_cost_rmb(|t| price[t] + offer.premium_rmb_per_mwh, green);
        let annual = frame.annual(green);
        frame.constrain("green-annual-cap", annual.leq(offer.max_mwh_per_yr));
    }
    if let (Some(export), Some(terms)) = (&vars.export_mw, &grid.export) {
        frame.add_hourly_cost_rmb(|t| -terms.price_rmb_per_mwh[t], export);
        let annual_export = frame.annual(export);
        frame.export_mwh += annual_export;
        for t in 0..steps {
            if terms.price_rmb_per_mwh[t] > price[t] {
                // Hint: b_t = 1 when the relaxed flows import more than they export.
                let scale = 0.5 / (grid.import_cap_mw + terms.cap_mw).max(1e-9);
                let hint = (vars.intake(t) - export[t]) * scale + 0.5;
                let b = frame.operational_integer("grid-direction", t, 1.0, hint);
                frame.constrain(
                    "grid-no-simultaneous-import",
                    vars.intake(t).leq(Expression::from(b) * grid.import_cap_mw),
                );
                frame.constrain(
                    "grid-no-simultaneous-export",
                    Expression::from(export[t]).leq((1.0 - Expression::from(b)) * terms.cap_mw),
                );
                vars.direction_binaries.push((t, b));
            }
        }
    }

    // Emissions and non-clean energy of grid power (green power is zero-emission and clean).
    let annual_import_expression = frame.annual(&vars.import_mw);
    let annual_import =
        Expression::from(frame.aggregate("annual-import", annual_import_expression));
    let alpha = accounting
        .clean_share
        .map_or(0.0, |c| c.grid_non_fossil_share);
    frame.terms.grid_import_mwh += annual_import.clone();

    if let Some(certs) = &grid.certificates {
        let c = frame.var("certificates", variable().min(0.0));
        frame.constrain(
            "certificate-cap",
            Expression::from(c).leq(annual_import * (certs.max_share_of_imports * (1.0 - alpha))),
        );
        frame.terms.certificates_mwh += c;
        frame.add_cost_rmb(certs.price_rmb_per_mwh, c);
        vars.certificates_mwh = Some(c);
    }

    match grid.demand_charge {
        None => {}
        Some(DemandCharge::MaxDemand { rmb_per_mw_month }) => {
            for month in 0..12 {
                let months_billed = frame.time.month_weight[month];
                if months_billed == 0.0 {
                    continue;
                }
                let peak = frame.var("demand-peak", variable().min(0.0).max(grid.import_cap_mw));
                let intakes = frame
                    .time
                    .steps_billed_in_month(month)
                    .into_iter()
                    .map(|t| vars.intake(t))
                    .collect();
                bound_by_peak(frame, "demand-peak", intakes, peak, grid.import_cap_mw);
                frame.add_cost_rmb(rmb_per_mw_month * months_billed, peak);
                vars.billed_peak_mw.push((peak, months_billed));
            }
        }
        Some(DemandCharge::Contracted { rmb_per_mw_month }) => {
            let contracted = frame.var(
                "demand-contracted",
                variable().min(0.0).max(grid.import_cap_mw),
            );
            let intakes = (0..steps).map(|t| vars.intake(t)).collect();
            bound_by_peak(
                frame,
                "demand-contracted",
                intakes,
                contracted,
                grid.import_cap_mw,
            );
            frame.add_cost_rmb(rmb_per_mw_month * 12.0, contracted);
            vars.billed_peak_mw.push((contracted, 12.0));
        }
    }
    vars
}

/// Family `export-share-cap`: `Σ_t w_t exp_t ≤ φ_exp · Σ_t w_t (pv_t + wt_t)` (formulation §3).
///
/// Reads the frame's annual renewable output, so it is added once every generator is in.
pub fn add_export_share_cap(frame: &mut Frame, grid: &GridData, vars: &GridVars) {
    if let (Some(export), Some(share)) = (
        &vars.export_mw,
        grid.export.as_ref().and_then(|e| e.max_share_of_output),
    ) {
        let annual_export = frame.annual(export);
        let cap = frame.renewable_output_mwh.clone() * share;
        frame.constrain("export-share-cap", annual_export.leq(cap));
    }
}
