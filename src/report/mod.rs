//! Reports: the text summary, the output files, atomic writing.

pub mod atomic;
pub mod files;
pub mod svg;
pub mod table;
