//! The policy rows: carbon intensity and clean-energy share (formulation §4), and the carbon
//! price. They read only the frame's shared expressions.

use super::accounting::Reading;
use super::frame::{Frame, KRMB_PER_RMB};
use crate::scenario::incentives::AbatementWeight;
use crate::scenario::park::AccountingData;
use good_lp::{variable, Expression, Variable};

/// How the policy rows enter a model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PolicyRows {
    /// No policy rows (the baseline).
    Off,
    /// Hard rows with limit λ (t CO2 per tce).
    Enforce {
        /// λ.
        intensity_limit: f64,
    },
    /// Rows with priced slack and unserved energy, to find which rule cannot be met and by
    /// how much.
    Diagnose {
        /// λ.
        intensity_limit: f64,
    },
    /// No policy rows, unserved energy priced in every balance: why a park without the
    /// rules (the baseline) has no solution.
    DiagnoseBalances,
    /// One step of Dinkelbach's method for the lowest ratio a rule can reach (the lowest
    /// intensity EM/EC, the lowest non-clean share of EC), the other rules left out: the
    /// rule's row `num − ratio · den ≤ s` with `s` free and priced, so the solve minimises
    /// `num − ratio · den`; a solution whose own ratio is below `ratio` starts the next
    /// step, and none below means `ratio` is the lowest (Dinkelbach 1967, Management Science
    /// 13(7)). Unserved energy is priced in every balance, as in [`PolicyRows::Diagnose`].
    Reach {
        /// Which ratio.
        rule: ReachedRule,
        /// The ratio of the step, t CO2/tce or tce/tce.
        ratio: f64,
    },
}

/// A ratio of a rule that [`PolicyRows::Reach`] lowers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReachedRule {
    /// EM / EC, t CO2 per tce (`carbon-intensity`).
    Intensity,
    /// Non-clean energy / EC (`clean-share`: one less the clean share).
    NonCleanShare,
}

/// Lower bound of the free slack of [`PolicyRows::Reach`], t or tce a year: below any park's
/// `num − ratio · den` (100 Mt CO2 is a large province's emissions), so it never binds but
/// keeps the LP bounded should a park's energy use have no finite maximum.
const REACH_SLACK_FLOOR: f64 = -1.0e8;

/// Penalty per unit of slack in diagnosis, kRMB (1 M RMB per t CO2, per tce or per MWh):
/// three orders above any real abatement or energy cost, so slack is used only when
/// nothing else can meet the rule.
pub const SLACK_PENALTY_KRMB: f64 = 1.0e3;

/// Handles to the slack variables of a diagnosis run.
#[derive(Debug, Clone, Default)]
pub struct PolicyVars {
    /// t CO2 per year above `λ · EC`.
    pub intensity_excess_t: Option<Variable>,
    /// tce per year of non-clean energy above `(1 − σ) · EC`.
    pub clean_shortfall_tce: Option<Variable>,
    /// Electricity demand that cannot be served, MW per step.
    pub unserved_mw: Option<Vec<Variable>>,
    /// Heat demand that cannot be served, MW_th per step (when the park has heat).
    pub unserved_heat_mw_th: Option<Vec<Variable>>,
    /// t CO2 per year above `λ · EC` under each further reading (`rules.robust`), by its name
    /// (None outside a diagnosis).
    pub robust_excess_t: Vec<(String, Option<Variable>)>,
    /// MWh per year by which each direct-supply rule is missed, by the rule's name (None
    /// outside a diagnosis).
    pub direct_supply_shortfall_mwh: Vec<(&'static str, Option<Variable>)>,
}

/// Adds the carbon price `c^co2 · EM` to the cost (formulation §5), and, when the plan
/// invests and a subsidy is paid per tonne cut, `weight · EM` with the subsidy's annual
/// weight ([`crate::scenario::incentives::AbatementWeight`]; the baseline, against which the
/// cut is counted, gets none).
pub fn add_carbon_price(
    frame: &mut Frame,
    accounting: &AccountingData,
    abatement: Option<&AbatementWeight>,
    invest: bool,
) {
    let subsidy = abatement.filter(|_| invest).map_or(0.0, |a| a.rmb_per_t);
    let price = accounting.carbon_price_rmb_per_t + subsidy;
    if price > 0.0 {
        let emissions = frame.terms.emissions_t(&Reading::of(accounting));
        frame.cost_krmb += emissions * (price * KRMB_PER_RMB);
    }
}

/// Adds the policy rows.
///
/// - `carbon-intensity`: `EM ≤ λ · EC`, multiplied out (never divided by a variable);
/// - `clean-share`: `non-clean energy ≤ (1 − σ) · EC`, when the scenario asks for it.
///
/// In [`PolicyRows::Diagnose`] each row gets a priced slack, and each hour's balance an
/// unserved-energy slack; [`PolicyRows::DiagnoseBalances`] adds only the latter.
pub fn add_policy_rows(
    frame: &mut Frame,
    accounting: &AccountingData,
    rows: PolicyRows,
) -> PolicyVars {
    let (limit, diagnose) = match rows {
        PolicyRows::Off => return PolicyVars::default(),
        PolicyRows::Enforce { intensity_limit } => (Some(intensity_limit), false),
        PolicyRows::Diagnose { intensity_limit } => (Some(intensity_limit), true),
        PolicyRows::DiagnoseBalances => (None, true),
        PolicyRows::Reach { rule, ratio } => {
            let mut vars = add_reach_row(frame, accounting, rule, ratio);
            add_unserved(frame, &mut vars);
            return vars;
        }
    };
    let mut vars = PolicyVars::default();
    let slack = |frame: &mut Frame, family: &'static str| -> Option<Variable> {
        diagnose.then(|| {
            let s = frame.var(family, variable().min(0.0));
            frame.cost_krmb.add_mul(SLACK_PENALTY_KRMB, s);
            s
        })
    };

