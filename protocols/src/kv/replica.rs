//! A replica's node, of either build, for each driver.

use core::any::Any;

use anguard::node::Node;
use anguard::state::State;
use anguard::{Adapter, AnU32, Hardening, Service, Word, payload};

use super::durable::{DurableNode, MemoryDisk, Output};
use super::raft::{encoded, plain};
use super::{Durable, KvConfig, Request, Snapshot};
use crate::algo::Variant;

/// The replica of build `variant`, restarted from `durable`, behind its
/// adapter at `hardening` (see [`Adapter::hardened`]). It scrubs on demand
/// ([`Adapter::scrub_on_demand`]): drive it behind a
/// [`DurableNode`], which scrubs it before every flush.
pub fn replica(
    variant: Variant,
    hardening: Hardening,
    config: &KvConfig,
    durable: Durable,
) -> Box<dyn Node<Output>> {
    match variant {
        Variant::Plain => adapted::<u32, _>(plain::Raft::recover(config, durable), hardening),
        Variant::Encoded => adapted::<AnU32, _>(encoded::Raft::recover(config, durable), hardening),
    }
}

/// A simulated replica's node: restarted from `disk`, behind its adapter
/// at `hardening` and the durable driver, which syncs after every handler.
pub fn simulated(
    variant: Variant,
    hardening: Hardening,
    config: &KvConfig,
    disk: MemoryDisk,
) -> Box<dyn Node<Output>> {
    Box::new(DurableNode::new(
        replica(variant, hardening, config, disk.durable()),
        disk,
    ))
}

/// The store as applied by the replica behind a node's `state_mut`, if it
/// is one of build `variant`.
pub fn applied(variant: Variant, state: &mut dyn Any) -> Option<Snapshot> {
    match variant {
        Variant::Plain => state
            .downcast_ref::<plain::Raft>()
            .map(plain::Raft::applied),
        Variant::Encoded => state
            .downcast_ref::<encoded::Raft>()
            .map(encoded::Raft::applied),
    }
}

/// The index of the variant of `Msg` a message payload holds, without
/// decoding it: a payload starts with it, a u32 (bincode's enums). For
/// counting messages of a kind in tests; were the variants reordered, the
/// tests that count them would fail.
fn variant_index(message: &[u8]) -> Option<u32> {
    Some(u32::from_le_bytes(message.get(..4)?.try_into().ok()?))
}

/// Whether `message` is an `Append` (of either build: both order their
/// variants alike).
pub fn is_append(message: &[u8]) -> bool {
    variant_index(message) == Some(2)
}

/// The index and offset of a snapshot's chunk, if `message` is one of
/// build `variant` (for counting, in tests, the installs that took more
/// than one chunk).
pub fn snapshot_chunk(variant: Variant, message: &[u8]) -> Option<(u64, u64)> {
    // Only a chunk (`Msg::Snapshot`, the fourth) is worth decoding.
    if variant_index(message) != Some(3) {
        return None;
    }
    match variant {
        Variant::Plain => match payload::decode(message).ok()? {
            plain::Msg::Snapshot { index, offset, .. } => Some((index, offset)),
            _ => None,
        },
        Variant::Encoded => match payload::decode(message).ok()? {
            encoded::Msg::Snapshot { index, offset, .. } => Some((index.into(), offset.into())),
            _ => None,
        },
    }
}

fn adapted<W, P>(protocol: P, hardening: Hardening) -> Box<dyn Node<Output>>
where
    W: Word,
    P: Service<W, Input = Request, Output: anguard::Output<Plain = Output> + Clone>
        + State
        + Clone
        + 'static,
{
    Box::new(
        Adapter::<W, P>::hardened(protocol, hardening)
            .with_inputs()
            .scrub_on_demand(),
    )
}
