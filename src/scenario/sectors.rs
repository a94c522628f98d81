//! Resolving and validating the hydrogen, heat and CO2 sections of a scenario.
//!
//! Each function checks every field (gathering all problems in [`Issues`]) and returns the
//! resolved data, cut to the modelled hours, or `None` when something is wrong.

use super::catalogue::{CaptureCatalogue, Catalogue, Cited};
use super::files::ScenarioSource;
use super::issues::Issues;
use super::park::*;
use super::resolve::{annualised, cut, series, MAX_MAGNITUDE};
use super::series::ValueRange;
use super::spec::*;

/// Checks the catalogue sections of hydrogen, CCUS and heat.
pub(super) fn check_catalogue(cat: &Catalogue, issues: &mut Issues) {
    let f = "catalogue";
    for (name, e) in [
        ("electrolyser_alkaline", &cat.electrolyser_alkaline),
        ("electrolyser_pem", &cat.electrolyser_pem),
    ] {
        issues.check_positive(&format!("{f}.{name}.unit_mw"), e.unit_mw.value);
        issues.check_non_negative(
            &format!("{f}.{name}.capex_rmb_per_kw"),
            e.capex_rmb_per_kw.value,
        );
        issues.check_range(
            &format!("{f}.{name}.specific_energy_kwh_per_kg"),
            e.specific_energy_kwh_per_kg.value,
            33.3,
            200.0,
        );
        issues.check_range(
            &format!("{f}.{name}.min_load_frac"),
            e.min_load_frac.value,
            0.0,
            1.0,
        );
        issues.check_range(
            &format!("{f}.{name}.fixed_om_frac"),
            e.fixed_om_frac.value,
            0.0,
            0.5,
        );
        issues.check_positive(&format!("{f}.{name}.lifetime_yr"), e.lifetime_yr.value);
        issues.check_positive(
            &format!("{f}.{name}.stack_lifetime_yr"),
            e.stack_lifetime_yr.value,
        );
        issues.check_range(
            &format!("{f}.{name}.stack_share_of_capex_frac"),
            e.stack_share_of_capex_frac.value,
            0.0,
            1.0,
        );
    }
    let s = &cat.h2_storage;
    issues.check_non_negative(
        &format!("{f}.h2_storage.capex_rmb_per_kg"),
        s.capex_rmb_per_kg.value,
    );
    issues.check_range(
        &format!("{f}.h2_storage.fixed_om_frac"),
        s.fixed_om_frac.value,
        0.0,
        0.5,
    );
    issues.check_positive(&format!("{f}.h2_storage.lifetime_yr"), s.lifetime_yr.value);
    for (name, c) in [
        ("ccus_flue_gas_amine", &cat.ccus_flue_gas_amine),
        ("ccus_high_concentration", &cat.ccus_high_concentration),
    ] {
        issues.check_positive(
            &format!("{f}.{name}.module_t_per_h"),
            c.module_t_per_h.value,
        );
        issues.check_range(
            &format!("{f}.{name}.capture_frac"),
            c.capture_frac.value,
            0.0,
            1.0,
        );
        issues.check_range(
            &format!("{f}.{name}.electricity_mwh_per_t"),
            c.electricity_mwh_per_t.value,
            0.0,
            2.0,
        );
        issues.check_range(
            &format!("{f}.{name}.heat_mwh_th_per_t"),
            c.heat_mwh_th_per_t.value,
            0.0,
            5.0,
        );
        issues.check_non_negative(
            &format!("{f}.{name}.variable_cost_rmb_per_t"),
            c.variable_cost_rmb_per_t.value,
        );
        issues.check_non_negative(
            &format!("{f}.{name}.capex_rmb_per_t_per_h"),
            c.capex_rmb_per_t_per_h.value,
        );
        issues.check_range(
            &format!("{f}.{name}.fixed_om_frac"),
            c.fixed_om_frac.value,
            0.0,
            0.5,
        );
        issues.check_positive(&format!("{f}.{name}.lifetime_yr"), c.lifetime_yr.value);
    }
    issues.check_non_negative(
        &format!("{f}.co2_transport_storage.rmb_per_t"),
        cat.co2_transport_storage.rmb_per_t.value,
    );
    check_efficiency(
        issues,
        &format!("{f}.gas_boiler.efficiency_frac"),
        cat.gas_boiler.efficiency_frac.value,
    );
    let eb = &cat.electric_boiler;
    issues.check_non_negative(
        &format!("{f}.electric_boiler.capex_rmb_per_kw"),
        eb.capex_rmb_per_kw.value,
    );
    check_efficiency(
        issues,
        &format!("{f}.electric_boiler.efficiency_frac"),
        eb.efficiency_frac.value,
    );
    issues.check_range(
        &format!("{f}.electric_boiler.fixed_om_frac"),
        eb.fixed_om_frac.value,
        0.0,
        0.5,
    );
    issues.check_positive(
        &format!("{f}.electric_boiler.lifetime_yr"),
        eb.lifetime_yr.value,
    );
    let hp = &cat.heat_pump;
    issues.check_non_negative(
        &format!("{f}.heat_pump.capex_rmb_per_kw"),
        hp.capex_rmb_per_kw.value,
    );
    check_efficiency(
        issues,
        &format!("{f}.heat_pump.carnot_efficiency_frac"),
        hp.carnot_efficiency_frac.value,
    );
    issues.check_range(
        &format!("{f}.heat_pump.max_cop"),
        hp.max_cop.value,
        1.0,
        20.0,
    );
    issues.check_range(
        &format!("{f}.heat_pump.fixed_om_frac"),
        hp.fixed_om_frac.value,
        0.0,
        0.5,
    );
    issues.check_positive(&format!("{f}.heat_pump.lifetime_yr"), hp.lifetime_yr.value);
    let ts = &cat.thermal_storage;
    issues.check_non_negative(
        &format!("{f}.thermal_storage.capex_rmb_per_kwh"),
        ts.capex_rmb_per_kwh.value,
    );
    issues.check_positive(
        &format!("{f}.thermal_storage.duration_h"),
        ts.duration_h.value,
    );
    issues.check_range(
        &format!("{f}.thermal_storage.fixed_om_frac"),
        ts.fixed_om_frac.value,
        0.0,
        0.5,
    );
    issues.check_positive(
        &format!("{f}.thermal_storage.lifetime_yr"),
        ts.lifetime_yr.value,
    );
    issues.check_range(
        &format!("{f}.accounting.gas_lhv_kwh_per_nm3"),
        cat.accounting.gas_lhv_kwh_per_nm3.value,
        1.0,
        20.0,
    );
}

