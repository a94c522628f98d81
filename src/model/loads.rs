//! Fixed end-use loads: they take from the hourly balance and count in EC.

use super::frame::Frame;
use crate::scenario::Park;

/// Electricity end use `L^e_t` (formulation §3) and its share of
/// `EC = k_e · Σ_t w_t L^e_t + …` (formulation §4).
pub fn add_electric_load(frame: &mut Frame, park: &Park) {
    for (t, load) in park.electric_load_mw.iter().enumerate() {
        frame.electricity_balance[t] -= *load;
    }
    let annual_mwh = park.time.annual(&park.electric_load_mw);
    frame.terms.electric_end_use_mwh += annual_mwh;
}
