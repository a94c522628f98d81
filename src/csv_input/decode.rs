//! Bytes to text, for the encodings spreadsheets write CSV files in: UTF-8 with or without a
//! byte-order mark, UTF-16 with a byte-order mark (Excel's "Unicode text"), and GB18030
//! (which includes GBK: what Chinese Excel writes as "CSV" on a GBK code page).

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE};

use super::error::{CsvError, Location};

/// The text encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 without a byte-order mark (or plain ASCII).
    Utf8,
    /// UTF-8 opening with the byte-order mark EF BB BF (Excel's "CSV UTF-8").
    Utf8WithBom,
    /// UTF-16, little-endian, opening with the byte-order mark FF FE.
    Utf16Le,
    /// UTF-16, big-endian, opening with the byte-order mark FE FF.
    Utf16Be,
    /// GB18030, a superset of GBK, taken when the text is not UTF-8 but decodes cleanly as it.
    Gb18030,
}

impl TextEncoding {
    /// The encoding's name for messages, e.g. `GB18030 (GBK)`.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8WithBom => "UTF-8 with a byte-order mark",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Gb18030 => "GB18030 (GBK)",
        }
    }
}

/// Decodes the bytes of `file`: a UTF-8 or UTF-16 byte-order mark decides the encoding and
/// is dropped; otherwise UTF-8, else GB18030 when the bytes decode cleanly as it.
///
/// # Errors
/// [`CsvError::Invalid`] naming the line of the first byte that does not decode (bytes that
/// are neither UTF-8 nor GB18030; malformed UTF-8 or UTF-16 after its byte-order mark), or of
/// the first NUL character (UTF-16 without a byte-order mark, or not a text file).
pub fn decode(file: &str, bytes: &[u8]) -> Result<(String, TextEncoding), CsvError> {
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = decode_strict(encoding_rs::UTF_8, rest).map_err(|at| {
            bad_bytes(
                file,
                line_of_byte(rest, at),
                "UTF-8 text, as its byte-order mark says",
                rest,
                at,
            )
        })?;
        (text, TextEncoding::Utf8WithBom)
    } else if let Some((rest, encoding, name)) = utf16(bytes) {
        let text = decode_strict(encoding, rest).map_err(|at| {
            let little_endian = name == TextEncoding::Utf16Le;
            CsvError::invalid(
                Location::line(file, line_of_utf16_unit(rest, at, little_endian)),
                format!("{} text, as its byte-order mark says", name.name()),
                format!("a malformed UTF-16 sequence at byte {}", at + 2),
            )
        })?;
        (text, name)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_string(), TextEncoding::Utf8),
            Err(utf8) => {
                let at = utf8.valid_up_to();
                let text = decode_strict(GB18030, bytes).map_err(|gb_at| {
                    let mut error = bad_bytes(
                        file,
                        line_of_byte(bytes, at),
                        "UTF-8 or GBK/GB18030 text (save it as \"CSV UTF-8\")",
                        bytes,
                        at,
                    );
                    if let CsvError::Invalid { value, .. } = &mut error {
                        value.push_str(&format!(
                            "; read as GB18030 it breaks on line {}",
                            line_of_byte(bytes, gb_at)
                        ));
                    }
                    error
                })?;
                (text, TextEncoding::Gb18030)
            }
        }
    };
    if let Some(at) = text.find('\0') {
        return Err(CsvError::invalid(
            Location::line(file, line_of_byte(text.as_bytes(), at)),
            "text without NUL characters (UTF-16 needs its byte-order mark; or save the file as \"CSV UTF-8\")",
            "a NUL character",
        ));
    }
    Ok((text, encoding))
}

/// The rest after a UTF-16 byte-order mark, the decoder and the encoding, if there is one.
fn utf16(bytes: &[u8]) -> Option<(&[u8], &'static Encoding, TextEncoding)> {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        Some((rest, UTF_16LE, TextEncoding::Utf16Le))
    } else {
        bytes
            .strip_prefix(b"\xFE\xFF")
            .map(|rest| (rest, UTF_16BE, TextEncoding::Utf16Be))
    }
}

