//! Reports: the text summary, the output files, the Excel workbooks, atomic writing.

pub mod atomic;
pub mod files;
pub mod svg;
pub mod table;
pub mod xlsx;
