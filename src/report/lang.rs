//! The one table of terms of the reports, in English and Chinese. Chinese names follow the
//! national zero-carbon park notice (发改环资〔2025〕910号) and its indicator system (核心指标
//! 单位能耗碳排放; 引导性指标 清洁能源消费占比, …) and the usual terms of Chinese energy
//! planning (光伏, 风电, 新型储能, 绿电, 绿证, 需量电费).

pub use crate::scenario::spec::Language as Lang;
use crate::solve::stop::StopReason;

/// A label of the reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    /// Report title.
    Title,
    /// The plan column.
    Plan,
    /// The design column of `zcpark evaluate` (a given design, not the least-cost plan).
    Design,
    /// The baseline column.
    Baseline,
    /// The core indicator.
    CoreIndicator,
    /// Clean-energy share.
    CleanShare,
    /// Renewable self-consumption.
    SelfConsumption,
    /// Limit.
    Limit,
    /// Meets the rule.
    Meets,
    /// Does not meet the rule.
    Fails,
    /// Annual cost.
    AnnualCost,
    /// Capex.
    Capex,
    /// Simple payback.
    Payback,
    /// Abatement cost.
    AbatementCost,
    /// Emissions.
    Emissions,
    /// Energy consumption.
    EnergyConsumption,
    /// Grid import.
    GridImport,
    /// Green power purchase.
    GreenPower,
    /// Green certificates.
    Certificates,
    /// Export.
    Export,
    /// CO2 captured by CCUS.
    Co2Captured,
    /// CO2 stored (captured less utilised).
    Co2Stored,
    /// Curtailment.
    Curtailment,
    /// Load.
    Load,
    /// Capacities.
    Capacities,
    /// Indicators.
    Indicators,
    /// Cost by item.
    CostByItem,
    /// Monthly energy balance.
    MonthlyBalance,
    /// Dispatch.
    Dispatch,
    /// Accounting.
    Accounting,
    /// Source.
    Source,
    /// Value.
    Value,
    /// Item.
    Item,
    /// Month.
    Month,
    /// Hour.
    Hour,
    /// Day of year.
    DayOfYear,
    /// Battery state of charge.
    StateOfCharge,
    /// Hydrogen.
    Hydrogen,
    /// Heat.
    Heat,
    /// Which rule fails.
    Diagnosis,
    /// Reachable.
    Reachable,
    /// LCOE.
    Lcoe,
    /// LCOH.
    Lcoh,
    /// Typical days.
    TypicalDays,
    /// Full-year check.
    FullYearCheck,
    /// The relative gap between a plan and its bound.
    Gap,
    /// The typical-day plan a full-year search started from.
    WarmStart,
    /// Status.
    Status,
    /// Warnings.
    Warnings,
    /// New capacity.
    New,
    /// Total capacity.
    Total,
    /// Electricity tce basis.
    TceBasis,
    /// Grid emission factor.
    GridFactor,
    /// Process CO2.
    ProcessCo2,
    /// CCUS deduction.
    CcusDeduction,
    /// The week of peak grid import.
    WeekPeakImport,
    /// The week of most curtailment.
    WeekCurtailment,
    /// A chosen week.
    Week,
    /// Cash flows.
    CashFlows,
    /// Income tax.
    IncomeTax,
    /// Net present value.
    Npv,
    /// Project IRR.
    ProjectIrr,
    /// Equity IRR.
    EquityIrr,
    /// Discounted payback.
    DiscountedPayback,
    /// Capex over the first year's saving, before tax (formulation §6).
    SavingPayback,
    /// After tax.
    AfterTax,
    /// Before tax.
    BeforeTax,
    /// The intensity under other readings of the rule.
    Readings,
    /// A reading the plan was made to meet.
    Enforced,
    /// Extra cost of robustness.
    RobustnessCost,
    /// Export share of the available PV and wind.
    DirectExportShare,
    /// Self-use share of the available PV and wind.
    DirectSelfUseShare,
    /// Own PV and wind share of the electricity consumed.
    DirectConsumptionShare,
    /// What an incentive adds to the NPV.
    IncentiveWorth,
    /// A given design checked (`zcpark evaluate`, `plan --fix`).
    DesignChecked,
    /// The design meets every rule.
    DesignMeets,
    /// The design misses a rule.
    DesignMisses,
    /// What the least-cost plan saves over the design.
    LeastCostSaving,
    /// The design costs less than the least-cost plan found.
    DesignCheaper,
    /// No cost to compare the design with.
    NoComparison,
    /// The hours a plan models.
    Horizon,
    /// A cut's monthly balance is of its own hours.
    MonthlyOfModelledHours,
    /// A design that misses the rules has no cost to compare.
    MissesNoCost,
}

