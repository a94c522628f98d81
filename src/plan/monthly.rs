//! The monthly energy balance of a dispatch: every flow of electricity, hydrogen and heat
//! summed by calendar month, for the workbook and the HTML report.
//!
//! On a chronological axis each row goes to the month of its hour, times its weight
//! `weight_h`. On typical days (a dispatch with one row per typical-day hour) a row stands
//! for the same hour of every day its typical day stands for, so its weight is shared among
//! the months of those days; the medoid's month alone would put a typical day of January
//! and February all in January. Either way a flow's twelve months add up to its annual
//! figure `Σ_t w_t x_t` ([`Dispatch::annual`]).

use super::dispatch::Dispatch;
use crate::aggregate::AggregationReport;
use crate::scenario::park::HOURS_PER_YEAR;
use crate::scenario::tariff::month_of_hour;
use serde::Serialize;

/// Months of the year.
pub const MONTHS: usize = 12;

/// Hours of a day, the length of a typical day.
const HOURS_PER_DAY: usize = 24;

/// Kilograms per tonne (hydrogen is reported in t per month).
const KG_PER_T: f64 = 1e3;

/// What a flow carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Carrier {
    /// Electricity, MWh.
    Electricity,
    /// Hydrogen, t.
    Hydrogen,
    /// Heat, MWh_th.
    Heat,
}

impl Carrier {
    /// The unit of this carrier's monthly amounts.
    pub fn unit(self) -> &'static str {
        match self {
            Carrier::Electricity => "MWh",
            Carrier::Hydrogen => "t",
            Carrier::Heat => "MWh_th",
        }
    }
}

/// Which side of its carrier's balance a flow is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Into the park's balance (generation, purchase, storage discharge).
    Supply,
    /// Out of it (demand, conversion, sale, storage charge).
    Use,
}

/// One flow summed by month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthlyFlow {
    /// Name, unit last (`pv_mwh`, `h2_produced_t`, `heat_pump_mwh_th`).
    pub name: &'static str,
    /// What it carries (and so its unit).
    pub carrier: Carrier,
    /// Supply or use.
    pub side: Side,
    /// The amount in each month, January first, in the carrier's unit.
    pub by_month: [f64; MONTHS],
}

impl MonthlyFlow {
    /// The year's amount: the sum of the months.
    pub fn year(&self) -> f64 {
        self.by_month.iter().sum()
    }
}

/// The monthly balance: the flows that are not zero all year, electricity first, then
/// hydrogen, then heat; supply before use within each. Electricity supply and use balance
/// month by month (the battery's charge and discharge are both listed); hydrogen and heat
/// supply and use differ by what their stores hold at the month's ends.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct MonthlyBalance {
    /// What a month's figure is.
    pub basis: MonthlyBasis,
    /// The flows, in the order above.
    pub flows: Vec<MonthlyFlow>,
}

/// What a month's figure of a [`MonthlyBalance`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MonthlyBasis {
    /// The month's share of the year: the full year's hours, or typical days' weights shared
    /// among the months they stand for.
    #[default]
    Year,
    /// The energy of the modelled hours in the month, not weighted: on a cut of the year,
    /// whose weight (8,760 / its hours) would put a year's energy into the cut's months.
    ModelledHours,
}

/// A dispatch column as a flow: name, carrier, side, hourly values, factor to the unit.
type FlowColumn<'a> = (&'static str, Carrier, Side, &'a [f64], f64);

