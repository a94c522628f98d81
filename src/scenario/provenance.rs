//! Which files a run read, with a hash of each, so that a result can be traced to its inputs.

use super::files::ScenarioSource;
use super::spec::ScenarioSpec;
use crate::csv_input::memo::ContentMemo;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// One input file of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputFile {
    /// The file as written in the scenario (relative to it) or the scenario itself; embedded
    /// files are marked `(embedded)`.
    pub path: String,
    /// What it is: `scenario`, `catalogue`, or the field that names it (e.g.
    /// `loads.electricity_mw.file`).
    pub role: String,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
    /// Its size, bytes.
    pub bytes: usize,
}

/// SHA-256 of `bytes`, as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Hashes of files read in this process, by path and contents (a province's parks and a
/// batch's runs name the same profile and weather files).
static HASHES: ContentMemo<String> = ContentMemo::new(32);

fn input(path: String, role: String, bytes: &[u8]) -> InputFile {
    let sha256 = HASHES.get_or_compute(&path, bytes, || sha256_hex(bytes));
    InputFile {
        path,
        role,
        sha256,
        bytes: bytes.len(),
    }
}

/// Reads `relative` (a path written in the scenario) as bytes.
fn read(source: &ScenarioSource, relative: &str) -> Option<Vec<u8>> {
    match source {
        ScenarioSource::Disk(_) => std::fs::read(source.resolve(relative)).ok(),
        ScenarioSource::Embedded => source.read_relative(relative).ok().map(String::into_bytes),
    }
}

/// Every file the scenario names (series, weather, power curves, a catalogue file) and the
/// scenario itself (its file as on disk, before any `--set`), in the order they appear, each
/// hashed. A file that cannot be read is left out (validation has said why).
pub fn input_files(source: &ScenarioSource, spec: &ScenarioSpec) -> Vec<InputFile> {
    let mut files = Vec::new();
    let scenario = match source {
        ScenarioSource::Disk(path) => std::fs::read(path).ok(),
        ScenarioSource::Embedded => source.read_scenario().ok().map(String::into_bytes),
    };
    if let Some(bytes) = scenario {
        files.push(input(source.scenario_path(), "scenario".into(), &bytes));
    }
    if let Some(relative) = &spec.catalogue_file {
        if let Some(bytes) = read(source, relative) {
            files.push(input(source.resolve(relative), "catalogue".into(), &bytes));
        }
    }
    fn walk(
        value: &serde_yaml::Value,
        at: &str,
        source: &ScenarioSource,
        files: &mut Vec<InputFile>,
    ) {
        match value {
            serde_yaml::Value::Mapping(map) => {
                for (key, v) in map {
                    let key = key.as_str().unwrap_or("?");
                    let field = if at.is_empty() {
                        key.to_string()
                    } else {
                        format!("{at}.{key}")
                    };
                    match v {
                        serde_yaml::Value::String(file)
                            if super::resolve::PATH_KEYS.contains(&key) =>
                        {
                            let seen = files.iter().any(|f| f.path == source.resolve(file));
                            if let (false, Some(bytes)) = (seen, read(source, file)) {
                                files.push(input(source.resolve(file), field, &bytes));
                            }
                        }
                        _ => walk(v, &field, source, files),
                    }
                }
            }
            serde_yaml::Value::Sequence(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, &format!("{at}[{i}]"), source, files);
                }
            }
            _ => {}
        }
    }
    if let Ok(value) = serde_yaml::to_value(spec) {
        walk(&value, "", source, &mut files);
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_strings() {
        // FIPS 180-2 test vectors.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn the_embedded_example_lists_its_profiles() {
        let source = ScenarioSource::Embedded;
        let text = source.read_scenario().unwrap();
        let spec: ScenarioSpec = serde_yaml::from_str(&text).unwrap();
        let files = input_files(&source, &spec);
        let roles: Vec<&str> = files.iter().map(|f| f.role.as_str()).collect();
        assert_eq!(roles[0], "scenario");
        assert!(roles.contains(&"loads.electricity_mw.file"), "{roles:?}");
        assert!(files.iter().all(|f| f.sha256.len() == 64 && f.bytes > 0));
    }
}