    if let Some(limit) = limit {
        // EM and EC written out once each (formulation §4), then the rows refer to them.
        let reading = Reading::of(accounting);
        let em = frame.terms.emissions_t(&reading);
        let ec = frame.terms.energy_tce(&reading);
        let emissions_t = Expression::from(frame.aggregate("annual-emissions", em));
        let energy_tce = Expression::from(frame.aggregate("annual-energy", ec));
        let mut intensity = emissions_t - energy_tce.clone() * limit;
        vars.intensity_excess_t = slack(frame, "intensity-excess");
        if let Some(s) = vars.intensity_excess_t {
            intensity -= s;
        }
        frame.constrain("carbon-intensity", intensity.leq(0.0));
        // The same λ under every further reading of the rule (`rules.robust`).
        for robust in &accounting.robust {
            let em = frame.terms.emissions_t(robust);
            let ec = frame.terms.energy_tce(robust);
            let mut row = em - ec * limit;
            let excess = slack(frame, "intensity-excess-robust");
            if let Some(s) = excess {
                row -= s;
            }
            vars.robust_excess_t.push((robust.name.clone(), excess));
            frame.constrain("carbon-intensity-robust", row.leq(0.0));
        }

        if let Some(rules) = &accounting.direct_supply {
            add_direct_supply_rows(frame, rules, &slack, &mut vars);
        }

        if let Some(clean) = accounting.clean_share {
            let non_clean = frame
                .terms
                .non_clean_tce(&reading, clean.grid_non_fossil_share);
            let mut row = non_clean - energy_tce.clone() * (1.0 - clean.target);
            vars.clean_shortfall_tce = slack(frame, "clean-shortfall");
            if let Some(s) = vars.clean_shortfall_tce {
                row -= s;
            }
            frame.constrain("clean-share", row.leq(0.0));
        }
    }

    if diagnose {
        add_unserved(frame, &mut vars);
    }
    vars
}

/// The row of [`PolicyRows::Reach`]: `num − ratio · den ≤ s`, `s` free (down to
/// [`REACH_SLACK_FLOOR`]) and priced at [`SLACK_PENALTY_KRMB`].
fn add_reach_row(
    frame: &mut Frame,
    accounting: &AccountingData,
    rule: ReachedRule,
    ratio: f64,
) -> PolicyVars {
    let reading = Reading::of(accounting);
    let ec = frame.terms.energy_tce(&reading);
    let energy_tce = Expression::from(frame.aggregate("annual-energy", ec));
    let s = frame.var("reach-slack", variable().min(REACH_SLACK_FLOOR));
    frame.cost_krmb.add_mul(SLACK_PENALTY_KRMB, s);
    let mut vars = PolicyVars::default();
    match rule {
        ReachedRule::Intensity => {
            let em = frame.terms.emissions_t(&reading);
            let emissions_t = Expression::from(frame.aggregate("annual-emissions", em));
            frame.constrain(
                "carbon-intensity",
                (emissions_t - energy_tce * ratio - s).leq(0.0),
            );
            vars.intensity_excess_t = Some(s);
        }
        ReachedRule::NonCleanShare => {
            let grid_non_fossil = accounting
                .clean_share
                .map_or(0.0, |c| c.grid_non_fossil_share);
            let non_clean = frame.terms.non_clean_tce(&reading, grid_non_fossil);
            frame.constrain("clean-share", (non_clean - energy_tce * ratio - s).leq(0.0));
            vars.clean_shortfall_tce = Some(s);
        }
    }
    vars
}

