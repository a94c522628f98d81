//! Splitting a batch over machines: shard `K/N` (0 ≤ K < N) runs the runs whose index `i`
//! has `i mod N = K`, so the N shards together run every run exactly once.
//!
//! Without `--shard`, the shard is read from the environment of a cluster scheduler:
//! - Slurm job arrays: `SLURM_ARRAY_TASK_ID`, `SLURM_ARRAY_TASK_COUNT` and
//!   `SLURM_ARRAY_TASK_MIN` (K = task id − min, so `--array=1-10` works as well as `0-9`;
//!   the array must be contiguous, without a step).
//! - Kubernetes Indexed Jobs: `JOB_COMPLETION_INDEX` is K; N comes from `--shard-count` or
//!   the variable `ZCPARK_SHARD_COUNT` (set it to the Job's `completions`).

use std::fmt;

/// One slice of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This shard, 0-based.
    pub index: usize,
    /// How many shards there are.
    pub count: usize,
}

/// A shard that cannot be used, with the text that gave it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}: must be {expected}, got {value}")]
pub struct ShardError {
    /// The option or variable.
    pub source_name: String,
    /// Its value.
    pub value: String,
    /// What is allowed.
    pub expected: String,
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// All runs in one shard.
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// True when run `index` belongs to this shard.
    pub fn owns(&self, index: usize) -> bool {
        index % self.count == self.index
    }

    /// True when this is the whole batch.
    pub fn is_whole(&self) -> bool {
        self.count == 1
    }

    fn checked(
        index: usize,
        count: usize,
        source_name: &str,
        value: &str,
    ) -> Result<Self, ShardError> {
        if count == 0 || index >= count {
            return Err(ShardError {
                source_name: source_name.into(),
                value: value.into(),
                expected: "K/N with 0 <= K < N (shards are numbered from 0)".into(),
            });
        }
        Ok(Shard { index, count })
    }

    /// Parses `K/N`.
    pub fn parse(text: &str) -> Result<Self, ShardError> {
        let bad = || ShardError {
            source_name: "--shard".into(),
            value: text.into(),
            expected: "K/N, two whole numbers with 0 <= K < N".into(),
        };
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let k = k.trim().parse().map_err(|_| bad())?;
        let n = n.trim().parse().map_err(|_| bad())?;
        Self::checked(k, n, "--shard", text)
    }

