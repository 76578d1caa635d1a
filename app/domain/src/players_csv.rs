//! A team's roster as CSV: reading an organiser's file (a preview with an answer for every
//! row) and writing one back (for Excel/WPS: UTF-8 with a BOM, safe from formula injection).
//!
//! What it reads:
//! - UTF-8 with or without a BOM, UTF-16 with a BOM (Excel's "Unicode text"), and GBK (what
//!   Excel on a Chinese Windows saves as "CSV"); anything else is refused as not text, and
//!   an `.xlsx` file (a zip) is recognised and refused with its own reason;
//! - separated by commas, full-width commas (，), semicolons or tabs (the first line decides);
//!   quoted cells as RFC 4180 writes them (`"a, b"`, `"say ""hi"""`), line breaks CRLF or LF;
//! - a header row naming the columns (姓名/name, 号码/number, 出生年份/birth_year and a few
//!   other spellings, in any order; other columns are ignored), or no header and the columns
//!   in that order.
//!
//! Each row is checked on its own: a name (at most [`NAME_MAX`] characters), a jersey number
//! 0–99 (full-width digits and a leading `#` accepted) not worn by another player of the
//! team nor by an earlier row of the file, and an optional birth year. Nothing here panics on
//! any input (a fuzz target feeds it arbitrary bytes).
use serde::{Deserialize, Serialize};

/// The largest file read (a roster of a few dozen players is a few kilobytes).
pub const MAX_BYTES: usize = 64 * 1024;
/// The most players one file may hold.
pub const MAX_ROWS: usize = 200;
/// The longest name, in characters.
pub const NAME_MAX: usize = 40;
/// The earliest birth year taken (veterans' divisions have players in their seventies).
pub const BIRTH_YEAR_MIN: i32 = 1930;

/// How the file was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16,
    Gbk,
}

/// Why a whole file cannot be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileProblem {
    /// Nothing in it (or only blank lines and a header).
    Empty,
    TooLarge,
    TooManyRows,
    /// An Excel workbook (`.xlsx`), not CSV.
    Spreadsheet,
    /// Neither UTF-8, UTF-16 nor GBK text.
    NotText,
    /// A header row without a name column or a number column.
    NoNameColumn,
    NoNumberColumn,
}

impl FileProblem {
    pub fn code(self) -> &'static str {
        match self {
            FileProblem::Empty => "empty",
            FileProblem::TooLarge => "too_large",
            FileProblem::TooManyRows => "too_many_rows",
            FileProblem::Spreadsheet => "spreadsheet",
            FileProblem::NotText => "not_text",
            FileProblem::NoNameColumn => "no_name_column",
            FileProblem::NoNumberColumn => "no_number_column",
        }
    }

    pub const ALL: [FileProblem; 7] = [
        FileProblem::Empty,
        FileProblem::TooLarge,
        FileProblem::TooManyRows,
        FileProblem::Spreadsheet,
        FileProblem::NotText,
        FileProblem::NoNameColumn,
        FileProblem::NoNumberColumn,
    ];

    pub fn from_code(code: &str) -> Option<FileProblem> {
        FileProblem::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// What is wrong with one row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowProblem {
    NameMissing,
    NameTooLong,
    NumberMissing,
    NumberNotANumber,
    NumberOutOfRange,
    /// Another player of the team already wears it.
    NumberTaken,
    /// An earlier row of the file has it.
    NumberDuplicate,
    BirthYearNotANumber,
    BirthYearOutOfRange,
}

impl RowProblem {
    pub const ALL: [RowProblem; 9] = [
        RowProblem::NameMissing,
        RowProblem::NameTooLong,
        RowProblem::NumberMissing,
        RowProblem::NumberNotANumber,
        RowProblem::NumberOutOfRange,
        RowProblem::NumberTaken,
        RowProblem::NumberDuplicate,
        RowProblem::BirthYearNotANumber,
        RowProblem::BirthYearOutOfRange,
    ];

