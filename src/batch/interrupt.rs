//! Ctrl-C (SIGINT) or SIGTERM during a batch.
//!
//! The first signal stops the batch cleanly: no further run starts, the running children
//! are killed, the summary is written with the runs not finished as `not_run`, and
//! `zcpark batch` exits with [`EXIT_INTERRUPTED`] after saying how to go on (`--resume`). A
//! second signal ends the batch at once, as without this module.

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::flag;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// Exit code of a batch stopped by a signal: 128 + SIGINT, as a shell reports Ctrl-C.
pub const EXIT_INTERRUPTED: i32 = 130;

/// A flag that the first SIGINT or SIGTERM sets; the second ends the process with
/// [`EXIT_INTERRUPTED`].
///
/// # Errors
/// When the signal handlers cannot be registered.
pub fn watch() -> std::io::Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [SIGINT, SIGTERM] {
        // Registered first, so it sees the flag as it was before this signal set it.
        flag::register_conditional_shutdown(signal, EXIT_INTERRUPTED, Arc::clone(&stop))?;
        flag::register(signal, Arc::clone(&stop))?;
    }
    Ok(stop)
}