/// Decodes `bytes` as `encoding` without replacement characters, or gives the offset of the
/// first malformed byte.
fn decode_strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .ok_or(0usize)?;
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(text),
        DecoderResult::Malformed(bad, after) => {
            Err(read.saturating_sub(usize::from(bad) + usize::from(after)))
        }
        DecoderResult::OutputFull => Err(read),
    }
}

/// An error for the undecodable byte at offset `at` of `bytes`, on line `line`.
fn bad_bytes(file: &str, line: usize, expected: &str, bytes: &[u8], at: usize) -> CsvError {
    let byte = bytes.get(at).copied().unwrap_or(0);
    CsvError::invalid(
        Location::line(file, line),
        expected,
        format!("the byte 0x{byte:02X}, which is not UTF-8"),
    )
}

/// 1-based line of byte offset `at` (counting `\n`).
fn line_of_byte(bytes: &[u8], at: usize) -> usize {
    1 + bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// 1-based line of byte offset `at` in UTF-16 code units.
fn line_of_utf16_unit(bytes: &[u8], at: usize, little_endian: bool) -> usize {
    1 + bytes[..at.min(bytes.len())]
        .chunks_exact(2)
        .filter(|pair| {
            let unit = if little_endian {
                u16::from_le_bytes([pair[0], pair[1]])
            } else {
                u16::from_be_bytes([pair[0], pair[1]])
            };
            unit == u16::from(b'\n')
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_order_marks_decide_and_are_dropped() {
        let (text, enc) = decode("f", b"\xEF\xBB\xBFa,b\r\n1,2\r\n").unwrap();
        assert_eq!(
            (text.as_str(), enc),
            ("a,b\r\n1,2\r\n", TextEncoding::Utf8WithBom)
        );
        let mut le = vec![0xFF, 0xFE];
        le.extend("负荷,b\n".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            decode("f", &le).unwrap(),
            ("负荷,b\n".to_string(), TextEncoding::Utf16Le)
        );
        let mut be = vec![0xFE, 0xFF];
        be.extend("x\ty\n".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(
            decode("f", &be).unwrap(),
            ("x\ty\n".to_string(), TextEncoding::Utf16Be)
        );
    }

    #[test]
    fn gbk_bytes_decode_as_gb18030() {
        let (bytes, _, _) = GB18030.encode("小时,负荷_mw\n0,1.5\n");
        assert!(std::str::from_utf8(&bytes).is_err());
        let (text, enc) = decode("f", &bytes).unwrap();
        assert_eq!(text, "小时,负荷_mw\n0,1.5\n");
        assert_eq!(enc, TextEncoding::Gb18030);
    }

    #[test]
    fn bytes_neither_utf8_nor_gb18030_are_refused_naming_the_line() {
        // 0xFF is never a GB18030 lead byte, and not UTF-8.
        let msg = decode("f.csv", b"a,b\n1,2\n3,\xFF\n")
            .unwrap_err()
            .to_string();
        assert!(
            msg.starts_with("f.csv: line 3: must be UTF-8 or GBK"),
            "{msg}"
        );
        assert!(msg.contains("0xFF"), "{msg}");
        let msg = decode("f.csv", b"\xEF\xBB\xBFa\n\xC3\n")
            .unwrap_err()
            .to_string();
        assert!(
            msg.starts_with("f.csv: line 2: must be UTF-8 text"),
            "{msg}"
        );
    }

    #[test]
    fn utf16_without_a_mark_is_refused_not_read_as_garbage() {
        let bytes: Vec<u8> = "a,b\n1,2\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let msg = decode("f.csv", &bytes).unwrap_err().to_string();
        assert!(
            msg.contains("f.csv: line 1") && msg.contains("NUL"),
            "{msg}"
        );
        // An unpaired surrogate after a UTF-16 mark.
        let msg = decode("f.csv", b"\xFF\xFEa\x00\n\x00\x00\xD8b\x00")
            .unwrap_err()
            .to_string();
        assert!(msg.contains("f.csv: line 2: must be UTF-16LE"), "{msg}");
    }
}
