//! The multiple-choice knapsack over value curves: one option per park (a point of its
//! curve, or "falls short"), usage of each quota within its total, least total cost. Solved
//! by dynamic programming over whole grid steps, so it is exact on the grid whether the
//! curves are convex or not (Kellerer, Pferschy and Pisinger, *Knapsack Problems*, 2004,
//! ch. 11).
//!
//! Usages are whole numbers of each quota's grid step. The table holds, for every budget
//! `b ≤ B` (a vector, one entry per quota), the best score of the parks so far with usage
//! `≤ b`; a score is (parks falling short, their shortfall, cost), compared in that order, so
//! a quota too small for every park is answered by letting the fewest parks fall short.
//! Time and memory: `parks × Π_j (B_j + 1) × options`, and one byte pair per park and state.

/// One option of a park.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// Grid steps of each quota it uses (may be negative for a signed amount).
    pub usage: Vec<i64>,
    /// Its annual cost, RMB/yr.
    pub cost_rmb: f64,
    /// True for "falls short": the park does not meet its rule.
    pub short: bool,
    /// For a choice that falls short: by how much (in the first quota's unit), to rank
    /// shortfalls.
    pub shortfall: f64,
}

/// Score of a set of choices: (falling short, shortfall, cost), lexicographic.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Score {
    /// Parks that fall short.
    pub short: u32,
    /// Their total shortfall.
    pub shortfall: f64,
    /// Total cost, RMB/yr.
    pub cost_rmb: f64,
}

impl Score {
    const ZERO: Score = Score {
        short: 0,
        shortfall: 0.0,
        cost_rmb: 0.0,
    };
    const NONE: Score = Score {
        short: u32::MAX,
        shortfall: f64::INFINITY,
        cost_rmb: f64::INFINITY,
    };

    fn plus(self, c: &Choice) -> Score {
        if self.short == u32::MAX {
            return Score::NONE;
        }
        Score {
            short: self.short + u32::from(c.short),
            shortfall: self.shortfall + if c.short { c.shortfall } else { 0.0 },
            cost_rmb: self.cost_rmb + c.cost_rmb,
        }
    }

    /// True when every park gets a choice.
    pub fn feasible(&self) -> bool {
        self.short != u32::MAX
    }
}

/// Most states the table may have.
pub const MAX_STATES: usize = 20_000_000;

/// Why the knapsack cannot be set up.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum KnapsackError {
    /// The grid is too fine for the totals.
    #[error(
        "the allocation grid has {states} budget states (at most {MAX_STATES}): raise the \
         quotas' resolution"
    )]
    TooManyStates {
        /// States asked for.
        states: u128,
    },
}

/// The solved table: best scores for every budget up to the one asked, and the choices.
pub struct Table {
    dims: Vec<i64>,
    strides: Vec<usize>,
    offsets: Vec<i64>,
    best: Vec<Score>,
    picks: Vec<Vec<u16>>,
    groups: Vec<Vec<Choice>>,
}

impl Table {
    /// Fills the table for `groups` (each park's options; a park with none makes every budget
    /// infeasible) for every budget up to `budget` (grid steps per quota).
    ///
    /// # Errors
    /// [`KnapsackError::TooManyStates`] when the table would be too large.
    pub fn solve(groups: Vec<Vec<Choice>>, budget: &[i64]) -> Result<Self, KnapsackError> {
        let m = budget.len();
        // Shift each park's usages so that its least is 0; the budget shifts by the sum.
        let offsets: Vec<i64> = (0..m)
            .map(|j| {
                groups
                    .iter()
                    .map(|g| g.iter().map(|c| c.usage[j]).min().unwrap_or(0))
                    .sum()
            })
            .collect();
        let dims: Vec<i64> = (0..m)
            .map(|j| (budget[j] - offsets[j]).max(-1) + 1)
            .collect();
        let states: u128 = dims.iter().map(|d| (*d).max(0) as u128).product();
        if states > MAX_STATES as u128 {
            return Err(KnapsackError::TooManyStates { states });
        }
        let states = states as usize;
        let mut strides = vec![1usize; m];
        for j in 1..m {
            strides[j] = strides[j - 1] * dims[j - 1] as usize;
        }
        let coords = |mut s: usize| -> Vec<i64> {
            (0..m)
                .map(|j| {
                    let c = s % dims[j] as usize;
                    s /= dims[j] as usize;
                    c as i64
                })
                .collect()
        };
        let mut best = vec![Score::ZERO; states];
        let mut picks = Vec::with_capacity(groups.len());
        for group in &groups {
            let least: Vec<i64> = (0..m)
                .map(|j| group.iter().map(|c| c.usage[j]).min().unwrap_or(0))
                .collect();
            let shifted: Vec<Vec<i64>> = group
                .iter()
                .map(|c| (0..m).map(|j| c.usage[j] - least[j]).collect())
                .collect();
            let mut next = vec![Score::NONE; states];
            let mut pick = vec![u16::MAX; states];
            for (s, slot) in next.iter_mut().enumerate() {
                let at = coords(s);
                for (k, (choice, usage)) in group.iter().zip(&shifted).enumerate() {
                    if (0..m).any(|j| usage[j] > at[j]) {
                        continue;
                    }
                    let from: usize = (0..m)
                        .map(|j| (at[j] - usage[j]) as usize * strides[j])
                        .sum();
                    let score = best[from].plus(choice);
                    if score < *slot {
                        *slot = score;
                        pick[s] = k as u16;
                    }
                }
            }
            best = next;
            picks.push(pick);
        }
        Ok(Self {
            dims,
            strides,
            offsets,
            best,
            picks,
            groups,
        })
    }

