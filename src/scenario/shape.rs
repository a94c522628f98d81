//! Every shape problem of a YAML document read as a serde type (unknown fields, wrong types,
//! unknown variants, missing fields), not only the first one serde stops at.
//!
//! serde reports one error and stops. To find the next, the offending value is set aside
//! (an unknown field removed, a wrong value replaced by a stand-in of a type the field takes)
//! and the document read again, until it reads or nothing more can be set aside. A stand-in
//! is kept only if the next error lies outside it, so no problem is reported that the
//! stand-ins made.

use super::overrides::{apply, get, show_value, within};
use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

/// At most this many problems are listed (a file of another kind would give one per key);
/// a last line says when there are more.
const MAX_PROBLEMS: usize = 50;

/// What a field of several forms takes, when none matched.
const NO_FORM: &str = "one of the forms this field takes (see README, 'Scenario format')";

/// How deep missing fields inside a stand-in mapping are filled in turn.
const FILL_DEPTH: usize = 4;

/// One shape problem: the field's dotted path (`grid.import_cap_mw`, `tou.seasons[0].months`;
/// the top-level field's name, or `(document)` for the document itself), what was found and
/// what the field takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeProblem {
    /// Dotted path of the field.
    pub field: String,
    /// What the document holds there, as serde describes it (`string "lots"`).
    pub got: String,
    /// What the field takes (`a number`, `one of `hierarchical`, `kmedoids``).
    pub expected: String,
    /// Line and column in the original text; known for the first problem only (the later
    /// ones are found in a rewritten document).
    pub location: Option<(usize, usize)>,
}

/// Every shape problem of `doc` read as `T`, in the order serde meets them; empty when it
/// reads. `text`, when given, is the document's own text: the first problem then carries
/// its line and column.
pub fn problems<T: DeserializeOwned>(text: Option<&str>, doc: &Value) -> Vec<ShapeProblem> {
    let mut doc = doc.clone();
    let mut found = Vec::new();
    let mut error = match text {
        Some(text) => serde_yaml::from_str::<T>(text).err(),
        None => first_error::<T>(&doc),
    };
    let mut location = error
        .as_ref()
        .and_then(|e| e.location())
        .filter(|_| text.is_some())
        .map(|l| (l.line(), l.column()));
    while let Some(e) = error {
        let read = Read::of(&e);
        // serde names a mapping for a field of several forms inside it: the field is found
        // by trying stand-ins for each of the mapping's fields in turn.
        if let Some((child, got, settled, next)) = no_form_inside::<T>(&doc, &read) {
            found.push(ShapeProblem {
                field: child,
                got,
                expected: NO_FORM.into(),
                location: location.take(),
            });
            doc = settled;
            error = next;
            if found.len() < MAX_PROBLEMS {
                continue;
            }
            found.push(too_many());
            break;
        }
        found.push(read.problem(location.take(), &doc));
        if found.len() >= MAX_PROBLEMS {
            found.push(too_many());
            break;
        }
        let Some(next) = set_aside::<T>(&mut doc, &read) else {
            break;
        };
        error = next;
    }
    found
}

/// The last line of a list cut at [`MAX_PROBLEMS`].
fn too_many() -> ShapeProblem {
    ShapeProblem {
        field: "(document)".into(),
        got: format!("more than {MAX_PROBLEMS} problems"),
        expected: "fewer problems: the first are listed above".into(),
        location: None,
    }
}

/// The first error of `doc` read as `T`, read from its text so that the error names its field
/// (`from_value`'s errors name none).
fn first_error<T: DeserializeOwned>(doc: &Value) -> Option<serde_yaml::Error> {
    match serde_yaml::to_string(doc) {
        Ok(text) => serde_yaml::from_str::<T>(&text).err(),
        Err(e) => Some(e),
    }
}

/// A serde error taken apart.
struct Read {
    /// The path serde gives (the mapping, for an unknown or missing field).
    at: String,
    kind: Kind,
}

enum Kind {
    /// `unknown field `name`, expected …`.
    UnknownField { name: String, expected: String },
    /// `missing field `name``.
    MissingField { name: String },
    /// `unknown variant `v`, expected `a` or `b``.
    UnknownVariant {
        got: String,
        expected: String,
        first: Option<String>,
    },
    /// `invalid type: G, expected E`, `invalid value: …`, `invalid length …`.
    Invalid { got: String, expected: String },
    /// `data did not match any variant of untagged enum X`: a field that takes several forms
    /// (a number or a keyword, a value or a file).
    NoForm,
    /// Anything else: the message as it stands.
    Other { message: String },
}

