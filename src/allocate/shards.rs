//! Shards of an allocation: `--shard K/N` computes the survey and value curves of the parks
//! with index `i mod N = K` into its own directory (with `shard.json` naming the shard);
//! `--merge DIRS...` joins the shards' cached plans into `--out`, after which the allocation
//! needs no new plan. Plans are matched by their key (a hash of their identity); the same
//! plan found twice must agree in everything but its wall time.

use super::point::{read_point, PointResult, POINTS_DIR};
use super::province::Province;
use super::AllocateError;
use crate::batch::shard::Shard;
use crate::report::atomic::write_atomic;
use std::path::{Path, PathBuf};

/// Name of a shard's manifest.
pub const SHARD_JSON: &str = "shard.json";

/// Writes `shard.json`: the province, the shard, its parks and the options that change a plan
/// (`args`, which the merged run must be given too).
pub fn write_manifest(
    out: &Path,
    province: &Province,
    shard: Shard,
    args: &[String],
) -> Result<(), AllocateError> {
    let parks: Vec<&str> = province
        .parks
        .iter()
        .filter(|p| shard.owns(p.index))
        .map(|p| p.name.as_str())
        .collect();
    let value = serde_json::json!({
        "province": province.path,
        "name": province.name,
        "shard": shard.to_string(),
        "parks": parks,
        "args": args,
    });
    let path = out.join(SHARD_JSON);
    let text = crate::report::files::json_pretty(&value).unwrap_or_default();
    write_atomic(&path, text.as_bytes()).map_err(|source| AllocateError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Two copies of a plan agree: everything but the wall time.
fn same(a: &PointResult, b: &PointResult) -> bool {
    PointResult {
        seconds: 0.0,
        ..a.clone()
    } == PointResult {
        seconds: 0.0,
        ..b.clone()
    }
}

/// The cached plans under `dir/points/`: (park directory, file name, path).
fn points_in(dir: &Path) -> Result<Vec<(String, String, PathBuf)>, String> {
    let root = dir.join(POINTS_DIR);
    let parks = std::fs::read_dir(&root).map_err(|e| format!("{}: {e}", root.display()))?;
    let mut out = Vec::new();
    for park in parks.flatten() {
        let Ok(files) = std::fs::read_dir(park.path()) else {
            continue;
        };
        for file in files.flatten() {
            let name = file.file_name().to_string_lossy().into_owned();
            if name.ends_with(".json") {
                out.push((
                    park.file_name().to_string_lossy().into_owned(),
                    name,
                    file.path(),
                ));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Copies the cached plans of `dirs` into `out/points/`; returns how many were new. A plan
/// found in two places with different results is a conflict, and nothing is copied.
///
/// # Errors
/// [`AllocateError::Merge`] listing every unreadable directory and conflict.
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<usize, AllocateError> {
    let mut problems = Vec::new();
    let mut chosen: Vec<(PathBuf, PointResult, PathBuf)> = Vec::new();
    for dir in dirs {
        let listed = match points_in(dir) {
            Ok(l) => l,
            Err(e) => {
                problems.push(format!(
                    "{}: must be an allocation output directory (with {POINTS_DIR}/), got: {e}",
                    dir.display()
                ));
                continue;
            }
        };
        for (park, name, path) in listed {
            let Some(result) = read_point(&path) else {
                problems.push(format!("{}: must be a cached plan (JSON)", path.display()));
                continue;
            };
            let target = out.join(POINTS_DIR).join(&park).join(&name);
            if let Some((_, first, from)) = chosen.iter().find(|(t, _, _)| *t == target) {
                if !same(first, &result) {
                    problems.push(format!(
                        "plan {park}/{name}: {} and {} disagree",
                        from.display(),
                        path.display()
                    ));
                }
                continue;
            }
            if let Some(existing) = read_point(&target) {
                if !same(&existing, &result) {
                    problems.push(format!(
                        "plan {park}/{name}: {} disagrees with {}",
                        path.display(),
                        target.display()
                    ));
                }
                continue;
            }
            chosen.push((target, result, path));
        }
    }
    if !problems.is_empty() {
        return Err(AllocateError::Merge(problems));
    }
    for (target, _, from) in &chosen {
        let io = |source| AllocateError::Io {
            path: target.display().to_string(),
            source,
        };
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let bytes = std::fs::read(from).map_err(|source| AllocateError::Io {
            path: from.display().to_string(),
            source,
        })?;
        write_atomic(target, &bytes).map_err(io)?;
    }
    Ok(chosen.len())
}

/// Whether `dir` holds an allocation shard (its `shard.json`), for `zcpark merge`.
pub fn is_shard(dir: &Path) -> bool {
    dir.join(SHARD_JSON).is_file()
}

/// `zcpark merge DIRS... --out DIR` on allocation shards: joins their cached plans into
/// `out` ([`merge`]) and says how to allocate from them; 0 when joined, 2 when two shards
/// disagree or a directory is not an allocation's (nothing written then).
pub fn command(dirs: &[PathBuf], out: &Path) -> i32 {
    let manifest = dirs
        .iter()
        .filter_map(|d| std::fs::read_to_string(d.join(SHARD_JSON)).ok())
        .find_map(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .unwrap_or_default();
    let province = manifest["province"]
        .as_str()
        .unwrap_or("PROVINCE.yaml")
        .to_string();
    let args: String = manifest["args"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a.as_str())
        .map(|a| format!(" {a}"))
        .collect();
    match merge(dirs, out) {
        Ok(joined) => {
            crate::outln!(
                "merged {joined} plans of {} allocation shards into {}; allocate from them \
                 with: zcpark allocate {province}{args} --out {}",
                dirs.len(),
                out.display(),
                out.display()
            );
            0
        }
        Err(AllocateError::Merge(problems)) => {
            eprintln!("error: {} problem(s); nothing written:", problems.len());
            for p in &problems {
                eprintln!("  {p}");
            }
            crate::commands::EXIT_INPUT
        }
        Err(e) => {
            eprintln!("error: {e}");
            crate::commands::EXIT_INPUT
        }
    }
}
