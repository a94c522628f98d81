//! Files as spreadsheets write them: each read right or refused saying why.

use super::*;

fn column(csv: &CsvText, name: &str) -> Result<Vec<f64>, CsvError> {
    let table = csv.table()?;
    let i = table.column(name)?;
    table.rows().iter().map(|r| r.number(i, name)).collect()
}

fn read(bytes: &[u8]) -> CsvText {
    CsvText::from_bytes("f.csv", bytes).expect("reads")
}

#[test]
fn bom_crlf_quotes_and_comments() {
    let csv =
        read(b"\xEF\xBB\xBF# made by hand\r\n\r\n\"load_mw\",\"hour\"\r\n\"10.5\",0\r\n 11 ,1\r\n");
    assert_eq!(csv.encoding(), TextEncoding::Utf8WithBom);
    let table = csv.table().unwrap();
    assert_eq!(table.header().line(), 3);
    assert_eq!(table.columns_shown(), "load_mw, hour");
    assert_eq!(column(&csv, "load_mw").unwrap(), vec![10.5, 11.0]);
    assert_eq!(table.rows()[1].line(), 5);
    let crlf = read(b"a,b\r\n1,2\r\n3,4\r\n");
    let lines: Vec<usize> = crlf.records().iter().map(|r| r.line()).collect();
    assert_eq!(lines, [1, 2, 3]);
}

#[test]
fn quoted_fields_keep_separators_and_quotes() {
    let csv = read(b"name,x\n\"GREENSBORO, NC\",1\n\"say \"\"hi\"\"\",2\n");
    let rows = csv.table().unwrap().rows().to_vec();
    assert_eq!(rows[0].get(0), Some("GREENSBORO, NC"));
    assert_eq!(rows[1].get(0), Some("say \"hi\""));
}

#[test]
fn semicolons_with_decimal_commas_read_as_the_comma_file() {
    let comma = read(b"hour,cf\n0,0.5\n1,0.25\n2,1\n");
    let semi = read(b"hour;cf\n0;0,5\n1;0,25\n2;1\n");
    assert_eq!(semi.separator(), Separator::Semicolon);
    assert_eq!(semi.decimal_mark(), Some(DecimalMark::Comma));
    assert_eq!(column(&semi, "cf").unwrap(), column(&comma, "cf").unwrap());
    let tab = read(b"hour\tcf\r\n0\t0.5\r\n1\t0.25\r\n2\t1\r\n");
    assert_eq!(column(&tab, "cf").unwrap(), vec![0.5, 0.25, 1.0]);
}

#[test]
fn a_decimal_comma_in_a_comma_file_is_refused_saying_why() {
    let quoted = read(b"hour,cf\n0,0.5\n1,\"1,5\"\n");
    let msg = column(&quoted, "cf").unwrap_err().to_string();
    assert!(
        msg.starts_with("f.csv: line 3, column \"cf\": must be a finite number with '.'"),
        "{msg}"
    );
    assert!(
        msg.contains("decimal comma or a thousands separator") && msg.ends_with("got \"1,5\""),
        "{msg}"
    );
    // Unquoted, the comma splits the number into two fields.
    let split = read(b"hour,cf\n0,0.5\n1,1,5\n");
    let msg = column(&split, "cf").unwrap_err().to_string();
    assert!(
        msg.starts_with("f.csv: line 3: must be 2 fields, like the header on line 1"),
        "{msg}"
    );
    assert!(
        msg.contains("decimal comma or a thousands separator")
            && msg.contains("got 3 fields: \"1,1,5\""),
        "{msg}"
    );
}

#[test]
fn thousands_separators_are_refused_naming_line_column_value() {
    let csv = read(b"hour,load_mw\n0,900\n1,\"1,500.5\"\n");
    let msg = column(&csv, "load_mw").unwrap_err().to_string();
    assert!(msg.contains("f.csv: line 3, column \"load_mw\""), "{msg}");
    assert!(
        msg.contains("thousands separator") && msg.ends_with("got \"1,500.5\""),
        "{msg}"
    );
    let semi = read(b"hour;load_mw\n0;900,5\n1;1.500\n");
    let msg = column(&semi, "load_mw").unwrap_err().to_string();
    assert!(
        msg.contains("line 3, column \"load_mw\"")
            && msg.contains("thousands separator")
            && msg.ends_with("got \"1.500\""),
        "{msg}"
    );
}

#[test]
fn gbk_text_with_a_chinese_column_reads() {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode("小时,负荷_mw\r\n0,12.5\r\n1,13\r\n");
    assert!(!unmappable);
    let csv = read(&bytes);
    assert_eq!(csv.encoding(), TextEncoding::Gb18030);
    assert_eq!(column(&csv, "负荷_mw").unwrap(), vec![12.5, 13.0]);
    let msg = column(&csv, "load").unwrap_err().to_string();
    assert!(
        msg.contains("read as GB18030") && msg.contains("小时, 负荷_mw"),
        "{msg}"
    );
}

#[test]
fn utf16_with_a_mark_reads() {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(
        "小时\t负荷_mw\r\n0\t12,5\r\n1\t13\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let csv = read(&bytes);
    assert_eq!(csv.separator(), Separator::Tab);
    assert_eq!(column(&csv, "负荷_mw").unwrap(), vec![12.5, 13.0]);
}

#[test]
fn not_finite_and_empty_cells_are_refused() {
    for (cell, shown) in [("NaN", "\"NaN\""), ("inf", "\"inf\""), ("", "\"\"")] {
        let text = format!("hour,cf\n0,{cell}\n");
        let msg = column(&read(text.as_bytes()), "cf")
            .unwrap_err()
            .to_string();
        assert_eq!(
            msg,
            format!("f.csv: line 2, column \"cf\": must be a finite number, got {shown}")
        );
    }
}

#[test]
fn missing_and_twice_named_columns() {
    let csv = read(b"a,b,a\n1,2,3\n");
    let table = csv.table().unwrap();
    assert_eq!(table.column("b").unwrap(), 1);
    let msg = table.column("a").unwrap_err().to_string();
    assert!(
        msg.contains("\"a\" once") && msg.contains("columns 1 and 3"),
        "{msg}"
    );
    let msg = table.column("c").unwrap_err().to_string();
    assert_eq!(
        msg,
        "f.csv: line 1: must be a header with the column \"c\", got the columns a, b, a"
    );
    let empty = read(b"# only a comment\n\n");
    assert!(empty
        .table()
        .unwrap_err()
        .to_string()
        .contains("header line"));
}

#[test]
fn cr_only_line_ends_read() {
    let csv = read(b"# old Mac\rhour,cf\r0,0.5\r1,0.75\r");
    assert_eq!(column(&csv, "cf").unwrap(), vec![0.5, 0.75]);
    assert_eq!(csv.table().unwrap().rows()[1].line(), 4);
}

#[test]
fn a_too_large_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.csv");
    // A sparse 2 GiB file: takes no disk, and would take 2 GiB of memory if read.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(2 * 1024 * 1024 * 1024).unwrap();
    let started = std::time::Instant::now();
    let msg = CsvText::read(&path).unwrap_err().to_string();
    assert!(started.elapsed().as_secs_f64() < 1.0);
    assert!(
        msg.contains("huge.csv: must be a CSV file of at most 64 MiB")
            && msg.ends_with("got 2048.0 MiB"),
        "{msg}"
    );
    let msg = CsvText::read(&dir.path().join("absent.csv"))
        .unwrap_err()
        .to_string();
    assert!(msg.contains("absent.csv"), "{msg}");
}