impl Term {
    /// The term in `lang`.
    pub fn text(self, lang: Lang) -> &'static str {
        let (en, zh) = match self {
            Term::Title => ("Zero-carbon park plan", "零碳园区规划方案"),
            Term::Plan => ("plan", "规划方案"),
            Term::Design => ("design", "设计方案"),
            Term::Baseline => ("baseline", "基准情景"),
            Term::CoreIndicator => ("CO2 per unit of energy consumed", "单位能耗碳排放"),
            Term::CleanShare => ("clean-energy share", "清洁能源消费占比"),
            Term::SelfConsumption => ("renewable self-consumption", "可再生能源就地消纳率"),
            Term::Limit => ("limit", "限值"),
            Term::Readings => (
                "the intensity under other readings of the rule",
                "其他核算口径下的单位能耗碳排放",
            ),
            Term::Enforced => ("enforced in the plan", "规划中约束"),
            Term::IncentiveWorth => ("NPV added by the incentive", "激励政策增加的净现值"),
            Term::DesignChecked => ("design checked", "校核的设计方案"),
            Term::DesignMeets => ("meets the rules", "满足各项规则"),
            Term::DesignMisses => (
                "misses the rules (the plan shown is its operation closest to them)",
                "不满足规则（所示为最接近规则的运行方式）",
            ),
            Term::LeastCostSaving => (
                "the least-cost plan saves over it",
                "最低成本方案相对其每年节省",
            ),
            Term::DesignCheaper => (
                "it costs less than the least-cost plan found (that plan is within its MIP gap \
                 or typical-day error of the optimum), by",
                "其成本低于求得的最低成本方案（该方案与最优解之差在其MIP间隙或典型日误差内），每年低",
            ),
            Term::Horizon => ("horizon", "时间范围"),
            Term::MonthlyOfModelledHours => (
                "on a cut of the year: the energy of the modelled hours in each month, not \
                 weighted to a year",
                "截取段：各月为所建模小时的电量，未折算为全年",
            ),
            Term::MissesNoCost => (
                "no cost comparison, abatement cost or payback for an operation that misses the \
                 rules",
                "不满足规则的运行方式不作成本比较，也不计单位减排成本和投资回收期",
            ),
            Term::NoComparison => (
                "no cost to compare it with; the least-cost plan",
                "无可比较的成本；最低成本方案",
            ),
            Term::RobustnessCost => (
                "extra annual cost of meeting the limit under every enforced reading",
                "各约束口径均达标的年化额外成本",
            ),
            Term::DirectExportShare => (
                "grid export, share of the available PV and wind (direct supply)",
                "上网电量占可发电量比例（绿电直连）",
            ),
            Term::DirectSelfUseShare => (
                "self-use, share of the available PV and wind (direct supply)",
                "自发自用电量占可发电量比例（绿电直连）",
            ),
            Term::DirectConsumptionShare => (
                "self-use, share of the electricity consumed (direct supply)",
                "自发自用电量占总用电量比例（绿电直连）",
            ),
            Term::Meets => ("meets the rule", "满足要求"),
            Term::Fails => ("does not meet the rule", "不满足要求"),
            Term::AnnualCost => ("annual cost", "年化总成本"),
            Term::Capex => ("capital expenditure", "总投资"),
            Term::Payback => ("simple payback, after tax", "静态投资回收期（税后）"),
            Term::SavingPayback => (
                "payback on the annual saving (capex ÷ saving, before tax)",
                "投资回收期（总投资 ÷ 年节省，税前）",
            ),
            Term::AbatementCost => ("abatement cost", "单位减排成本"),
            Term::Emissions => ("CO2 emissions", "碳排放量"),
            Term::EnergyConsumption => ("energy consumption", "综合能源消费量"),
            Term::GridImport => ("grid import", "电网购电"),
            Term::GreenPower => ("green power", "绿电交易"),
            Term::Certificates => ("green certificates", "绿证"),
            Term::Export => ("export", "余电上网"),
            Term::Curtailment => ("curtailment", "弃风弃光"),
            Term::Co2Captured => ("CO2 captured", "二氧化碳捕集量"),
            Term::Co2Stored => ("CO2 stored", "二氧化碳封存量"),
            Term::Load => ("load", "用电负荷"),
            Term::Capacities => ("capacities", "装机规模"),
            Term::Indicators => ("indicators", "指标"),
            Term::CostByItem => ("annual cost by item", "分项年化成本"),
            Term::MonthlyBalance => ("monthly energy balance", "逐月能量平衡"),
            Term::Dispatch => ("dispatch", "运行调度"),
            Term::Accounting => ("accounting", "核算口径"),
            Term::Source => ("source", "来源"),
            Term::Value => ("value", "数值"),
            Term::Item => ("item", "项目"),
            Term::Month => ("month", "月份"),
            Term::Hour => ("hour", "小时"),
            Term::DayOfYear => ("day of the year", "日序"),
            Term::StateOfCharge => ("battery state of charge", "储能电量"),
            Term::Hydrogen => ("hydrogen", "氢能"),
            Term::Heat => ("heat", "热力"),
            Term::Diagnosis => ("which rule cannot be met", "无法满足的约束"),
            Term::Reachable => ("best reachable", "最优可达"),
            Term::Lcoe => ("LCOE of new on-site PV and wind", "新建风光平准化度电成本"),
            Term::Lcoh => ("LCOH of hydrogen produced", "平准化制氢成本"),
            Term::TypicalDays => ("typical days", "典型日"),
            Term::FullYearCheck => ("full-year check", "全年校核"),
            Term::Gap => ("gap", "间隙"),
            Term::WarmStart => ("search started from", "求解初始方案"),
            Term::Status => ("solve", "求解状态"),
            Term::Warnings => ("notes", "提示"),
            Term::New => ("new", "新建"),
            Term::Total => ("total", "合计"),
            Term::TceBasis => ("electricity to tce", "电力折标系数"),
            Term::GridFactor => ("grid emission factor", "电网排放因子"),
            Term::ProcessCo2 => ("process CO2", "工业过程排放"),
            Term::CcusDeduction => ("CCUS deduction", "CCUS扣减"),
            Term::WeekPeakImport => ("week of peak grid import", "购电峰值周"),
            Term::WeekCurtailment => ("week of most curtailment", "弃电最多周"),
            Term::Week => ("week", "周"),
            Term::CashFlows => (
                "cash flows (plan against baseline)",
                "现金流（规划方案相对基准情景）",
            ),
            Term::IncomeTax => ("income tax", "所得税"),
            Term::Npv => ("NPV", "净现值"),
            Term::ProjectIrr => ("project IRR", "项目投资内部收益率"),
            Term::EquityIrr => ("equity IRR", "资本金内部收益率"),
            Term::DiscountedPayback => ("discounted payback", "动态投资回收期"),
            Term::AfterTax => ("after tax", "税后"),
            Term::BeforeTax => ("before tax", "税前"),
        };
        match lang {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// The term of a plan's own column: [`Term::Design`] for a given design (`plan.json` has
/// `design`: `zcpark evaluate`, `plan --fix`), else [`Term::Plan`].
pub fn plan_column(plan: &serde_json::Value) -> Term {
    if plan.get("design").is_some_and(|d| !d.is_null()) {
        Term::Design
    } else {
        Term::Plan
    }
}

/// `en` or `zh`, as `lang` asks.
pub fn pick<'a>(lang: Lang, en: &'a str, zh: &'a str) -> &'a str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// A unit as the reports write it (`t CO2/yr`, `RMB/MWh`, `turbines`, …) in `lang`: in
/// Chinese 元 for RMB, 年 for yr, 台 for turbines, MW（热） for MW_th; a unit not known here
/// stays as written.
pub fn unit(unit: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return unit.to_string();
    }
    let whole = match unit {
        "years" => Some("年"),
        "turbines" => Some("台"),
        "stacks" => Some("个电堆"),
        "modules" => Some("套"),
        "reachable" => Some("可达值"),
        "s" => Some("秒"),
        "1/yr" => Some("1/年"),
        "h/yr" => Some("小时/年"),
        _ => None,
    };
    if let Some(zh) = whole {
        return zh.to_string();
    }
    unit.replace("t CO2", "tCO2")
        .replace("MWh_th", "MWh（热）")
        .replace("MW_th", "MW（热）")
        .replace("RMB", "元")
        .replace("/yr", "/年")
}

/// A grid emission factor of the catalogue by its name (`north-china-2023`) in `lang`: in
/// Chinese the grid it stands for and its year, with the name kept for finding it in the
/// catalogue (`华北区域电网 2023（north-china-2023）`); a factor not known here as written.
pub fn grid_factor(name: &str, lang: Lang) -> String {
    let zh = match name {
        "national-2023" => "全国电网平均 2023",
        "national-2022" => "全国电网平均 2022",
        "national-residual-2023" => "全国剩余电力 2023（剔除绿电）",
        "north-china-2023" => "华北区域电网 2023",
        "east-china-2023" => "华东区域电网 2023",
        "inner-mongolia-2022" => "内蒙古电网 2022",
        _ => return name.to_string(),
    };
    match lang {
        Lang::En => name.to_string(),
        Lang::Zh => format!("{zh}（{name}）"),
    }
}

/// A technology's or flow's name (as the reports and `Capacities` key it).
pub fn technology(key: &str, lang: Lang) -> String {
    let (en, zh) = match key {
        "pv" => ("PV", "光伏"),
        "wind" => ("wind", "风电"),
        "battery" => ("battery", "新型储能"),
        "electrolyser" => ("electrolyser", "电解槽"),
        "h2_storage" => ("hydrogen storage", "储氢"),
        "electric_boiler" => ("electric boiler", "电锅炉"),
        "heat_pump" => ("heat pump", "热泵"),
        "thermal_storage" => ("thermal storage", "储热"),
        "ccus" => ("CO2 capture", "碳捕集"),
        "gas_boiler" => ("gas boiler", "燃气锅炉"),
        "grid" => ("grid", "电网"),
        "green" => ("green power", "绿电"),
        "export" => ("export", "上网"),
        "load" => ("load", "负荷"),
        "curtailment" => ("curtailment", "弃电"),
        // Flows of the monthly balance.
        "grid_import" => ("grid import", "电网购电"),
        "grid_export" => ("grid export", "余电上网"),
        "green_power" => ("green power", "绿电交易"),
        "battery_charge" => ("battery charge", "储能充电"),
        "battery_discharge" => ("battery discharge", "储能放电"),
        "unserved" => ("unserved load", "缺供电量"),
        _ => return key.replace('_', " "),
    };
    match lang {
        Lang::En => en.to_string(),
        Lang::Zh => zh.to_string(),
    }
}

/// A cost item of `plan.json` → `costs` in words: `pv_capital` → `PV capital` / `光伏 资本成本`.
pub fn cost_item(key: &str, lang: Lang) -> String {
    let whole: Option<(&str, &str)> = match key {
        "grid_energy" => Some(("grid electricity", "电网购电电费")),
        "green_power" => Some(("green power", "绿电交易电费")),
        "export_revenue" => Some(("export revenue", "上网电费收入")),
        "certificates" => Some(("green certificates", "绿证费用")),
        "demand_charge" => Some(("demand charge", "需量电费")),
        "carbon_cost" => Some(("carbon cost", "碳排放成本")),
        "battery_wear" => Some(("battery wear", "储能循环衰减成本")),
        "hydrogen_purchase" => Some(("hydrogen bought", "外购氢气")),
        "hydrogen_sale_revenue" => Some(("hydrogen sold", "售氢收入")),
        "gas_fuel" => Some(("natural gas", "天然气燃料")),
        "ccus_variable" => Some(("CO2 capture operation", "碳捕集运行")),
        "co2_transport_storage" => Some(("CO2 transport and storage", "CO2运输与封存")),
        "co2_utilisation_revenue" => Some(("CO2 sold for use", "CO2利用收入")),
        "electrolyser_stack_replacement_capital" => {
            Some(("electrolyser stack replacement", "电解槽电堆更换"))
        }
        _ => None,
    };
    if let Some((en, zh)) = whole {
        return match lang {
            Lang::En => en.into(),
            Lang::Zh => zh.into(),
        };
    }
    let parts = [
        ("_capital", "capital", "资本成本"),
        ("_fixed_om", "fixed O&M", "固定运维"),
        ("_variable_om", "variable O&M", "可变运维"),
    ];
    for (suffix, en, zh) in parts {
        if let Some(tech) = key.strip_suffix(suffix) {
            let name = technology(tech, lang);
            return match lang {
                Lang::En => format!("{name} {en}"),
                Lang::Zh => format!("{name}{zh}"),
            };
        }
    }
    key.replace('_', " ")
}

/// The full-year check's message (`plan.json` → `full_year_check`) in `lang`: in English as
/// `message` has it; in Chinese made from the check's status and repairs.
pub fn full_year_check_message(check: &serde_json::Value, lang: Lang) -> String {
    if lang == Lang::En {
        return check["message"].as_str().unwrap_or("").to_string();
    }
    let key = check["status"].as_str().unwrap_or("");
    let raised: Vec<String> = check["repairs"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            let (before, after) = crate::plan::typical::repair_text(
                r["typical_days"].as_f64().unwrap_or(0.0),
                r["full_year"].as_f64().unwrap_or(0.0),
            );
            format!("{} {before} → {after}", r["size"].as_str().unwrap_or(""))
        })
        .collect();
    if !raised.is_empty() {
        format!(
            "典型日容量在全年无法满足规则，已以其为下限在全年重新求解：{}{}",
            raised.join("，"),
            if key == "infeasible" {
                "，仍无法满足规则（见无法满足的规则）"
            } else {
                ""
            }
        )
    } else if key == "infeasible" {
        "典型日容量在全年无法满足规则，增加容量也无法满足（见无法满足的规则）".into()
    } else if matches!(key, "optimal" | "near_optimal" | "time_limit")
        && check["message"]
            .as_str()
            .is_some_and(|m| m.contains("repaired with those sizes"))
    {
        // Repaired with nothing raised: the full year's free hourly choices met the rules.
        "典型日容量在全年无法满足规则，已以其为下限在全年重新求解：无需增加容量".into()
    } else if matches!(key, "optimal" | "near_optimal" | "time_limit") {
        "典型日容量在全年8760小时满足全部规则".into()
    } else {
        format!(
            "未求得该容量的全年运行（{}）：容量未经全年校核，典型日估算不是全年数字",
            status(key, Lang::Zh)
        )
    }
}