    pub fn from_code(code: &str) -> Option<RowProblem> {
        RowProblem::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The column (and the add-player form's field) at fault.
    pub fn field(self) -> &'static str {
        match self {
            RowProblem::NameMissing | RowProblem::NameTooLong => "name",
            RowProblem::NumberMissing
            | RowProblem::NumberNotANumber
            | RowProblem::NumberOutOfRange
            | RowProblem::NumberTaken
            | RowProblem::NumberDuplicate => "number",
            RowProblem::BirthYearNotANumber | RowProblem::BirthYearOutOfRange => "birth_year",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            RowProblem::NameMissing => "name_missing",
            RowProblem::NameTooLong => "name_too_long",
            RowProblem::NumberMissing => "number_missing",
            RowProblem::NumberNotANumber => "number_not_a_number",
            RowProblem::NumberOutOfRange => "number_out_of_range",
            RowProblem::NumberTaken => "number_taken",
            RowProblem::NumberDuplicate => "number_duplicate",
            RowProblem::BirthYearNotANumber => "birth_year_not_a_number",
            RowProblem::BirthYearOutOfRange => "birth_year_out_of_range",
        }
    }
}

/// A player as a file gives them, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayerRow {
    pub name: String,
    pub number: i16,
    pub birth_year: Option<i16>,
}

/// One row of the file: what it says and what Cunba makes of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// The line of the file the row starts on (1 = the first line).
    pub line: usize,
    pub name: String,
    pub number: String,
    pub birth_year: String,
    pub result: Result<PlayerRow, Vec<RowProblem>>,
}

/// A file read: its encoding and every row with its answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    pub encoding: Encoding,
    pub header: bool,
    pub rows: Vec<Row>,
}

impl Preview {
    pub fn valid(&self) -> impl Iterator<Item = &PlayerRow> {
        self.rows.iter().filter_map(|row| row.result.as_ref().ok())
    }

    pub fn invalid_count(&self) -> usize {
        self.rows.iter().filter(|row| row.result.is_err()).count()
    }
}

/// The file's text and how it was written.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), FileProblem> {
    if bytes.len() > MAX_BYTES {
        return Err(FileProblem::TooLarge);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(FileProblem::Spreadsheet);
    }
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = std::str::from_utf8(rest).map_err(|_| FileProblem::NotText)?;
        (text.to_owned(), Encoding::Utf8Bom)
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let decoder = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, malformed) = decoder.decode_with_bom_removal(bytes);
        if malformed {
            return Err(FileProblem::NotText);
        }
        (text.into_owned(), Encoding::Utf16)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (text.to_owned(), Encoding::Utf8)
    } else {
        let text = encoding_rs::GBK
            .decode_without_bom_handling_and_without_replacement(bytes)
            .ok_or(FileProblem::NotText)?;
        (text.into_owned(), Encoding::Gbk)
    };
    // Text has no control characters but tabs and line breaks.
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(FileProblem::NotText);
    }
    Ok((text, encoding))
}

/// The separator the first non-blank line uses most.
fn separator(text: &str) -> char {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    [',', '\t', '，', ';']
        .into_iter()
        .max_by_key(|sep| (first.matches(*sep).count(), *sep == ','))
        .unwrap_or(',')
}

/// The records of the text (RFC 4180 quoting), each with the line it starts on; blank lines
/// are left out.
fn records(text: &str, sep: char) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut start = 1;
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut in_quotes = false;
    let mut chars = text.chars().peekable();
    let mut finish = |cells: &mut Vec<String>, cell: &mut String, start: usize| {
        cells.push(std::mem::take(cell));
        if cells.iter().any(|c| !c.trim().is_empty()) {
            out.push((start, std::mem::take(cells)));
        } else {
            cells.clear();
        }
    };
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    cell.push('\n');
                }
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.trim().is_empty() && !quoted => {
                cell.clear();
                quoted = true;
                in_quotes = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                finish(&mut cells, &mut cell, start);
                quoted = false;
                line += 1;
                start = line;
            }
            c if c == sep => {
                cells.push(std::mem::take(&mut cell));
                quoted = false;
            }
            _ => cell.push(c),
        }
    }
    finish(&mut cells, &mut cell, start);
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Number,
    BirthYear,
}