impl Read {
    fn of(error: &serde_yaml::Error) -> Self {
        let message = error.to_string();
        let message = match message.rsplit_once(" at line ") {
            Some((m, rest)) if rest.split(' ').next().is_some_and(is_number) => m.to_string(),
            _ => message,
        };
        let (at, rest) = match message.split_once(": ") {
            Some((at, rest)) if !at.contains(' ') && !at.contains('`') => {
                (at.to_string(), rest.to_string())
            }
            _ => (String::new(), message),
        };
        let kind = if let Some(r) = rest.strip_prefix("unknown field ") {
            let (name, expected) = split_expected(r);
            Kind::UnknownField {
                name: unquote(&name),
                expected: if expected.is_empty() {
                    "a known field".into()
                } else {
                    format!("a known field ({expected})")
                },
            }
        } else if let Some(r) = rest.strip_prefix("missing field ") {
            Kind::MissingField { name: unquote(r) }
        } else if let Some(r) = rest.strip_prefix("unknown variant ") {
            let (got, expected) = split_expected(r);
            let first = expected.split('`').nth(1).map(String::from);
            Kind::UnknownVariant {
                got,
                expected: format!("one of {}", expected.trim_start_matches("one of ")),
                first,
            }
        } else if let Some(r) = ["invalid type: ", "invalid value: ", "invalid length "]
            .iter()
            .find_map(|p| rest.strip_prefix(p))
        {
            let (got, expected) = split_expected(r);
            Kind::Invalid {
                // serde's name for YAML's null (`import_cap_mw:` with nothing after it).
                got: if got == "unit value" {
                    "nothing (an empty value)".into()
                } else {
                    got
                },
                expected: plain_expected(&expected),
            }
        } else if rest.starts_with("data did not match any variant of untagged enum") {
            Kind::NoForm
        } else {
            Kind::Other { message: rest }
        };
        Read { at, kind }
    }

    /// The field the problem is about.
    fn field(&self) -> String {
        match &self.kind {
            Kind::UnknownField { name, .. } | Kind::MissingField { name } => join(&self.at, name),
            _ if self.at.is_empty() => "(document)".into(),
            _ => self.at.clone(),
        }
    }

    /// The problem, with the value `doc` holds at its field where serde does not say it.
    fn problem(&self, location: Option<(usize, usize)>, doc: &Value) -> ShapeProblem {
        let field = self.field();
        let (got, expected) = match &self.kind {
            Kind::UnknownField { name, expected } => {
                (format!("unknown field `{name}`"), expected.clone())
            }
            Kind::MissingField { .. } => ("(missing)".to_string(), "present".to_string()),
            Kind::UnknownVariant { got, expected, .. } | Kind::Invalid { got, expected } => {
                (got.clone(), expected.clone())
            }
            Kind::NoForm => (
                get(doc, &field).map_or_else(|| "(a value)".into(), show_value),
                NO_FORM.to_string(),
            ),
            Kind::Other { message } => (message.clone(), "valid here".to_string()),
        };
        ShapeProblem {
            field,
            got,
            expected,
            location,
        }
    }
}

/// Sets aside the value `read` is about and reads `doc` again: the next error (`Some(None)`
/// when it now reads), or `None` when nothing could be set aside without making an error of
/// its own.
fn set_aside<T: DeserializeOwned>(
    doc: &mut Value,
    read: &Read,
) -> Option<Option<serde_yaml::Error>> {
    let field = read.field();
    let preferred: Vec<Value> = match &read.kind {
        Kind::UnknownField { name, .. } => {
            let mut without = doc.clone();
            remove(&mut without, &read.at, name)?;
            let next = first_error::<T>(&without);
            *doc = without;
            return Some(next);
        }
        Kind::UnknownVariant { first, .. } => {
            first.iter().map(|v| Value::String(v.clone())).collect()
        }
        Kind::Invalid { expected, .. } => stand_in_for(expected).into_iter().collect(),
        Kind::MissingField { .. } | Kind::NoForm | Kind::Other { .. } => Vec::new(),
    };
    if field == "(document)" {
        return None;
    }
    let (settled, next) = settle::<T>(doc, &field, preferred, FILL_DEPTH)?;
    *doc = settled;
    Some(next)
}