/// Why the solve stopped (`plan.json` → `stop`, or `stop_reason` in output written before
/// `stop` existed) in `lang`.
pub fn stop_reason(plan: &serde_json::Value, lang: Lang) -> String {
    let english = plan["stop_reason"].as_str().unwrap_or("").to_string();
    match serde_json::from_value::<StopReason>(plan["stop"].clone()) {
        Ok(reason) if lang == Lang::Zh => reason.describe_zh(),
        _ => english,
    }
}

/// How λ was chosen (`plan.json` → `accounting.intensity_limit_basis`, as `plan` writes it:
/// `set in the scenario`, or `auto: tier of the baseline's N tce/yr`, either followed by
/// ` (on typical days)`) in `lang`; a text of another form stays as written.
pub fn limit_basis(text: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return text.to_string();
    }
    let (core, typical) = match text.strip_suffix(" (on typical days)") {
        Some(core) => (core, "（典型日）"),
        None => (text, ""),
    };
    let zh = if core == "set in the scenario" {
        "情景设定".to_string()
    } else if let Some(tce) = core
        .strip_prefix("auto: tier of the baseline's ")
        .and_then(|rest| rest.strip_suffix(" tce/yr"))
    {
        format!("自动：按基准情景综合能源消费量 {} 所在档位", wan_tce(tce))
    } else if let Some((tce, parts)) = core
        .strip_prefix("auto: tier of the park's energy need, ")
        .and_then(|rest| rest.split_once(" tce/yr (the baseline has no solution: "))
    {
        let parts: Vec<&str> = parts
            .trim_end_matches(')')
            .split(", ")
            .map(|part| match part {
                "its electric load" => "用电负荷",
                "its heat by its gas boiler" => "用热由燃气锅炉供应",
                "its heat by electric boilers" => "用热由电锅炉供应",
                "its heat as gas at full efficiency" => "用热按燃气全效率折算",
                "its hydrogen by its electrolysers" => "用氢由电解槽制取",
                "its hydrogen bought" => "用氢外购",
                other => other,
            })
            .collect();
        format!(
            "自动：按园区能源需求 {} 所在档位（基准情景无解：{}）",
            wan_tce(tce),
            parts.join("、")
        )
    } else {
        return text.to_string();
    };
    zh + typical
}

/// A tce/yr figure as written in English (`414650`) in 万tce/年, as the indicators give it;
/// a text that is not a number stays with its unit.
fn wan_tce(tce: &str) -> String {
    tce.parse::<f64>().map_or_else(
        |_| format!("{tce} tce/年"),
        |v| format!("{}/年", crate::report::units::tce(v, Lang::Zh)),
    )
}