/// The flows of a dispatch, in balance order.
fn flow_columns(d: &Dispatch) -> Vec<FlowColumn<'_>> {
    use Carrier::{Electricity, Heat, Hydrogen};
    use Side::{Supply, Use};
    let per_kg = 1.0 / KG_PER_T;
    vec![
        ("pv_mwh", Electricity, Supply, &d.pv_mw, 1.0),
        ("wind_mwh", Electricity, Supply, &d.wind_mw, 1.0),
        ("grid_import_mwh", Electricity, Supply, &d.import_mw, 1.0),
        ("green_power_mwh", Electricity, Supply, &d.green_mw, 1.0),
        (
            "battery_discharge_mwh",
            Electricity,
            Supply,
            &d.battery_discharge_mw,
            1.0,
        ),
        ("unserved_mwh", Electricity, Supply, &d.unserved_mw, 1.0),
        ("load_mwh", Electricity, Use, &d.load_mw, 1.0),
        (
            "electrolyser_mwh",
            Electricity,
            Use,
            &d.electrolyser_mw,
            1.0,
        ),
        (
            "electric_boiler_mwh",
            Electricity,
            Use,
            &d.electric_boiler_mw,
            1.0,
        ),
        ("heat_pump_mwh", Electricity, Use, &d.heat_pump_mw, 1.0),
        ("ccus_mwh", Electricity, Use, &d.ccus_mw, 1.0),
        ("grid_export_mwh", Electricity, Use, &d.export_mw, 1.0),
        (
            "battery_charge_mwh",
            Electricity,
            Use,
            &d.battery_charge_mw,
            1.0,
        ),
        (
            "h2_produced_t",
            Hydrogen,
            Supply,
            &d.h2_produced_kg_per_h,
            per_kg,
        ),
        (
            "h2_bought_t",
            Hydrogen,
            Supply,
            &d.h2_bought_kg_per_h,
            per_kg,
        ),
        ("h2_demand_t", Hydrogen, Use, &d.h2_demand_kg_per_h, per_kg),
        ("h2_sold_t", Hydrogen, Use, &d.h2_sold_kg_per_h, per_kg),
        ("gas_boiler_mwh_th", Heat, Supply, &d.gas_boiler_mw_th, 1.0),
        (
            "electric_boiler_mwh_th",
            Heat,
            Supply,
            &d.electric_boiler_mw_th,
            1.0,
        ),
        ("heat_pump_mwh_th", Heat, Supply, &d.heat_pump_mw_th, 1.0),
        (
            "thermal_discharge_mwh_th",
            Heat,
            Supply,
            &d.thermal_discharge_mw_th,
            1.0,
        ),
        (
            "unserved_heat_mwh_th",
            Heat,
            Supply,
            &d.unserved_heat_mw_th,
            1.0,
        ),
        ("heat_demand_mwh_th", Heat, Use, &d.heat_demand_mw_th, 1.0),
        ("ccus_heat_mwh_th", Heat, Use, &d.ccus_heat_mw_th, 1.0),
        (
            "thermal_charge_mwh_th",
            Heat,
            Use,
            &d.thermal_charge_mw_th,
            1.0,
        ),
    ]
}

/// Whether `dispatch` is on the typical days of `aggregation`: one row per hour of each
/// typical day (the plan on typical days without the full-year check), not the full year.
pub fn is_on_typical_days(dispatch: &Dispatch, aggregation: Option<&AggregationReport>) -> bool {
    aggregation.is_some_and(|a| {
        a.typical_days > 0 && dispatch.hour.len() == a.typical_days * HOURS_PER_DAY
    })
}

