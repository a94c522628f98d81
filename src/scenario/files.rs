//! Where scenario files come from: the disk, or the example embedded in the binary.

use std::path::{Component, Path, PathBuf};

use crate::csv_input::{self, CsvError};

/// The shipped example, embedded so that `zcpark plan` runs from anywhere.
pub const EMBEDDED_EXAMPLE: &str = "models/ordos.yaml";

/// Repository-relative paths and contents of the embedded example's files.
const EMBEDDED_FILES: &[(&str, &str)] = &[
    ("models/ordos.yaml", include_str!("../../models/ordos.yaml")),
    (
        "data/profiles/ordos-load.csv",
        include_str!("../../data/profiles/ordos-load.csv"),
    ),
    (
        "data/profiles/ordos-pv.csv",
        include_str!("../../data/profiles/ordos-pv.csv"),
    ),
    (
        "data/profiles/ordos-wind.csv",
        include_str!("../../data/profiles/ordos-wind.csv"),
    ),
];

/// Largest scenario file read, bytes: far above any real one (a scenario is a page of YAML).
pub const MAX_SCENARIO_BYTES: u64 = 16 * 1024 * 1024;

/// A scenario file and the files it names, relative to it.
#[derive(Debug, Clone)]
pub enum ScenarioSource {
    /// A scenario on disk.
    Disk(PathBuf),
    /// The example embedded in the binary.
    Embedded,
}

impl ScenarioSource {
    /// The scenario file's path as shown in messages.
    pub fn scenario_path(&self) -> String {
        match self {
            Self::Disk(path) => path.display().to_string(),
            Self::Embedded => format!("{EMBEDDED_EXAMPLE} (embedded)"),
        }
    }

    /// Reads the scenario file; one larger than [`MAX_SCENARIO_BYTES`] is refused unread.
    pub fn read_scenario(&self) -> std::io::Result<String> {
        match self {
            Self::Disk(path) => {
                let bytes = std::fs::metadata(path)?.len();
                if bytes > MAX_SCENARIO_BYTES {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!(
                            "{bytes} bytes: a scenario must be at most {MAX_SCENARIO_BYTES} bytes"
                        ),
                    ));
                }
                std::fs::read_to_string(path)
            }
            Self::Embedded => embedded(EMBEDDED_EXAMPLE),
        }
    }

    /// Resolves a path written in the scenario (relative to the scenario file) to the path
    /// shown in messages.
    pub fn resolve(&self, relative: &str) -> String {
        match self {
            Self::Disk(path) => {
                let base = path.parent().unwrap_or(Path::new(""));
                base.join(relative).display().to_string()
            }
            Self::Embedded => normalise(&Path::new(EMBEDDED_EXAMPLE).with_file_name(relative)),
        }
    }

    /// Reads a file named in the scenario.
    pub fn read_relative(&self, relative: &str) -> std::io::Result<String> {
        match self {
            Self::Disk(_) => std::fs::read_to_string(self.resolve(relative)),
            Self::Embedded => embedded(&self.resolve(relative)),
        }
    }

    /// Reads the bytes of a CSV file named in the scenario, refusing one larger than
    /// [`csv_input::MAX_FILE_BYTES`] before reading it.
    ///
    /// # Errors
    /// Those of [`csv_input::read_bytes`], naming the file as [`ScenarioSource::resolve`] shows it.
    pub fn read_relative_csv(&self, relative: &str) -> Result<Vec<u8>, CsvError> {
        let shown = self.resolve(relative);
        match self {
            Self::Disk(_) => csv_input::read_bytes(Path::new(&shown)),
            Self::Embedded => {
                embedded(&shown)
                    .map(String::into_bytes)
                    .map_err(|source| CsvError::Io {
                        file: shown.clone(),
                        source,
                    })
            }
        }
    }
}

fn embedded(path: &str) -> std::io::Result<String> {
    EMBEDDED_FILES
        .iter()
        .find(|(name, _)| *name == path)
        .map(|(_, text)| text.to_string())
        .ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{path} is not embedded in the binary"),
            )
        })
}

/// Removes `.` and `a/..` from a relative path, giving a repository-relative name.
fn normalise(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                parts.pop();
            }
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_paths_resolve_like_the_repository() {
        let source = ScenarioSource::Embedded;
        assert_eq!(
            source.resolve("../data/profiles/ordos-load.csv"),
            "data/profiles/ordos-load.csv"
        );
        assert!(source
            .read_relative("../data/profiles/ordos-load.csv")
            .is_ok());
        assert!(source.read_relative("../data/nothing.csv").is_err());
        let bytes = source
            .read_relative_csv("../data/profiles/ordos-load.csv")
            .unwrap();
        assert!(bytes.starts_with(b"# Synthetic electricity load"));
        let msg = source
            .read_relative_csv("../data/nothing.csv")
            .unwrap_err()
            .to_string();
        assert!(msg.starts_with("data/nothing.csv: "), "{msg}");
    }
}