/// The name of a reading of `plan.json` (`kpis.intensity_by_reading[i].reading`) in `lang`.
/// A name zcpark made (the reading's changes from the scenario's own accounting `own`, as
/// `calorific basis, grid factor east-china-2023`) is made again in Chinese; a name the
/// scenario gave stays as written.
pub fn reading_name(reading: &serde_json::Value, own: &serde_json::Value, lang: Lang) -> String {
    let name = reading["name"].as_str().unwrap_or("").to_string();
    if lang == Lang::En {
        return name;
    }
    let differs = |field: &str| reading[field] != own[field];
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut en = Vec::new();
    let mut zh = Vec::new();
    if differs("electricity_tce_basis") {
        let basis = text(&reading["electricity_tce_basis"]);
        en.push(format!("{basis} basis"));
        zh.push(format!("电力折标{}", switch(&basis, Lang::Zh)));
    }
    if differs("grid_factor_name") {
        let factor = text(&reading["grid_factor_name"]);
        en.push(format!("grid factor {factor}"));
        zh.push(format!("电网排放因子 {}", grid_factor(&factor, Lang::Zh)));
    }
    if differs("process_emissions") {
        let process = text(&reading["process_emissions"]);
        en.push(format!("process CO2 {}", switch(&process, Lang::En)));
        zh.push(format!("工业过程排放{}", switch(&process, Lang::Zh)));
    }
    if differs("ccus_deduction") {
        let deducted = reading["ccus_deduction"].as_bool().unwrap_or(false);
        en.push(
            if deducted {
                "CCUS deducted"
            } else {
                "no CCUS deduction"
            }
            .to_string(),
        );
        zh.push(
            if deducted {
                "扣减CCUS"
            } else {
                "不扣减CCUS"
            }
            .to_string(),
        );
    }
    if !en.is_empty() && en.join(", ") == name {
        zh.join("，")
    } else {
        name
    }
}

/// Where a capacity-factor profile came from (`plan.json` → `resource_profiles`): its
/// full-load hours, h/yr, and its origin (`column FILE:COLUMN` or `computed from FILE …`,
/// whose file and figures stay as written) in `lang`.
pub fn profile_origin(full_load_hours_h: f64, description: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{full_load_hours_h:.0} h/yr, {description}"),
        Lang::Zh => {
            let source = if let Some(rest) = description.strip_prefix("column ") {
                format!("文件列 {rest}")
            } else if let Some(rest) = description.strip_prefix("computed from ") {
                format!("由气象数据计算 {rest}")
            } else {
                description.to_string()
            };
            format!("年利用小时数 {full_load_hours_h:.0} h，来源：{source}")
        }
    }
}

/// What a plan on a cut of the year is (`plan.json` → `horizon`: `steps` hours from hour of
/// the year `first_hour`), in `lang`: every annual figure is the cut weighted to a year.
/// None for a full year or typical days.
pub fn cut_note(horizon: &serde_json::Value, lang: Lang) -> Option<String> {
    if horizon["basis"].as_str() != Some("cut") {
        return None;
    }
    let steps = horizon["steps"].as_u64().filter(|s| *s > 0)?;
    let first = horizon["first_hour"].as_u64().unwrap_or(0);
    let scale = 8760.0 / steps as f64;
    let last = first + steps - 1;
    Some(match lang {
        Lang::En => format!(
            "a cut of {steps} h (hours {first}-{last} of the year) weighted ×{scale:.2} to a \
             year: the annual figures, costs and cash flows are that cut scaled up, not a year's \
             operation; the monthly balance is of the modelled hours"
        ),
        Lang::Zh => format!(
            "全年第 {first}-{last} 小时共 {steps} 小时的截取段，按 ×{scale:.2} 折算为全年：\
             年度数值、成本与现金流均为该截取段的折算值，并非全年运行；月度平衡为所建模小时的电量"
        ),
    })
}

/// The terms the cash flows rest on (`plan.json` → `finance.assumptions`), in `lang`: the
/// analysis years and discount rate, the income tax (and 三免三减半), and the debt.
pub fn finance_terms(a: &serde_json::Value, lang: Lang) -> String {
    let number = |v: &serde_json::Value| v.as_f64().unwrap_or(f64::NAN);
    let years = a["analysis_years"].as_u64().unwrap_or(0);
    let rate = 100.0 * number(&a["discount_rate_applied"]);
    let tax = 100.0 * number(&a["income_tax_rate"]["value"]);
    let holiday = match (a["tax_holiday"].is_null(), lang) {
        (true, _) => "",
        (false, Lang::En) => ", 三免三减半",
        (false, Lang::Zh) => "，三免三减半",
    };
    let d = &a["debt"];
    let debt = if d.is_null() {
        match lang {
            Lang::En => "all equity".to_string(),
            Lang::Zh => "全部资本金".to_string(),
        }
    } else {
        let (share, rate, tenor) = (
            100.0 * number(&d["share"]["value"]),
            100.0 * number(&d["rate_applied"]),
            d["tenor_years"].as_u64().unwrap_or(0),
        );
        match lang {
            Lang::En => format!("{share:.0} % debt at {rate:.2} % over {tenor} years"),
            Lang::Zh => format!("贷款 {share:.0} %，利率 {rate:.2} %，还款期 {tenor} 年"),
        }
    };
    match lang {
        Lang::En => format!(
            "{years} years, discount rate {rate:.1} %; {} {tax:.0} %{holiday}; {debt}",
            Term::IncomeTax.text(lang)
        ),
        Lang::Zh => format!(
            "计算期 {years} 年，折现率 {rate:.1} %；{} {tax:.0} %{holiday}；{debt}",
            Term::IncomeTax.text(lang)
        ),
    }
}

/// The line that ends a command's summary: where its outputs are.
pub fn outputs_written(dir: &std::path::Path, lang: Lang) -> String {
    match lang {
        Lang::En => format!("outputs written to {}", dir.display()),
        Lang::Zh => format!("输出已写入 {}", dir.display()),
    }
}

/// A status cell of a study's table in words: a solve status ([`status`]) or an allocation's
/// (`allocated`, `falls_short`, …); another text as written.
pub fn status_cell(key: &str, lang: Lang) -> String {
    solve_status(key, lang).map_or_else(|| switch(key, lang), str::to_string)
}

/// The rules a plan cannot meet (`plan.json` → `infeasibility`) in `lang`, joined by "; ",
/// for its verdict; None when it meets them (the verdict then gives the intensity).
pub fn failed_rules(plan: &serde_json::Value, lang: Lang) -> Option<String> {
    let failed: Vec<String> = plan["infeasibility"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|item| infeasibility_text(item, lang))
        .collect();
    (!failed.is_empty()).then(|| failed.join("; "))
}

/// Why a plan has no cash flows (`plan.json` → `finance.not_computed`) in `lang`: in
/// Chinese for the reasons [`crate::finance::FinanceError`] gives most (no plan, no
/// baseline, no analysis period); another reason as written.
pub fn not_computed(reason: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return reason.to_string();
    }
    if reason.starts_with("the plan has no solution") {
        "方案无解，无现金流".into()
    } else if reason.starts_with("the baseline has no solution") {
        "基准情景无解，无法与之对比计算现金流".into()
    } else if reason.starts_with("the plan builds nothing") {
        "方案未新建任何设施、园区也不能新建，且未给出 finance.analysis_years：无计算期".into()
    } else {
        reason.to_string()
    }
}