/// For each row of `dispatch`, the share of its weight that falls in each month.
///
/// `aggregation` is the report of the typical days the plan was made on; it is used only when
/// the dispatch is on them ([`is_on_typical_days`]), not when it is the full year the
/// typical-day plan was checked on.
fn month_shares(dispatch: &Dispatch, aggregation: Option<&AggregationReport>) -> Vec<[f64; 12]> {
    let month_of = month_of_hour();
    let chronological = |hour: usize| {
        let mut share = [0.0; MONTHS];
        share[month_of[hour % HOURS_PER_YEAR]] = 1.0;
        share
    };
    let Some(aggregation) = aggregation.filter(|_| is_on_typical_days(dispatch, aggregation))
    else {
        return dispatch.hour.iter().map(|h| chronological(*h)).collect();
    };
    // The months of the days each typical day stands for, as shares of its days.
    let mut by_typical_day = vec![[0.0; MONTHS]; aggregation.typical_days];
    for (day, k) in aggregation.day_to_typical_day.iter().enumerate() {
        by_typical_day[*k][month_of[day * HOURS_PER_DAY]] += 1.0;
    }
    for share in &mut by_typical_day {
        let days: f64 = share.iter().sum();
        if days > 0.0 {
            share.iter_mut().for_each(|s| *s /= days);
        }
    }
    dispatch
        .hour
        .iter()
        .map(|h| {
            let day = (h % HOURS_PER_YEAR) / HOURS_PER_DAY;
            aggregation
                .day_to_typical_day
                .get(day)
                .map_or_else(|| chronological(*h), |k| by_typical_day[*k])
        })
        .collect()
}

