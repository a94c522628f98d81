//! The field separator of a file, and how its numbers write decimals.

/// The character that separates fields, detected from the header line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    /// `,`: numbers must use `.` as decimal point and no thousands separator.
    Comma,
    /// `;` (spreadsheets in locales whose decimal mark is `,`): decimal commas are read.
    Semicolon,
    /// Tab (spreadsheets' "Text (tab delimited)" and "Unicode text").
    Tab,
}

impl Separator {
    /// The separator's byte.
    pub fn byte(self) -> u8 {
        match self {
            Separator::Comma => b',',
            Separator::Semicolon => b';',
            Separator::Tab => b'\t',
        }
    }

    /// How messages name it: `','`, `';'` or `tab`.
    pub fn name(self) -> &'static str {
        match self {
            Separator::Comma => "','",
            Separator::Semicolon => "';'",
            Separator::Tab => "tab",
        }
    }

    /// The separator that occurs most often in `line` outside double quotes: `,` when none
    /// does (a one-column file); on a tie tab, then `;` (which column names rarely hold,
    /// unlike `,` in `load (MW, mean)`).
    pub fn detect(line: &str) -> Separator {
        let mut counts = [0usize; 3];
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => counts[0] += 1,
                ';' if !quoted => counts[1] += 1,
                '\t' if !quoted => counts[2] += 1,
                _ => {}
            }
        }
        let [comma, semicolon, tab] = counts;
        if tab > 0 && tab >= comma.max(semicolon) {
            Separator::Tab
        } else if semicolon > 0 && semicolon >= comma {
            Separator::Semicolon
        } else {
            Separator::Comma
        }
    }
}

/// The character a file's numbers write their decimals with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalMark {
    /// `1.5`.
    Point,
    /// `1,5`.
    Comma,
}

impl DecimalMark {
    /// The mark.
    pub fn char(self) -> char {
        match self {
            DecimalMark::Point => '.',
            DecimalMark::Comma => ',',
        }
    }
}

/// The decimal mark of a file separated by `separator`, from the evidence of its cells:
///
/// - `,`-separated: `.` (a `,` in a number is refused).
/// - otherwise a cell like `0,5` (one mark that cannot be a thousands separator) is evidence
///   for `,`, a cell like `0.5` for `.`. With evidence for one mark only, that mark; with
///   evidence for both, `,` in a `;`-separated file and `.` in a tab-separated one (the cells
///   with the other mark are then refused); without evidence, `,` in a `;`-separated file
///   (where a `,` is never a thousands separator) and none in a tab-separated one: then a
///   mark followed by three digits (`1.500`, `1,500`) cannot be told from a thousands
///   separator and is refused.
pub fn decimal_mark<'a>(
    separator: Separator,
    cells: impl Iterator<Item = &'a str>,
) -> Option<DecimalMark> {
    if separator == Separator::Comma {
        return Some(DecimalMark::Point);
    }
    let (mut comma, mut point) = (false, false);
    for cell in cells {
        match decimal_evidence(cell) {
            Some(DecimalMark::Comma) => comma = true,
            Some(DecimalMark::Point) => point = true,
            None => {}
        }
        if comma && point {
            break;
        }
    }
    match (separator, comma, point) {
        (_, true, false) => Some(DecimalMark::Comma),
        (_, false, true) => Some(DecimalMark::Point),
        (Separator::Semicolon, _, _) => Some(DecimalMark::Comma),
        (_, true, true) => Some(DecimalMark::Point),
        (_, false, false) => None,
    }
}

/// The decimal mark a cell shows beyond doubt: digits, one `.` or `,`, digits, where the mark
/// cannot be a thousands separator (not followed by exactly three digits after a leading
/// group of one to three digits that does not start with 0).
fn decimal_evidence(cell: &str) -> Option<DecimalMark> {
    let digits = cell.trim().trim_start_matches(['+', '-']);
    let mark = if digits.contains(',') {
        DecimalMark::Comma
    } else {
        DecimalMark::Point
    };
    let (int, frac) = digits.split_once(mark.char())?;
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (all_digits(int) && all_digits(frac) && !looks_grouped(digits, mark.char())).then_some(mark)
}

/// Whether `digits` (no sign) is shaped like a number with thousands separators `mark`:
/// `1,500`, `12.345.678` (a first group of 1–3 digits not starting with 0, then groups of 3).
pub fn looks_grouped(digits: &str, mark: char) -> bool {
    let mut groups = digits.split(mark);
    let first = groups.next().unwrap_or("");
    let digit_group = |g: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit())
    };
    let mut rest = groups.peekable();
    rest.peek().is_some()
        && digit_group(first, 1..=3)
        && !first.starts_with('0')
        && rest.all(|g| digit_group(g, 3..=3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separator_from_the_header_outside_quotes() {
        assert_eq!(Separator::detect("hour,load_mw"), Separator::Comma);
        assert_eq!(Separator::detect("hour;load_mw"), Separator::Semicolon);
        assert_eq!(Separator::detect("hour\tload_mw"), Separator::Tab);
        assert_eq!(Separator::detect("\"a;b;c\",d"), Separator::Comma);
        assert_eq!(Separator::detect("\"load, MW\";hour"), Separator::Semicolon);
        assert_eq!(
            Separator::detect("hour;load (MW, mean)"),
            Separator::Semicolon
        );
        assert_eq!(Separator::detect("a,b,c;d"), Separator::Comma);
        assert_eq!(Separator::detect("load_mw"), Separator::Comma);
    }

    #[test]
    fn grouping_shapes() {
        assert!(looks_grouped("1,500", ','));
        assert!(looks_grouped("12.345.678", '.'));
        assert!(looks_grouped("146.769", '.'));
        assert!(!looks_grouped("0.500", '.'));
        assert!(!looks_grouped("1.5", '.'));
        assert!(!looks_grouped("1500", '.'));
        assert!(!looks_grouped("1.5000", '.'));
    }

    #[test]
    fn decimal_mark_from_evidence() {
        let mark = |sep, cells: &[&str]| decimal_mark(sep, cells.iter().copied());
        assert_eq!(mark(Separator::Comma, &["1,5"]), Some(DecimalMark::Point));
        assert_eq!(
            mark(Separator::Semicolon, &["hour", "0,5"]),
            Some(DecimalMark::Comma)
        );
        assert_eq!(
            mark(Separator::Semicolon, &["0.5", "12"]),
            Some(DecimalMark::Point)
        );
        assert_eq!(
            mark(Separator::Semicolon, &["1.500"]),
            Some(DecimalMark::Comma)
        );
        assert_eq!(
            mark(Separator::Tab, &["1,25", "3"]),
            Some(DecimalMark::Comma)
        );
        assert_eq!(mark(Separator::Tab, &["146.769", "1,500"]), None);
        assert_eq!(
            mark(Separator::Tab, &["146.7691", "1,500"]),
            Some(DecimalMark::Point)
        );
    }
}