fn column_of(header: &str) -> Option<Column> {
    let key: String = header
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.' | '（' | '）' | '(' | ')'))
        .collect();
    match key.as_str() {
        "姓名" | "名字" | "球员" | "球员姓名" | "name" | "player" | "playername" => {
            Some(Column::Name)
        }
        "号码" | "球衣号" | "球衣号码" | "背号" | "号" | "number" | "no" | "jersey"
        | "jerseynumber" | "#" => Some(Column::Number),
        "出生年份" | "出生年" | "出生" | "出生年月" | "birthyear" | "born" | "yearofbirth" => {
            Some(Column::BirthYear)
        }
        _ => None,
    }
}

/// Full-width digits (０–９) as ASCII ones; everything else as it is.
fn ascii_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '＃' => '#',
            _ => c,
        })
        .collect()
}

fn parse_number(raw: &str) -> Result<i16, RowProblem> {
    let text = ascii_digits(raw.trim());
    let text = text.trim_start_matches('#').trim();
    if text.is_empty() {
        return Err(RowProblem::NumberMissing);
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RowProblem::NumberNotANumber);
    }
    match text.parse::<u32>() {
        Ok(n) if n <= 99 => Ok(n as i16),
        _ => Err(RowProblem::NumberOutOfRange),
    }
}

fn parse_birth_year(raw: &str, this_year: i32) -> Result<Option<i16>, RowProblem> {
    let text = ascii_digits(raw.trim());
    let text = text.trim_end_matches('年').trim();
    if text.is_empty() {
        return Ok(None);
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RowProblem::BirthYearNotANumber);
    }
    match text.parse::<i32>() {
        Ok(year) if (BIRTH_YEAR_MIN..=this_year).contains(&year) => Ok(Some(year as i16)),
        _ => Err(RowProblem::BirthYearOutOfRange),
    }
}

/// Checks one player's fields: the same rules for a file's row and for the add-a-player
/// form. `taken`: the numbers already worn in the team.
pub fn check(
    name: &str,
    number: &str,
    birth_year: &str,
    taken: &[i16],
    this_year: i32,
) -> Result<PlayerRow, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    // A name the export guarded against spreadsheet formulas (`'=…`) reads back as it was.
    let name = match name.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_owned(),
        _ => name,
    };
    if name.is_empty() {
        problems.push(RowProblem::NameMissing);
    } else if name.chars().count() > NAME_MAX {
        problems.push(RowProblem::NameTooLong);
    }
    let number = match parse_number(number) {
        Ok(n) if taken.contains(&n) => {
            problems.push(RowProblem::NumberTaken);
            None
        }
        Ok(n) => Some(n),
        Err(problem) => {
            problems.push(problem);
            None
        }
    };
    let birth_year = parse_birth_year(birth_year, this_year).unwrap_or_else(|problem| {
        problems.push(problem);
        None
    });
    match number {
        Some(number) if problems.is_empty() => Ok(PlayerRow {
            name,
            number,
            birth_year,
        }),
        _ => Err(problems),
    }
}

