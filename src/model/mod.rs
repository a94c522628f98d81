//! The optimisation model: one module per component, each adding variables and constraints
//! and adding terms to the shared expressions of [`frame::Frame`]; the policy rows read only
//! those expressions.

pub mod accounting;
pub mod battery;
pub mod ccus;
pub mod electrolyser;
pub mod frame;
pub mod generation;
pub mod grid;
pub mod h2_storage;
pub mod heat;
pub mod hydrogen;
pub mod loads;
pub mod policy;
pub mod pv;
pub mod quota;
pub mod storage;
pub mod wind;

use crate::scenario::Park;
use crate::solve::MilpProblem;
use frame::Frame;
use good_lp::{Expression, ProblemVariables, Variable};
pub use policy::{PolicyRows, ReachedRule};
use std::collections::BTreeMap;

/// A size decision of the plan, by name.
#[derive(Debug, Clone)]
pub struct SizeColumn {
    /// Name as in `plan.json` capacities: `pv_new_mw`, `wind_new_turbines`,
    /// `battery_new_mwh`, `battery_new_mw`, `electrolyser_new_stacks`, `h2_storage_new_kg`,
    /// `electric_boiler_new_mw`, `heat_pump_new_mw`, `thermal_storage_new_mwh`, and
    /// `ccus_new_modules:<source>` per capture plant.
    pub name: String,
    /// Its column.
    pub var: Variable,
    /// Counted in whole units (turbines, stacks, modules).
    pub whole: bool,
}

/// How the new capacities are bound when a model is built for a given design.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum SizeRule {
    /// Chosen by the model.
    #[default]
    Free,
    /// Fixed at these values, by [`SizeColumn::name`] (family `size-fixed`): a design checked.
    Fixed(BTreeMap<String, f64>),
    /// At least these values (family `size-at-least`): a design repaired.
    AtLeast(BTreeMap<String, f64>),
}

impl Handles {
    /// Every size decision of the model, in a fixed order.
    pub fn sizes(&self, park: &Park) -> Vec<SizeColumn> {
        let mut out = Vec::new();
        let mut push =
            |name: String, var: Variable, whole: bool| out.push(SizeColumn { name, var, whole });
        if let Some(pv) = &self.pv {
            push("pv_new_mw".into(), pv.new_mw, false);
        }
        if let Some(wind) = &self.wind {
            push("wind_new_turbines".into(), wind.new_turbines, true);
        }
        if let Some(b) = &self.battery {
            push("battery_new_mwh".into(), b.new_mwh, false);
            push("battery_new_mw".into(), b.new_mw, false);
        }
        if let Some(e) = &self.electrolyser {
            push("electrolyser_new_stacks".into(), e.stacks, true);
        }
        if let Some(s) = &self.h2_storage {
            push("h2_storage_new_kg".into(), s.new_kg, false);
        }
        if let Some(h) = &self.heat {
            for (name, var) in [
                ("electric_boiler_new_mw", h.electric_boiler_new_mw_th),
                ("heat_pump_new_mw", h.heat_pump_new_mw_th),
                ("thermal_storage_new_mwh", h.thermal_storage_new_mwh_th),
            ] {
                if let Some(var) = var {
                    push(name.into(), var, false);
                }
            }
        }
        for capture in &self.ccus.captures {
            let source = park
                .co2
                .as_ref()
                .map_or(String::new(), |c| c.sources[capture.source].name.clone());
            push(format!("ccus_new_modules:{source}"), capture.modules, true);
        }
        out
    }
}

/// What kind of model to build.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildOptions {
    /// False for the baseline: no new capacity.
    pub invest: bool,
    /// Bounds on the new capacities (a design checked or repaired).
    pub sizes: SizeRule,
    /// The policy rows.
    pub policy: PolicyRows,
    /// Steps, beyond those where an import price is below zero
    /// ([`negative_value_steps`]), where stores may not charge and discharge at once: those
    /// where an earlier solve did (see [`crate::plan`]).
    pub exclusive_storage_steps: Vec<usize>,
    /// The park's terms of province quotas (formulation §7): bounded or priced amounts;
    /// empty for a park planned on its own.
    pub quota: Vec<quota::QuotaTerm>,
    /// Whole sizes to start the search from, by [`SizeColumn::name`] (a typical-day plan's,
    /// for `--warm-start typical:N`): handed to the solve as
    /// [`crate::solve::MilpProblem::size_start`] when every whole size has a value. A start,
    /// not a bound: the model is the same with or without it.
    pub size_start: Option<BTreeMap<String, f64>>,
}

