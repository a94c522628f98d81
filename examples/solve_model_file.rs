//! Solves a model file written by `zcpark plan --write-model` with HiGHS and the options given,
//! and prints the status, objective and time: for trying HiGHS options on a park model.
//!
//! `cargo run --release --example solve_model_file -- FILE.mps [NAME=VALUE ...]`
//! (e.g. `solve_relaxation=true solver=ipx`).

use std::ffi::CString;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(file) = args.next() else {
        eprintln!("usage: solve_model_file FILE.mps [NAME=VALUE ...]");
        std::process::exit(2);
    };
    let c = |s: &str| CString::new(s).expect("no NUL in arguments");
    // SAFETY: one HiGHS instance, created here and destroyed at the end; every string passed
    // is a live NUL-terminated CString.
    unsafe {
        let highs = highs_sys::Highs_create();
        let path = c(&file);
        if highs_sys::Highs_readModel(highs, path.as_ptr()) == highs_sys::kHighsStatusError {
            eprintln!("{file}: cannot read the model");
            std::process::exit(2);
        }
        for pair in args {
            let Some((name, value)) = pair.split_once('=') else {
                eprintln!("expected NAME=VALUE, got {pair}");
                std::process::exit(2);
            };
            let (name, value) = (c(name), c(value));
            if highs_sys::Highs_setOptionValue(highs, name.as_ptr(), value.as_ptr())
                == highs_sys::kHighsStatusError
            {
                eprintln!("option {pair} rejected");
                std::process::exit(2);
            }
        }
        let started = Instant::now();
        highs_sys::Highs_run(highs);
        let seconds = started.elapsed().as_secs_f64();
        let status = highs_sys::Highs_getModelStatus(highs);
        let objective = highs_sys::Highs_getObjectiveValue(highs);
        println!("{file}: model status {status}, objective {objective:.6}, {seconds:.2} s");
        highs_sys::Highs_destroy(highs);
    }
}
