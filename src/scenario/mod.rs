//! Scenario input: the YAML format, the catalogue, tariffs, hourly series and validation.
//!
//! Knows nothing of the optimisation model: it produces a [`Park`] of plain numbers.

pub mod catalogue;
pub mod files;
pub mod finance;
pub mod incentives;
pub mod issues;
pub mod overrides;
pub mod park;
pub mod pathway;
pub mod provenance;
pub mod resolve;
pub mod resource_profiles;
pub mod sectors;
pub mod series;
pub mod shape;
pub mod spec;
pub mod tariff;

pub use files::ScenarioSource;
pub use issues::Issue;
pub use park::Park;
pub use resolve::{load, load_value, LoadedScenario, ScenarioError};