/// `doc` with a stand-in at `field` under which it reads past `field` (`preferred` tried
/// first, then a value of each YAML type), with the fields a stand-in mapping lacks filled
/// the same way, at most `depth` deep: the document and its next error. `None` when every
/// stand-in makes an error of its own.
fn settle<T: DeserializeOwned>(
    doc: &Value,
    field: &str,
    preferred: Vec<Value>,
    depth: usize,
) -> Option<(Value, Option<serde_yaml::Error>)> {
    let generic = [
        Value::from(0),
        Value::from(0.0),
        Value::String("-".into()),
        Value::Sequence(Vec::new()),
        Value::Mapping(Mapping::new()),
        Value::Bool(false),
    ];
    for candidate in preferred.into_iter().chain(generic) {
        let mut trial = doc.clone();
        apply(&mut trial, field, candidate).ok()?;
        let mut next = first_error::<T>(&trial);
        // A stand-in mapping lacks its required fields: each filled in turn.
        for _ in 0..MAX_PROBLEMS {
            let Some(read) = next.as_ref().map(Read::of) else {
                break;
            };
            let inner = read.field();
            let missing_inside =
                matches!(read.kind, Kind::MissingField { .. }) && within(&inner, field);
            if !missing_inside || depth == 0 {
                break;
            }
            let Some((filled, after)) = settle::<T>(&trial, &inner, Vec::new(), depth - 1) else {
                break;
            };
            trial = filled;
            next = after;
        }
        let about_it = next
            .as_ref()
            .is_some_and(|e| within(&Read::of(e).field(), field));
        if !about_it {
            return Some((trial, next));
        }
    }
    None
}

/// For an error of a field of several forms that serde puts on the mapping holding it: the
/// field (the first of the mapping's fields whose stand-in ends that error), the value it
/// holds, the document with the stand-in and its next error.
fn no_form_inside<T: DeserializeOwned>(
    doc: &Value,
    read: &Read,
) -> Option<(String, String, Value, Option<serde_yaml::Error>)> {
    if !matches!(read.kind, Kind::NoForm) {
        return None;
    }
    let field = read.field();
    let map = get(doc, &field)?.as_mapping()?;
    for (key, value) in map {
        let Some(key) = key.as_str() else {
            continue;
        };
        let child = format!("{field}.{key}");
        let Some((settled, next)) = settle::<T>(doc, &child, Vec::new(), 0) else {
            continue;
        };
        let same = next.as_ref().is_some_and(|e| {
            let again = Read::of(e);
            matches!(again.kind, Kind::NoForm) && again.field() == field
        });
        if !same {
            return Some((child, show_value(value), settled, next));
        }
    }
    None
}

/// Removes key `name` from the mapping at dotted path `at` (`""` for the document).
fn remove(doc: &mut Value, at: &str, name: &str) -> Option<()> {
    if at.is_empty() {
        doc.as_mapping_mut()?.remove(name)?;
        return Some(());
    }
    let mut parent = get(doc, at)?.clone();
    parent.as_mapping_mut()?.remove(name)?;
    apply(doc, at, parent).ok()
}

/// A value of the type serde `expected` describes, when it names one.
fn stand_in_for(expected: &str) -> Option<Value> {
    Some(match expected {
        "a number" => Value::from(0.0),
        "a whole number ≥ 0" | "a whole number" => Value::from(0),
        "a string" => Value::String("-".into()),
        "a list" => Value::Sequence(Vec::new()),
        "true or false" => Value::Bool(false),
        e if e.starts_with("a mapping") => Value::Mapping(Mapping::new()),
        _ => return None,
    })
}

/// serde's name of a type in a user's words.
fn plain_expected(expected: &str) -> String {
    match expected {
        "f64" | "f32" => "a number".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number ≥ 0".into(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".into(),
        "a string" | "a borrowed string" | "a char" => "a string".into(),
        "a sequence" => "a list".into(),
        "a boolean" => "true or false".into(),
        e if e.starts_with("struct ") || e == "a map" => "a mapping of its fields".into(),
        e => e.into(),
    }
}

