//! Electrolysers: whole stacks, hourly power, hydrogen output and the minimum load.

use super::frame::Frame;
use crate::scenario::park::ElectrolyserData;
use crate::scenario::spec::Commitment;
use good_lp::{variable, Expression, Variable};

/// Handles to the electrolyser variables.
#[derive(Debug, Clone)]
pub struct ElectrolyserVars {
    /// New stacks `N_ely` (integer).
    pub stacks: Variable,
    /// Electricity drawn `ely_t`, MW.
    pub power_mw: Vec<Variable>,
    /// Stacks running `on_t`, integer, with `commitment: integer`; absent with `relaxed`
    /// and `off` (see [`add_electrolyser`]).
    pub on: Option<Vec<Variable>>,
}

/// Adds electrolysers (formulation §2–§3).
///
/// - stacks: `N_ely ∈ {0 … N^max}` integer (0 when `invest` is false); capacity is the
///   expression `U_ely · (N_existing + N_ely)`;
/// - `electrolyser-cap` (commitment `off` and `relaxed`): `0 ≤ ely_t ≤ U_ely · N`;
/// - commitment `integer`: `on_t ∈ {0 … N_existing + N^max}`, `electrolyser-on-cap`:
///   `on_t ≤ N`, `electrolyser-max-load`: `ely_t ≤ U_ely · on_t`, `electrolyser-min-load`:
///   `ely_t ≥ m_ely · U_ely · on_t` (`ely_t ≤ U_ely · N` then follows and is not written).
///   `on_t` is registered with the hint `ely_t / U_ely + 0.5 − 10⁻⁶`, whose rounding is the
///   ceiling of the running stacks the relaxed flow needs;
/// - commitment `relaxed` (formulation §3: the same rows with `on_t` continuous) is written
///   as `off`, because the two have the same feasible flows: for any `ely_t ≤ U_ely · N`,
///   `on_t = ely_t / U_ely` meets `on_t ≤ N`, `ely_t ≤ U_ely · on_t` and
///   `m_ely · U_ely · on_t = m_ely · ely_t ≤ ely_t`, and nothing else reads `on_t`. Dropping
///   the 8,760 `on_t` columns and 17,520 rows leaves the optimum as it is; the report gives
///   `on_t = ely_t / U_ely`, the fewest running stacks;
/// - hydrogen: `h2_t = 1000 · ely_t / s_ely` kg into the hydrogen balance;
/// - electricity: `−ely_t` in the electricity balance, `k_e · Σ_t w_t ely_t` in EC
///   (formulation §4, through the accounting terms);
/// - cost: `(CRF + f) · capex · U_ely` per stack, plus the annualised stack replacements
///   (formulation §5).
pub fn add_electrolyser(
    frame: &mut Frame,
    data: &ElectrolyserData,
    invest: bool,
) -> ElectrolyserVars {
    let max_new = if invest {
        f64::from(data.max_new_stacks)
    } else {
        0.0
    };
    let stacks = frame.sizing_integer("electrolyser-stacks", max_new);
    let existing = f64::from(data.existing_stacks);
    let total_stacks = Expression::from(stacks) + existing;
    let unit = data.unit_mw;
    let power_mw = frame.hourly(
        "electrolyser-power",
        variable().min(0.0).max(unit * (existing + max_new)),
    );
    let steps = frame.steps();
    let max_on = existing + max_new;
    let on = match data.commitment {
        Commitment::Off | Commitment::Relaxed => {
            for p in &power_mw {
                frame.constrain(
                    "electrolyser-cap",
                    Expression::from(*p).leq(total_stacks.clone() * unit),
                );
            }
            None
        }
        Commitment::Integer => {
            let on: Vec<Variable> = power_mw
                .iter()
                .enumerate()
                .map(|(t, p)| {
                    let hint = Expression::from(*p) * (1.0 / unit) + (0.5 - 1e-6);
                    frame.operational_integer("electrolyser-on", t, max_on, hint)
                })
                .collect();
            for t in 0..steps {
                frame.constrain(
                    "electrolyser-on-cap",
                    Expression::from(on[t]).leq(total_stacks.clone()),
                );
                frame.constrain(
                    "electrolyser-max-load",
                    Expression::from(power_mw[t]).leq(Expression::from(on[t]) * unit),
                );
                if data.min_load_frac > 0.0 {
                    frame.constrain(
                        "electrolyser-min-load",
                        Expression::from(power_mw[t])
                            .geq(Expression::from(on[t]) * (data.min_load_frac * unit)),
                    );
                }
            }
            Some(on)
        }
    };
    for (t, p) in power_mw.iter().enumerate() {
        frame.electricity_balance[t] -= *p;
        frame.hydrogen_balance[t].add_mul(data.kg_per_mwh, *p);
    }
    frame.has_hydrogen = true;
    let annual = frame.annual(&power_mw);
    frame.terms.electric_end_use_mwh += annual;
    frame.add_cost_rmb(data.cost_per_stack.annual_rmb_per_unit(), stacks);
    ElectrolyserVars {
        stacks,
        power_mw,
        on,
    }
}
