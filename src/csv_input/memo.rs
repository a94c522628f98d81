//! Results computed from a file's contents, kept for the rest of the process.
//!
//! The parks of a province and the runs of a batch read the same few files (a load-profile
//! table with one column per park kind, one weather file): each is decoded and parsed once.
//! An entry is found again only for the same name and byte-for-byte the same contents (the
//! bytes are compared, not a hash of them), so a file edited between two reads is read
//! again. Only successes are kept: an error is computed, and reported, every time.

use std::sync::{Arc, Mutex};

/// One kept value: the name, the contents it was computed from, the value.
type Entry<V> = (String, Arc<[u8]>, V);

/// A bounded store of values by (name, contents); the oldest entry goes first when full.
pub struct ContentMemo<V> {
    entries: Mutex<Vec<Entry<V>>>,
    capacity: usize,
}

impl<V: Clone> ContentMemo<V> {
    /// An empty store of at most `capacity` entries.
    pub const fn new(capacity: usize) -> Self {
        Self {
            entries: Mutex::new(Vec::new()),
            capacity,
        }
    }

    /// The value kept for `name` with contents `bytes`, or `compute()`'s, kept when `Ok`.
    ///
    /// # Errors
    /// `compute`'s error, not kept.
    pub fn get_or_try<E>(
        &self,
        name: &str,
        bytes: &[u8],
        compute: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        if let Some(value) = self.get(name, bytes) {
            return Ok(value);
        }
        let value = compute()?;
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        // Another thread may have kept the same entry meanwhile; one copy of each contents
        // is kept however many names read it (the columns of one table).
        if entries.iter().any(|(n, b, _)| n == name && **b == *bytes) {
            return Ok(value);
        }
        let shared = entries
            .iter()
            .find(|(_, b, _)| **b == *bytes)
            .map_or_else(|| Arc::from(bytes), |(_, b, _)| Arc::clone(b));
        if entries.len() >= self.capacity {
            entries.remove(0);
        }
        entries.push((name.to_string(), shared, value.clone()));
        Ok(value)
    }

    /// The value kept for `name` with contents `bytes`, or `compute()`'s, kept.
    pub fn get_or_compute(&self, name: &str, bytes: &[u8], compute: impl FnOnce() -> V) -> V {
        self.get_or_try::<std::convert::Infallible>(name, bytes, || Ok(compute()))
            .unwrap_or_else(|never| match never {})
    }

    fn get(&self, name: &str, bytes: &[u8]) -> Option<V> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .iter()
            .find(|(n, b, _)| n == name && **b == *bytes)
            .map(|(_, _, v)| v.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_once_per_name_and_contents() {
        let memo = ContentMemo::<usize>::new(2);
        let calls = std::cell::Cell::new(0);
        let get = |name: &str, bytes: &[u8]| {
            memo.get_or_try::<()>(name, bytes, || {
                calls.set(calls.get() + 1);
                Ok(bytes.len())
            })
            .unwrap()
        };
        assert_eq!(get("a", b"xy"), 2);
        assert_eq!(get("a", b"xy"), 2);
        assert_eq!(calls.get(), 1);
        // Edited contents and another name are computed again.
        assert_eq!(get("a", b"xyz"), 3);
        assert_eq!(get("b", b"xy"), 2);
        assert_eq!(calls.get(), 3);
    }

    #[test]
    fn errors_are_not_kept_and_the_oldest_entry_goes_first() {
        let memo = ContentMemo::<u8>::new(2);
        assert!(memo.get_or_try("a", b"1", || Err("bad")).is_err());
        assert_eq!(memo.get_or_try::<()>("a", b"1", || Ok(1)), Ok(1));
        memo.get_or_try::<()>("b", b"2", || Ok(2)).unwrap();
        memo.get_or_try::<()>("c", b"3", || Ok(3)).unwrap();
        // "a" was the oldest of three in a store of two: computed again.
        assert_eq!(memo.get_or_try::<()>("a", b"1", || Ok(9)), Ok(9));
        assert_eq!(memo.get_or_try::<()>("c", b"3", || Ok(0)), Ok(3));
    }
}
