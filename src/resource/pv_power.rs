//! Cell temperature, DC power and inverter output of a PV array, per unit.

/// Cell temperature by the Faiman model (D. Faiman, *Assessing the outdoor
/// operating temperature of photovoltaic modules*, Prog. Photovolt. 16
/// (2008) 307–315; adopted in IEC 61853-2):
/// T_c = T_a + E_poa / (U₀ + U₁ · v), with U₀ in W/(m²·K), U₁ in
/// W·s/(m³·K) and v the wind speed, m/s.
pub fn faiman_cell_temp_c(
    poa_w_per_m2: f64,
    air_temp_c: f64,
    wind_speed_m_per_s: f64,
    u0_w_per_m2_k: f64,
    u1_w_s_per_m3_k: f64,
) -> f64 {
    air_temp_c + poa_w_per_m2 / (u0_w_per_m2_k + u1_w_s_per_m3_k * wind_speed_m_per_s.max(0.0))
}

/// DC power of the array per unit of its STC rating (PVWatts v5, Dobos,
/// NREL/TP-6A20-62641, 2014, eq. 4 onward):
/// P_dc / P_dc0 = (E_eff / 1000 W/m²) · (1 + γ (T_c − 25 °C)), never below 0.
pub fn pvwatts_dc_per_unit(
    effective_irradiance_w_per_m2: f64,
    cell_temp_c: f64,
    temp_coeff_per_c: f64,
) -> f64 {
    (effective_irradiance_w_per_m2 / 1000.0 * (1.0 + temp_coeff_per_c * (cell_temp_c - 25.0)))
        .max(0.0)
}

/// Reference efficiency of the PVWatts v5 inverter curve.
const PVWATTS_ETA_REF: f64 = 0.9637;

/// AC output per unit of inverter AC rating by the PVWatts v5 inverter
/// model (Dobos 2014, eq. 9–10): with P_dc0,inv = P_ac0 / η_nom and
/// ζ = P_dc / P_dc0,inv,
/// η = η_nom / 0.9637 · (−0.0162 ζ − 0.0059/ζ + 0.9858),
/// P_ac = min(η · P_dc, P_ac0), 0 when P_dc = 0. `dc_per_unit_ac` is the DC
/// input per unit of AC rating, so the result is the AC capacity factor,
/// clipped at exactly 1.
pub fn pvwatts_inverter_ac_per_unit(dc_per_unit_ac: f64, eta_nominal: f64) -> f64 {
    if dc_per_unit_ac <= 0.0 {
        return 0.0;
    }
    let zeta = dc_per_unit_ac * eta_nominal;
    let eta = eta_nominal / PVWATTS_ETA_REF * (-0.0162 * zeta - 0.0059 / zeta + 0.9858);
    (eta * dc_per_unit_ac).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faiman_values() {
        // 800 W/m2, 20 C, 1 m/s: 20 + 800 / 31.84 = 45.1 C.
        assert!((faiman_cell_temp_c(800.0, 20.0, 1.0, 25.0, 6.84) - 45.126).abs() < 0.01);
        assert_eq!(faiman_cell_temp_c(0.0, 5.0, 3.0, 25.0, 6.84), 5.0);
    }

    #[test]
    fn dc_temperature_coefficient() {
        assert!((pvwatts_dc_per_unit(1000.0, 25.0, -0.0037) - 1.0).abs() < 1e-12);
        assert!((pvwatts_dc_per_unit(1000.0, 45.0, -0.0037) - 0.926).abs() < 1e-12);
        assert_eq!(pvwatts_dc_per_unit(0.0, 45.0, -0.0037), 0.0);
    }

    #[test]
    fn inverter_efficiency_and_clipping() {
        // Near the nominal point the efficiency is close to its nominal value.
        let ac = pvwatts_inverter_ac_per_unit(0.5, 0.96);
        assert!((ac / 0.5 - 0.96).abs() < 0.01, "{}", ac / 0.5);
        // Far above rating the output clips at exactly 1.
        assert_eq!(pvwatts_inverter_ac_per_unit(1.5, 0.96), 1.0);
        assert_eq!(pvwatts_inverter_ac_per_unit(0.0, 0.96), 0.0);
    }
}
