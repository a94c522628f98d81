//! CO2 sources and their capture (CCUS): process emissions into EM, capture modules in whole
//! units on named sources, transport and storage, optional utilisation.

use super::frame::Frame;
use super::heat::HeatVars;
use crate::scenario::park::{AccountingData, Co2Data, HeatData};
use crate::scenario::spec::Co2SourceKind;
use good_lp::{variable, Expression, Variable};

/// Handles to one capture plant's variables.
#[derive(Debug, Clone)]
pub struct CaptureVars {
    /// Index of the source in the park's `co2.sources`.
    pub source: usize,
    /// New modules `N_cc` (integer).
    pub modules: Variable,
    /// Captured `cc_t`, t/h.
    pub captured_t: Vec<Variable>,
    /// Part of `cc_t` sold for use rather than stored, t/h (when utilisation is offered).
    pub utilised_t: Option<Vec<Variable>>,
}

/// Handles to the CCUS variables, one entry per capture plant in scenario order.
#[derive(Debug, Clone, Default)]
pub struct CcusVars {
    /// The capture plants.
    pub captures: Vec<CaptureVars>,
}

/// Adds the CO2 sources and their capture (formulation §3–§5).
///
/// - process sources: `[proc] · Σ_t w_t q^proc_t` in EM (a constant);
/// - per capture plant: `N_cc ∈ {0 … N^max}` integer (0 when `invest` is false);
///   `ccus-capture-frac`: `cc_t ≤ κ · q_t` (a bound for process sources with a given flow;
///   a row `cc_t ≤ κ · ef_gas · gb_t / η_gb` on the gas boiler's flue gas);
///   `ccus-module-cap`: `cc_t ≤ U_cc · (N_existing + N_cc)`;
/// - energy: `e_cc · cc_t` from the electricity balance, `h_cc · cc_t` from the heat balance,
///   `k_e · e_cc · Σ w cc` in EC (formulation §4);
/// - utilisation (when offered): `co2-utilisation-share`: `u_t ≤ cc_t`, `co2-utilisation-cap`:
///   `Σ_plants Σ_t w_t u_t ≤ U^max`; utilised CO2 is sold (revenue), pays no transport and
///   storage, and is not deducted from EM (it is not stored: the product releases it);
/// - EM: `− [ded] · Σ_t w_t (cc_t − u_t)` for plants on counted sources;
/// - cost: `(CRF + f) · capex · U_cc` per module, `c^cc · cc_t`, `c^ts · (cc_t − u_t)`,
///   `− c^util · u_t`.
pub fn add_ccus(
    frame: &mut Frame,
    co2: &Co2Data,
    heat: Option<(&HeatData, &HeatVars)>,
    accounting: &AccountingData,
    invest: bool,
) -> CcusVars {
    let steps = frame.steps();
    for source in &co2.sources {
        if source.kind == Co2SourceKind::Process {
            frame.terms.process_t += frame.time.annual(&source.flow_t_per_h);
        }
    }
    let mut vars = CcusVars::default();
    let mut annual_utilised = Expression::default();
    for capture in &co2.captures {
        let source = &co2.sources[capture.source];
        let max_new = if invest {
            f64::from(capture.max_new_modules)
        } else {
            0.0
        };
        let modules = frame.sizing_integer("ccus-modules", max_new);
        let existing = f64::from(capture.existing_modules);
        let module_cap = capture.module_t_per_h * (existing + max_new);
        let capacity = (Expression::from(modules) + existing) * capture.module_t_per_h;
        let captured_t: Vec<Variable> = (0..steps)
            .map(|t| {
                let upper = match source.kind {
                    Co2SourceKind::Process => {
                        (capture.capture_frac * source.flow_t_per_h[t]).min(module_cap)
                    }
                    Co2SourceKind::GasBoiler => module_cap,
                };
                frame.var_at("ccus-captured", t, variable().min(0.0).max(upper))
            })
            .collect();
        for (t, cc) in captured_t.iter().enumerate() {
            if source.kind == Co2SourceKind::GasBoiler {
                let fuel = heat
                    .and_then(|(data, hv)| hv.gas_fuel_mw(data, t))
                    .unwrap_or_default();
                let flow = fuel * (capture.capture_frac * accounting.gas_t_co2_per_mwh);
                frame.constrain("ccus-capture-frac", Expression::from(*cc).leq(flow));
            }
            frame.constrain(
                "ccus-module-cap",
                Expression::from(*cc).leq(capacity.clone()),
            );
            if capture.electricity_mwh_per_t > 0.0 {
                frame.electricity_balance[t].add_mul(-capture.electricity_mwh_per_t, *cc);
            }
            if capture.heat_mwh_th_per_t > 0.0 {
                frame.heat_balance[t].add_mul(-capture.heat_mwh_th_per_t, *cc);
            }
        }
        let annual_captured = frame.annual(&captured_t);
        frame.terms.electric_end_use_mwh += annual_captured.clone() * capture.electricity_mwh_per_t;
        // What is stored (captured less what is sold for use) by the kind of its source: a
        // reading deducts it only where that source's emissions count.
        let mut stored = annual_captured.clone();
        frame.add_hourly_cost_rmb(
            |_| capture.variable_cost_rmb_per_t + co2.transport_storage_rmb_per_t,
            &captured_t,
        );
        frame.add_cost_rmb(capture.cost_per_module.annual_rmb_per_unit(), modules);

        let utilised_t = co2.utilisation.map(|(price, _)| {
            let utilised = frame.hourly("co2-utilised", variable().min(0.0));
            for t in 0..steps {
                frame.constrain(
                    "co2-utilisation-share",
                    Expression::from(utilised[t]).leq(captured_t[t]),
                );
            }
            // Sold, not stored: no transport and storage, no deduction.
            frame.add_hourly_cost_rmb(|_| -price - co2.transport_storage_rmb_per_t, &utilised);
            let annual = frame.annual(&utilised);
            stored -= annual.clone();
            annual_utilised += annual;
            utilised
        });
        match source.kind {
            Co2SourceKind::Process => frame.terms.stored_process_t += stored,
            Co2SourceKind::GasBoiler => frame.terms.stored_flue_t += stored,
        }
        vars.captures.push(CaptureVars {
            source: capture.source,
            modules,
            captured_t,
            utilised_t,
        });
    }
    if let Some((_, cap)) = co2.utilisation {
        if !co2.captures.is_empty() {
            frame.constrain("co2-utilisation-cap", annual_utilised.leq(cap));
        }
    }
    vars
}
