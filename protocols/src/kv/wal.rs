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
//! A [`Record::Snapshot`] of what the replica applied needs no write while
//! the log is short: the last snapshot on disk and the log after it hold
//! the same entries, and a restart replays them. Once the log has grown
//! past [`Wal::rewrite_at`] bytes (4 MiB unless set), the latest snapshot
//! goes to a file of its own beside the log (its
//! name with the extension `snap`), framed the same way (a header, then
//! each key and value in a frame of its own): written to a
//! temporary file, synced, and renamed over the last one, so that a crash
//! leaves the old snapshot or the new one, whole. The log is then replaced
//! the same way by one that starts after the snapshot: the term and vote,
//! and the entries the snapshot does not cover. A snapshot installed from
//! the leader that discards entries holds what the log does not: it is
//! written at once, whatever the log's length. Opening reads the snapshot
//! first, then replays the log over it (a log the crash left unreplaced
//! still replays right: what the snapshot covers is skipped, and a snapshot
//! that discarded the entries after it, as one installed from the leader
//! may, has cut them in the old log before it was renamed into place). A snapshot
//! file that is not whole and intact is an error: it was replaced
//! atomically, so it is corrupted, and the replica must not start from it.
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
use std::path::{Path, PathBuf};

use anguard::payload;
use serde::Serialize;

use super::crc::crc32c;
use super::durable::Storage;
use super::{Durable, Record, Snapshot};

const HEADER: usize = 4 + 4;

/// The largest record the log writes or reads.
const MAX_RECORD: usize = payload::MAX_PAYLOAD;

/// The log's length past which a snapshot rewrites it, unless set.
const REWRITE_AT: u64 = 4 << 20;

/// A replica's write-ahead log, and its snapshot.
#[derive(Debug)]
pub struct Wal {
    file: BufWriter<File>,
    buf: Vec<u8>,
    framed: Vec<u8>,
    path: PathBuf,
    /// What the snapshot and the log replay into: what a new log written
    /// after a snapshot starts from.
    durable: Durable,
    /// The log file's length, with what is buffered.
    len: u64,
    /// The log's length past which a snapshot rewrites it.
    rewrite_at: u64,
}

fn checksum(bytes: &[u8]) -> [u8; 4] {
    crc32c(bytes).to_le_bytes()
}

/// The snapshot file beside the log at `path`.
fn snapshot_path(path: &Path) -> PathBuf {
    path.with_extension("snap")
}

/// The temporary file `path` is written to before it is renamed over it.
fn temporary(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".tmp");
    name.into()
}