impl BuildOptions {
    /// Options with no extra exclusive storage steps.
    pub fn new(invest: bool, policy: PolicyRows) -> Self {
        Self {
            invest,
            policy,
            sizes: SizeRule::Free,
            exclusive_storage_steps: Vec::new(),
            quota: Vec::new(),
            size_start: None,
        }
    }
}

/// Steps where energy drawn from the grid earns money: the import price (plus the carbon
/// price of its emissions), or the price of contracted green power, is below zero. There a
/// store that burns energy through its losses, charging and discharging at once, would pay
/// (formulation §3 assumes it never does), so its direction is made binary in these steps.
pub fn negative_value_steps(park: &Park) -> Vec<usize> {
    let carbon_rmb_per_mwh =
        park.accounting.carbon_price_rmb_per_t * park.accounting.grid_t_co2_per_mwh;
    let green_premium = park
        .grid
        .green_power
        .as_ref()
        .map(|g| g.premium_rmb_per_mwh);
    park.grid
        .import_price_rmb_per_mwh
        .iter()
        .enumerate()
        .filter(|(_, price)| {
            **price + carbon_rmb_per_mwh < 0.0
                || green_premium.is_some_and(|premium| **price + premium < 0.0)
        })
        .map(|(t, _)| t)
        .collect()
}

/// Typed handles to every component's variables, for reading the solution back.
#[derive(Debug, Clone)]
pub struct Handles {
    /// PV, when present.
    pub pv: Option<pv::PvVars>,
    /// Wind, when present.
    pub wind: Option<wind::WindVars>,
    /// Battery, when present.
    pub battery: Option<battery::BatteryVars>,
    /// Grid.
    pub grid: grid::GridVars,
    /// Electrolysers, when present.
    pub electrolyser: Option<electrolyser::ElectrolyserVars>,
    /// Hydrogen storage, when present.
    pub h2_storage: Option<h2_storage::HydrogenStorageVars>,
    /// Hydrogen demand, purchase and sale, when the park has hydrogen.
    pub hydrogen: Option<hydrogen::HydrogenVars>,
    /// Heat system, when present.
    pub heat: Option<heat::HeatVars>,
    /// CO2 capture plants (empty without CCUS).
    pub ccus: ccus::CcusVars,
    /// Slack of a diagnosis run.
    pub policy: policy::PolicyVars,
}

/// A built model: the MILP for the solver and the handles for the plan.
pub struct ParkModel {
    /// The problem as the solver sees it.
    pub problem: MilpProblem,
    /// Where each component's variables are.
    pub handles: Handles,
    /// Expressions of EM and EC, to evaluate on the solution.
    pub emissions_t: Expression,
    /// EC, tce per year.
    pub energy_tce: Expression,
    /// Row indices of the balance rows (for their duals).
    pub balance_rows: frame::BalanceRows,
    /// The amount of each of [`BuildOptions::quota`]'s terms, in order.
    pub quota_amounts: Vec<Expression>,
}

/// Builds the model of `park` (formulation §2–§5).
pub fn build(park: &Park, options: BuildOptions) -> ParkModel {
    build_into(ProblemVariables::new(), park, options)
}

