//! Numbers in cells: finite, with the file's decimal mark, without thousands separators.

use super::separator::{looks_grouped, DecimalMark, Separator};

/// What a number cell must be, for messages.
pub const FINITE_NUMBER: &str = "a finite number";

/// A number as a message shows it: to 9 decimals without trailing zeros, so a sum's float
/// noise does not show (`1.2999999999999998` → `1.3`), and in exponent form from 1e15 up or
/// below 1e-6 (`1e300`, not 301 digits).
pub fn shown(value: f64) -> String {
    let size = value.abs();
    if value.is_finite() && size != 0.0 && !(1e-6..1e15).contains(&size) {
        return format!("{value:e}");
    }
    let text = format!("{value:.9}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// Reads `text` (already trimmed of surrounding spaces) as a finite number in a file separated
/// by `separator` whose decimal mark is `mark` (`None`: not known, see
/// [`super::separator::decimal_mark`]).
///
/// # Errors
/// What the cell must be instead, saying why when a `,` or `.` may be a decimal mark or a
/// thousands separator: an empty cell, text, NaN or ±infinity, a `,` in a `,`-separated file,
/// a second mark, or a mark the file does not use.
pub fn parse_number(
    text: &str,
    separator: Separator,
    mark: Option<DecimalMark>,
) -> Result<f64, String> {
    let (comma, point) = (text.contains(','), text.contains('.'));
    let digits = text.trim_start_matches(['+', '-']);
    let normalised = match (separator, mark) {
        (Separator::Comma, _) if comma => {
            return Err(format!(
                "{FINITE_NUMBER} with '.' as decimal point and no thousands separator, e.g. 1500.5 \
                 (is ',' here a decimal comma or a thousands separator? in a file separated by ',' \
                 it cannot be told)"
            ))
        }
        _ if comma && point => {
            return Err(format!(
                "{FINITE_NUMBER} without thousands separators, e.g. 1500.5 \
                 (this one has both ',' and '.')"
            ))
        }
        (_, Some(DecimalMark::Comma)) if point => {
            return Err(other_mark(separator, DecimalMark::Comma));
        }
        (_, Some(DecimalMark::Point)) if comma => {
            return Err(other_mark(separator, DecimalMark::Point));
        }
        (_, None)
            if (comma && looks_grouped(digits, ',')) || (point && looks_grouped(digits, '.')) =>
        {
            return Err(format!(
                "{FINITE_NUMBER} whose decimal mark is unambiguous (a ',' or '.' followed by three \
                 digits may be a thousands separator, and nothing else in this {}-separated file \
                 shows which mark it uses: write 1500 or 1.5)",
                separator.name()
            ))
        }
        _ if comma => text.replace(',', "."),
        _ => text.to_string(),
    };
    if text.matches([',', '.']).count() > 1 {
        return Err(format!(
            "{FINITE_NUMBER} without thousands separators, e.g. 1500.5"
        ));
    }
    match normalised.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(FINITE_NUMBER.to_string()),
    }
}

/// The message for a cell whose mark is not the file's decimal mark `mark`.
fn other_mark(separator: Separator, mark: DecimalMark) -> String {
    let other = match mark {
        DecimalMark::Point => ',',
        DecimalMark::Comma => '.',
    };
    format!(
        "{FINITE_NUMBER} with '{}' as decimal mark like the rest of this {}-separated file, \
         and no thousands separator (is '{other}' here a thousands separator?)",
        mark.char(),
        separator.name()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_shown_without_float_noise_or_hundreds_of_digits() {
        assert_eq!(shown(0.7 + 0.6), "1.3");
        assert_eq!(shown(1800.0), "1800");
        assert_eq!(shown(-2.5), "-2.5");
        assert_eq!(shown(1e300), "1e300");
        assert_eq!(shown(-1e-12), "-1e-12");
        assert_eq!(shown(0.0), "0");
        assert_eq!(shown(f64::NAN), "NaN");
    }

    const COMMA: Separator = Separator::Comma;
    const SEMI: Separator = Separator::Semicolon;
    const POINT: Option<DecimalMark> = Some(DecimalMark::Point);
    const DECIMAL_COMMA: Option<DecimalMark> = Some(DecimalMark::Comma);

    #[test]
    fn plain_numbers() {
        assert_eq!(parse_number("0.5", COMMA, POINT), Ok(0.5));
        assert_eq!(parse_number("-12", COMMA, POINT), Ok(-12.0));
        assert_eq!(parse_number("1e3", COMMA, POINT), Ok(1000.0));
        assert_eq!(parse_number("0,5", SEMI, DECIMAL_COMMA), Ok(0.5));
        assert_eq!(parse_number("-1,25", SEMI, DECIMAL_COMMA), Ok(-1.25));
        assert_eq!(parse_number("0.5", SEMI, POINT), Ok(0.5));
        assert_eq!(parse_number("0.5", Separator::Tab, None), Ok(0.5));
    }

    #[test]
    fn not_finite_or_empty_is_refused() {
        for text in [
            "", "NaN", "nan", "inf", "-inf", "infinity", "1e400", "abc", "1 500",
        ] {
            assert_eq!(
                parse_number(text, COMMA, POINT),
                Err(FINITE_NUMBER.to_string()),
                "{text}"
            );
        }
    }

    #[test]
    fn commas_and_grouping_are_refused_saying_why() {
        let why = parse_number("1,5", COMMA, POINT).unwrap_err();
        assert!(
            why.contains("decimal comma or a thousands separator"),
            "{why}"
        );
        assert!(parse_number("1,500.25", COMMA, POINT).is_err());
        let why = parse_number("1.500,5", SEMI, DECIMAL_COMMA).unwrap_err();
        assert!(why.contains("both ',' and '.'"), "{why}");
        let why = parse_number("1.500", SEMI, DECIMAL_COMMA).unwrap_err();
        assert!(why.contains("thousands separator"), "{why}");
        let why = parse_number("1,500", Separator::Tab, None).unwrap_err();
        assert!(why.contains("unambiguous"), "{why}");
        let why = parse_number("1,000,000", SEMI, DECIMAL_COMMA).unwrap_err();
        assert!(why.contains("without thousands separators"), "{why}");
    }
}