    /// The shard from `--shard`, `--shard-count` and the scheduler's environment (read by
    /// `env`), with a note saying where it came from; the whole batch when nothing is set.
    pub fn resolve(
        flag: Option<&str>,
        count_flag: Option<usize>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<(Self, Option<String>), ShardError> {
        if let Some(text) = flag {
            let shard = Self::parse(text)?;
            return Ok((shard, Some(format!("shard {shard} from --shard"))));
        }
        let number = |name: &str| -> Result<Option<usize>, ShardError> {
            match env(name) {
                None => Ok(None),
                Some(v) => v.trim().parse().map(Some).map_err(|_| ShardError {
                    source_name: name.into(),
                    value: v.clone(),
                    expected: "a whole number".into(),
                }),
            }
        };
        if let Some(id) = number("SLURM_ARRAY_TASK_ID")? {
            let count = match count_flag {
                Some(n) => n,
                None => number("SLURM_ARRAY_TASK_COUNT")?.ok_or_else(|| ShardError {
                    source_name: "SLURM_ARRAY_TASK_COUNT".into(),
                    value: "(unset)".into(),
                    expected: "set with SLURM_ARRAY_TASK_ID (or pass --shard-count)".into(),
                })?,
            };
            let min = number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
            let index = id.checked_sub(min).unwrap_or(usize::MAX);
            let shown = format!("SLURM_ARRAY_TASK_ID={id}, MIN={min}, COUNT={count}");
            // Shards are task id − min: an array of other ids (`--array=0,2,4`, a step)
            // leaves some id past min + count − 1.
            if count > 0 && index != usize::MAX && index >= count {
                return Err(ShardError {
                    source_name: "SLURM_ARRAY_TASK_ID".into(),
                    value: shown,
                    expected: format!(
                        "an id from MIN to MIN + COUNT − 1 ({min}-{}): the job array must be \
                         a contiguous range such as --array={min}-{} (no step or list)",
                        min + count - 1,
                        min + count - 1
                    ),
                });
            }
            let shard = Self::checked(index, count, "SLURM_ARRAY_TASK_ID", &shown)?;
            return Ok((shard, Some(format!("shard {shard} from {shown}"))));
        }
        if let Some(index) = number("JOB_COMPLETION_INDEX")? {
            let count = match count_flag {
                Some(n) => n,
                None => number("ZCPARK_SHARD_COUNT")?.ok_or_else(|| ShardError {
                    source_name: "ZCPARK_SHARD_COUNT".into(),
                    value: "(unset)".into(),
                    expected: "the number of shards when JOB_COMPLETION_INDEX is set (or \
                               pass --shard-count)"
                        .into(),
                })?,
            };
            let shown = format!("JOB_COMPLETION_INDEX={index}, count {count}");
            let shard = Self::checked(index, count, "JOB_COMPLETION_INDEX", &shown)?;
            return Ok((shard, Some(format!("shard {shard} from {shown}"))));
        }
        match count_flag {
            Some(n) => Err(ShardError {
                source_name: "--shard-count".into(),
                value: n.to_string(),
                expected: "used with --shard, SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX".into(),
            }),
            None => Ok((Self::WHOLE, None)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn shards_cover_every_run_once() {
        for count in 1..6 {
            for run in 0..20 {
                let owners = (0..count)
                    .filter(|k| Shard { index: *k, count }.owns(run))
                    .count();
                assert_eq!(owners, 1);
            }
        }
    }

    #[test]
    fn flags_and_schedulers() {
        assert_eq!(Shard::parse("2/5").unwrap(), Shard { index: 2, count: 5 });
        for bad in ["5/5", "1", "a/2", "0/0"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        let (s, note) = Shard::resolve(
            None,
            None,
            env(&[
                ("SLURM_ARRAY_TASK_ID", "4"),
                ("SLURM_ARRAY_TASK_MIN", "1"),
                ("SLURM_ARRAY_TASK_COUNT", "10"),
            ]),
        )
        .unwrap();
        assert_eq!(
            s,
            Shard {
                index: 3,
                count: 10
            }
        );
        assert!(note.unwrap().contains("SLURM_ARRAY_TASK_ID=4"));
        // An array with a step (--array=4,6,8: min 4, count 3, ids up to 8) says so.
        let e = Shard::resolve(
            None,
            None,
            env(&[
                ("SLURM_ARRAY_TASK_ID", "8"),
                ("SLURM_ARRAY_TASK_MIN", "4"),
                ("SLURM_ARRAY_TASK_COUNT", "3"),
            ]),
        )
        .unwrap_err();
        assert!(
            e.expected.contains("contiguous range such as --array=4-6"),
            "{e:?}"
        );
        let (s, _) = Shard::resolve(
            None,
            None,
            env(&[("JOB_COMPLETION_INDEX", "2"), ("ZCPARK_SHARD_COUNT", "3")]),
        )
        .unwrap();
        assert_eq!(s, Shard { index: 2, count: 3 });
        let e = Shard::resolve(None, None, env(&[("JOB_COMPLETION_INDEX", "2")])).unwrap_err();
        assert_eq!(e.source_name, "ZCPARK_SHARD_COUNT");
        let (s, _) =
            Shard::resolve(Some("1/2"), None, env(&[("JOB_COMPLETION_INDEX", "0")])).unwrap();
        assert_eq!(s, Shard { index: 1, count: 2 });
        assert_eq!(
            Shard::resolve(None, None, env(&[])).unwrap().0,
            Shard::WHOLE
        );
    }
}
