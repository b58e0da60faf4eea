//! The write-ahead log on disk: a replica's [`Record`]s, appended to one file
//! and made durable with `fdatasync` before anything that depends on them
//! leaves (see [`DurableNode`](super::DurableNode)).
//!
//! Each record is framed as its length and its CRC-32C (u32 each,
//! little-endian), and its bincode bytes. Opening the log replays
//! every whole record; a torn or corrupted tail (a crash in the middle of a
//! write) ends the replay there and is cut off, so appends go on from the
//! last good record.
//!
//! ```
//! use anguard_protocols::kv::{Record, Storage, wal::Wal};
//!
//! let dir = std::env::temp_dir().join(format!("anguard-wal-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! let path = dir.join("replica.wal");
//! let (mut wal, durable) = Wal::open(&path)?;
//! assert_eq!(durable.term, 0);
//! wal.append(&Record::Vote { term: 3, voted_for: Some(1) })?;
//! wal.sync()?;
//! drop(wal);
//! let (_, durable) = Wal::open(&path)?;
//! assert_eq!((durable.term, durable.voted_for), (3, Some(1)));
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use anguard::payload;

use super::crc::crc32c;
use super::durable::Storage;
use super::{Durable, Record};

const HEADER: usize = 4 + 4;

/// The largest record the log writes or reads.
const MAX_RECORD: usize = payload::MAX_PAYLOAD;

/// A replica's write-ahead log.
#[derive(Debug)]
pub struct Wal {
    file: BufWriter<File>,
    buf: Vec<u8>,
}

fn checksum(bytes: &[u8]) -> [u8; 4] {
    crc32c(bytes).to_le_bytes()
}

impl Wal {
    /// Opens (or creates) the log at `path` and replays it.
    pub fn open(path: &Path) -> io::Result<(Wal, Durable)> {
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        let mut durable = Durable::default();
        let mut good = 0;
        while let Some((record, len)) = read_record(&bytes[good..]) {
            durable.apply(record);
            good += len;
        }
        if good < bytes.len() {
            tracing::warn!(
                path = %path.display(),
                kept = good,
                cut = bytes.len() - good,
                "write-ahead log: torn or corrupted tail cut off"
            );
            file.set_len(good as u64)?;
            file.sync_data()?;
        }
        file.seek(SeekFrom::Start(good as u64))?;
        let wal = Wal {
            file: BufWriter::new(file),
            buf: Vec::new(),
        };
        Ok((wal, durable))
    }
}

/// The record at the start of `bytes` and its framed length, if whole and
/// intact.
fn read_record(bytes: &[u8]) -> Option<(Record, usize)> {
    let len = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
    if len > MAX_RECORD {
        return None;
    }
    let sum: [u8; 4] = bytes.get(4..HEADER)?.try_into().ok()?;
    let body = bytes.get(HEADER..HEADER + len)?;
    if checksum(body) != sum {
        return None;
    }
    let record = payload::decode(body).ok()?;
    Some((record, HEADER + len))
}

impl Storage for Wal {
    fn append(&mut self, record: &Record) -> io::Result<()> {
        payload::encode(record, &mut self.buf).map_err(io::Error::other)?;
        let len = u32::try_from(self.buf.len())
            .ok()
            .filter(|&len| len as usize <= MAX_RECORD)
            .ok_or_else(|| io::Error::other("record too large for the write-ahead log"))?;
        self.file.write_all(&len.to_le_bytes())?;
        self.file.write_all(&checksum(&self.buf))?;
        self.file.write_all(&self.buf)
    }

    fn sync(&mut self) -> io::Result<()> {
        self.file.flush()?;
        self.file.get_ref().sync_data()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kv::Entry;

    fn temp(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("anguard-wal-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("replica.wal")
    }

    fn entries(first: u64, terms: &[u64]) -> Record {
        Record::Entries {
            first,
            entries: terms
                .iter()
                .map(|&term| Entry {
                    term,
                    request: None,
                })
                .collect(),
        }
    }

    #[test]
    fn a_torn_tail_is_cut_and_appends_go_on() {
        let path = temp("torn");
        let (mut wal, _) = Wal::open(&path).unwrap();
        wal.append(&entries(1, &[1, 1])).unwrap();
        wal.append(&entries(3, &[2])).unwrap();
        wal.sync().unwrap();
        drop(wal);
        // A crash halfway through the second record.
        let len = std::fs::metadata(&path).unwrap().len();
        let file = OpenOptions::new().write(true).open(&path).unwrap();
        file.set_len(len - 3).unwrap();
        drop(file);
        let (mut wal, durable) = Wal::open(&path).unwrap();
        assert_eq!(durable.log.len(), 2);
        wal.append(&entries(3, &[3])).unwrap();
        wal.sync().unwrap();
        drop(wal);
        let (_, durable) = Wal::open(&path).unwrap();
        let terms: Vec<u64> = durable.log.iter().map(|e| e.term).collect();
        assert_eq!(terms, [1, 1, 3]);
    }

    #[test]
    fn a_corrupted_record_ends_the_replay() {
        let path = temp("corrupt");
        let (mut wal, _) = Wal::open(&path).unwrap();
        wal.append(&entries(1, &[1])).unwrap();
        wal.append(&entries(2, &[1])).unwrap();
        wal.sync().unwrap();
        drop(wal);
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0x40;
        std::fs::write(&path, &bytes).unwrap();
        let (_, durable) = Wal::open(&path).unwrap();
        assert_eq!(durable.log.len(), 1);
    }
}