/// Unserved electricity (and heat) in every hour's balance, priced at
/// [`SLACK_PENALTY_KRMB`] per MWh: a diagnosis's answer when demand cannot be met.
fn add_unserved(frame: &mut Frame, vars: &mut PolicyVars) {
    let unserved = frame.hourly("unserved-electricity", variable().min(0.0));
    for (t, u) in unserved.iter().enumerate() {
        frame.electricity_balance[t] += *u;
    }
    let weights = frame.time.weight_h.clone();
    for (t, u) in unserved.iter().enumerate() {
        frame.cost_krmb.add_mul(SLACK_PENALTY_KRMB * weights[t], *u);
    }
    vars.unserved_mw = Some(unserved);
    if frame.has_heat {
        let unserved = frame.hourly("unserved-heat", variable().min(0.0));
        for (t, u) in unserved.iter().enumerate() {
            frame.heat_balance[t] += *u;
            frame.cost_krmb.add_mul(SLACK_PENALTY_KRMB * weights[t], *u);
        }
        vars.unserved_heat_mw_th = Some(unserved);
    }
}

/// The direct green-power supply rules (`rules.direct_supply`; 发改能源〔2025〕650号, Hunan
/// 湘发改能源〔2025〕853号), on annual energy, with `A` the PV and wind available (capacity ×
/// capacity factors), `R` that dispatched, `X` the export and `U` the electricity at end uses:
///
/// - `direct-export-share`: `X ≤ a · A`;
/// - `direct-self-use-of-generation`: `R − X ≥ b · A`;
/// - `direct-self-use-of-consumption`: `R − X ≥ c · U`.
///
/// In a diagnosis each gets a priced slack (MWh/yr).
fn add_direct_supply_rows(
    frame: &mut Frame,
    rules: &crate::scenario::spec::DirectSupplySpec,
    slack: &dyn Fn(&mut Frame, &'static str) -> Option<Variable>,
    vars: &mut PolicyVars,
) {
    let available = frame.renewable_available_mwh.clone();
    let self_use = frame.renewable_output_mwh.clone() - frame.export_mwh.clone();
    let end_use = frame.terms.electric_end_use_mwh.clone();
    let rows: [(&'static str, Option<f64>, Expression); 3] = [
        (
            "direct-export-share",
            rules.max_export_share_of_generation,
            frame.export_mwh.clone()
                - available.clone() * rules.max_export_share_of_generation.unwrap_or(0.0),
        ),
        (
            "direct-self-use-of-generation",
            rules.min_self_use_share_of_generation,
            available.clone() * rules.min_self_use_share_of_generation.unwrap_or(0.0)
                - self_use.clone(),
        ),
        (
            "direct-self-use-of-consumption",
            rules.min_share_of_consumption,
            end_use * rules.min_share_of_consumption.unwrap_or(0.0) - self_use,
        ),
    ];
    for (family, share, mut row) in rows {
        if share.is_none() {
            continue;
        }
        let shortfall = slack(frame, "direct-supply-shortfall");
        if let Some(s) = shortfall {
            row -= s;
        }
        vars.direct_supply_shortfall_mwh.push((family, shortfall));
        frame.constrain(family, row.leq(0.0));
    }
}

/// Closes each hour's balances, recording their row indices in `frame.balance_rows`:
/// family `electricity-balance` (supply = use, MW), and when present `hydrogen-balance`
/// (kg; `lvl_t = lvl_{t−1} + h2_t + h2buy_t − D_t − h2sale_t`, formulation §3) and
/// `heat-balance` (MW_th; `gb + eb + hp + tsd = L^h + tsc + h_cc · cc`, formulation §3).
pub fn add_balance_rows(frame: &mut Frame) {
    let balances = std::mem::take(&mut frame.electricity_balance);
    for balance in balances {
        frame.balance_rows.electricity.push(frame.constraints.len());
        frame.constrain("electricity-balance", balance.eq(Expression::default()));
    }
    let hydrogen = std::mem::take(&mut frame.hydrogen_balance);
    if frame.has_hydrogen {
        for balance in hydrogen {
            frame.balance_rows.hydrogen.push(frame.constraints.len());
            frame.constrain("hydrogen-balance", balance.eq(Expression::default()));
        }
    }
    let heat = std::mem::take(&mut frame.heat_balance);
    if frame.has_heat {
        for balance in heat {
            frame.balance_rows.heat.push(frame.constraints.len());
            frame.constrain("heat-balance", balance.eq(Expression::default()));
        }
    }
}