/// The monthly balance of `dispatch`. Pass the plan's `aggregation` when it was made on
/// typical days (`plan.json` → `aggregation`): a dispatch on the typical days then has each
/// row's weight shared among the months its typical day stands for; a full-year dispatch
/// (the full-year check's) is chronological whatever is passed.
pub fn monthly_balance(
    dispatch: &Dispatch,
    aggregation: Option<&AggregationReport>,
) -> MonthlyBalance {
    let shares = month_shares(dispatch, aggregation);
    let basis =
        if !is_on_typical_days(dispatch, aggregation) && dispatch.hour.len() != HOURS_PER_YEAR {
            MonthlyBasis::ModelledHours
        } else {
            MonthlyBasis::Year
        };
    let flows = flow_columns(dispatch)
        .into_iter()
        .filter(|(_, _, _, values, _)| values.iter().any(|v| *v != 0.0))
        .map(|(name, carrier, side, values, factor)| {
            let mut by_month = [0.0; MONTHS];
            for ((value, weight), share) in values.iter().zip(&dispatch.weight_h).zip(&shares) {
                let weight = match basis {
                    MonthlyBasis::Year => *weight,
                    MonthlyBasis::ModelledHours => 1.0,
                };
                for (month, s) in by_month.iter_mut().zip(share) {
                    *month += weight * s * value * factor;
                }
            }
            MonthlyFlow {
                name,
                carrier,
                side,
                by_month,
            }
        })
        .collect();
    MonthlyBalance { basis, flows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::spec::{ClusterMethod, Representation, StorageLinking};

    /// A dispatch of `hours` with load and PV, nothing else.
    fn dispatch(hours: &[usize], weight: f64, load: &[f64], pv: &[f64]) -> Dispatch {
        Dispatch {
            hour: hours.to_vec(),
            weight_h: vec![weight; hours.len()],
            load_mw: load.to_vec(),
            pv_mw: pv.to_vec(),
            import_mw: load.iter().zip(pv).map(|(l, p)| l - p).collect(),
            ..Default::default()
        }
    }

    fn flow<'a>(balance: &'a MonthlyBalance, name: &str) -> &'a MonthlyFlow {
        balance
            .flows
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no flow {name}"))
    }

    #[test]
    fn a_chronological_cut_goes_to_the_months_of_its_hours() {
        // 48 hours from 31 January 00:00 (hour 720): the first 24 in January, the rest in
        // February. Each row stands for 182.5 hours of the year (8,760 / 48), but a month's
        // figure is the energy of its modelled hours: weighted, January would hold 24 ×
        // 182.5 × 10 = 43,800 MWh, a year's load in one day's hours.
        let hours: Vec<usize> = (720..768).collect();
        let load = vec![10.0; 48];
        let pv: Vec<f64> = (0..48).map(|t| if t < 24 { 1.0 } else { 3.0 }).collect();
        let b = monthly_balance(&dispatch(&hours, 182.5, &load, &pv), None);
        assert_eq!(b.basis, MonthlyBasis::ModelledHours);
        let load = flow(&b, "load_mwh");
        assert_eq!(load.by_month[0], 24.0 * 10.0);
        assert_eq!(load.by_month[1], 24.0 * 10.0);
        assert!(load.by_month[2..].iter().all(|m| *m == 0.0));
        let pv = flow(&b, "pv_mwh");
        assert_eq!((pv.by_month[0], pv.by_month[1]), (24.0, 72.0));
        assert_eq!(flow(&b, "grid_import_mwh").by_month[1], 24.0 * 7.0);
        // Flows that are zero all year are left out; supply before use.
        let names: Vec<&str> = b.flows.iter().map(|f| f.name).collect();
        assert_eq!(names, ["pv_mwh", "grid_import_mwh", "load_mwh"]);
    }

    #[test]
    fn a_typical_day_shares_its_weight_among_the_months_of_its_days() {
        // Two typical days: day 0 (1 January) stands for the 31 days of January and the first
        // 9 of February; day 100 stands for the other 325. A typical-day row weighs its
        // days; its amount goes 31 : 9 to January and February.
        let mut day_to_typical_day = vec![1; 365];
        day_to_typical_day[..40].iter_mut().for_each(|k| *k = 0);
        let aggregation = AggregationReport {
            method: ClusterMethod::Hierarchical,
            typical_days: 2,
            storage_linking: StorageLinking::InterDay,
            representation: Representation::Medoid,
            features: vec![],
            days: vec![],
            day_to_typical_day,
            rescaling: Default::default(),
            clustering_seconds: 0.0,
        };
        let hours: Vec<usize> = (0..24).chain(2400..2424).collect();
        let mut d = dispatch(&hours, 0.0, &[5.0; 48], &[0.0; 48]);
        d.weight_h = [vec![40.0; 24], vec![325.0; 24]].concat();
        let b = monthly_balance(&d, Some(&aggregation));
        let load = flow(&b, "load_mwh");
        // January: 31 days of 24 h at 5 MW, all from typical day 0.
        assert!((load.by_month[0] - 31.0 * 24.0 * 5.0).abs() < 1e-9);
        // February: 9 days from typical day 0, 19 from typical day 1.
        assert!((load.by_month[1] - 28.0 * 24.0 * 5.0).abs() < 1e-9);
        assert!((load.by_month[11] - 31.0 * 24.0 * 5.0).abs() < 1e-9);
        assert!((load.year() - d.annual(&d.load_mw)).abs() < 1e-9);
        // The medoid's month alone would have put all 40 days in January.
        assert!(load.by_month[0] < 40.0 * 24.0 * 5.0 - 1.0);

        // The same aggregation beside a full-year dispatch (the full-year check's): each
        // hour in its own month.
        let hours: Vec<usize> = (0..8760).collect();
        let full = dispatch(&hours, 1.0, &[1.0; 8760], &[0.0; 8760]);
        let b = monthly_balance(&full, Some(&aggregation));
        assert_eq!(flow(&b, "load_mwh").by_month[1], 28.0 * 24.0);
    }

    #[test]
    fn hydrogen_is_in_tonnes_and_heat_in_mwh_th() {
        let mut d = dispatch(&[0, 1], 1.0, &[1.0, 1.0], &[0.0, 0.0]);
        d.h2_produced_kg_per_h = vec![500.0, 1500.0];
        d.heat_demand_mw_th = vec![2.0, 2.0];
        let b = monthly_balance(&d, None);
        let h2 = flow(&b, "h2_produced_t");
        assert_eq!(
            (h2.carrier, h2.side, h2.by_month[0]),
            (Carrier::Hydrogen, Side::Supply, 2.0)
        );
        let heat = flow(&b, "heat_demand_mwh_th");
        assert_eq!(
            (heat.carrier.unit(), heat.side, heat.year()),
            ("MWh_th", Side::Use, 4.0)
        );
    }
}
