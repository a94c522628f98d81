//! Why a solve stopped: a reason with its figures (`plan.json` → `stop`), written in English
//! by [`std::fmt::Display`] (`plan.json` → `stop_reason`); the reports write it in Chinese
//! from the same figures (`report::lang::stop_reason`).

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a solve stopped. Gaps are relative (0.0018 = 0.18 %), between the plan's cost and the
/// best bound proven.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StopReason {
    /// The gap asked for is reached (`asked`: that gap, when the strategy states it).
    Optimal {
        /// Gap reached.
        gap: Option<f64>,
        /// Gap asked for (`--mip-gap`).
        asked: Option<f64>,
    },
    /// A fixed design's operation with its hourly integers rounded once on the relaxation
    /// (the full-year check of a typical-day plan, `evaluate`), further than the gap asked
    /// for from that relaxation's bound.
    RoundedOnce {
        /// Gap to the relaxation's bound.
        gap: f64,
        /// Hourly integers rounded.
        hourly_integers: usize,
    },
    /// Most of the gap is the LP bound of thousands of hourly integers, which HiGHS's
    /// branch-and-bound does not lift on a full-year model (README, Solve strategy).
    HourlyIntegerBound {
        /// Gap to the bound.
        gap: f64,
        /// Hourly integers.
        hourly_integers: usize,
    },
    /// Branching on the sizes ended at the plan's own sizes: the gap left is that of the
    /// hourly integers at those sizes.
    LeastBoundAtTheseSizes {
        /// Gap to the bound.
        gap: f64,
        /// Hourly integers.
        hourly_integers: usize,
    },
    /// A typical-day sizing that a full-year solve follows, within its sizing gap
    /// (`TYPICAL_DAY_SIZING_GAP`).
    SizingGap {
        /// Gap to the bound.
        gap: f64,
        /// The sizing gap.
        sizing_gap: f64,
    },
    /// Branch-and-bound ran the budget the staged strategy gives it.
    BranchAndBoundBudget {
        /// Gap to the bound (None: not bounded).
        gap: Option<f64>,
    },
    /// Stopped within the gap of the bound, for a reason the strategy did not state.
    WithinBound {
        /// Gap to the bound.
        gap: Option<f64>,
    },
    /// The user's time limit.
    TimeLimit {
        /// The limit, seconds, when known.
        limit_s: Option<f64>,
        /// Gap to the bound when stopped.
        gap: Option<f64>,
    },
    /// The time limit came before any plan.
    TimeLimitNoPlan,
    /// No plan meets every constraint.
    Infeasible,
    /// The cost can fall without end.
    Unbounded,
    /// The sizing of a plan made on typical days (its full-year check is reported apart).
    TypicalDays {
        /// Why the typical-day sizing stopped.
        sizing: Box<StopReason>,
    },
}

/// A gap as a percentage with three decimals (`0.183 %`), or `unknown`.
pub fn percent(gap: Option<f64>) -> String {
    gap.map_or("unknown".to_string(), |g| format!("{:.3} %", 100.0 * g))
}

impl StopReason {
    /// The reason in Chinese, as `Display` gives it in English (最优性间隙 = optimality gap,
    /// 下界 = bound, 分支定界 = branch-and-bound, 逐时整数变量 = hourly integers).
    pub fn describe_zh(&self) -> String {
        let pc = |g: f64| percent(Some(g));
        let percent = |g: Option<f64>| g.map_or("未知".to_string(), pc);
        match self {
            StopReason::Optimal { gap, asked: None } => {
                format!("已达最优（最优性间隙 {}）", percent(*gap))
            }
            StopReason::Optimal {
                gap,
                asked: Some(asked),
            } => format!(
                "已达最优（最优性间隙 {}，要求 {}）",
                percent(*gap),
                pc(*asked)
            ),
            StopReason::RoundedOnce {
                gap,
                hourly_integers,
            } => format!(
                "{hourly_integers} 个逐时整数变量在线性松弛解上一次取整：距其下界 {}",
                pc(*gap)
            ),
            StopReason::HourlyIntegerBound {
                gap,
                hourly_integers,
            } => format!(
                "距线性松弛下界 {}；其余差距是 {hourly_integers} 个逐时整数变量（购售电方向、\
                 电解槽运行台数）的下界，此规模的模型分支定界无法提升（--time-limit 仍会运行）",
                pc(*gap)
            ),
            StopReason::LeastBoundAtTheseSizes {
                gap,
                hourly_integers,
            } => format!(
                "距下界 {}；所有容量组合的最低下界就在本方案的容量处，差距来自其 \
                 {hourly_integers} 个逐时整数变量（购售电方向、电解槽运行台数、储能充放方向）\
                 的松弛（--time-limit 会对其运行分支定界）",
                pc(*gap)
            ),
            StopReason::SizingGap { gap, sizing_gap } => format!(
                "距下界 {}：典型日容量规划之后还有全年求解，在其容量规划间隙（{}）内不再分支定界\
                 （--time-limit 仍会运行）",
                pc(*gap),
                pc(*sizing_gap)
            ),
            StopReason::BranchAndBoundBudget { gap } => format!(
                "分支定界用完其时间预算后距下界 {}（预算与此前的搜索用时相同，至少 1–5 秒；\
                 更短的 --time-limit 会缩短它）",
                percent(*gap)
            ),
            StopReason::WithinBound { gap } => format!("距下界 {}", percent(*gap)),
            StopReason::TimeLimit {
                limit_s: Some(limit),
                gap,
            } => format!("达到时间上限（{limit} 秒），间隙 {}", percent(*gap)),
            StopReason::TimeLimit { limit_s: None, gap } => {
                format!("达到时间上限，间隙 {}", percent(*gap))
            }
            StopReason::TimeLimitNoPlan => "达到时间上限，尚未找到任何方案".into(),
            StopReason::Infeasible => "不可行：没有方案能满足全部约束".into(),
            StopReason::Unbounded => "无界：成本可以无限下降".into(),
            StopReason::TypicalDays { sizing } => format!("典型日：{}", sizing.describe_zh()),
        }
    }
}