    fn index(&self, budget: &[i64]) -> Option<usize> {
        let mut s = 0;
        for (j, b) in budget.iter().enumerate().take(self.dims.len()) {
            let c = b - self.offsets[j];
            if c < 0 || c >= self.dims[j] {
                return None;
            }
            s += c as usize * self.strides[j];
        }
        Some(s)
    }

    /// The best score with usage within `budget` (≤ the budget solved for).
    pub fn score(&self, budget: &[i64]) -> Score {
        self.index(budget).map_or(Score::NONE, |s| self.best[s])
    }

    /// The choice of each park (index into its options) for `budget`, if every park has one.
    pub fn choices(&self, budget: &[i64]) -> Option<Vec<usize>> {
        let mut s = self.index(budget)?;
        if !self.best[s].feasible() {
            return None;
        }
        let m = self.dims.len();
        let mut at: Vec<i64> = (0..m)
            .map(|j| (s / self.strides[j]) as i64 % self.dims[j])
            .collect();
        let mut out = vec![0; self.groups.len()];
        for (i, group) in self.groups.iter().enumerate().rev() {
            let k = self.picks[i][s] as usize;
            out[i] = k;
            for (j, c) in at.iter_mut().enumerate() {
                let least = group.iter().map(|c| c.usage[j]).min().unwrap_or(0);
                *c -= group[k].usage[j] - least;
            }
            s = (0..m).map(|j| at[j] as usize * self.strides[j]).sum();
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(usage: i64, cost: f64) -> Choice {
        Choice {
            usage: vec![usage],
            cost_rmb: cost,
            short: false,
            shortfall: 0.0,
        }
    }

    /// Brute force over every combination.
    fn brute(groups: &[Vec<Choice>], budget: i64) -> Option<f64> {
        let mut best: Option<f64> = None;
        let mut idx = vec![0usize; groups.len()];
        loop {
            let used: i64 = groups.iter().zip(&idx).map(|(g, k)| g[*k].usage[0]).sum();
            let cost: f64 = groups.iter().zip(&idx).map(|(g, k)| g[*k].cost_rmb).sum();
            if used <= budget && best.is_none_or(|b| cost < b) {
                best = Some(cost);
            }
            let mut i = 0;
            loop {
                if i == groups.len() {
                    return best;
                }
                idx[i] += 1;
                if idx[i] < groups[i].len() {
                    break;
                }
                idx[i] = 0;
                i += 1;
            }
        }
    }

    #[test]
    fn a_non_convex_curve_is_solved_exactly() {
        // Park A saves only when it gets 4 steps at once (a whole turbine): 100 → 40.
        // Park B saves 15 per step, for up to 3 steps: 100, 85, 70, 55.
        // Budget 4: A takes all 4 (cost 40 + 100 = 140) rather than B 3 and A 1 (100 + 55).
        let a = vec![
            c(0, 100.0),
            c(1, 100.0),
            c(2, 100.0),
            c(3, 100.0),
            c(4, 40.0),
        ];
        let b = vec![c(0, 100.0), c(1, 85.0), c(2, 70.0), c(3, 55.0)];
        let table = Table::solve(vec![a.clone(), b.clone()], &[4]).unwrap();
        assert_eq!(table.score(&[4]).cost_rmb, 140.0);
        assert_eq!(table.choices(&[4]), Some(vec![4, 0]));
        // With budget 3 only B can use it: 100 + 55.
        assert_eq!(table.score(&[3]).cost_rmb, 155.0);
        assert_eq!(table.choices(&[3]), Some(vec![0, 3]));
        for budget in 0..=4 {
            assert_eq!(
                Some(table.score(&[budget]).cost_rmb),
                brute(&[a.clone(), b.clone()], budget)
            );
        }
    }

    #[test]
    fn random_tables_match_brute_force() {
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as i64
        };
        for _ in 0..40 {
            let groups: Vec<Vec<Choice>> = (0..4)
                .map(|_| {
                    (0..3)
                        .map(|_| c(next() % 7 - 1, (next() % 100) as f64))
                        .collect()
                })
                .collect();
            let budget = next() % 12;
            let table = Table::solve(groups.clone(), &[budget]).unwrap();
            let expected = brute(&groups, budget);
            let got = table.score(&[budget]);
            assert_eq!(got.feasible().then_some(got.cost_rmb), expected);
            if let Some(choices) = table.choices(&[budget]) {
                let used: i64 = groups
                    .iter()
                    .zip(&choices)
                    .map(|(g, k)| g[*k].usage[0])
                    .sum();
                let cost: f64 = groups
                    .iter()
                    .zip(&choices)
                    .map(|(g, k)| g[*k].cost_rmb)
                    .sum();
                assert!(used <= budget);
                assert_eq!(cost, got.cost_rmb);
            }
        }
    }

    #[test]
    fn two_quotas_and_falling_short() {
        // Each park needs (1, 1) to meet its rule; budget (1, 2) lets one of them.
        let park = vec![
            Choice {
                usage: vec![1, 1],
                cost_rmb: 10.0,
                short: false,
                shortfall: 0.0,
            },
            Choice {
                usage: vec![0, 0],
                cost_rmb: 0.0,
                short: true,
                shortfall: 1.0,
            },
        ];
        let table = Table::solve(vec![park.clone(), park], &[2, 2]).unwrap();
        let score = table.score(&[1, 2]);
        assert_eq!((score.short, score.cost_rmb), (1, 10.0));
        assert_eq!(table.choices(&[1, 2]), Some(vec![1, 0]));
        assert_eq!(table.score(&[2, 2]).short, 0);
    }
}
