//! The allocation against rules of thumb: an equal split (every park of a quota gets the
//! same share of its total; a pairing or the intensity goal: each park on its own) and, with
//! `--compare list.csv`, a given list of shares. Each park is planned at its share (plans
//! cached like the curves'); a park that cannot meet its rules at its share falls short.

use super::curves::Survey;
use super::found::Found;
use super::point::{share_term, Context, PointSpec};
use super::province::{Province, Sense};
use super::{AllocateError, AllocateOptions};
use crate::csv_input::CsvText;
use serde::Serialize;
use std::collections::BTreeMap;

/// A rule-of-thumb allocation, planned.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// `equal split`, or the list's file.
    pub name: String,
    /// Each park's share of each quota it shares (quota's own terms), by park then quota.
    pub shares: BTreeMap<String, BTreeMap<String, f64>>,
    /// Total annual cost of the parks that meet their rules, RMB/yr.
    pub total_cost_rmb_per_yr: f64,
    /// Parks that cannot meet their rules with their share (beyond those that cannot at
    /// any share).
    pub parks_short: Vec<String>,
    /// This allocation's cost above the one found, RMB/yr (when the same parks meet their
    /// rules in both).
    pub extra_cost_rmb_per_yr: Option<f64>,
    /// The same, as a share of the cost found.
    pub extra_cost_share: Option<f64>,
    /// The cost of the allocation found over the parks that meet their rules in this
    /// allocation and in the one found, and this allocation's cost over the same parks,
    /// RMB/yr: a comparison on equal terms when some parks fall short here.
    pub same_parks_rmb_per_yr: Option<SameParks>,
}

/// Two allocations' costs over the same parks, RMB/yr.
#[derive(Debug, Clone, Serialize)]
pub struct SameParks {
    /// How many parks.
    pub parks: usize,
    /// Their cost in the allocation found.
    pub found: f64,
    /// Their cost in this allocation.
    pub this: f64,
}

/// Shares per park (province order) and quota (the park's order), quota's own terms.
type Shares = Vec<Vec<f64>>;

fn equal_split(ctx: &Context, totals: &[f64]) -> Shares {
    let province = ctx.province;
    province
        .parks
        .iter()
        .map(|p| {
            p.quotas
                .iter()
                .map(|j| totals[*j] / province.quotas[*j].members.len() as f64)
                .collect()
        })
        .collect()
}

/// Reads `--compare`: a `park` column and a column per quota a park shares, one row per
/// park. A list that breaks a quota (its shares add up to more than a `<=` quota's total, or
/// less than a `>=` quota's) or gives a park a negative share of a quota that cannot be
/// negative is refused: its cost would read as a saving the province cannot have.
///
/// # Errors
/// [`AllocateError::Invalid`] listing every problem, with file, line or column and value.
pub fn read_list(
    province: &Province,
    totals: &[f64],
    path: &std::path::Path,
) -> Result<Shares, AllocateError> {
    let invalid = |e: crate::csv_input::CsvError| AllocateError::Invalid(vec![e.to_string()]);
    let text = CsvText::read(path).map_err(invalid)?;
    let table = text.table().map_err(invalid)?;
    let park_col = table.column("park").map_err(invalid)?;
    let mut problems = Vec::new();
    let mut shares: Vec<Option<Vec<f64>>> = vec![None; province.parks.len()];
    for row in table.rows() {
        let name = match row.text(park_col, "park") {
            Ok(n) => n,
            Err(e) => {
                problems.push(e.to_string());
                continue;
            }
        };
        let Some(i) = province.parks.iter().position(|p| p.name == name) else {
            problems.push(
                row.invalid(park_col, "park", "the name of a park of the province", name)
                    .to_string(),
            );
            continue;
        };
        let mut values = Vec::new();
        for j in &province.parks[i].quotas {
            let quota = &province.quotas[*j].name;
            match table.column(quota).and_then(|c| row.number(c, quota)) {
                Ok(v) => values.push(v),
                Err(e) => problems.push(e.to_string()),
            }
        }
        shares[i] = Some(values);
    }
    for (i, s) in shares.iter().enumerate() {
        if s.is_none() {
            problems.push(format!(
                "{}: park: must list every park, got no row for {}",
                path.display(),
                province.parks[i].name
            ));
        }
    }
    if problems.is_empty() {
        problems.extend(quota_problems(province, totals, path, &shares));
    }
    if !problems.is_empty() {
        return Err(AllocateError::Invalid(problems));
    }
    Ok(shares.into_iter().flatten().collect())
}