/// Checks an efficiency: in (0, 1].
fn check_efficiency(issues: &mut Issues, field: &str, value: f64) {
    if !(value.is_finite() && value > 0.0 && value <= 1.0) {
        issues.push(field, value, "in (0, 1]");
    }
}

/// Which of several exclusive options were given, for messages.
fn given(options: &[(&'static str, bool)]) -> String {
    let names: Vec<&str> = options
        .iter()
        .filter(|(_, g)| *g)
        .map(|(n, _)| *n)
        .collect();
    format!("{{{}}}", names.join(", "))
}

/// Delivery windows of a daily amount: one per calendar day in the horizon, each with the
/// share of the day's amount its modelled hours stand for.
fn daily_windows(time: &TimeAxis, kg_per_day: f64) -> Vec<DeliveryWindowData> {
    let mut windows: Vec<DeliveryWindowData> = Vec::new();
    for (t, hour) in time.hour_of_year.iter().enumerate() {
        let day = hour / 24;
        match windows.last_mut() {
            Some(w) if time.hour_of_year[w.first] / 24 == day => w.len += 1,
            _ => windows.push(DeliveryWindowData {
                first: t,
                len: 1,
                kg: 0.0,
                weighted: false,
            }),
        }
    }
    for w in &mut windows {
        w.kg = kg_per_day * w.len as f64 / 24.0;
    }
    windows
}

/// Resolves `hydrogen:` (formulation §3).
pub(super) fn resolve_hydrogen(
    source: &ScenarioSource,
    spec: &HydrogenSpec,
    cat: &Catalogue,
    time: Option<&TimeAxis>,
    issues: &mut Issues,
) -> Option<HydrogenData> {
    let before = issues.count();
    let rate = cat.finance.discount_rate.value;
    let demand = spec.demand.as_ref().and_then(|d| {
        let f = "hydrogen.demand";
        let forms = [
            ("kg_per_h", d.kg_per_h.is_some()),
            ("kg_per_day", d.kg_per_day.is_some()),
            ("kg_per_yr", d.kg_per_yr.is_some()),
        ];
        if forms.iter().filter(|(_, g)| *g).count() != 1 {
            issues.push(
                f,
                given(&forms),
                "exactly one of kg_per_h, kg_per_day, kg_per_yr",
            );
            return None;
        }
        if let Some(window) = d.window {
            if d.kg_per_h.is_some() || (d.kg_per_day.is_some() && window == DeliveryWindow::Year) {
                issues.push(
                    &format!("{f}.window"),
                    serde_yaml::to_string(&window).unwrap_or_default().trim(),
                    "absent with kg_per_h, `day` with kg_per_day (`year` only with kg_per_yr)",
                );
            }
        }
        if let Some(s) = &d.kg_per_h {
            let values = series(
                source,
                s,
                &format!("{f}.kg_per_h"),
                ValueRange::new(0.0, MAX_MAGNITUDE, "kg/h"),
                issues,
            )?;
            let time = time?;
            return Some(HydrogenDemand::Hourly {
                kg_per_h: cut(values, time),
            });
        }
        let (field, total) = match (d.kg_per_day, d.kg_per_yr) {
            (Some(v), _) => ("kg_per_day", v),
            (_, Some(v)) => ("kg_per_yr", v),
            _ => return None,
        };
        if !(total.is_finite() && total >= 0.0) {
            issues.push(&format!("{f}.{field}"), total, ">= 0");
            return None;
        }
        let time = time?;
        let windows = match (d.kg_per_day, d.window.unwrap_or_default()) {
            (Some(per_day), _) => daily_windows(time, per_day),
            (None, DeliveryWindow::Day) => daily_windows(time, total / 365.0),
            (None, DeliveryWindow::Year) => vec![DeliveryWindowData {
                first: 0,
                len: time.len(),
                kg: total,
                weighted: true,
            }],
        };
        Some(HydrogenDemand::Windows { windows })
    });

    let electrolyser = spec.electrolyser.as_ref().map(|e| {
        let c = match e.technology {
            ElectrolyserTechnology::Alkaline => &cat.electrolyser_alkaline,
            ElectrolyserTechnology::Pem => &cat.electrolyser_pem,
        };
        let unit_mw = c.unit_mw.value;
        let mut cost = annualised(
            c.capex_rmb_per_kw.value * 1000.0 * unit_mw,
            rate,
            &c.lifetime_yr,
            &c.fixed_om_frac,
        );
        cost.replacement_pv_frac = replacement_present_value(
            c.stack_share_of_capex_frac.value,
            c.stack_lifetime_yr.value,
            c.lifetime_yr.value,
            rate,
        );
        cost.part_replacement = Some(PartReplacement {
            share_of_capex_frac: c.stack_share_of_capex_frac.value,
            life_yr: c.stack_lifetime_yr.value,
        });
        ElectrolyserData {
            technology: e.technology,
            unit_mw,
            kg_per_mwh: 1000.0 / c.specific_energy_kwh_per_kg.value,
            min_load_frac: c.min_load_frac.value,
            max_new_stacks: e.max_stacks,
            existing_stacks: e.existing_stacks,
            commitment: e.commitment,
            cost_per_stack: cost,
        }
    });

    let storage = spec.storage.as_ref().map(|s| {
        issues.check_non_negative("hydrogen.storage.max_kg", s.max_kg);
        issues.check_non_negative("hydrogen.storage.existing_kg", s.existing_kg);
        let c = &cat.h2_storage;
        HydrogenStorageData {
            max_new_kg: s.max_kg,
            existing_kg: s.existing_kg,
            cost_per_kg: annualised(
                c.capex_rmb_per_kg.value,
                rate,
                &c.lifetime_yr,
                &c.fixed_om_frac,
            ),
        }
    });

    let purchase = spec.purchase.as_ref().map(|p| {
        issues.check_range(
            "hydrogen.purchase.price_rmb_per_kg",
            p.price_rmb_per_kg,
            0.0,
            1000.0,
        );
        issues.check_range("hydrogen.purchase.t_co2_per_kg", p.t_co2_per_kg, 0.0, 0.1);
        (p.price_rmb_per_kg, p.t_co2_per_kg)
    });
    let sale = spec.sale.as_ref().map(|s| {
        issues.check_range(
            "hydrogen.sale.price_rmb_per_kg",
            s.price_rmb_per_kg,
            0.0,
            1000.0,
        );
        if let Some(cap) = s.max_kg_per_yr {
            issues.check_non_negative("hydrogen.sale.max_kg_per_yr", cap);
        }
        (s.price_rmb_per_kg, s.max_kg_per_yr)
    });
    if let (Some(buy), Some(sell)) = (&spec.purchase, &spec.sale) {
        if sell.price_rmb_per_kg > buy.price_rmb_per_kg && sell.max_kg_per_yr.is_none() {
            issues.push(
                "hydrogen.sale.max_kg_per_yr",
                format!(
                    "(missing), with hydrogen.sale.price_rmb_per_kg {} above \
                     hydrogen.purchase.price_rmb_per_kg {}",
                    sell.price_rmb_per_kg, buy.price_rmb_per_kg
                ),
                "a cap on sales when hydrogen sells dearer than it is bought: otherwise buying \
                 to resell has no end and the model is unbounded",
            );
        }
    }
    if spec.demand.is_some() && spec.purchase.is_none() {
        issues.push(
            "hydrogen.purchase",
            "(missing)",
            "a purchase option (price_rmb_per_kg, t_co2_per_kg) when hydrogen.demand is set: \
             the baseline, which builds nothing, meets the demand by buying",
        );
    }
    (issues.count() == before).then_some(HydrogenData {
        demand,
        electrolyser,
        storage,
        purchase,
        sale,
    })
}

/// The Carnot-fraction COP: `min(COP_max, max(1, η_C · T_sink / (T_sink − T_source)))`, in
/// kelvin; a source at or above the sink gives `COP_max`.
pub fn carnot_cop(source_c: f64, sink_c: f64, carnot_efficiency: f64, max_cop: f64) -> f64 {
    let sink_k = sink_c + 273.15;
    let lift = sink_c - source_c;
    if lift <= 0.0 {
        return max_cop;
    }
    (carnot_efficiency * sink_k / lift).clamp(1.0, max_cop)
}

/// Resolves `heat:` (formulation §3).
pub(super) fn resolve_heat(
    source: &ScenarioSource,
    spec: &HeatSpec,
    cat: &Catalogue,
    time: Option<&TimeAxis>,
    issues: &mut Issues,
) -> Option<HeatData> {
    let before = issues.count();
    let rate = cat.finance.discount_rate.value;
    let demand = match &spec.demand_mw_th {
        Some(s) => series(
            source,
            s,
            "heat.demand_mw_th",
            ValueRange::new(0.0, MAX_MAGNITUDE, "MW_th"),
            issues,
        ),
        None => Some(vec![0.0; HOURS_PER_YEAR]),
    };
    let gas_boiler = spec.gas_boiler.as_ref().map(|g| {
        let f = "heat.gas_boiler";
        issues.check_non_negative(&format!("{f}.capacity_mw_th"), g.capacity_mw_th);
        issues.check_range(
            &format!("{f}.gas_price_rmb_per_nm3"),
            g.gas_price_rmb_per_nm3,
            0.0,
            50.0,
        );
        let efficiency = g
            .efficiency_frac
            .unwrap_or(cat.gas_boiler.efficiency_frac.value);
        if g.efficiency_frac.is_some() {
            check_efficiency(issues, &format!("{f}.efficiency_frac"), efficiency);
        }
        let lhv = cat.accounting.gas_lhv_kwh_per_nm3.value;
        GasBoilerData {
            capacity_mw_th: g.capacity_mw_th,
            efficiency,
            gas_price_rmb_per_mwh: g.gas_price_rmb_per_nm3 * 1000.0 / lhv,
            gas_price_rmb_per_nm3: g.gas_price_rmb_per_nm3,
            gas_lhv_kwh_per_nm3: lhv,
        }
    });
    let unit =
        |b: &HeatBuildSpec, f: &str, capex: f64, life: &Cited, fom: &Cited, issues: &mut Issues| {
            issues.check_non_negative(&format!("{f}.max_mw_th"), b.max_mw_th);
            issues.check_non_negative(&format!("{f}.existing_mw_th"), b.existing_mw_th);
            HeatUnitData {
                max_new_mw_th: b.max_mw_th,
                existing_mw_th: b.existing_mw_th,
                cost_per_mw_th: annualised(capex * 1000.0, rate, life, fom),
            }
        };
    let eb = &cat.electric_boiler;
    let electric_boiler = spec.electric_boiler.as_ref().map(|b| {
        let data = unit(
            b,
            "heat.electric_boiler",
            eb.capex_rmb_per_kw.value,
            &eb.lifetime_yr,
            &eb.fixed_om_frac,
            issues,
        );
        (data, eb.efficiency_frac.value)
    });
    let hp = &cat.heat_pump;
    let heat_pump = match &spec.heat_pump {
        None => Some(None),
        Some(h) => {
            let f = "heat.heat_pump";
            let data = unit(
                &HeatBuildSpec {
                    max_mw_th: h.max_mw_th,
                    existing_mw_th: h.existing_mw_th,
                },
                f,
                hp.capex_rmb_per_kw.value,
                &hp.lifetime_yr,
                &hp.fixed_om_frac,
                issues,
            );
            let c = &h.cop;
            let forms = [
                ("constant", c.constant.is_some()),
                ("hourly", c.hourly.is_some()),
                ("carnot", c.carnot.is_some()),
            ];
            let cop = match (c.constant, &c.hourly, &c.carnot) {
                (Some(v), None, None) => {
                    issues.check_range(&format!("{f}.cop.constant"), v, 1.0, 20.0);
                    Some(vec![v; HOURS_PER_YEAR])
                }
                (None, Some(s), None) => {
                    let field = format!("{f}.cop.hourly");
                    series(
                        source,
                        s,
                        &field,
                        ValueRange::new(1.0, 20.0, "(COP)"),
                        issues,
                    )
                }
                (None, None, Some(carnot)) => {
                    let field = format!("{f}.cop.carnot.source_temperature_c");
                    issues.check_range(
                        &format!("{f}.cop.carnot.sink_temperature_c"),
                        carnot.sink_temperature_c,
                        0.0,
                        400.0,
                    );
                    series(
                        source,
                        &carnot.source_temperature_c,
                        &field,
                        ValueRange::new(-60.0, 300.0, "°C"),
                        issues,
                    )
                    .map(|v| {
                        v.iter()
                            .map(|t| {
                                carnot_cop(
                                    *t,
                                    carnot.sink_temperature_c,
                                    hp.carnot_efficiency_frac.value,
                                    hp.max_cop.value,
                                )
                            })
                            .collect()
                    })
                }
                _ => {
                    issues.push(
                        &format!("{f}.cop"),
                        given(&forms),
                        "exactly one of constant, hourly, carnot",
                    );
                    None
                }
            };
            cop.map(|cop| Some((data, cop)))
        }
    };
    let ts = &cat.thermal_storage;
    let thermal_storage = spec.thermal_storage.as_ref().map(|s| {
        let f = "heat.thermal_storage";
        issues.check_non_negative(&format!("{f}.max_mwh_th"), s.max_mwh_th);
        issues.check_non_negative(&format!("{f}.existing_mwh_th"), s.existing_mwh_th);
        let duration_h = s.duration_h.unwrap_or(ts.duration_h.value);
        if s.duration_h.is_some() {
            issues.check_range(&format!("{f}.duration_h"), duration_h, 0.1, 1000.0);
        }
        ThermalStorageData {
            max_new_mwh_th: s.max_mwh_th,
            existing_mwh_th: s.existing_mwh_th,
            duration_h,
            cost_per_mwh_th: annualised(
                ts.capex_rmb_per_kwh.value * 1000.0,
                rate,
                &ts.lifetime_yr,
                &ts.fixed_om_frac,
            ),
        }
    });
    if spec.gas_boiler.is_none() && spec.electric_boiler.is_none() && spec.heat_pump.is_none() {
        issues.push(
            "heat",
            "(no gas_boiler, electric_boiler or heat_pump)",
            "at least one heat supply",
        );
    }
    let time = time?;
    let heat_pump = heat_pump?;
    let demand = demand?;
    (issues.count() == before).then(|| HeatData {
        demand_mw_th: cut(demand, time),
        gas_boiler,
        electric_boiler,
        heat_pump: heat_pump.map(|(d, cop)| (d, cut(cop, time))),
        thermal_storage,
    })
}

fn capture_catalogue(cat: &Catalogue, technology: CaptureTechnology) -> &CaptureCatalogue {
    match technology {
        CaptureTechnology::FlueGasAmine => &cat.ccus_flue_gas_amine,
        CaptureTechnology::HighConcentration => &cat.ccus_high_concentration,
    }
}

/// Resolves `co2:` (formulation §3–§4).
pub(super) fn resolve_co2(
    source: &ScenarioSource,
    spec: &Co2Spec,
    heat: Option<&HeatSpec>,
    rules: &RulesSpec,
    cat: &Catalogue,
    time: Option<&TimeAxis>,
    issues: &mut Issues,
) -> Option<Co2Data> {
    let before = issues.count();
    let rate = cat.finance.discount_rate.value;
    let mut sources = Vec::new();
    for (i, s) in spec.sources.iter().enumerate() {
        let f = format!("co2.sources[{i}]");
        if s.name.trim().is_empty() {
            issues.push(&format!("{f}.name"), "\"\"", "a non-empty name");
        }
        if spec.sources[..i].iter().any(|o| o.name == s.name) {
            issues.push(
                &format!("{f}.name"),
                &s.name,
                "a name not used by another source",
            );
        }
        let flow = match s.kind {
            Co2SourceKind::GasBoiler => {
                if s.t_per_h.is_some() || s.t_per_yr.is_some() || s.shape.is_some() {
                    issues.push(
                        &f,
                        given(&[
                            ("t_per_h", s.t_per_h.is_some()),
                            ("t_per_yr", s.t_per_yr.is_some()),
                            ("shape", s.shape.is_some()),
                        ]),
                        "no flow for kind gas_boiler (its flow is ef_gas × the boiler's gas use)",
                    );
                }
                if heat.and_then(|h| h.gas_boiler.as_ref()).is_none() {
                    issues.push(
                        &format!("{f}.kind"),
                        "gas_boiler",
                        "a source that exists: heat.gas_boiler is not set",
                    );
                }
                Some(Vec::new())
            }
            Co2SourceKind::Process => match (&s.t_per_h, s.t_per_yr) {
                (Some(series_spec), None) => {
                    if s.shape.is_some() {
                        issues.push(
                            &format!("{f}.shape"),
                            "(given)",
                            "absent with t_per_h (a shape goes with t_per_yr)",
                        );
                    }
                    let field = format!("{f}.t_per_h");
                    series(
                        source,
                        series_spec,
                        &field,
                        ValueRange::new(0.0, MAX_MAGNITUDE, "t/h"),
                        issues,
                    )
                }
                (None, Some(total)) => {
                    issues.check_non_negative(&format!("{f}.t_per_yr"), total);
                    match &s.shape {
                        None => Some(vec![total.max(0.0) / HOURS_PER_YEAR as f64; HOURS_PER_YEAR]),
                        Some(shape_spec) => {
                            let field = format!("{f}.shape");
                            series(
                                source,
                                shape_spec,
                                &field,
                                ValueRange::new(0.0, MAX_MAGNITUDE, "(shape)"),
                                issues,
                            )
                            .and_then(|v| {
                                let sum: f64 = v.iter().sum();
                                if sum > 0.0 {
                                    Some(v.iter().map(|x| total.max(0.0) * x / sum).collect())
                                } else {
                                    issues.push(
                                        &field,
                                        "a column summing to 0",
                                        "a shape with a positive sum",
                                    );
                                    None
                                }
                            })
                        }
                    }
                }
                _ => {
                    issues.push(
                        &f,
                        given(&[
                            ("t_per_h", s.t_per_h.is_some()),
                            ("t_per_yr", s.t_per_yr.is_some()),
                        ]),
                        "exactly one of t_per_h, t_per_yr for kind process",
                    );
                    None
                }
            },
        };
        let counted = match s.kind {
            Co2SourceKind::GasBoiler => true,
            Co2SourceKind::Process => rules.process_emissions == ProcessEmissions::Include,
        };
        sources.push(flow.map(|flow_t_per_h| Co2SourceData {
            name: s.name.clone(),
            kind: s.kind,
            flow_t_per_h,
            counted,
        }));
    }

    let mut captures = Vec::new();
    for (i, c) in spec.capture.iter().enumerate() {
        let f = format!("co2.capture[{i}]");
        let Some(index) = spec.sources.iter().position(|s| s.name == c.source) else {
            let names: Vec<&str> = spec.sources.iter().map(|s| s.name.as_str()).collect();
            issues.push(
                &format!("{f}.source"),
                &c.source,
                &format!(
                    "the name of a source in co2.sources (one of: {})",
                    names.join(", ")
                ),
            );
            continue;
        };
        if spec.capture[..i].iter().any(|o| o.source == c.source) {
            issues.push(
                &format!("{f}.source"),
                &c.source,
                "a source not captured by another entry",
            );
        }
        let k = capture_catalogue(cat, c.technology);
        if k.heat_mwh_th_per_t.value > 0.0 && heat.is_none() {
            issues.push(
                &format!("{f}.technology"),
                serde_yaml::to_string(&c.technology)
                    .unwrap_or_default()
                    .trim(),
                "a technology needing no heat, or a heat: section to supply the capture heat",
            );
        }
        let module_t_per_h = k.module_t_per_h.value;
        captures.push(CaptureData {
            source: index,
            technology: c.technology,
            module_t_per_h,
            capture_frac: k.capture_frac.value,
            electricity_mwh_per_t: k.electricity_mwh_per_t.value,
            heat_mwh_th_per_t: k.heat_mwh_th_per_t.value,
            variable_cost_rmb_per_t: k.variable_cost_rmb_per_t.value,
            cost_per_module: annualised(
                k.capex_rmb_per_t_per_h.value * module_t_per_h,
                rate,
                &k.lifetime_yr,
                &k.fixed_om_frac,
            ),
            max_new_modules: c.max_modules,
            existing_modules: c.existing_modules,
        });
    }
    let utilisation = spec.utilisation.as_ref().map(|u| {
        issues.check_range(
            "co2.utilisation.price_rmb_per_t",
            u.price_rmb_per_t,
            -1000.0,
            5000.0,
        );
        issues.check_non_negative("co2.utilisation.max_t_per_yr", u.max_t_per_yr);
        (u.price_rmb_per_t, u.max_t_per_yr)
    });
    let sources: Option<Vec<Co2SourceData>> = sources.into_iter().collect();
    let time = time?;
    let mut sources = sources?;
    for s in &mut sources {
        if !s.flow_t_per_h.is_empty() {
            s.flow_t_per_h = cut(std::mem::take(&mut s.flow_t_per_h), time);
        }
    }
    (issues.count() == before).then_some(Co2Data {
        sources,
        captures,
        transport_storage_rmb_per_t: cat.co2_transport_storage.rmb_per_t.value,
        utilisation,
    })
}
