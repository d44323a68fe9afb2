//! An xlsx is a zip. Before calamine opens one, its parts are counted and measured from the
//! central directory, then each is inflated here once with the same limits counted byte by
//! byte (declared sizes can lie), and its shared strings are counted: calamine reserves room
//! for as many strings as the file declares, and keeps every one.

use crate::platform::sheet::limits::Deadline;

use crate::platform::sheet::limits::MAX_ENTRIES;

use crate::platform::sheet::limits::MAX_ENTRY_BYTES;

use crate::platform::sheet::limits::MAX_EXPANDED_BYTES;

use crate::platform::sheet::limits::MAX_RATIO;

use crate::platform::sheet::limits::MAX_SHARED_STRING_BYTES;

use crate::platform::sheet::limits::MAX_SHARED_STRINGS;

use crate::platform::sheet::limits::RATIO_FLOOR_BYTES;

use crate::platform::sheet::limits::megabytes;

use crate::platform::input::FieldError;
use crate::platform::sheet::limits::refuse;
use quick_xml::events::Event;
use std::io::{self, BufReader, Cursor, Read};

/// The zip's end record: its signature, and the most bytes it can stand from the end.
const END_RECORD: &[u8] = b"PK\x05\x06";
const END_WINDOW: usize = 22 + 0xFFFF;
/// The zip64 end locator: its counts are 64-bit and the zip crate would reserve by them.
const ZIP64_LOCATOR: &[u8] = b"PK\x06\x07";

/// Checks a zip file within the limits and answers the names of its parts.
pub fn check(bytes: &[u8], deadline: &Deadline) -> Result<Vec<String>, FieldError> {
    end_record(bytes)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| crate::platform::sheet::unreadable())?;
    if zip.len() > MAX_ENTRIES {
        return Err(refuse("error.sheet_entries", MAX_ENTRIES));
    }
    let mut names = Vec::with_capacity(zip.len());
    let mut declared = 0u64;
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(|_| crate::platform::sheet::unreadable())?;
        measure(part.size(), part.compressed_size())?;
        declared = declared.saturating_add(part.size());
        if declared > MAX_EXPANDED_BYTES {
            return Err(expands());
        }
        names.push(part.name().map_err(|_| crate::platform::sheet::unreadable())?.into_owned());
    }
    let mut inflated = 0u64;
    for (i, name) in names.iter().enumerate() {
        let part = zip.by_index(i).map_err(|_| crate::platform::sheet::unreadable())?;
        let compressed = part.compressed_size();
        let mut counted =
            Counted { inner: part, compressed, read: 0, total: inflated, deadline, refused: None };
        let done = if name.to_ascii_lowercase().ends_with("sharedstrings.xml") {
            shared_strings(&mut counted)
        } else {
            io::copy(&mut counted, &mut io::sink())
                .map(drop)
                .map_err(|_| crate::platform::sheet::unreadable())
        };
        if let Some(refused) = counted.refused {
            return Err(refused);
        }
        done?;
        inflated = counted.total;
    }
    Ok(names)
}

/// Reads the counts at the end of the file before the zip crate reserves room by them.
fn end_record(bytes: &[u8]) -> Result<(), FieldError> {
    let tail = &bytes[bytes.len().saturating_sub(END_WINDOW + 20)..];
    if tail.windows(4).any(|w| w == ZIP64_LOCATOR) {
        return Err(refuse("error.sheet_entries", MAX_ENTRIES));
    }
    let at = tail
        .windows(4)
        .rposition(|w| w == END_RECORD)
        .ok_or_else(crate::platform::sheet::unreadable)?;
    let entries = tail
        .get(at + 10..at + 12)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .ok_or_else(crate::platform::sheet::unreadable)?;
    if usize::from(entries) > MAX_ENTRIES {
        return Err(refuse("error.sheet_entries", MAX_ENTRIES));
    }
    Ok(())
}

/// Holds one part's inflated size (so far, or as declared) to the limits.
fn measure(size: u64, compressed: u64) -> Result<(), FieldError> {
    if size > MAX_ENTRY_BYTES {
        return Err(refuse("error.sheet_part", megabytes(MAX_ENTRY_BYTES)));
    }
    if size > RATIO_FLOOR_BYTES && size > compressed.saturating_mul(MAX_RATIO) {
        return Err(refuse("error.sheet_ratio", MAX_RATIO));
    }
    Ok(())
}

fn expands() -> FieldError {
    refuse("error.sheet_expands", megabytes(MAX_EXPANDED_BYTES))
}

/// A part being inflated, counted as it goes; past a limit it stops with the refusal kept.
struct Counted<'d, R> {
    inner: R,
    compressed: u64,
    read: u64,
    total: u64,
    deadline: &'d Deadline,
    refused: Option<FieldError>,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        self.total += n as u64;
        let refused = measure(self.read, self.compressed)
            .and_then(|_| if self.total > MAX_EXPANDED_BYTES { Err(expands()) } else { Ok(()) })
            .and_then(|_| self.deadline.check());
        match refused {
            Ok(()) => Ok(n),
            Err(e) => {
                self.refused = Some(e);
                Err(io::Error::other("over a limit"))
            }
        }
    }
}

/// Counts the shared strings and their text, and what the file declares of them.
fn shared_strings<R: Read>(part: &mut Counted<'_, R>) -> Result<(), FieldError> {
    let strings = || refuse("error.sheet_strings", MAX_SHARED_STRINGS);
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part));
    let (mut buf, mut count, mut text) = (Vec::new(), 0u64, 0u64);
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "sst" => {
                    for name in ["count", "uniqueCount"] {
                        let declared =
                            e.try_get_attribute(name).ok().flatten().map(|a| a.value.into_owned());
                        let n = declared.and_then(|v| v.trim().parse::<u64>().ok());
                        // A count that is not a number is not reserved by, so only a large one matters.
                        if n.is_some_and(|n| n > MAX_SHARED_STRINGS) {
                            return Err(strings());
                        }
                    }
                }
                "si" => {
                    count += 1;
                    if count > MAX_SHARED_STRINGS {
                        return Err(strings());
                    }
                }
                _ => {}
            },
            Ok(Event::Text(t)) => text += t.len() as u64,
            Ok(Event::CData(t)) => text += t.len() as u64,
            // Over a limit (the caller has the refusal), or not XML: calamine will say so, but
            // only after inflating the rest, so the rest is measured too.
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
        if text > MAX_SHARED_STRING_BYTES {
            return Err(refuse("error.sheet_string_bytes", megabytes(MAX_SHARED_STRING_BYTES)));
        }
    }
    io::copy(&mut xml.into_inner(), &mut io::sink())
        .map(drop)
        .map_err(|_| crate::platform::sheet::unreadable())
}
