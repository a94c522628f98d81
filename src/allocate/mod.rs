//! Province allocation: `zcpark allocate PROVINCE.yaml --out DIR` (formulation §7).
//!
//! A province file ([`province`]) lists parks (normal scenarios with overrides) and the
//! quotas they share. Every method works on plans of one park at a time with its quota terms
//! ([`point`]: solved in parallel, cached on disk, resumable, shardable) except `joint`:
//! - [`curves`]: each park's value curve `V_i(q)` on a grid, then the multiple-choice
//!   knapsack ([`knapsack`]), exact on the grid;
//! - [`joint`]: every park in one model with the quota rows (few parks; the reference);
//! - [`prices`]: a Lagrangian price loop with a level method and a feasible recovery.
//!
//! All start from a survey of the parks (each on its own, and with each quota priced out:
//! its least quota). Outputs ([`report`], [`charts`]) and comparisons with an equal split or
//! a given list ([`compare`]) are written to `DIR`; each park's plan at its share goes to
//! `DIR/parks/<name>/` ([`parks`]).

pub mod charts;
pub mod compare;
pub mod curves;
pub mod found;
pub mod joint;
pub mod knapsack;
pub mod parks;
pub mod point;
pub mod prices;
pub mod province;
pub mod report;
pub mod shards;

use crate::batch::shard::Shard;
use crate::commands::EXIT_INPUT;
use crate::scenario::overrides::{parse_assignment, Override};
use crate::scenario::ScenarioError;
use crate::solve::{SolveOptions, Strategy};
use found::{Found, ParkFound};
use point::Context;
use province::{ParkOverrides, Province};
use std::path::PathBuf;
use std::time::Instant;

/// How the allocation is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// `joint` for up to 3 parks (`AUTO_JOINT_PARKS`), else `curves` when every park shares
    /// at most two quotas, else `prices`.
    Auto,
    /// One model with every park and the quota rows.
    Joint,
    /// Value curves and the knapsack over them.
    Curves,
    /// A Lagrangian price loop with a feasible recovery.
    Prices,
    /// All three; the allocation reported is the cheapest, and each quota's price is given
    /// by each method (curves' bracket, the Lagrange multiplier, the joint LP's dual).
    All,
}

/// `auto` solves up to this many parks as one joint model.
pub const AUTO_JOINT_PARKS: usize = 3;

/// Largest relative disagreement between two readings of a quota's price before a warning.
pub const PRICE_AGREEMENT: f64 = 0.05;