/// Builds the model of `park` with its variables added after `vars` (those of other parks
/// in one province model, formulation §7). The returned problem holds every variable of
/// `vars` and the park's own, but only the park's rows, objective and column labels.
pub fn build_into(vars: ProblemVariables, park: &Park, options: BuildOptions) -> ParkModel {
    let mut frame = Frame::with_vars(&park.time, vars);
    loads::add_electric_load(&mut frame, park);
    let pv = park
        .pv
        .as_ref()
        .map(|d| pv::add_pv(&mut frame, d, options.invest));
    let wind = park
        .wind
        .as_ref()
        .map(|d| wind::add_wind(&mut frame, d, options.invest));
    let mut exclusive_steps = negative_value_steps(park);
    exclusive_steps.extend(&options.exclusive_storage_steps);
    exclusive_steps.sort_unstable();
    exclusive_steps.dedup();
    let battery = park
        .battery
        .as_ref()
        .map(|d| battery::add_battery(&mut frame, d, options.invest, &exclusive_steps));
    let hydrogen_data = park.hydrogen.as_ref();
    let electrolyser = hydrogen_data
        .and_then(|h| h.electrolyser.as_ref())
        .map(|e| electrolyser::add_electrolyser(&mut frame, e, options.invest));
    let h2_storage = hydrogen_data
        .and_then(|h| h.storage.as_ref())
        .map(|s| h2_storage::add_h2_storage(&mut frame, s, options.invest));
    let hydrogen = hydrogen_data.map(|h| hydrogen::add_hydrogen(&mut frame, h));
    let heat_vars = park
        .heat
        .as_ref()
        .map(|h| heat::add_heat(&mut frame, h, options.invest));
    let ccus_vars = match &park.co2 {
        Some(co2) => ccus::add_ccus(
            &mut frame,
            co2,
            park.heat.as_ref().zip(heat_vars.as_ref()),
            &park.accounting,
            options.invest,
        ),
        None => ccus::CcusVars::default(),
    };
    let grid_vars = grid::add_grid(&mut frame, &park.grid, &park.accounting);
    grid::add_export_share_cap(&mut frame, &park.grid, &grid_vars);
    policy::add_carbon_price(
        &mut frame,
        &park.accounting,
        park.incentives.abatement_weight.as_ref(),
        options.invest,
    );
    let policy_vars = policy::add_policy_rows(&mut frame, &park.accounting, options.policy);
    policy::add_balance_rows(&mut frame);

    let handles = Handles {
        pv,
        wind,
        battery,
        grid: grid_vars,
        electrolyser,
        h2_storage,
        hydrogen,
        heat: heat_vars,
        ccus: ccus_vars,
        policy: policy_vars,
    };
    let quota_amounts = quota::add_quota_terms(&mut frame, park, &handles, &options.quota);
    let (values, family, at_least) = match &options.sizes {
        SizeRule::Free => (None, "", false),
        SizeRule::Fixed(values) => (Some(values), "size-fixed", false),
        SizeRule::AtLeast(values) => (Some(values), "size-at-least", true),
    };
    if let Some(values) = values {
        for size in handles.sizes(park) {
            if let Some(value) = values.get(&size.name) {
                let row = if at_least {
                    Expression::from(size.var).geq(*value)
                } else {
                    Expression::from(size.var).eq(*value)
                };
                frame.constrain(family, row);
            }
        }
    }

    let size_start = options.size_start.as_ref().and_then(|start| {
        let named = handles.sizes(park);
        frame
            .sizing_integers
            .iter()
            .map(|integer| {
                let size = named.iter().find(|s| s.var == integer.var)?;
                start
                    .get(&size.name)
                    .map(|v| v.round().clamp(integer.min, integer.max))
            })
            .collect::<Option<Vec<f64>>>()
    });

    let reading = accounting::Reading::of(&park.accounting);
    let emissions_t = frame.terms.emissions_t(&reading);
    let energy_tce = frame.terms.energy_tce(&reading);
    let balance_rows = frame.balance_rows.clone();
    let dual_rows: Vec<usize> = balance_rows
        .electricity
        .iter()
        .chain(&balance_rows.hydrogen)
        .chain(&balance_rows.heat)
        .copied()
        .collect();
    ParkModel {
        problem: MilpProblem {
            vars: frame.vars,
            objective: frame.cost_krmb,
            constraints: frame.constraints,
            sizing_integers: frame.sizing_integers,
            size_start,
            operational_integers: frame.operational_integers,
            column_labels: frame.column_labels,
            dual_rows,
        },
        handles,
        emissions_t,
        energy_tce,
        balance_rows,
        quota_amounts,
    }
}