/// A rule's name (`plan.json` → `infeasibility[i].rule`) in `lang`: in English as
/// `plan.json` writes it (`carbon-intensity`), in Chinese in words (单位能耗碳排放).
pub fn rule_name(rule: &str, lang: Lang) -> String {
    let zh = match rule {
        "carbon-intensity" => "单位能耗碳排放",
        "carbon-intensity-robust" => "单位能耗碳排放（其他核算口径）",
        "clean-share" => "清洁能源消费占比",
        "electricity-balance" => "电力供需平衡",
        "heat-balance" => "热力供需平衡",
        "direct-export-share" => "绿电直连上网比例",
        "direct-self-use-of-generation" => "绿电直连自用比例（占发电量）",
        "direct-self-use-of-consumption" => "绿电直连自用比例（占用电量）",
        _ => rule,
    };
    pick(lang, rule, zh).to_string()
}

/// A rule that cannot be met (`plan.json` → `infeasibility[i]`) in `lang`: its message, or
/// in Chinese made from its rule, limit and best reachable value.
pub fn infeasibility_text(item: &serde_json::Value, lang: Lang) -> String {
    let message = item["message"].as_str().unwrap_or("").to_string();
    let (Some(limit), Some(reachable)) = (item["limit"].as_f64(), item["reachable"].as_f64())
    else {
        return message;
    };
    match (lang, item["rule"].as_str().unwrap_or("")) {
        (Lang::En, _) => message,
        (Lang::Zh, "carbon-intensity") => {
            format!("单位能耗碳排放最低可达 {reachable:.3} tCO2/tce，限值 {limit:.3} tCO2/tce")
        }
        (Lang::Zh, "clean-share") => format!(
            "清洁能源消费占比最高可达 {:.1} %，目标 {:.1} %",
            100.0 * reachable,
            100.0 * limit
        ),
        (Lang::Zh, "electricity-balance") => {
            format!("{reachable:.0} MWh/年 用电需求无法满足：电网接入与可建容量不足")
        }
        (Lang::Zh, "heat-balance") => {
            format!("{reachable:.0} MWh_th/年 用热需求无法满足：现有与可建供热能力不足")
        }
        (Lang::Zh, "carbon-intensity-robust") => {
            // The reading's name is quoted in the message.
            let name = message.split('"').nth(1).unwrap_or("");
            format!(
                "按核算口径“{name}”，与其他规则同时满足时单位能耗碳排放最低可达 \
                 {reachable:.3} tCO2/tce，限值 {limit:.3} tCO2/tce"
            )
        }
        (Lang::Zh, "direct-export-share") => format!(
            "上网电量占可用风光发电量比例最低可达 {:.1} %，上限 {:.1} %",
            100.0 * reachable,
            100.0 * limit
        ),
        (Lang::Zh, "direct-self-use-of-generation") => format!(
            "自发自用电量占可用风光发电量比例最高可达 {:.1} %，下限 {:.1} %",
            100.0 * reachable,
            100.0 * limit
        ),
        (Lang::Zh, "direct-self-use-of-consumption") => format!(
            "自有风光电量占用电量比例最高可达 {:.1} %，下限 {:.1} %",
            100.0 * reachable,
            100.0 * limit
        ),
        (Lang::Zh, _) => message,
    }
}

/// The basis of a batch row's figures (`summary.csv` → `basis`: `full_year`,
/// `cut_168h_from_hour_4032`, `typical_days_12_checked`, `typical_days_12_estimate`) in
/// `lang`; another text as written.
pub fn basis_cell(key: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return key.to_string();
    }
    if key == "full_year" {
        return "全年".into();
    }
    if let Some((hours, start)) = key
        .strip_prefix("cut_")
        .and_then(|r| r.split_once("h_from_hour_"))
    {
        return format!("截取 {hours} 小时（自全年第 {start} 小时）");
    }
    if let Some(rest) = key.strip_prefix("typical_days_") {
        if let Some(days) = rest.strip_suffix("_checked") {
            return format!("{days} 个典型日，全年校核");
        }
        if let Some(days) = rest.strip_suffix("_estimate") {
            return format!("{days} 个典型日估算");
        }
        if let Some(days) = rest.strip_suffix("_unchecked") {
            return format!("{days} 个典型日，全年校核无解");
        }
    }
    key.to_string()
}

/// A solve status of `plan.json` in words (`unknown` for another key).
pub fn status(key: &str, lang: Lang) -> &'static str {
    solve_status(key, lang).unwrap_or(match lang {
        Lang::En => "unknown",
        Lang::Zh => "未知",
    })
}

/// A solve status of `plan.json` in words; None for a key that is not one.
fn solve_status(key: &str, lang: Lang) -> Option<&'static str> {
    Some(match (key, lang) {
        ("optimal", Lang::En) => "optimal",
        ("optimal", Lang::Zh) => "最优",
        ("near_optimal", Lang::En) => "near optimal",
        ("near_optimal", Lang::Zh) => "近似最优",
        ("time_limit", Lang::En) => "time limit",
        ("time_limit", Lang::Zh) => "达到时间上限",
        ("time_limit_no_solution", Lang::En) => "no plan within the time limit",
        ("time_limit_no_solution", Lang::Zh) => "时限内无可行方案",
        ("infeasible", Lang::En) => "a rule cannot be met",
        ("infeasible", Lang::Zh) => "约束无法满足",
        ("unbounded", Lang::En) => "unbounded",
        ("unbounded", Lang::Zh) => "模型无界",
        _ => return None,
    })
}

/// An accounting switch's value in words (`equivalent` → `equivalent` / `等价值`).
pub fn switch(key: &str, lang: Lang) -> String {
    let (en, zh) = match key {
        "equivalent" => ("equivalent", "等价值"),
        "calorific" => ("calorific", "当量值"),
        "include" => ("counted", "计入"),
        "exclude" => ("not counted", "不计入"),
        "true" => ("yes", "是"),
        "award" => ("award", "一次性奖励"),
        "abatement_subsidy" => ("subsidy per tonne cut", "减排量补贴"),
        "capex_subsidy" => ("capex subsidy", "投资补贴"),
        "green_loan" => ("green loan", "绿色贷款利率优惠"),
        "false" => ("no", "否"),
        "hierarchical" => ("hierarchical", "层次聚类"),
        "kmedoids" => ("kmedoids", "k-medoids 聚类"),
        "inter_day" => ("inter_day", "储能跨日关联"),
        "cyclic_per_day" => ("cyclic_per_day", "储能逐日循环"),
        "medoid" => ("medoid", "中心日"),
        "peak_net_load" => ("peak_net_load", "净负荷峰值日"),
        "min_renewable" => ("min_renewable", "风光出力最小日"),
        "peak_load" => ("peak_load", "负荷峰值日"),
        "peak_heat" => ("peak_heat", "热负荷峰值日"),
        "distribution" => ("distribution", "保持分布"),
        "allocated" => ("allocated", "已分配"),
        "falls_short" => ("falls short", "指标不足"),
        "cannot_at_any_share" => ("cannot meet its rules at any share", "任何份额下均无法达标"),
        "not_run" => ("not run", "未运行"),
        "error" => ("error", "出错"),
        _ => return key.to_string(),
    };
    match lang {
        Lang::En => en.into(),
        Lang::Zh => zh.into(),
    }
}

/// The texts of `doc[key]` in `lang`: `doc[key_zh]` in Chinese when it holds one for each
/// (files written before it was added hold none), else `doc[key]`.
fn texts_in<'a>(doc: &'a serde_json::Value, key: &str, lang: Lang) -> Vec<&'a str> {
    let texts = |key: &str| -> Vec<&'a str> {
        doc[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(serde_json::Value::as_str)
            .collect()
    };
    let en = texts(key);
    match lang {
        Lang::Zh => Some(texts(&format!("{key}_zh")))
            .filter(|zh| zh.len() == en.len())
            .unwrap_or(en),
        Lang::En => en,
    }
}