impl fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Optimal { gap, asked: None } => write!(f, "optimal within {}", percent(*gap)),
            Self::Optimal {
                gap,
                asked: Some(asked),
            } => write!(
                f,
                "optimal within {} (the gap asked for: {})",
                percent(*gap),
                percent(Some(*asked))
            ),
            Self::RoundedOnce {
                gap,
                hourly_integers,
            } => write!(
                f,
                "the {hourly_integers} hourly integers rounded once on the relaxation: within \
                 {} of its bound",
                percent(Some(*gap))
            ),
            Self::HourlyIntegerBound {
                gap,
                hourly_integers,
            } => write!(
                f,
                "within {} of the LP bound; the rest is the bound of the {hourly_integers} \
                 hourly integers (import/export direction, running stacks), which \
                 branch-and-bound does not lift on a model this size (--time-limit runs it \
                 anyway)",
                percent(Some(*gap))
            ),
            Self::LeastBoundAtTheseSizes {
                gap,
                hourly_integers,
            } => write!(
                f,
                "within {} of the bound; the least bound over all sizes lies at these sizes \
                 with the {hourly_integers} hourly integers (import/export direction, running \
                 stacks, battery direction) relaxed (--time-limit runs branch-and-bound on \
                 them)",
                percent(Some(*gap))
            ),
            Self::SizingGap { gap, sizing_gap } => write!(
                f,
                "within {} of the bound: a typical-day sizing, which a full-year solve \
                 follows, gets no branch-and-bound within its sizing gap ({}) (--time-limit \
                 runs it anyway)",
                percent(Some(*gap)),
                percent(Some(*sizing_gap))
            ),
            Self::BranchAndBoundBudget { gap } => write!(
                f,
                "within {} of the bound after branch-and-bound ran its budget (as long as the \
                 search before it took, at least 1-5 s; a --time-limit below that shortens it)",
                percent(*gap)
            ),
            Self::WithinBound { gap } => write!(f, "within {} of the bound", percent(*gap)),
            Self::TimeLimit {
                limit_s: Some(limit),
                gap,
            } => write!(f, "time limit ({limit} s), gap {}", percent(*gap)),
            Self::TimeLimit { limit_s: None, gap } => {
                write!(f, "time limit, gap {}", percent(*gap))
            }
            Self::TimeLimitNoPlan => write!(f, "time limit before any plan was found"),
            Self::Infeasible => write!(f, "infeasible: no plan meets every constraint"),
            Self::Unbounded => write!(f, "unbounded: the cost can fall without end"),
            Self::TypicalDays { sizing } => write!(f, "typical days: {sizing}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_survives_plan_json_and_reads_as_before() {
        let reason = StopReason::TypicalDays {
            sizing: Box::new(StopReason::SizingGap {
                gap: 0.00115,
                sizing_gap: 0.01,
            }),
        };
        let json = serde_json::to_value(&reason).unwrap();
        assert_eq!(json["kind"], "typical_days");
        assert_eq!(json["sizing"]["kind"], "sizing_gap");
        let back: StopReason = serde_json::from_value(json).unwrap();
        assert_eq!(back, reason);
        assert_eq!(
            reason.to_string(),
            "typical days: within 0.115 % of the bound: a typical-day sizing, which a \
             full-year solve follows, gets no branch-and-bound within its sizing gap \
             (1.000 %) (--time-limit runs it anyway)"
        );
    }
}