impl Wal {
    /// Opens (or creates) the log at `path`, reads the snapshot beside it,
    /// and replays the log over it.
    pub fn open(path: &Path) -> io::Result<(Wal, Durable)> {
        let mut durable = Durable {
            snapshot: read_snapshot(&snapshot_path(path))?,
            ..Durable::default()
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        let mut good = 0;
        while let Some((record, len)) = read_framed::<Record>(&bytes[good..]) {
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
            framed: Vec::new(),
            path: path.to_path_buf(),
            durable: durable.clone(),
            len: good as u64,
            rewrite_at: REWRITE_AT,
        };
        Ok((wal, durable))
    }

    /// Sets the log's length in bytes past which a snapshot is written and
    /// the log rewritten after it (0: at every snapshot). A shorter log
    /// costs a shorter replay on restart; a longer one, fewer writes.
    ///
    /// ```
    /// use anguard_protocols::kv::wal::Wal;
    ///
    /// let dir = std::env::temp_dir().join(format!("anguard-wal-rewrite-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// let (wal, _) = Wal::open(&dir.join("replica.wal"))?;
    /// let wal = wal.rewrite_at(0);
    /// # drop(wal);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[must_use]
    pub fn rewrite_at(self, bytes: u64) -> Self {
        Self {
            rewrite_at: bytes,
            ..self
        }
    }

    /// Takes `snapshot`: writes it and replaces the log by one that starts
    /// after it if it discarded entries or the log has grown long; until
    /// then the log holds what it covers.
    fn snapshot(&mut self, snapshot: Snapshot) -> io::Result<()> {
        let after = snapshot.index + 1;
        if self.durable.install(snapshot) {
            // A crash between the two replacements below replays the old log
            // over the new snapshot: it must not bring back the entries the
            // snapshot discarded, so the old log cuts them first.
            self.append(&Record::Entries {
                first: after,
                entries: Vec::new(),
            })?;
            self.sync()?;
        } else if self.rewrite_at > 0 && self.len <= self.rewrite_at {
            // The log still holds every entry the snapshot covers.
            return Ok(());
        }
        let snapshot = &self.durable.snapshot;
        let mut bytes = Vec::new();
        let header = (snapshot.index, snapshot.term, snapshot.store.len() as u64);
        frame(&header, &mut self.buf, &mut bytes)?;
        for pair in &snapshot.store {
            frame(pair, &mut self.buf, &mut bytes)?;
        }
        replace(&snapshot_path(&self.path), &bytes)?;
        bytes.clear();
        let vote = Record::Vote {
            term: self.durable.term,
            voted_for: self.durable.voted_for,
        };
        frame(&vote, &mut self.buf, &mut bytes)?;
        // An entry a record: each fits in one, whatever the log's length.
        for (first, entry) in (self.durable.snapshot.index + 1..).zip(&self.durable.log) {
            let entries = Record::Entries {
                first,
                entries: vec![entry.clone()],
            };
            frame(&entries, &mut self.buf, &mut bytes)?;
        }
        let log = BufWriter::new(replace(&self.path, &bytes)?);
        // The old log's unwritten records are in the new one: drop them.
        drop(std::mem::replace(&mut self.file, log).into_parts());
        self.len = bytes.len() as u64;
        Ok(())
    }
}

/// Appends `value`, framed (length, CRC-32C, bincode), to `out`, through
/// the scratch buffer `buf`.
fn frame(value: &impl Serialize, buf: &mut Vec<u8>, out: &mut Vec<u8>) -> io::Result<()> {
    payload::encode(value, buf).map_err(io::Error::other)?;
    let len = u32::try_from(buf.len())
        .ok()
        .filter(|&len| len as usize <= MAX_RECORD)
        .ok_or_else(|| io::Error::other("record too large for the write-ahead log"))?;
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&checksum(buf));
    out.extend_from_slice(buf);
    Ok(())
}

/// Replaces the file at `path` by `bytes`, atomically and durably: a
/// temporary file, synced, renamed over it, and the directory synced.
/// Returns the new file, open.
fn replace(path: &Path, bytes: &[u8]) -> io::Result<File> {
    let temporary = temporary(path);
    let mut file = File::create(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&temporary, path)?;
    let dir = path.parent().filter(|dir| !dir.as_os_str().is_empty());
    File::open(dir.unwrap_or(Path::new(".")))?.sync_all()?;
    Ok(file)
}

/// The snapshot at `path` (none yet: the empty one).
fn read_snapshot(path: &Path) -> io::Result<Snapshot> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Snapshot::default()),
        Err(error) => return Err(error),
    };
    parse_snapshot(&bytes).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("snapshot {} is corrupted", path.display()),
        )
    })
}

/// A snapshot file's contents: its index, term and number of pairs, then
/// each pair, each framed (so that no frame grows with the store); `None`
/// unless all of it is whole and intact.
fn parse_snapshot(bytes: &[u8]) -> Option<Snapshot> {
    let ((index, term, count), mut at): ((u64, u64, u64), usize) = read_framed(bytes)?;
    let mut store = Vec::new();
    for _ in 0..count {
        let (pair, len) = read_framed(&bytes[at..])?;
        store.push(pair);
        at += len;
    }
    (at == bytes.len()).then_some(Snapshot { index, term, store })
}

/// The framed value at the start of `bytes` and its framed length, if
/// whole and intact.
fn read_framed<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<(T, usize)> {
    let len = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
    if len > MAX_RECORD {
        return None;
    }
    let sum: [u8; 4] = bytes.get(4..HEADER)?.try_into().ok()?;
    let body = bytes.get(HEADER..HEADER + len)?;
    if checksum(body) != sum {
        return None;
    }
    let value = payload::decode(body).ok()?;
    Some((value, HEADER + len))
}

