//! zcpark: least-cost investment planning for China's zero-carbon industrial parks.
//!
//! A scenario (YAML, hourly CSV profiles, the technology catalogue) is read and validated by
//! [`scenario`], turned into a mixed-integer linear model by [`model`], solved on HiGHS by
//! [`solve`], read back and evaluated by [`plan`], valued year by year for an investor by
//! [`finance`], and written out by [`report`]. Every CSV input (profiles, weather files,
//! turbine data) is read through [`csv_input`]. Studies of many plans: [`batch`], [`study`],
//! and the province allocation of shared quotas among parks, [`allocate`].
#![deny(missing_docs)]

/// `println!` that ignores a closed standard output: `zcpark pareto … | head` must go on to
/// write its files, not panic when `head` has read its line.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `print!` that ignores a closed standard output (see [`outln!`]).
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

pub mod aggregate;
pub mod allocate;
pub mod batch;
pub mod commands;
pub mod csv_input;
pub mod finance;
pub mod model;
pub mod plan;
pub mod profiles_command;
pub mod report;
pub mod resource;
pub mod scenario;
pub mod solve;
pub mod study;
