//! The park's hydrogen: demand, purchase and sale, all in the hourly hydrogen balance (kg).

use super::frame::Frame;
use crate::scenario::park::{HydrogenData, HydrogenDemand};
use good_lp::{variable, Expression, Variable};

/// Handles to the hydrogen market and demand variables.
#[derive(Debug, Clone)]
pub struct HydrogenVars {
    /// Hydrogen delivered to the demand `D^h2_t`, kg per step, when the demand is a total
    /// delivered at any hour of its window (a fixed hourly demand has no variable).
    pub delivered_kg: Option<Vec<Variable>>,
    /// Bought `h2buy_t`, kg per step.
    pub bought_kg: Option<Vec<Variable>>,
    /// Sold `h2sale_t`, kg per step.
    pub sold_kg: Option<Vec<Variable>>,
}

/// Adds the hydrogen demand, purchase and sale (formulation §3–§5).
///
/// - demand: an hourly demand takes `D^h2_t` from each step's hydrogen balance; a total
///   adds deliveries `del_t ≥ 0` with family `hydrogen-delivery`: `Σ_{t∈day} del_t = D_day`
///   (or `Σ_t w_t del_t = D_yr` for a year window);
/// - `h2buy_t ≥ 0` into the balance, cost `c^h2buy`, `ef_h2buy · Σ w h2buy` in EM,
///   `k_h2 · Σ w h2buy` in EC and in the non-clean energy (formulation §4);
/// - `h2sale_t ≥ 0` out of the balance, revenue `c^h2sale`, `−k_h2 · Σ w h2sale` in EC;
///   family `hydrogen-sale-cap`: `Σ_t w_t h2sale_t ≤ cap` when a cap is given.
pub fn add_hydrogen(frame: &mut Frame, data: &HydrogenData) -> HydrogenVars {
    let steps = frame.steps();
    frame.has_hydrogen = true;
    let mut vars = HydrogenVars {
        delivered_kg: None,
        bought_kg: None,
        sold_kg: None,
    };
    match &data.demand {
        None => {}
        Some(HydrogenDemand::Hourly { kg_per_h }) => {
            for (t, d) in kg_per_h.iter().enumerate() {
                frame.hydrogen_balance[t] -= *d;
            }
        }
        Some(HydrogenDemand::Windows { windows }) => {
            let delivered = frame.hourly("hydrogen-delivered", variable().min(0.0));
            for (t, d) in delivered.iter().enumerate() {
                frame.hydrogen_balance[t] -= *d;
            }
            for w in windows {
                let mut total = Expression::with_capacity(w.len);
                for (t, d) in delivered.iter().enumerate().skip(w.first).take(w.len) {
                    let c = if w.weighted {
                        frame.time.weight_h[t]
                    } else {
                        1.0
                    };
                    total.add_mul(c, *d);
                }
                frame.constrain("hydrogen-delivery", total.eq(w.kg));
            }
            vars.delivered_kg = Some(delivered);
        }
    }
    if let Some((price, ef)) = data.purchase {
        let bought = frame.hourly("hydrogen-purchase", variable().min(0.0));
        for (t, b) in bought.iter().enumerate() {
            frame.hydrogen_balance[t] += *b;
        }
        frame.add_hourly_cost_rmb(|_| price, &bought);
        let annual = frame.annual(&bought);
        frame.terms.h2_bought_t_co2 += annual.clone() * ef;
        frame.terms.h2_bought_kg += annual;
        vars.bought_kg = Some(bought);
    }
    if let Some((price, cap)) = data.sale {
        let sold = frame.hourly("hydrogen-sale", variable().min(0.0));
        for (t, s) in sold.iter().enumerate() {
            frame.hydrogen_balance[t] -= *s;
        }
        frame.add_hourly_cost_rmb(|_| -price, &sold);
        let annual = frame.annual(&sold);
        frame.terms.h2_sold_kg += annual.clone();
        if let Some(cap) = cap {
            frame.constrain("hydrogen-sale-cap", annual.leq(cap));
        }
        vars.sold_kg = Some(sold);
    }
    debug_assert_eq!(frame.hydrogen_balance.len(), steps);
    vars
}
