//! Numbers with the units a reader expects: M RMB and MW in English; 万元/亿元, 万kW, 万kWh
//! and 万tce as Chinese planning documents write them (1 万 = 10⁴, 1 亿 = 10⁸).

use super::lang::Lang;

/// Groups the integer part of `text` (a formatted number) in thousands with commas.
fn grouped(text: &str) -> String {
    let (sign, rest) = text.strip_prefix('-').map_or(("", text), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// `value` with `decimals` decimals and thousands separators; `-0` shown as `0`.
pub fn number(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let zero = text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.');
    grouped(if zero {
        text.trim_start_matches('-')
    } else {
        &text
    })
}

/// Money, from RMB: `446.88 M RMB` (English); `4.47 亿元` from 1 亿 up, else `3,416.9 万元`
/// (Chinese).
pub fn money(rmb: f64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{} M RMB", number(rmb / 1e6, 2)),
        Lang::Zh if rmb.abs() >= 1e8 => format!("{} 亿元", number(rmb / 1e8, 2)),
        Lang::Zh => format!("{} 万元", number(rmb / 1e4, 1)),
    }
}

/// Money beside `reference` (the NPV an incentive's worth is read against), in its unit: in
/// Chinese 亿元 when `reference` is in 亿元 (`0.14 亿元` beside `32.24 亿元`, not `1,415.1 万元`),
/// else as [`money`].
pub fn money_beside(rmb: f64, reference: f64, lang: Lang) -> String {
    match lang {
        Lang::Zh if reference.abs() >= 1e8 => format!("{} 亿元", number(rmb / 1e8, 2)),
        _ => money(rmb, lang),
    }
}

/// An annual amount of money in a column of such amounts, from RMB/yr: in English as
/// [`money_per_year`], in Chinese always in 万元/年 (`18,000.0 万元/年`, as feasibility
/// studies tabulate costs), so that a column does not mix 亿元 and 万元 from row to row.
pub fn money_per_year_in_column(rmb: f64, lang: Lang) -> String {
    match lang {
        Lang::En => money_per_year(rmb, lang),
        Lang::Zh => format!("{} 万元/年", number(rmb / 1e4, 1)),
    }
}

/// An annual amount of money, from RMB/yr: as [`money`] with `/yr` or `/年`.
pub fn money_per_year(rmb: f64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{}/yr", money(rmb, lang)),
        Lang::Zh => format!("{}/年", money(rmb, lang)),
    }
}

/// The unit of annual money on a chart's axis and the RMB in one of it: `M RMB/yr` and
/// 10⁶ in English, `亿元/年` and 10⁸ in Chinese (a chart's values are RMB/yr ÷ the second).
pub fn chart_money_per_yr(lang: Lang) -> (&'static str, f64) {
    match lang {
        Lang::En => ("M RMB/yr", 1e6),
        Lang::Zh => ("亿元/年", 1e8),
    }
}

/// Power, from MW: `530.4 MW`; in Chinese `53.04 万kW` from 10 MW (1 万kW) up, else MW.
pub fn power(mw: f64, lang: Lang) -> String {
    match lang {
        Lang::Zh if mw.abs() >= 10.0 => format!("{} 万kW", number(mw / 10.0, 2)),
        _ => format!("{} MW", number(mw, 1)),
    }
}

/// Energy, from MWh: `163,127 MWh`; in Chinese `16,312.7 万kWh` (1 万kWh = 10 MWh).
pub fn energy(mwh: f64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{} MWh", number(mwh, 0)),
        Lang::Zh => format!("{} 万kWh", number(mwh / 10.0, 1)),
    }
}

/// Heat output capacity, from MW_th: `53.4 MW_th`; in Chinese, as [`power`], `5.34 万kW（热）`
/// from 10 MW_th up, else `5.3 MW（热）`.
pub fn heat_power(mw_th: f64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{} MW_th", number(mw_th, 1)),
        Lang::Zh if mw_th.abs() >= 10.0 => format!("{} 万kW（热）", number(mw_th / 10.0, 2)),
        Lang::Zh => format!("{} MW（热）", number(mw_th, 1)),
    }
}

/// Heat, from MWh_th: `369.6 MWh_th`; in Chinese, as [`energy`], `37.0 万kWh（热）`.
pub fn heat_energy(mwh_th: f64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{} MWh_th", number(mwh_th, 1)),
        Lang::Zh => format!("{} 万kWh（热）", number(mwh_th / 10.0, 1)),
    }
}

/// Energy consumption, from tce: `476,408 tce`; in Chinese `47.64 万tce`.
pub fn tce(tce: f64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{} tce", number(tce, 0)),
        Lang::Zh => format!("{} 万tce", number(tce / 1e4, 2)),
    }
}

/// CO2, from t: `95,282 t` / `9.53 万tCO2`.
pub fn tonnes(t: f64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{} t", number(t, 0)),
        Lang::Zh if t.abs() >= 1e4 => format!("{} 万tCO2", number(t / 1e4, 2)),
        Lang::Zh => format!("{} tCO2", number(t, 0)),
    }
}

