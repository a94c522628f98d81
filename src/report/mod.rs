//! Reports: the text summary, the output files, atomic writing.

pub mod atomic;
pub mod chart;
pub mod files;
pub mod lang;
pub mod table;
pub mod units;
