//! Site weather in, hourly PV and wind capacity-factor profiles out.
//!
//! Read a typical year of weather ([`weather::read_weather`]: NREL TMY3,
//! EPW or PVGIS TMY CSV), then compute per-unit hourly capacity factors with
//! [`pv::pv_profile`] (NREL SPA sun position, Perez 1990 transposition,
//! Martin–Ruiz angle-of-incidence loss, Faiman cell temperature, PVWatts DC
//! and inverter model) or [`wind::wind_profile`] (shear extrapolation,
//! IEC 61400-12-1 density correction, a turbine power curve from
//! [`turbines::TurbineLibrary`] or a user CSV), optionally scaled to a target
//! number of full-load hours, and write them with
//! [`csv_out::write_profile_csv`] (a CSV that starts with its header line, and its
//! description in a sidecar JSON file, [`profile_json::description`]).

pub mod csv_out;
pub mod error;
pub mod flh_scaling;
pub mod hourly_sun;
pub mod iam;
pub mod irradiance;
pub mod mounting;
pub mod profile;
pub mod profile_json;
pub mod pv;
pub mod pv_power;
pub mod solar_position;
pub mod turbines;
pub mod weather;
pub mod wind;

pub use csv_out::{sidecar_path, write_profile_csv, write_profiles_csv};
pub use error::ResourceError;
pub use flh_scaling::{FlhScaling, ScaledQuantity};
pub use mounting::Tracking;
pub use profile::{Profile, ProfileSummary, Technology};
pub use pv::{pv_profile, PvParams};
pub use turbines::{PowerCurve, TurbineInfo, TurbineLibrary, DEFAULT_TURBINE};
pub use weather::{read_weather, Weather};
pub use wind::{wind_profile, ShearModel, WindParams};
