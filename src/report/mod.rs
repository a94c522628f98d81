//! Reports: the text summary, the output files, the Excel workbooks, atomic writing.

pub mod allocation_summary;
pub mod atomic;
pub mod chart;
pub mod files;
pub mod html;
pub mod lang;
pub mod pathway_summary;
pub mod rebuild;
pub mod table;
pub mod units;
pub mod weeks;
pub mod xlsx;