/// Reads a roster file. `taken`: the numbers the team's players already wear;
/// `this_year`: the latest birth year taken.
pub fn parse(bytes: &[u8], taken: &[i16], this_year: i32) -> Result<Preview, FileProblem> {
    let (text, encoding) = decode(bytes)?;
    let mut records = records(&text, separator(&text)).into_iter().peekable();
    // A header when the first record names a name column.
    let first: Vec<Option<Column>> = records
        .peek()
        .map(|(_, cells)| cells.iter().map(|c| column_of(c)).collect())
        .unwrap_or_default();
    let header = first.iter().any(|c| c.is_some());
    let position = |column: Column, fallback: usize| -> Option<usize> {
        if header {
            first.iter().position(|c| *c == Some(column))
        } else {
            Some(fallback)
        }
    };
    let name_at = position(Column::Name, 0).ok_or(FileProblem::NoNameColumn)?;
    let number_at = position(Column::Number, 1).ok_or(FileProblem::NoNumberColumn)?;
    let birth_at = position(Column::BirthYear, 2);
    if header {
        records.next();
    }
    let team = taken;
    let mut taken: Vec<i16> = team.to_vec();
    let mut rows = Vec::new();
    for (line, cells) in records {
        if rows.len() == MAX_ROWS {
            return Err(FileProblem::TooManyRows);
        }
        let cell = |at: Option<usize>| {
            at.and_then(|i| cells.get(i))
                .map(|c| c.trim().to_owned())
                .unwrap_or_default()
        };
        let (name, number, birth_year) =
            (cell(Some(name_at)), cell(Some(number_at)), cell(birth_at));
        let mut result = check(&name, &number, &birth_year, &taken, this_year);
        if let Err(problems) = &mut result {
            // Worn by an earlier row of this file rather than by a player of the team.
            if let Ok(n) = parse_number(&number) {
                if !team.contains(&n) {
                    for problem in problems.iter_mut() {
                        if *problem == RowProblem::NumberTaken {
                            *problem = RowProblem::NumberDuplicate;
                        }
                    }
                }
            }
        }
        if let Ok(player) = &result {
            taken.push(player.number);
        }
        rows.push(Row {
            line,
            name,
            number,
            birth_year,
            result,
        });
    }
    if rows.is_empty() {
        return Err(FileProblem::Empty);
    }
    Ok(Preview {
        encoding,
        header,
        rows,
    })
}

