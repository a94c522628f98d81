//! Splitting one line of comma-separated text into fields (RFC 4180 quoting).

/// Splits one CSV line into fields. Fields may be enclosed in double quotes,
/// inside which commas are literal and `""` stands for one `"`. Surrounding
/// whitespace of unquoted fields and a trailing carriage return are removed.
pub fn split_csv_line(line: &str) -> Vec<String> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut was_quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, in_quotes) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => in_quotes = false,
            ('"', false) if field.trim().is_empty() => {
                field.clear();
                in_quotes = true;
                was_quoted = true;
            }
            (',', false) => {
                fields.push(finish(&field, was_quoted));
                field.clear();
                was_quoted = false;
            }
            _ => field.push(c),
        }
    }
    fields.push(finish(&field, was_quoted));
    fields
}

fn finish(field: &str, was_quoted: bool) -> String {
    if was_quoted {
        field.to_string()
    } else {
        field.trim().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::split_csv_line;

    #[test]
    fn plain_and_quoted_fields() {
        assert_eq!(split_csv_line("a, b ,c\r"), vec!["a", "b", "c"]);
        assert_eq!(
            split_csv_line(r#"723170,"GREENSBORO, NC",x"#),
            vec!["723170", "GREENSBORO, NC", "x"]
        );
        assert_eq!(
            split_csv_line(r#""say ""hi""",,"#),
            vec![r#"say "hi""#, "", ""]
        );
    }
}