/// Texts in `lang`: `zh` in Chinese when it holds one for each of `en`, else `en`.
pub fn texts<'a>(en: &'a [String], zh: &'a [String], lang: Lang) -> &'a [String] {
    match lang {
        Lang::Zh if zh.len() == en.len() => zh,
        _ => en,
    }
}

/// The warnings of `plan` (`plan.json`, or `allocation.json`) in `lang` (`warnings`, or
/// `warnings_zh` in Chinese).
pub fn warnings(plan: &serde_json::Value, lang: Lang) -> Vec<&str> {
    texts_in(plan, "warnings", lang)
}

/// The notes of a plan's cash flows (`plan.json` → `finance` → `assumptions`) in `lang`.
pub fn finance_notes(assumptions: &serde_json::Value, lang: Lang) -> Vec<&str> {
    texts_in(assumptions, "notes", lang)
}

/// A column of a study's table (`allocation.csv`, `pathway.csv`, `summary.csv`, …) as the
/// report's header shows it: in words with the unit (the report gives the name as in the
/// file beside it, for finding it there); `what:quota` columns keep the quota's name, and
/// a name not known here stays as written.
pub fn column(name: &str, lang: Lang) -> String {
    let pick = |en: &str, zh: &str| match lang {
        Lang::En => en.to_string(),
        Lang::Zh => zh.to_string(),
    };
    if let Some((what, quota)) = name.split_once(':') {
        let separator = pick(": ", "：");
        return format!("{}{separator}{quota}", column(what, lang));
    }
    // A sensitivity's ends: `objective_low_rmb_per_yr`, `npv_high_rmb`, `pv_mw_base`, ….
    // 基准值, the base value, not 基准 (the reports' word for the baseline, 基准情景).
    let ends = [("low", "低值"), ("base", "基准值"), ("high", "高值")];
    for (end, zh) in ends {
        if name == format!("objective_{end}_rmb_per_yr") {
            return match lang {
                Lang::En => format!("annual cost, {end} (RMB/yr)"),
                Lang::Zh => format!("{zh}时年化成本 (元/年)"),
            };
        }
        if name == format!("npv_{end}_rmb") {
            return match lang {
                Lang::En => format!("NPV, {end} (RMB)"),
                Lang::Zh => format!("{zh}时净现值 (元)"),
            };
        }
        if let Some(stem) = name.strip_suffix(&format!("_{end}")) {
            // The unit stays last: `PV, low (MW)`, `光伏（低值） (MW)`.
            let words = column(stem, lang);
            let mark = match lang {
                Lang::En => format!(", {end}"),
                Lang::Zh => format!("（{zh}）"),
            };
            return match words.rsplit_once(" (") {
                Some((what, unit)) => format!("{what}{mark} ({unit}"),
                None => format!("{words}{mark}"),
            };
        }
    }
    let whole = match name {
        "park" => Some(("park", "园区")),
        "group" => Some(("group", "分组")),
        "status" => Some(("status", "状态")),
        "share" => Some(("share allocated", "分配指标")),
        "amount" => Some(("amount used", "使用量")),
        "wanted" => Some(("wanted without the quota", "无约束时所需")),
        "least" => Some(("least that meets the rules", "达标所需最少指标")),
        "shortfall" => Some(("shortfall", "缺口")),
        "mv_more" => Some((
            "value of one more unit (RMB/yr per unit)",
            "多一单位指标的边际价值 (元/年/单位指标)",
        )),
        "mv_less" => Some((
            "cost of one unit less (RMB/yr per unit)",
            "少一单位指标的边际损失 (元/年/单位指标)",
        )),
        "cost_rmb_per_yr" | "annual_cost_rmb_per_yr" | "objective_rmb_per_yr" => {
            Some(("annual cost (RMB/yr)", "年化成本 (元/年)"))
        }
        "own_optimum_cost_rmb_per_yr" => Some((
            "annual cost without the quota (RMB/yr)",
            "不受指标约束的年化成本 (元/年)",
        )),
        "plan_cost_rmb_per_yr" => Some((
            "plan's annual cost, full year (RMB/yr)",
            "方案全年核验年化成本 (元/年)",
        )),
        "plan_status" => Some(("plan's status", "方案状态")),
        "intensity_t_per_tce" => Some(("CO2 per tce (t/tce)", "单位能耗碳排放 (tCO2/tce)")),
        "intensity_limit_t_per_tce" => Some((
            "limit of CO2 per tce (t/tce)",
            "单位能耗碳排放限值 (tCO2/tce)",
        )),
        "best_intensity_t_per_tce" => Some((
            "least CO2 per tce reachable (t/tce)",
            "可达最低单位能耗碳排放 (tCO2/tce)",
        )),
        "clean_share" => Some(("clean-energy share", "清洁能源消费占比")),
        "stage" => Some(("stage", "阶段")),
        "year" => Some(("year", "年份")),
        "years" => Some(("years", "年数")),
        "own_cost_rmb_per_yr" => Some((
            "the stage's own annual cost (RMB/yr)",
            "本阶段年化成本 (元/年)",
        )),
        "carried_cost_rmb_per_yr" => Some((
            "annual cost carried from earlier stages (RMB/yr)",
            "前期投资结转年化成本 (元/年)",
        )),
        "baseline_cost_rmb_per_yr" => {
            Some(("baseline annual cost (RMB/yr)", "基准情景年化成本 (元/年)"))
        }
        "discount_weight_yr" => Some(("discount weight (years)", "折现权重 (年)")),
        "present_cost_rmb" => Some(("present cost (RMB)", "成本现值 (元)")),
        "variant" => Some(("variant", "变体")),
        "ok" => Some(("has a plan", "有方案")),
        "mip_gap" => Some(("gap to the bound", "最优性间隙")),
        "basis" => Some(("basis of the figures", "数据口径")),
        "emissions_t" => Some(("CO2 emissions (t/yr)", "碳排放量 (t/年)")),
        "energy_tce" => Some(("energy consumption (tce/yr)", "综合能源消费量 (tce/年)")),
        "grid_import_mwh" => Some(("grid import (MWh/yr)", "电网购电 (MWh/年)")),
        "grid_export_mwh" => Some(("export (MWh/yr)", "余电上网 (MWh/年)")),
        "green_purchase_mwh" => Some(("green power bought (MWh/yr)", "绿电交易 (MWh/年)")),
        "renewable_generation_mwh" => {
            Some(("renewable generation (MWh/yr)", "可再生能源发电量 (MWh/年)"))
        }
        "curtailment_mwh" => Some(("curtailment (MWh/yr)", "弃风弃光 (MWh/年)")),
        "capex_rmb" => Some(("capital expenditure (RMB)", "总投资 (元)")),
        "lcoe_rmb_per_mwh" => Some((
            "LCOE of new on-site PV and wind (RMB/MWh)",
            "新建风光平准化度电成本 (元/MWh)",
        )),
        "abatement_cost_rmb_per_t" => Some(("abatement cost (RMB/t)", "单位减排成本 (元/t)")),
        "payback_years" => Some((
            "payback on the annual saving, capex ÷ saving (years)",
            "投资回收期，总投资 ÷ 年节省 (年)",
        )),
        "baseline_objective_rmb_per_yr" => {
            Some(("baseline annual cost (RMB/yr)", "基准情景年化成本 (元/年)"))
        }
        "baseline_intensity_t_per_tce" => Some((
            "baseline CO2 per tce (t/tce)",
            "基准情景单位能耗碳排放 (tCO2/tce)",
        )),
        "solve_seconds" => Some(("solve time (s)", "求解时间 (秒)")),
        "build_seconds" => Some(("model build time (s)", "建模时间 (秒)")),
        "baseline_seconds" => Some(("baseline solve time (s)", "基准情景求解时间 (秒)")),
        "wall_seconds" => Some(("wall time (s)", "总用时 (秒)")),
        "reason" => Some(("why it stopped", "停止原因")),
        "overrides" => Some(("overrides", "参数覆盖")),
        "dir" => Some(("output directory", "输出目录")),
        "limit_t_per_tce" => Some((
            "limit of CO2 per tce (t/tce)",
            "单位能耗碳排放限值 (tCO2/tce)",
        )),
        "marginal_abatement_cost_rmb_per_t" => {
            Some(("marginal abatement cost (RMB/t)", "边际减排成本 (元/t)"))
        }
        "run" => Some(("run", "算例")),
        "point" => Some(("point", "点")),
        "parameter" => Some(("parameter", "参数")),
        "change" => Some(("change", "变化")),
        "base_value" => Some(("base value", "基准值")),
        "low_value" => Some(("low value", "低值")),
        "high_value" => Some(("high value", "高值")),
        "swing_rmb_per_yr" => Some(("swing of the annual cost (RMB/yr)", "年化成本变幅 (元/年)")),
        "npv_swing_rmb" => Some(("swing of the NPV (RMB)", "净现值变幅 (元)")),
        "note" => Some(("note", "说明")),
        _ => None,
    };
    if let Some((en, zh)) = whole {
        return pick(en, zh);
    }
    for (suffix, en, zh) in [
        ("_built", " built", "新建"),
        ("_retired", " retired", "退役"),
    ] {
        if let Some(size) = name.strip_suffix(suffix) {
            // The unit stays last: `PV built (MW)`, `光伏新建 (MW)`.
            let words = column(size, lang);
            return match words.rsplit_once(" (") {
                Some((what, unit)) => format!("{what}{} ({unit}", pick(en, zh)),
                None => format!("{words}{}", pick(en, zh)),
            };
        }
    }
    let units = [
        ("mwh", "MWh", "MWh"),
        ("mw", "MW", "MW"),
        ("kg", "kg", "kg"),
        ("stacks", "stacks", "电堆"),
        ("turbines", "turbines", "台"),
        ("modules", "modules", "套"),
    ];
    // Only a known technology's size is put in words (`something_mw` stays as written).
    let known = |tech: &str| technology(tech, Lang::Zh) != tech.replace('_', " ");
    for (unit, en, zh) in units {
        if let Some(tech) = name
            .strip_suffix(&format!("_new_{unit}"))
            .filter(|t| known(t))
        {
            return match lang {
                Lang::En => format!("{} new ({en})", technology(tech, lang)),
                Lang::Zh => format!("{}新增 ({zh})", technology(tech, lang)),
            };
        }
        if let Some(tech) = name.strip_suffix(&format!("_{unit}")).filter(|t| known(t)) {
            return format!("{} ({})", technology(tech, lang), pick(en, zh));
        }
    }
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plan.json written before `warnings_zh` (or with a list that does not match) gives
    /// its English warnings in a Chinese report, not a wrong or partial Chinese list.
    #[test]
    fn warnings_fall_back_to_english_unless_each_has_its_chinese() {
        let plan = serde_json::json!({ "warnings": ["a", "b"], "warnings_zh": ["甲", "乙"] });
        assert_eq!(warnings(&plan, Lang::Zh), ["甲", "乙"]);
        assert_eq!(warnings(&plan, Lang::En), ["a", "b"]);
        let older = serde_json::json!({ "warnings": ["a", "b"] });
        assert_eq!(warnings(&older, Lang::Zh), ["a", "b"]);
        let partial = serde_json::json!({ "warnings": ["a", "b"], "warnings_zh": ["甲"] });
        assert_eq!(warnings(&partial, Lang::Zh), ["a", "b"]);
    }

    /// `--lang zh` printed the full-year check's message in English.
    #[test]
    fn the_full_year_check_message_reads_in_chinese() {
        let check = |status: &str, repairs: serde_json::Value| {
            serde_json::json!({
                "status": status,
                "message": "the typical-day sizes meet the rules on all 8,760 hours",
                "repairs": repairs,
            })
        };
        let none = serde_json::json!([]);
        assert_eq!(
            full_year_check_message(&check("optimal", none.clone()), Lang::En),
            "the typical-day sizes meet the rules on all 8,760 hours"
        );
        assert_eq!(
            full_year_check_message(&check("near_optimal", none.clone()), Lang::Zh),
            "典型日容量在全年8760小时满足全部规则"
        );
        let raised = serde_json::json!([
            {"size": "battery_new_mwh", "typical_days": 0.0, "full_year": 40.0}
        ]);
        assert!(full_year_check_message(&check("optimal", raised), Lang::Zh)
            .ends_with("battery_new_mwh 0 → 40"));
        assert!(
            full_year_check_message(&check("time_limit_no_solution", none), Lang::Zh)
                .contains("未经全年校核")
        );
    }

    /// `--lang zh` printed why the solve stopped in English. Every reason reads in Chinese
    /// with its figures; output written before `stop` existed keeps its English text.
    #[test]
    fn stop_reasons_read_in_chinese() {
        let plan =
            |stop: &StopReason| serde_json::json!({"stop": stop, "stop_reason": stop.to_string()});
        let hourly = StopReason::HourlyIntegerBound {
            gap: 0.00183,
            hourly_integers: 3285,
        };
        assert_eq!(stop_reason(&plan(&hourly), Lang::En), hourly.to_string());
        let zh = stop_reason(&plan(&hourly), Lang::Zh);
        assert!(zh.starts_with("距线性松弛下界 0.183 %；"), "{zh}");
        assert!(zh.contains("3285 个逐时整数变量"), "{zh}");
        let nested = StopReason::TypicalDays {
            sizing: Box::new(StopReason::Optimal {
                gap: Some(0.0),
                asked: Some(1e-4),
            }),
        };
        assert_eq!(
            stop_reason(&plan(&nested), Lang::Zh),
            "典型日：已达最优（最优性间隙 0.000 %，要求 0.010 %）"
        );
        let limit = StopReason::TimeLimit {
            limit_s: Some(60.0),
            gap: None,
        };
        assert_eq!(
            stop_reason(&plan(&limit), Lang::Zh),
            "达到时间上限（60 秒），间隙 未知"
        );
        let old = serde_json::json!({"stop_reason": "optimal within 0.010 %"});
        assert_eq!(stop_reason(&old, Lang::Zh), "optimal within 0.010 %");
    }

    /// λ's basis as `plan` writes it reads in Chinese; another text stays as written.
    #[test]
    fn the_limit_basis_reads_in_chinese() {
        let text = "auto: tier of the baseline's 414650 tce/yr (on typical days)";
        assert_eq!(limit_basis(text, Lang::En), text);
        assert_eq!(
            limit_basis(text, Lang::Zh),
            "自动：按基准情景综合能源消费量 41.47 万tce/年 所在档位（典型日）"
        );
        assert_eq!(limit_basis("set in the scenario", Lang::Zh), "情景设定");
        assert_eq!(limit_basis("by the province", Lang::Zh), "by the province");
        // A baseline with no solution: the tier of the park's energy need, its parts named.
        assert_eq!(
            limit_basis(
                "auto: tier of the park's energy need, 382423 tce/yr (the baseline has no \
                 solution: its electric load, its heat by its gas boiler)",
                Lang::Zh
            ),
            "自动：按园区能源需求 38.24 万tce/年 所在档位（基准情景无解：用电负荷、用热由燃气锅炉供应）"
        );
    }

    /// A reading zcpark named is named again in Chinese from what it changes; one the
    /// scenario named keeps its name.
    #[test]
    fn readings_are_named_in_chinese() {
        let own = serde_json::json!({
            "electricity_tce_basis": "equivalent",
            "grid_factor_name": "north-china-2023",
            "process_emissions": "exclude",
            "ccus_deduction": false,
        });
        let reading = |name: &str, basis: &str, factor: &str, process: &str, ccus: bool| {
            serde_json::json!({
                "name": name,
                "electricity_tce_basis": basis,
                "grid_factor_name": factor,
                "process_emissions": process,
                "ccus_deduction": ccus,
            })
        };
        let calorific = reading(
            "calorific basis",
            "calorific",
            "north-china-2023",
            "exclude",
            false,
        );
        assert_eq!(reading_name(&calorific, &own, Lang::En), "calorific basis");
        assert_eq!(reading_name(&calorific, &own, Lang::Zh), "电力折标当量值");
        let both = reading(
            "grid factor east-china-2023, process CO2 counted, CCUS deducted",
            "equivalent",
            "east-china-2023",
            "include",
            true,
        );
        assert_eq!(
            reading_name(&both, &own, Lang::Zh),
            "电网排放因子 华东区域电网 2023（east-china-2023），工业过程排放计入，扣减CCUS"
        );
        let named = reading(
            "省级口径",
            "calorific",
            "north-china-2023",
            "exclude",
            false,
        );
        assert_eq!(reading_name(&named, &own, Lang::Zh), "省级口径");
    }

    #[test]
    fn cost_items_read_as_words() {
        assert_eq!(cost_item("pv_capital", Lang::En), "PV capital");
        assert_eq!(cost_item("pv_capital", Lang::Zh), "光伏资本成本");
        assert_eq!(cost_item("battery_fixed_om", Lang::En), "battery fixed O&M");
        assert_eq!(cost_item("demand_charge", Lang::Zh), "需量电费");
        assert_eq!(status("near_optimal", Lang::En), "near optimal");
        assert_eq!(switch("calorific", Lang::Zh), "当量值");
        assert_eq!(
            basis_cell("cut_168h_from_hour_4032", Lang::Zh),
            "截取 168 小时（自全年第 4032 小时）"
        );
        assert_eq!(
            basis_cell("typical_days_12_checked", Lang::Zh),
            "12 个典型日，全年校核"
        );
        assert_eq!(basis_cell("full_year", Lang::En), "full_year");
        assert_eq!(status_cell("near_optimal", Lang::Zh), "近似最优");
        assert_eq!(status_cell("falls_short", Lang::Zh), "指标不足");
        assert_eq!(status_cell("curves", Lang::Zh), "curves");
        let clean = serde_json::json!({"rule": "clean-share", "limit": 0.9, "reachable": 0.533,
                                       "message": "clean share 53.3 % is the highest reachable; \
                                                   target 90.0 %"});
        assert_eq!(
            infeasibility_text(&clean, Lang::En),
            "clean share 53.3 % is the highest reachable; target 90.0 %"
        );
        assert_eq!(
            infeasibility_text(&clean, Lang::Zh),
            "清洁能源消费占比最高可达 53.3 %，目标 90.0 %"
        );
        let robust = serde_json::json!({"rule": "carbon-intensity-robust", "limit": 0.2,
            "reachable": 0.25, "message": "under the reading \"calorific basis\" the intensity \
            0.250 t/tce is the lowest reachable together with the other rules; limit 0.200 t/tce"});
        assert_eq!(
            infeasibility_text(&robust, Lang::Zh),
            "按核算口径“calorific basis”，与其他规则同时满足时单位能耗碳排放最低可达 0.250 \
             tCO2/tce，限值 0.200 tCO2/tce"
        );
        let export = serde_json::json!({"rule": "direct-export-share", "limit": 0.2,
            "reachable": 0.31, "message": "31.0 % export share …"});
        assert_eq!(
            infeasibility_text(&export, Lang::Zh),
            "上网电量占可用风光发电量比例最低可达 31.0 %，上限 20.0 %"
        );
    }

    #[test]
    fn study_columns_read_as_words_with_their_units() {
        assert_eq!(
            column("mv_more:renewables", Lang::En),
            "value of one more unit (RMB/yr per unit): renewables"
        );
        assert_eq!(column("battery_new_mwh", Lang::En), "battery new (MWh)");
        assert_eq!(column("pv_mw_retired", Lang::En), "PV retired (MW)");
        assert_eq!(
            column("lcoe_rmb_per_mwh", Lang::En),
            "LCOE of new on-site PV and wind (RMB/MWh)"
        );
        assert_eq!(column("share:renewables", Lang::Zh), "分配指标：renewables");
        assert_eq!(column("battery_new_mwh", Lang::Zh), "新型储能新增 (MWh)");
        assert_eq!(column("wind_new_turbines", Lang::Zh), "风电新增 (台)");
        assert_eq!(column("pv_mw_retired", Lang::Zh), "光伏退役 (MW)");
        assert_eq!(column("pv_mw_built", Lang::Zh), "光伏新建 (MW)");
        assert_eq!(column("capex_rmb", Lang::Zh), "总投资 (元)");
        // A sensitivity's columns (they were all left as in the CSV).
        assert_eq!(
            column("objective_low_rmb_per_yr", Lang::Zh),
            "低值时年化成本 (元/年)"
        );
        assert_eq!(column("npv_high_rmb", Lang::En), "NPV, high (RMB)");
        assert_eq!(column("pv_mw_base", Lang::Zh), "光伏（基准值） (MW)");
        assert_eq!(unit("MWh/yr", Lang::Zh), "MWh/年");
        assert_eq!(
            grid_factor("north-china-2023", Lang::Zh),
            "华北区域电网 2023（north-china-2023）"
        );
        assert_eq!(
            grid_factor("north-china-2023", Lang::En),
            "north-china-2023"
        );
        assert_eq!(grid_factor("my-factor", Lang::Zh), "my-factor");
        assert_eq!(unit("h/yr", Lang::Zh), "小时/年");
        assert_eq!(unit("MWh_th/yr", Lang::Zh), "MWh（热）/年");
        assert_eq!(unit("RMB/t CO2", Lang::Zh), "元/tCO2");
        assert_eq!(column("status_low", Lang::Zh), "状态（低值）");
        assert_eq!(column("swing_rmb_per_yr", Lang::Zh), "年化成本变幅 (元/年)");
        assert_eq!(
            column("intensity_t_per_tce", Lang::Zh),
            "单位能耗碳排放 (tCO2/tce)"
        );
        assert_eq!(column("something_else", Lang::Zh), "something_else");
        assert_eq!(
            column("lcoe_rmb_per_mwh", Lang::Zh),
            "新建风光平准化度电成本 (元/MWh)"
        );
    }
}