/// One cell as written to a CSV file: quoted when it must be, and made safe from formula
/// injection (a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
/// leading `'`, so a spreadsheet shows it as text instead of running it).
pub fn safe_cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// A roster as CSV for Excel/WPS: UTF-8 with a BOM, CRLF line ends, a header row that
/// [`parse`] reads back.
pub fn export(players: &[PlayerRow]) -> Vec<u8> {
    let mut out = String::from("\u{feff}姓名,号码,出生年份\r\n");
    for player in players {
        out.push_str(&safe_cell(&player.name));
        out.push(',');
        out.push_str(&player.number.to_string());
        out.push(',');
        if let Some(year) = player.birth_year {
            out.push_str(&year.to_string());
        }
        out.push_str("\r\n");
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(row: &Row) -> &PlayerRow {
        row.result.as_ref().expect("a valid row")
    }

    fn problems(row: &Row) -> Vec<RowProblem> {
        row.result.clone().expect_err("an invalid row")
    }

    #[test]
    fn reads_a_chinese_header_with_a_bom_and_flags_each_bad_row() {
        let file = "\u{feff}姓名,号码,出生年份\r\n张伟,7,1995\r\n李强,07,\r\n王磊,100,1990\r\n,8,2001\r\n赵军,9,3000\r\n";
        let preview = parse(file.as_bytes(), &[], 2026).unwrap();
        assert_eq!(preview.encoding, Encoding::Utf8Bom);
        assert!(preview.header);
        assert_eq!(preview.rows.len(), 5);
        assert_eq!(
            ok(&preview.rows[0]),
            &PlayerRow {
                name: "张伟".into(),
                number: 7,
                birth_year: Some(1995)
            }
        );
        assert_eq!(preview.rows[0].line, 2);
        // "07" is 7, worn by the row above.
        assert_eq!(
            problems(&preview.rows[1]),
            vec![RowProblem::NumberDuplicate]
        );
        assert_eq!(
            problems(&preview.rows[2]),
            vec![RowProblem::NumberOutOfRange]
        );
        assert_eq!(problems(&preview.rows[3]), vec![RowProblem::NameMissing]);
        assert_eq!(
            problems(&preview.rows[4]),
            vec![RowProblem::BirthYearOutOfRange]
        );
        assert_eq!(preview.rows[4].line, 6);
        assert_eq!(preview.valid().count(), 1);
        assert_eq!(preview.invalid_count(), 4);
    }

    #[test]
    fn numbers_worn_in_the_team_are_taken_not_duplicates() {
        let preview = parse(b"name,number\nA,4\nB,5\nC,5\n", &[4], 2026).unwrap();
        assert_eq!(preview.encoding, Encoding::Utf8);
        assert_eq!(problems(&preview.rows[0]), vec![RowProblem::NumberTaken]);
        assert_eq!(ok(&preview.rows[1]).number, 5);
        assert_eq!(
            problems(&preview.rows[2]),
            vec![RowProblem::NumberDuplicate]
        );
    }

    #[test]
    fn english_header_in_any_order_with_extra_columns() {
        let preview = parse(
            b"Birth Year,Team,Jersey,Name\n1988,x,23,Li Na\n,y,#0,\"Wang, Jr.\"\n",
            &[],
            2026,
        )
        .unwrap();
        assert_eq!(
            ok(&preview.rows[0]),
            &PlayerRow {
                name: "Li Na".into(),
                number: 23,
                birth_year: Some(1988)
            }
        );
        assert_eq!(
            ok(&preview.rows[1]),
            &PlayerRow {
                name: "Wang, Jr.".into(),
                number: 0,
                birth_year: None
            }
        );
    }

    #[test]
    fn no_header_means_name_number_year_in_order() {
        let preview = parse("陈刚,１２,1970年\n".as_bytes(), &[], 2026).unwrap();
        assert!(!preview.header);
        assert_eq!(
            ok(&preview.rows[0]),
            &PlayerRow {
                name: "陈刚".into(),
                number: 12,
                birth_year: Some(1970)
            }
        );
    }

    #[test]
    fn tabs_full_width_commas_and_quotes() {
        let tabs = parse("姓名\t号码\n刘洋\t5\n".as_bytes(), &[], 2026).unwrap();
        assert_eq!(ok(&tabs.rows[0]).number, 5);
        let full = parse("姓名，号码\n刘洋，6\n".as_bytes(), &[], 2026).unwrap();
        assert_eq!(ok(&full.rows[0]).number, 6);
        let quoted = parse(
            b"name,number\n\"say \"\"hi\"\"\",1\n\"two\nlines\",2\nlast,3",
            &[],
            2026,
        )
        .unwrap();
        assert_eq!(ok(&quoted.rows[0]).name, "say \"hi\"");
        // A line break inside a name is folded into a space; the next row starts on line 5.
        assert_eq!(ok(&quoted.rows[1]).name, "two lines");
        assert_eq!(quoted.rows[2].line, 5);
    }

    #[test]
    fn gbk_is_read_and_said() {
        // "姓名,号码\n张伟,7\n" as GBK (what Excel on a Chinese Windows saves).
        let (bytes, _, _) = encoding_rs::GBK.encode("姓名,号码\n张伟,7\n");
        assert!(std::str::from_utf8(&bytes).is_err());
        let preview = parse(&bytes, &[], 2026).unwrap();
        assert_eq!(preview.encoding, Encoding::Gbk);
        assert_eq!(ok(&preview.rows[0]).name, "张伟");
    }

    #[test]
    fn utf16_with_a_bom_is_read() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "姓名\t号码\r\n张伟\t7\r\n".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let preview = parse(&bytes, &[], 2026).unwrap();
        assert_eq!(preview.encoding, Encoding::Utf16);
        assert_eq!(ok(&preview.rows[0]).number, 7);
    }

    #[test]
    fn files_that_are_not_csv_are_refused_with_a_reason() {
        assert_eq!(
            parse(b"PK\x03\x04rest", &[], 2026),
            Err(FileProblem::Spreadsheet)
        );
        assert_eq!(
            parse(b"\x00\x01\x02\xff\xfe\xfd\x80", &[], 2026),
            Err(FileProblem::NotText)
        );
        assert_eq!(parse(b"a\x00b,1\n", &[], 2026), Err(FileProblem::NotText));
        assert_eq!(parse(b"", &[], 2026), Err(FileProblem::Empty));
        assert_eq!(parse(b"\n\n ,, \n", &[], 2026), Err(FileProblem::Empty));
        assert_eq!(
            parse("姓名,号码\n".as_bytes(), &[], 2026),
            Err(FileProblem::Empty)
        );
        assert_eq!(
            parse("姓名,年龄\n张,30\n".as_bytes(), &[], 2026),
            Err(FileProblem::NoNumberColumn)
        );
        assert_eq!(
            parse("号码,年龄\n3,30\n".as_bytes(), &[], 2026),
            Err(FileProblem::NoNameColumn)
        );
        assert_eq!(
            parse(&b"a".repeat(MAX_BYTES + 1), &[], 2026),
            Err(FileProblem::TooLarge)
        );
        let many: String = (0..=MAX_ROWS)
            .map(|i| format!("p{i},{}\n", i % 100))
            .collect();
        assert_eq!(
            parse(many.as_bytes(), &[], 2026),
            Err(FileProblem::TooManyRows)
        );
    }

    #[test]
    fn a_row_can_have_several_problems() {
        let long = "长".repeat(NAME_MAX + 1);
        let preview = parse(format!("{long},x,19z\n").as_bytes(), &[], 2026).unwrap();
        assert_eq!(
            problems(&preview.rows[0]),
            vec![
                RowProblem::NameTooLong,
                RowProblem::NumberNotANumber,
                RowProblem::BirthYearNotANumber
            ]
        );
        let preview = parse(b"A,\n", &[], 2026).unwrap();
        assert_eq!(problems(&preview.rows[0]), vec![RowProblem::NumberMissing]);
    }

    #[test]
    fn export_is_excel_friendly_formula_safe_and_reads_back() {
        let players = vec![
            PlayerRow {
                name: "=HYPERLINK(\"x\")".into(),
                number: 7,
                birth_year: Some(1990),
            },
            PlayerRow {
                name: "+1 张".into(),
                number: 8,
                birth_year: None,
            },
            PlayerRow {
                name: "@SUM(A1)".into(),
                number: 9,
                birth_year: None,
            },
            PlayerRow {
                name: "-2".into(),
                number: 10,
                birth_year: None,
            },
            PlayerRow {
                name: "Wang, Jr.".into(),
                number: 11,
                birth_year: None,
            },
        ];
        let bytes = export(&players);
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(
            text.contains("\"'=HYPERLINK(\"\"x\"\")\",7,1990\r\n"),
            "{text}"
        );
        assert!(text.contains("'+1 张,8,\r\n"));
        assert!(text.contains("'@SUM(A1),9,"));
        assert!(text.contains("'-2,10,"));
        assert!(text.contains("\"Wang, Jr.\",11,"));
        let back = parse(&bytes, &[], 2026).unwrap();
        assert_eq!(back.valid().count(), 5);
        assert_eq!(back.rows[4].result.as_ref().unwrap().name, "Wang, Jr.");
        assert_eq!(safe_cell("plain"), "plain");
    }

    #[test]
    fn never_panics_on_odd_bytes() {
        let samples: [&[u8]; 8] = [
            b"\"",
            b"\"\"\"",
            b",,,,\n,,,",
            b"\r\r\r\n\n",
            b"\xEF\xBB\xBF",
            b"\xFF\xFE\x00",
            "＃,＃\n＃９９９,".as_bytes(),
            b"name,number\n\"unterminated,1\n",
        ];
        for sample in samples {
            let _ = parse(sample, &[1, 2, 3], 2026);
        }
    }

    #[test]
    fn an_exported_roster_reads_back_unchanged_even_with_formula_like_names() {
        // Found by the players_csv fuzz target: a 40-character name starting with `=` was
        // exported as `'=…` (41 characters) and then refused as too long.
        let long = format!("={}", "H".repeat(NAME_MAX - 1));
        let players = vec![
            PlayerRow {
                name: long,
                number: 8,
                birth_year: Some(1999),
            },
            PlayerRow {
                name: "-阿明".into(),
                number: 9,
                birth_year: None,
            },
        ];
        let back = parse(&export(&players), &[], 2026).expect("reads back");
        assert_eq!(back.valid().cloned().collect::<Vec<_>>(), players);
    }
}