/// What in a complete list `shares` breaks the quotas: a sum past a total, a negative share
/// of a quota whose amounts are never negative.
fn quota_problems(
    province: &Province,
    totals: &[f64],
    path: &std::path::Path,
    shares: &[Option<Vec<f64>>],
) -> Vec<String> {
    let mut problems = Vec::new();
    for (j, quota) in province.quotas.iter().enumerate() {
        let mut sum = 0.0;
        for (i, park) in province.parks.iter().enumerate() {
            let Some(k) = park.quotas.iter().position(|x| *x == j) else {
                continue;
            };
            let share = shares[i].as_ref().map_or(0.0, |s| s[k]);
            if share < 0.0 && quota.kind.is_some_and(|kind| kind.non_negative()) {
                problems.push(format!(
                    "{}: {}: the share of park {} must be >= 0, got {}",
                    path.display(),
                    quota.name,
                    park.name,
                    crate::csv_input::shown(share)
                ));
            }
            sum += share;
        }
        let total = totals[j];
        let slack = 1e-9 * total.abs().max(1.0);
        if quota.sign() * (sum - total) > slack {
            let (relation, word) = match quota.sense {
                Sense::AtMost => ("<=", "at most"),
                Sense::AtLeast => (">=", "at least"),
            };
            problems.push(format!(
                "{}: {}: the shares must add up to {word} the quota's total {} (a `{relation}` \
                 quota), got {}",
                path.display(),
                quota.name,
                crate::csv_input::shown(total),
                crate::csv_input::shown(sum)
            ));
        }
    }
    problems
}

fn planned(
    ctx: &Context,
    survey: &Survey,
    name: String,
    shares: &Shares,
    found: &Found,
) -> Comparison {
    let province = ctx.province;
    let taking: Vec<usize> = (0..province.parks.len())
        .filter(|i| survey.can(*i))
        .collect();
    let specs: Vec<PointSpec> = taking
        .iter()
        .map(|i| PointSpec {
            park: *i,
            terms: province.parks[*i]
                .quotas
                .iter()
                .zip(&shares[*i])
                .map(|(j, s)| share_term(&province.quotas[*j], *s))
                .collect(),
        })
        .collect();
    let results = ctx.run(&format!("comparison: {name}"), &specs);
    let mut total = 0.0;
    let mut short = Vec::new();
    let mut same = SameParks {
        parks: 0,
        found: 0.0,
        this: 0.0,
    };
    for (i, r) in taking.iter().zip(&results) {
        match r.cost() {
            Some(c) => {
                total += c;
                if let Some(f) = found.parks[*i].cost() {
                    same.parks += 1;
                    same.found += f;
                    same.this += c;
                }
            }
            None => short.push(province.parks[*i].name.clone()),
        }
    }
    let found_short = found.short();
    let (extra, share) = if short.is_empty() && found_short == 0 {
        let base = found.total_cost();
        (
            Some(total - base),
            (base.abs() > 0.0).then(|| (total - base) / base),
        )
    } else {
        (None, None)
    };
    Comparison {
        name,
        shares: province
            .parks
            .iter()
            .zip(shares)
            .map(|(p, s)| {
                (
                    p.name.clone(),
                    p.quotas
                        .iter()
                        .zip(s)
                        .map(|(j, v)| (province.quotas[*j].name.clone(), *v))
                        .collect(),
                )
            })
            .collect(),
        total_cost_rmb_per_yr: total,
        parks_short: short,
        extra_cost_rmb_per_yr: extra,
        extra_cost_share: share,
        same_parks_rmb_per_yr: (same.parks > 0).then_some(same),
    }
}

/// The equal split and, with `--compare`, the given list, each planned.
///
/// # Errors
/// [`AllocateError::Invalid`] when the list cannot be read, naming file, line and column.
pub fn compare(
    ctx: &Context,
    survey: &Survey,
    totals: &[f64],
    found: &Found,
    options: &AllocateOptions,
) -> Result<Vec<Comparison>, AllocateError> {
    let mut out = Vec::new();
    if !options.allocation_only {
        out.push(planned(
            ctx,
            survey,
            "equal split".into(),
            &equal_split(ctx, totals),
            found,
        ));
    }
    if let Some(path) = &options.compare {
        let list = read_list(ctx.province, totals, path)?;
        out.push(planned(
            ctx,
            survey,
            path.display().to_string(),
            &list,
            found,
        ));
    }
    Ok(out)
}