/// Splits `X, expected Y` into `X` and `Y` (`Y` empty when there is none).
fn split_expected(text: &str) -> (String, String) {
    match text.split_once(", expected ") {
        Some((got, expected)) => (got.to_string(), expected.to_string()),
        None => match text.split_once(", there are no ") {
            Some((got, _)) => (got.to_string(), String::new()),
            None => (text.to_string(), String::new()),
        },
    }
}

fn unquote(text: &str) -> String {
    text.trim().trim_matches('`').to_string()
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_digit())
}

fn join(at: &str, name: &str) -> String {
    if at.is_empty() {
        name.to_string()
    } else {
        format!("{at}.{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Top {
        name: String,
        grid: Grid,
        #[serde(default)]
        seasons: Vec<Season>,
        #[serde(default)]
        kind: Option<Kind2>,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Grid {
        cap: f64,
        #[serde(default)]
        n: u32,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Season {
        months: Vec<u32>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "snake_case")]
    #[allow(dead_code)]
    enum Kind2 {
        Alpha,
        Beta,
    }

    fn all(text: &str) -> Vec<ShapeProblem> {
        let doc: Value = serde_yaml::from_str(text).unwrap();
        problems::<Top>(Some(text), &doc)
    }

    /// Five problems in five places are all listed, each at its own field, with what was
    /// found and what the field takes; the first has its line and column.
    #[test]
    fn every_problem_is_listed_not_only_the_first() {
        let found = all(
            "name: a\ngrid: {cap: lots, foo: 1, n: -3}\nseasons: [{months: [1, x]}]\n\
             kind: gamma\nextra: 2\n",
        );
        let fields: Vec<&str> = found.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "grid.cap",
                "grid.foo",
                "grid.n",
                "seasons[0].months[1]",
                "kind",
                "extra"
            ]
        );
        assert_eq!(found[0].location, Some((2, 13)));
        assert!(found[1..].iter().all(|p| p.location.is_none()));
        assert_eq!(found[0].got, "string \"lots\"");
        assert_eq!(found[0].expected, "a number");
        assert_eq!(found[2].expected, "a whole number ≥ 0");
        assert_eq!(found[1].got, "unknown field `foo`");
        assert!(found[1].expected.contains("`cap`"), "{:?}", found[1]);
        assert_eq!(found[4].got, "`gamma`");
        assert_eq!(found[4].expected, "one of `alpha` or `beta`");
    }

    /// A field of several forms (a number or `auto`) given as neither is named by itself:
    /// serde names the mapping that holds it.
    #[test]
    fn a_field_of_several_forms_is_named_by_itself() {
        #[derive(Deserialize)]
        #[serde(untagged)]
        #[allow(dead_code)]
        enum Limit {
            Value(f64),
            Auto(Kind2),
        }
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Rules {
            #[serde(default)]
            basis: Option<Kind2>,
            limit: Limit,
        }
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct Doc {
            rules: Rules,
            n: u32,
        }
        let text = "rules: { basis: alpha, limit: maybe }\nn: x\n";
        let doc: Value = serde_yaml::from_str(text).unwrap();
        let found = problems::<Doc>(Some(text), &doc);
        let fields: Vec<&str> = found.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["rules.limit", "n"], "{found:?}");
        assert_eq!(found[0].got, "maybe");
    }

    /// A required section given as text (`grid: 5`, whose stand-in mapping lacks `cap`) does
    /// not end the listing: the stand-in's own fields are filled, and the problems after it
    /// are found (it stopped at the section).
    #[test]
    fn a_section_given_as_text_does_not_end_the_listing() {
        let found = all("name: a\ngrid: 5\nseasons: [{months: [x]}]\nkind: gamma\n");
        let fields: Vec<&str> = found.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["grid", "seasons[0].months[0]", "kind"]);
        assert_eq!(found[0].expected, "a mapping of its fields");
        assert_eq!(found[0].got, "integer `5`");
    }

    /// A missing field is listed; a stand-in never makes a problem of its own (a mapping
    /// where a number is due is replaced by a number, not reported twice).
    #[test]
    fn missing_fields_are_listed_and_stand_ins_add_nothing() {
        let found = all("name: [1]\ngrid: {n: {a: 1}}\n");
        let fields: Vec<&str> = found.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["name", "grid.n", "grid.cap"]);
        assert_eq!(found[2].got, "(missing)");
        assert!(all("name: a\ngrid: {cap: 1}\n").is_empty());
    }
}
