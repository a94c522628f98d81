//! The physical annual quantities that the carbon and energy accounting reads (formulation §4),
//! kept apart from the factors that weigh them, so that one plan can be accounted under
//! several readings of the rule (the electricity tce basis, the grid factor, whether process
//! CO2 counts, whether CCUS is deducted): each reading is a set of factors on the same terms.

pub use crate::scenario::park::Reading;
use good_lp::Expression;

/// Annual quantities, each an expression of the model's variables (or a constant).
#[derive(Debug, Clone, Default)]
pub struct AccountingTerms {
    /// Grid import, MWh/yr (`Σ w imp`).
    pub grid_import_mwh: Expression,
    /// Green certificates bought, MWh/yr.
    pub certificates_mwh: Expression,
    /// Electricity at end uses, MWh/yr: load, electrolysers, CO2 capture, electric heat.
    pub electric_end_use_mwh: Expression,
    /// Natural gas burnt, MWh/yr (LHV).
    pub gas_fuel_mwh: Expression,
    /// Hydrogen bought, kg/yr.
    pub h2_bought_kg: Expression,
    /// Hydrogen sold, kg/yr.
    pub h2_sold_kg: Expression,
    /// CO2 of the hydrogen bought (its own factor, the same in every reading), t/yr.
    pub h2_bought_t_co2: Expression,
    /// CO2 of the process sources, t/yr (counted only when the reading includes process CO2).
    pub process_t: f64,
    /// CO2 captured from process sources and stored (not sold for use), t/yr.
    pub stored_process_t: Expression,
    /// CO2 captured from the gas boiler's flue gas and stored, t/yr.
    pub stored_flue_t: Expression,
}

impl AccountingTerms {
    /// EM under `reading`, t/yr:
    /// `ef_grid · (imp − C_cert) + ef_gas · fuel + ef_h2buy · h2buy + [proc] · process
    /// − [ded] · ([proc] · stored_process + stored_flue)` (captured CO2 is deducted only from
    /// sources whose emissions count).
    pub fn emissions_t(&self, reading: &Reading) -> Expression {
        let proc = reading.process_factor();
        let ded = if reading.ccus_deduction { 1.0 } else { 0.0 };
        (self.grid_import_mwh.clone() - self.certificates_mwh.clone()) * reading.grid_t_co2_per_mwh
            + self.gas_fuel_mwh.clone() * reading.gas_t_co2_per_mwh
            + self.h2_bought_t_co2.clone()
            + proc * self.process_t
            - (self.stored_process_t.clone() * proc + self.stored_flue_t.clone()) * ded
    }

    /// EC under `reading`, tce/yr: `k_e · end uses + k_gas · fuel + k_h2 · (h2buy − h2sale)`.
    pub fn energy_tce(&self, reading: &Reading) -> Expression {
        self.electric_end_use_mwh.clone() * reading.electricity_tce_per_mwh
            + self.gas_fuel_mwh.clone() * reading.gas_tce_per_mwh
            + (self.h2_bought_kg.clone() - self.h2_sold_kg.clone()) * reading.hydrogen_tce_per_kg
    }

    /// Energy that is not clean under `reading`, tce/yr, the left side of the clean-share
    /// row: `k_e · ((1 − α) · imp − C_cert) + k_gas · fuel + k_h2 · h2buy`.
    pub fn non_clean_tce(&self, reading: &Reading, grid_non_fossil_share: f64) -> Expression {
        (self.grid_import_mwh.clone() * (1.0 - grid_non_fossil_share)
            - self.certificates_mwh.clone())
            * reading.electricity_tce_per_mwh
            + self.gas_fuel_mwh.clone() * reading.gas_tce_per_mwh
            + self.h2_bought_kg.clone() * reading.hydrogen_tce_per_kg
    }
}