/// The options of `zcpark allocate`.
#[derive(Debug, Clone, clap::Args)]
pub struct AllocateOptions {
    /// The province file (parks, quotas; see docs/allocate.md).
    pub province: PathBuf,
    /// Output directory: allocation.csv/json, quotas.csv, charts, parks/<name>/, points/.
    #[arg(long)]
    pub out: PathBuf,
    /// How the allocation is found.
    #[arg(long, value_enum, default_value_t = Method::Auto)]
    pub method: Method,
    /// Another total for a quota, NAME=TOTAL (repeatable); with the curves cached, only the
    /// allocation is redone.
    #[arg(long = "quota", value_name = "NAME=TOTAL", value_parser = parse_quota)]
    pub quotas: Vec<(String, f64)>,
    /// A rule-of-thumb allocation to compare with: a CSV with a `park` column and one column
    /// per quota (its share, in the quota's unit).
    #[arg(long, value_name = "FILE")]
    pub compare: Option<PathBuf>,
    /// Plans at a time [default: the cores].
    #[arg(long)]
    pub jobs: Option<usize>,
    /// HiGHS threads per plan [default: 1].
    #[arg(long)]
    pub threads: Option<u32>,
    /// Compute only the survey and value curves of the parks with index i mod N = K (0 <= K
    /// < N), into --out; join the shards' directories with --merge [default: from
    /// SLURM_ARRAY_TASK_ID/COUNT or JOB_COMPLETION_INDEX, else every park].
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// N when K comes from JOB_COMPLETION_INDEX [default: ZCPARK_SHARD_COUNT].
    #[arg(long, value_name = "N")]
    pub shard_count: Option<usize>,
    /// Output directories of shards whose plans to join into --out before allocating.
    #[arg(long, value_name = "DIR", num_args = 1..)]
    pub merge: Vec<PathBuf>,
    /// Wall-clock limit for each solve, seconds.
    #[arg(long = "time-limit", value_name = "SECONDS")]
    pub time_limit_s: Option<f64>,
    /// Relative MIP gap of every plan and of the joint model.
    #[arg(long, default_value_t = 1e-4)]
    pub mip_gap: f64,
    /// Plan every park on N typical days (the same as --set horizon.typical_days=N); the
    /// curves use the typical-day estimate, the parks' final plans are checked on the full
    /// year unless their horizon.aggregation.full_year_check is false.
    #[arg(long, value_name = "N")]
    pub typical_days: Option<usize>,
    /// Override a value of every park's scenario, PATH=VALUE; repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = parse_assignment)]
    pub set: Vec<Override>,
    /// Skip each park's final plan at its share (DIR/parks/): the allocation only.
    #[arg(long)]
    pub no_park_plans: bool,
    /// The allocation and nothing else: no final park plans (as --no-park-plans), no
    /// comparison with the equal split, no lower bound at the curves' price. With the value
    /// curves cached, a new --quota total is then the knapsack alone.
    #[arg(long)]
    pub allocation_only: bool,
    /// Most rounds of the price loop.
    #[arg(long, default_value_t = 25)]
    pub price_rounds: usize,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

impl AllocateOptions {
    /// The command line's defaults for `province`, writing into `out`.
    pub fn new(province: PathBuf, out: PathBuf) -> Self {
        Self {
            province,
            out,
            method: Method::Auto,
            quotas: Vec::new(),
            compare: None,
            jobs: None,
            threads: None,
            shard: None,
            shard_count: None,
            merge: Vec::new(),
            time_limit_s: None,
            mip_gap: 1e-4,
            typical_days: None,
            set: Vec::new(),
            no_park_plans: false,
            allocation_only: false,
            price_rounds: 25,
            quiet: true,
        }
    }
}

fn parse_quota(text: &str) -> Result<(String, f64), String> {
    let (name, value) = text
        .split_once('=')
        .ok_or_else(|| format!("expected NAME=TOTAL, got {text:?}"))?;
    let total: f64 = value
        .trim()
        .parse()
        .map_err(|_| format!("{name}: the total must be a number, got {value:?}"))?;
    if !(total.is_finite() && total >= 0.0) {
        return Err(format!("{name}: the total must be ≥ 0, got {total}"));
    }
    Ok((name.trim().to_string(), total))
}

/// Why an allocation could not be made.
#[derive(Debug, thiserror::Error)]
pub enum AllocateError {
    /// The province file or a park's scenario has problems.
    #[error(transparent)]
    Input(#[from] ScenarioError),
    /// The options are wrong; every problem is listed.
    #[error("{}", .0.join("\n"))]
    Invalid(Vec<String>),
    /// The knapsack grid is too fine.
    #[error(transparent)]
    Knapsack(#[from] knapsack::KnapsackError),
    /// The joint model failed.
    #[error(transparent)]
    Joint(#[from] joint::JointError),
    /// Shard directories disagree.
    #[error("{}", .0.join("\n"))]
    Merge(Vec<String>),
    /// An output could not be written.
    #[error("{path}: cannot write: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

impl AllocateError {
    /// Exit code: 2 for bad input or options, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Input(_) | Self::Invalid(_) | Self::Merge(_) => EXIT_INPUT,
            _ => 1,
        }
    }
}

/// The totals of the quotas (as written, or from `--quota`); every unknown name listed.
pub fn totals(province: &Province, given: &[(String, f64)]) -> Result<Vec<f64>, AllocateError> {
    let mut totals: Vec<f64> = province.quotas.iter().map(|q| q.total).collect();
    let mut problems = Vec::new();
    for (name, total) in given {
        match province.quotas.iter().position(|q| &q.name == name) {
            Some(j) if province.quotas[j].kind.is_some_and(|k| k.non_negative()) => {
                totals[j] = *total
            }
            Some(_) => problems.push(format!(
                "--quota {name}={total}: must name a quota with a total (a storage pairing or \
                 the intensity goal has none)"
            )),
            None => problems.push(format!(
                "--quota {name}={total}: must name a quota of {} ({}), got {name}",
                province.path,
                province
                    .quotas
                    .iter()
                    .map(|q| q.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
    if problems.is_empty() {
        Ok(totals)
    } else {
        Err(AllocateError::Invalid(problems))
    }
}

/// Time spent by phase, seconds (written to `timings.json`, not to the allocation).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Timings {
    /// Phase name and seconds, in order.
    pub phases: Vec<(String, f64)>,
}

impl Timings {
    fn add(&mut self, name: &str, since: Instant) {
        self.phases
            .push((name.to_string(), since.elapsed().as_secs_f64()));
    }
}

/// Everything an allocation found, before it is written.
pub struct Allocation {
    /// The province.
    pub province: Province,
    /// Totals used, per quota (as written).
    pub totals: Vec<f64>,
    /// The survey.
    pub survey: curves::Survey,
    /// Value curves (empty unless `curves` ran).
    pub curves: Vec<curves::Curve>,
    /// Each method's answer, in the order run.
    pub found: Vec<Found>,
    /// Index into `found` of the allocation reported.
    pub chosen: usize,
    /// The price loop's path, when `prices` ran.
    pub price_loop: Option<prices::PriceLoop>,
    /// Comparisons.
    pub comparisons: Vec<compare::Comparison>,
    /// Each park's final plan, when made (or, when this run makes none, when an earlier run
    /// made it for the same share).
    pub park_plans: Vec<Option<parks::FinalPlan>>,
    /// Parks whose `DIR/parks/<name>/` holds a final plan of an earlier run made for other
    /// shares, when this run made none.
    pub stale_park_plans: Vec<String>,
    /// Timings.
    pub timings: Timings,
}

/// Parks that cannot meet their rules at any share, and those the quotas are too small for:
/// the parks the joint model and the price loop leave out, and the budget (`≤` form, per
/// quota) left for the others. A park is left out when the least quotas (each quota on its
/// own, from the survey) of the parks taking part would exceed a total: the fewest parks
/// are left out, those with the least shortfall first (the knapsack of [`knapsack`] with one
/// "meets" and one "falls short" choice per park). A park that falls short is granted
/// nothing, so the others share the whole of each total. The least amounts are each
/// quota's on its own (the others free): with several quotas a park may need more of each
/// at once, so the screen never leaves out a park that could take part, but may keep in
/// more parks than the totals can carry together.
fn screen(
    province: &Province,
    survey: &curves::Survey,
    totals: &[f64],
) -> Result<(Vec<Option<ParkFound>>, Vec<f64>), AllocateError> {
    let n = province.parks.len();
    let m = province.quotas.len();
    let taking: Vec<usize> = (0..n).filter(|i| survey.can(*i)).collect();
    let groups: Vec<Vec<knapsack::Choice>> = taking
        .iter()
        .map(|i| {
            let park = &province.parks[*i];
            let mut meets = vec![0; m];
            let mut shortfall = 0.0;
            for (k, j) in park.quotas.iter().enumerate() {
                let q = &province.quotas[*j];
                let least = curves::ceil_to(survey.least_amount(province, *i, k), q.resolution);
                meets[*j] = curves::units(q, least);
                if k == 0 {
                    shortfall = least;
                }
            }
            let mut choices = vec![knapsack::Choice {
                usage: meets,
                cost_rmb: 0.0,
                short: false,
                shortfall: 0.0,
            }];
            let may_fall_short = park
                .quotas
                .iter()
                .all(|j| province.quotas[*j].kind.is_some_and(|k| k.non_negative()));
            if may_fall_short {
                choices.push(knapsack::Choice {
                    usage: vec![0; m],
                    cost_rmb: 0.0,
                    short: true,
                    shortfall,
                });
            }
            choices
        })
        .collect();
    let budget = curves::budget(province, totals);
    let table = knapsack::Table::solve(groups, &budget)?;
    let picked = table.choices(&budget);
    let mut limits: Vec<f64> = province
        .quotas
        .iter()
        .zip(totals)
        .map(|(q, t)| q.sign() * t)
        .collect();
    let mut others: Vec<Option<ParkFound>> = (0..n)
        .map(|i| (!survey.can(i)).then_some(ParkFound::Cannot))
        .collect();
    if let Some(picked) = picked {
        for (i, k) in taking.iter().zip(picked) {
            if k == 1 {
                others[*i] = Some(ParkFound::Short {
                    granted: vec![0.0; province.parks[*i].quotas.len()],
                });
            }
        }
    }
    for (i, other) in others.iter().enumerate() {
        if let Some(ParkFound::Short { granted }) = other {
            for (k, j) in province.parks[i].quotas.iter().enumerate() {
                limits[*j] -= granted[k];
            }
        }
    }
    Ok((others, limits))
}

/// The method `auto` stands for.
pub fn resolve_method(province: &Province, method: Method) -> Method {
    if method != Method::Auto {
        return method;
    }
    if province.parks.len() <= AUTO_JOINT_PARKS {
        Method::Joint
    } else if province
        .parks
        .iter()
        .all(|p| p.quotas.len() <= province::MAX_CURVE_QUOTAS)
    {
        Method::Curves
    } else {
        Method::Prices
    }
}

/// The solver settings of every plan.
pub fn solve_options(options: &AllocateOptions) -> SolveOptions {
    SolveOptions {
        time_limit_s: options.time_limit_s,
        mip_gap: options.mip_gap,
        threads: Some(options.threads.unwrap_or(1)),
        strategy: Strategy::Staged,
        ..SolveOptions::default()
    }
}

/// Reads the province and the options; every problem at once.
///
/// # Errors
/// [`AllocateError::Input`] or [`AllocateError::Invalid`].
pub fn prepare(options: &AllocateOptions) -> Result<(Province, Vec<f64>, Shard), AllocateError> {
    let extra = ParkOverrides {
        set: options.set.clone(),
        typical_days: options.typical_days,
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let province = province::read(
        &options.province,
        &extra,
        options.jobs.unwrap_or(cores).max(1),
    )?;
    let totals = totals(&province, &options.quotas)?;
    let (shard, _) = Shard::resolve(options.shard.as_deref(), options.shard_count, |name| {
        std::env::var(name).ok()
    })
    .map_err(|e| AllocateError::Invalid(vec![e.to_string()]))?;
    let mut problems = Vec::new();
    if options.jobs == Some(0) {
        problems.push("--jobs: must be >= 1, got 0".to_string());
    }
    if options.threads == Some(0) {
        problems.push("--threads: must be >= 1, got 0".to_string());
    }
    let method = resolve_method(&province, options.method);
    if matches!(method, Method::Curves | Method::All) {
        for park in &province.parks {
            if park.quotas.len() > province::MAX_CURVE_QUOTAS {
                problems.push(format!(
                    "--method curves: park {} shares {} quotas; value curves take at most {} \
                     (use --method prices or joint)",
                    park.name,
                    park.quotas.len(),
                    province::MAX_CURVE_QUOTAS
                ));
            }
        }
    }
    if !shard.is_whole() && !matches!(method, Method::Curves) {
        problems.push(format!(
            "--shard {shard}: shards compute value curves; use it with --method curves (or auto \
             choosing curves), got {method:?}"
        ));
    }
    // A `--compare` list is read before anything is solved: its problems are input errors.
    if let Some(path) = &options.compare {
        if let Err(AllocateError::Invalid(list)) = compare::read_list(&province, &totals, path) {
            problems.extend(list);
        }
    }
    if !problems.is_empty() {
        return Err(AllocateError::Invalid(problems));
    }
    Ok((province, totals, shard))
}

/// The context of the plans.
pub fn context<'a>(province: &'a Province, options: &AllocateOptions) -> Context<'a> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = options.threads.unwrap_or(1) as usize;
    Context {
        province,
        scenarios: province.parks.iter().map(point::point_scenario).collect(),
        options: solve_options(options),
        jobs: options.jobs.unwrap_or((cores / threads).max(1)),
        out: options.out.clone(),
        show_progress: !options.quiet,
    }
}

/// The options of `options` that change a plan (and so the cache key of every plan), as
/// command-line arguments: what a merged run must be given to find the shards' plans.
pub fn plan_args(options: &AllocateOptions) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(n) = options.typical_days {
        out.push(format!("--typical-days {n}"));
    }
    for o in &options.set {
        out.push(format!("--set '{o}'"));
    }
    if options.mip_gap != AllocateOptions::new(PathBuf::new(), PathBuf::new()).mip_gap {
        out.push(format!("--mip-gap {}", options.mip_gap));
    }
    if let Some(t) = options.time_limit_s {
        out.push(format!("--time-limit {t}"));
    }
    out
}

/// Runs a shard: the survey and curves of its parks only; `args` are the options a merged
/// run must be given ([`plan_args`]), kept in the shard's manifest.
pub fn run_shard(ctx: &Context, shard: Shard, args: &[String]) -> Result<usize, AllocateError> {
    let mine: Vec<usize> = (0..ctx.province.parks.len())
        .filter(|i| shard.owns(*i))
        .collect();
    let survey = curves::survey(ctx, &mine);
    curves::curves(ctx, &survey, &mine);
    shards::write_manifest(&ctx.out, ctx.province, shard, args)?;
    Ok(mine.len())
}

/// Bounds the `curves` allocation `found` from below: the dual function at the price its
/// curves read (the middle of each quota's bracket, or its one end), one priced plan per
/// park ([`prices::dual_bound`]). A failed priced plan leaves a note and no bound.
///
/// # Errors
/// [`AllocateError`] when the parks cannot be screened.
fn bound_curves(
    ctx: &Context,
    province: &Province,
    survey: &curves::Survey,
    totals: &[f64],
    found: &mut Found,
) -> Result<(), AllocateError> {
    let (others, limits) = screen(province, survey, totals)?;
    // The bound counts the parks `screen` keeps in; the allocation's cost those it serves.
    let same_parks = others
        .iter()
        .zip(&found.parks)
        .all(|(other, park)| other.is_none() == matches!(park, ParkFound::Allocated { .. }));
    if !same_parks {
        found.notes.push(
            "no lower bound: the allocation leaves parks short that the bound would count".into(),
        );
        return Ok(());
    }
    let lambda: Vec<f64> = found
        .brackets
        .iter()
        .map(|b| match b.map(|b| (b.low, b.high)) {
            Some((Some(low), Some(high))) => 0.5 * (low + high),
            Some((Some(one), None) | (None, Some(one))) => one,
            _ => 0.0,
        })
        .map(|p| p.max(0.0))
        .collect();
    match prices::dual_bound(ctx, totals, &others, &limits, &lambda) {
        Ok(bound) => found.lower_bound_rmb = Some(bound),
        Err(note) => found.notes.push(format!("no lower bound: {note}")),
    }
    Ok(())
}

/// Finds the allocation (every method asked for) and each park's final plan.
///
/// # Errors
/// [`AllocateError`] when the knapsack grid is too fine or the joint model fails.
pub fn allocate(
    ctx: &Context,
    province: &Province,
    totals: &[f64],
    options: &AllocateOptions,
) -> Result<Allocation, AllocateError> {
    let mut timings = Timings::default();
    let all: Vec<usize> = (0..province.parks.len()).collect();
    let started = Instant::now();
    let survey = curves::survey(ctx, &all);
    timings.add("survey", started);
    let method = resolve_method(province, options.method);
    let mut found = Vec::new();
    let mut curves_found = Vec::new();
    let mut price_loop = None;
    if matches!(method, Method::Curves | Method::All) {
        let started = Instant::now();
        curves_found = curves::curves(ctx, &survey, &all);
        timings.add("value curves", started);
        let started = Instant::now();
        found.push(curves::allocate(province, &survey, &curves_found, totals)?);
        timings.add("knapsack", started);
        if method == Method::Curves && !options.allocation_only {
            let started = Instant::now();
            bound_curves(ctx, province, &survey, totals, &mut found[0])?;
            timings.add("bound at the curves' price", started);
        }
    }
    if matches!(method, Method::Prices | Method::All | Method::Joint) {
        let (others, limits) = screen(province, &survey, totals)?;
        if matches!(method, Method::Prices | Method::All) {
            let started = Instant::now();
            let settings = prices::PriceSettings {
                max_iterations: options.price_rounds.max(1),
                ..Default::default()
            };
            let (f, path) = prices::allocate(ctx, &survey, totals, &others, &limits, settings);
            found.push(f);
            price_loop = Some(path);
            timings.add("prices", started);
        }
        if matches!(method, Method::Joint | Method::All) {
            let started = Instant::now();
            found.push(joint::allocate(ctx, &survey, totals, &others, &limits)?);
            timings.add("joint", started);
        }
    }
    let chosen = (0..found.len())
        .min_by(|a, b| {
            let key = |f: &Found| (f.short(), f.total_cost());
            let (ka, kb) = (key(&found[*a]), key(&found[*b]));
            ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
        })
        .unwrap_or(0);
    let started = Instant::now();
    let comparisons = compare::compare(ctx, &survey, totals, &found[chosen], options)?;
    timings.add("comparisons", started);
    let started = Instant::now();
    // Without final plans, those an earlier run made for the same shares still count.
    let (park_plans, stale_park_plans) = if options.no_park_plans || options.allocation_only {
        parks::kept(ctx, &found[chosen])
    } else {
        (parks::final_plans(ctx, &found[chosen])?, Vec::new())
    };
    timings.add("park plans", started);
    Ok(Allocation {
        province: province.clone(),
        totals: totals.to_vec(),
        survey,
        curves: curves_found,
        found,
        chosen,
        price_loop,
        comparisons,
        park_plans,
        stale_park_plans,
        timings,
    })
}

/// `zcpark allocate`: returns the exit code (0 every park allocated, 1 some park cannot meet
/// its rules, falls short, or has no final plan at its share, 2 bad input).
pub fn command(options: &AllocateOptions) -> i32 {
    match run(options) {
        Ok(code) => code,
        Err(e) => {
            match &e {
                AllocateError::Input(ScenarioError::Invalid(issues)) => {
                    eprintln!("error: {} problem(s) in the input:", issues.len());
                    for issue in issues {
                        eprintln!("  {issue}");
                    }
                }
                AllocateError::Invalid(problems) | AllocateError::Merge(problems) => {
                    eprintln!("error: {} problem(s):", problems.len());
                    for p in problems {
                        eprintln!("  {p}");
                    }
                }
                other => eprintln!("error: {other}"),
            }
            e.exit_code()
        }
    }
}

/// Writes to standard output, ignoring a closed pipe (`zcpark allocate … | head`).
fn emit(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().write_all(text.as_bytes());
}

fn run(options: &AllocateOptions) -> Result<i32, AllocateError> {
    let (province, totals, shard) = prepare(options)?;
    let io = |path: &std::path::Path| {
        let path = path.display().to_string();
        move |source| AllocateError::Io { path, source }
    };
    std::fs::create_dir_all(&options.out).map_err(io(&options.out))?;
    if !options.merge.is_empty() {
        let joined = shards::merge(&options.merge, &options.out)?;
        eprintln!(
            "merged {joined} plans from {} directories",
            options.merge.len()
        );
    }
    let ctx = context(&province, options);
    if !shard.is_whole() {
        let args = plan_args(options);
        let parks = run_shard(&ctx, shard, &args)?;
        emit(&format!(
            "allocate {}: shard {shard}: the value curves of {parks} park(s) in {}; join the \
             shards with zcpark allocate {}{} --merge DIRS... --out DIR\n",
            province.path,
            options.out.display(),
            options.province.display(),
            args.iter().map(|a| format!(" {a}")).collect::<String>()
        ));
        return Ok(0);
    }
    let allocation = allocate(&ctx, &province, &totals, options)?;
    let written = report::write(&options.out, &allocation)?;
    let mut text = report::summary(&allocation);
    for file in written {
        text.push_str(&format!("  {}\n", file.display()));
    }
    emit(&text);
    let chosen = &allocation.found[allocation.chosen];
    let all_in = chosen
        .parks
        .iter()
        .all(|p| matches!(p, ParkFound::Allocated { .. }));
    // A park's final plan at its share, checked on the full year, may find no plan where its
    // typical days did (the warnings say which): that park does not meet its rules either.
    let plans_hold = allocation
        .park_plans
        .iter()
        .flatten()
        .all(|plan| plan.cost_rmb_per_yr.is_some());
    Ok(if all_in && plans_hold { 0 } else { 1 })
}