impl Storage for Wal {
    fn append(&mut self, record: &Record) -> io::Result<()> {
        if let Record::Snapshot(snapshot) = record {
            return self.snapshot(snapshot.clone());
        }
        self.durable.apply(record.clone());
        self.framed.clear();
        frame(record, &mut self.buf, &mut self.framed)?;
        self.file.write_all(&self.framed)?;
        self.len += self.framed.len() as u64;
        Ok(())
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

    /// The log at `path`, opened, writing a snapshot past `bytes`.
    fn open_rewriting_at(path: &Path, bytes: u64) -> Wal {
        Wal::open(path).unwrap().0.rewrite_at(bytes)
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

    fn snapshot(index: u64, term: u64) -> Record {
        Record::Snapshot(Snapshot {
            index,
            term,
            store: vec![(b"k".to_vec(), b"v".to_vec())],
        })
    }

    fn terms(durable: &Durable) -> Vec<u64> {
        durable.log.iter().map(|e| e.term).collect()
    }

    #[test]
    fn a_snapshot_replaces_the_start_of_the_log_and_survives_a_restart() {
        let path = temp("snapshot");
        let mut wal = open_rewriting_at(&path, 0);
        wal.append(&Record::Vote {
            term: 2,
            voted_for: Some(0),
        })
        .unwrap();
        for first in 1..=30 {
            wal.append(&entries(first, &[1 + first / 10])).unwrap();
        }
        wal.sync().unwrap();
        let before = std::fs::metadata(&path).unwrap().len();
        wal.append(&snapshot(28, 3)).unwrap();
        wal.append(&entries(31, &[3])).unwrap();
        wal.sync().unwrap();
        drop(wal);
        assert!(
            std::fs::metadata(&path).unwrap().len() < before / 4,
            "the log was cut"
        );
        let (_, durable) = Wal::open(&path).unwrap();
        assert_eq!((durable.term, durable.voted_for), (2, Some(0)));
        assert_eq!(
            durable.snapshot,
            Snapshot {
                index: 28,
                term: 3,
                store: vec![(b"k".to_vec(), b"v".to_vec())],
            }
        );
        assert_eq!(terms(&durable), [3, 4, 3], "indices 29 to 31");
    }

    #[test]
    fn a_crash_before_the_log_is_replaced_replays_the_old_log_over_the_snapshot() {
        let path = temp("half-done");
        let mut wal = open_rewriting_at(&path, 0);
        wal.append(&entries(1, &[1, 1, 1])).unwrap();
        wal.sync().unwrap();
        drop(wal);
        let old = std::fs::read(&path).unwrap();
        let mut wal = open_rewriting_at(&path, 0);
        wal.append(&snapshot(2, 1)).unwrap();
        drop(wal);
        // The snapshot file was renamed into place; the log was not yet.
        std::fs::write(&path, old).unwrap();
        let (_, durable) = Wal::open(&path).unwrap();
        assert_eq!(durable.snapshot.index, 2);
        assert_eq!(terms(&durable), [1], "index 3");
    }

    #[test]
    fn a_crash_after_an_installed_snapshot_does_not_bring_back_the_entries_it_discarded() {
        let path = temp("installed");
        let (mut wal, _) = Wal::open(&path).unwrap();
        wal.append(&entries(1, &[1, 2, 2, 2, 2, 2, 2])).unwrap();
        wal.sync().unwrap();
        drop(wal);
        let old = std::fs::read(&path).unwrap();
        let (mut wal, _) = Wal::open(&path).unwrap();
        // The leader's snapshot ends at index 5 of term 3: this log's entry 5
        // is of term 2, so the entries after it conflict and go.
        wal.append(&snapshot(5, 3)).unwrap();
        wal.sync().unwrap();
        drop(wal);
        let (_, durable) = Wal::open(&path).unwrap();
        assert_eq!((durable.snapshot.index, terms(&durable)), (5, vec![]));
        // What the old log holds once it has cut them, before the snapshot
        // is renamed into place.
        let mut cut = old.clone();
        frame(&entries(6, &[]), &mut Vec::new(), &mut cut).unwrap();
        // The snapshot was renamed into place; the log was not yet.
        std::fs::write(&path, &cut).unwrap();
        let (_, durable) = Wal::open(&path).unwrap();
        assert_eq!((durable.snapshot.index, terms(&durable)), (5, vec![]));
        // Without the cut, the old log would bring entries 6 and 7 back.
        std::fs::write(&path, &old).unwrap();
        let (_, durable) = Wal::open(&path).unwrap();
        assert_eq!(terms(&durable), [2, 2], "the old log alone replays them");
        // The crash came before the snapshot was renamed: the old snapshot
        // (none) and the old log up to index 5, nothing it acknowledged lost.
        std::fs::write(&path, &cut).unwrap();
        std::fs::remove_file(snapshot_path(&path)).unwrap();
        let (_, durable) = Wal::open(&path).unwrap();
        assert_eq!(
            (durable.snapshot.index, terms(&durable)),
            (0, vec![1, 2, 2, 2, 2])
        );
    }

    #[test]
    fn a_corrupted_snapshot_is_an_error() {
        let path = temp("bad-snapshot");
        let mut wal = open_rewriting_at(&path, 0);
        wal.append(&snapshot(1, 1)).unwrap();
        drop(wal);
        let snap = snapshot_path(&path);
        let mut bytes = std::fs::read(&snap).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&snap, &bytes).unwrap();
        let error = Wal::open(&path).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        std::fs::write(&snap, &bytes[..last]).unwrap();
        assert_eq!(
            Wal::open(&path).unwrap_err().kind(),
            io::ErrorKind::InvalidData
        );
    }

    #[test]
    fn a_snapshot_larger_than_a_record_is_written_and_read_back() {
        let path = temp("large-snapshot");
        let mut wal = open_rewriting_at(&path, 0);
        let value = vec![7u8; MAX_RECORD / 2];
        let store: Vec<_> = (0..3u8).map(|k| (vec![k], value.clone())).collect();
        let large = Snapshot {
            index: 1,
            term: 1,
            store,
        };
        wal.append(&Record::Snapshot(large.clone())).unwrap();
        drop(wal);
        let (_, durable) = Wal::open(&path).unwrap();
        assert_eq!(durable.snapshot, large);
    }

    #[test]
    fn a_snapshot_of_a_short_log_writes_nothing_and_the_log_replays_what_it_covers() {
        let path = temp("deferred");
        let (mut wal, _) = Wal::open(&path).unwrap();
        wal.append(&entries(1, &[1, 1, 2])).unwrap();
        wal.sync().unwrap();
        let before = std::fs::read(&path).unwrap();
        wal.append(&snapshot(2, 1)).unwrap();
        wal.append(&entries(4, &[2])).unwrap();
        wal.sync().unwrap();
        drop(wal);
        assert!(!snapshot_path(&path).exists(), "no snapshot written");
        assert!(
            std::fs::read(&path).unwrap().starts_with(&before),
            "the log only grew"
        );
        let (_, durable) = Wal::open(&path).unwrap();
        assert_eq!(durable.snapshot, Snapshot::default());
        assert_eq!(terms(&durable), [1, 1, 2, 2], "indices 1 to 4");
    }

    #[test]
    fn a_snapshot_once_the_log_is_long_writes_the_latest_and_cuts_the_log() {
        let path = temp("rewritten");
        let mut wal = open_rewriting_at(&path, 500);
        for first in 1..=10 {
            wal.append(&entries(first, &[1])).unwrap();
        }
        wal.sync().unwrap();
        let short = std::fs::metadata(&path).unwrap().len();
        assert!(short <= 500, "{short} bytes: still short");
        wal.append(&snapshot(4, 1)).unwrap();
        assert!(!snapshot_path(&path).exists(), "no snapshot written yet");
        for first in 11..=30 {
            wal.append(&entries(first, &[2])).unwrap();
        }
        wal.sync().unwrap();
        let long = std::fs::metadata(&path).unwrap().len();
        assert!(long > 500, "{long} bytes: long");
        wal.append(&snapshot(25, 2)).unwrap();
        wal.sync().unwrap();
        drop(wal);
        assert!(std::fs::metadata(&path).unwrap().len() < long / 4, "cut");
        let (_, durable) = Wal::open(&path).unwrap();
        assert_eq!(durable.snapshot.index, 25);
        assert_eq!(terms(&durable), [2; 5], "indices 26 to 30");
    }

    #[test]
    fn a_log_reopened_long_is_rewritten_at_the_next_snapshot() {
        let path = temp("reopened-long");
        let (mut wal, _) = Wal::open(&path).unwrap();
        for first in 1..=30 {
            wal.append(&entries(first, &[1])).unwrap();
        }
        wal.sync().unwrap();
        drop(wal);
        let long = std::fs::metadata(&path).unwrap().len();
        assert!(long > 500, "{long} bytes: long");
        let mut wal = open_rewriting_at(&path, 500);
        wal.append(&snapshot(20, 1)).unwrap();
        drop(wal);
        assert!(snapshot_path(&path).exists(), "the snapshot written");
        let (_, durable) = Wal::open(&path).unwrap();
        assert_eq!((durable.snapshot.index, terms(&durable)), (20, vec![1; 10]));
    }
}