/// A share, from 0..1: `90.9 %`.
pub fn percent(share: f64) -> String {
    format!("{} %", number(100.0 * share, 1))
}

/// A price per kWh, from RMB/MWh: `0.185 RMB/kWh` / `0.185 元/kWh`.
pub fn price_per_kwh(rmb_per_mwh: f64, lang: Lang) -> String {
    let unit = match lang {
        Lang::En => "RMB/kWh",
        Lang::Zh => "元/kWh",
    };
    format!("{} {unit}", number(rmb_per_mwh / 1000.0, 3))
}

/// A price per kg, from RMB/kg: `23.40 RMB/kg` / `23.40 元/kg`.
pub fn price_per_kg(rmb_per_kg: f64, lang: Lang) -> String {
    let unit = match lang {
        Lang::En => "RMB/kg",
        Lang::Zh => "元/kg",
    };
    format!("{} {unit}", number(rmb_per_kg, 2))
}

/// A price per tonne of CO2: `1,234.5 RMB/t` / `1,234.5 元/tCO2`.
pub fn price_per_tonne(rmb_per_t: f64, lang: Lang) -> String {
    let unit = match lang {
        Lang::En => "RMB/t",
        Lang::Zh => "元/tCO2",
    };
    format!("{} {unit}", number(rmb_per_t, 1))
}

/// Years: `7.6 years` / `7.6 年`.
pub fn years(years: f64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{} years", number(years, 1)),
        Lang::Zh => format!("{} 年", number(years, 1)),
    }
}

/// The core indicator, t CO2 per tce: `0.200 t/tce` / `0.200 tCO2/tce`.
pub fn intensity(t_per_tce: f64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{} t/tce", number(t_per_tce, 3)),
        Lang::Zh => format!("{} tCO2/tce", number(t_per_tce, 3)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cost column in Chinese keeps one unit: 1.8 亿 and 93.9 万 both in 万元/年.
    #[test]
    fn a_column_of_money_keeps_one_unit() {
        assert_eq!(
            money_per_year_in_column(1.8e8, Lang::Zh),
            "18,000.0 万元/年"
        );
        assert_eq!(
            money_per_year_in_column(938_720.0, Lang::Zh),
            "93.9 万元/年"
        );
        assert_eq!(money_per_year(1.8e8, Lang::Zh), "1.80 亿元/年");
        assert_eq!(money_per_year_in_column(1.8e8, Lang::En), "180.00 M RMB/yr");
    }

    #[test]
    fn thousands_and_rounding() {
        assert_eq!(number(1234567.891, 2), "1,234,567.89");
        assert_eq!(number(999.995, 2), "1,000.00");
        assert_eq!(number(-1234.5, 0), "-1,234");
        assert_eq!(number(-0.0001, 1), "0.0");
        assert_eq!(number(12.0, 0), "12");
    }

    #[test]
    fn wan_and_yi_in_chinese() {
        // 4.4688 亿元 = 446.88 M RMB; below 1 亿, 万元.
        assert_eq!(money(446_881_064.0, Lang::Zh), "4.47 亿元");
        assert_eq!(money(446_881_064.0, Lang::En), "446.88 M RMB");
        assert_eq!(money(34_169_000.0, Lang::Zh), "3,416.9 万元");
        assert_eq!(money(-72_590_000.0, Lang::Zh), "-7,259.0 万元");
        assert_eq!(money_per_year(1.5e8, Lang::Zh), "1.50 亿元/年");
        assert_eq!(money_beside(14_151_000.0, 3.224e9, Lang::Zh), "0.14 亿元");
        assert_eq!(money_beside(14_151_000.0, 3.0e7, Lang::Zh), "1,415.1 万元");
        // Heat plant in the same units, marked as heat.
        assert_eq!(heat_power(53.4, Lang::Zh), "5.34 万kW（热）");
        assert_eq!(heat_power(5.3, Lang::Zh), "5.3 MW（热）");
        assert_eq!(heat_energy(369.6, Lang::Zh), "37.0 万kWh（热）");
        assert_eq!(heat_power(53.4, Lang::En), "53.4 MW_th");
        // 530.4 MW = 53.04 万kW; small plants stay in MW.
        assert_eq!(power(530.4, Lang::Zh), "53.04 万kW");
        assert_eq!(power(5.0, Lang::Zh), "5.0 MW");
        assert_eq!(energy(163_127.0, Lang::Zh), "16,312.7 万kWh");
        assert_eq!(tce(476_408.0, Lang::Zh), "47.64 万tce");
        assert_eq!(tonnes(95_282.0, Lang::Zh), "9.53 万tCO2");
        assert_eq!(price_per_kwh(184.6, Lang::Zh), "0.185 元/kWh");
        assert_eq!(percent(0.909), "90.9 %");
    }
}
