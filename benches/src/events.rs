//! One event of each kind, for hale and rotel4, in either build: a short
//! scripted run of three nodes brings one node to the state where the event
//! does its work, and [`Prepared::fire`] then delivers that one event.
//!
//! The nodes talk through [`Recorder`]s, which keep what they send in
//! buffers reserved up front: the event measured allocates nothing of the
//! driver's, in either build.

use anguard::node::{AlarmId, Discard, Env, Node};
use anguard::{AnU32, Hardening, hardened_node_for, node_for, scrubbed_node_for};
use anguard_protocols::{HaleConfig, Rotel4Config, hale, rotel4};

/// The protocols measured: hale at EP 10 ms and rotel4 at δ 10 ms, 3 nodes each.
pub use anguard_protocols::algo::Algo;

/// The events of `algo` that can be measured, in the order of its script.
pub fn events(algo: Algo) -> impl Iterator<Item = &'static str> {
    script(algo).iter().filter_map(|step| step.measured)
}

/// A build of a protocol, behind the adapter a driver runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Build {
    /// The module as written, over `u32`.
    Plain,
    /// Over `AnU32`, behind the checking wrapper.
    Encoded,
    /// As `Encoded`, and the wrapper checks every word of the state after
    /// each event (`scrubbed_node_for`).
    Scrubbed,
    /// As `Scrubbed`, and every handler run twice and compared
    /// ([`Hardening::AnDup`]).
    Duplicated,
}

impl Build {
    /// The builds.
    pub const ALL: [Build; 4] = [
        Build::Plain,
        Build::Encoded,
        Build::Scrubbed,
        Build::Duplicated,
    ];

    /// Its name.
    pub const fn name(self) -> &'static str {
        match self {
            Build::Plain => "plain",
            Build::Encoded => "encoded",
            Build::Scrubbed => "scrubbed",
            Build::Duplicated => "an-dup",
        }
    }

    fn alarm(self, id: u32) -> AlarmId {
        match self {
            Build::Plain => AlarmId::plain(id),
            Build::Encoded | Build::Scrubbed | Build::Duplicated => {
                AlarmId::encoded(AnU32::encode(id))
            }
        }
    }

    fn node(self, algo: Algo) -> Box<dyn Node> {
        let hale = HaleConfig::for_period(N, 10).expect("a valid configuration");
        let rotel4 = Rotel4Config::new(N, 10).expect("a valid configuration");
        match (algo, self) {
            (Algo::Hale, Build::Plain) => node_for::<u32, _>(hale::plain::Hale::new(&hale)),
            (Algo::Hale, Build::Encoded) => node_for::<AnU32, _>(hale::encoded::Hale::new(&hale)),
            (Algo::Hale, Build::Scrubbed) => {
                scrubbed_node_for::<AnU32, _>(hale::encoded::Hale::new(&hale))
            }
            (Algo::Rotel4, Build::Plain) => node_for::<u32, _>(rotel4::plain::Rotel4::new(&rotel4)),
            (Algo::Rotel4, Build::Encoded) => {
                node_for::<AnU32, _>(rotel4::encoded::Rotel4::new(&rotel4))
            }
            (Algo::Rotel4, Build::Scrubbed) => {
                scrubbed_node_for::<AnU32, _>(rotel4::encoded::Rotel4::new(&rotel4))
            }
            (Algo::Hale, Build::Duplicated) => {
                hardened_node_for::<AnU32, _>(hale::encoded::Hale::new(&hale), Hardening::AnDup)
            }
            (Algo::Rotel4, Build::Duplicated) => hardened_node_for::<AnU32, _>(
                rotel4::encoded::Rotel4::new(&rotel4),
                Hardening::AnDup,
            ),
        }
    }
}

const N: u32 = 3;

/// What one step of a script does to its node.
#[derive(Debug, Clone, Copy)]
enum Action {
    Start,
    /// Delivers the last payload `from` sent to this node.
    Deliver {
        from: u32,
    },
    /// Fires an alarm now.
    Alarm(u32),
    /// Fires an alarm at the time the node last set it for.
    AlarmWhenDue(u32),
}

#[derive(Debug, Clone, Copy)]
struct Step {
    node: u32,
    at_ms: u32,
    action: Action,
    /// The event's name, if it is one that can be measured.
    measured: Option<&'static str>,
}

const fn step(node: u32, at_ms: u32, action: Action, measured: Option<&'static str>) -> Step {
    Step {
        node,
        at_ms,
        action,
        measured,
    }
}

/// hale at EP 10 ms (δ 2, L 29): node 0 is elected with node 1's support,
/// node 2 asks too late, and the lease and promise run out.
const HALE: &[Step] = {
    use Action::*;
    use hale::plain::{LEASE_END, PROMISE_END, TICK};
    &[
        step(0, 0, Start, Some("start")),
        step(1, 0, Start, None),
        step(2, 0, Start, None),
        step(0, 30, Alarm(TICK), Some("tick, candidate: sends Req")),
        step(
            1,
            30,
            Deliver { from: 0 },
            Some("Req: promises, sends Support"),
        ),
        step(0, 31, Deliver { from: 1 }, Some("Support: becomes leader")),
        step(2, 30, Alarm(TICK), None),
        step(
            1,
            31,
            Deliver { from: 2 },
            Some("Req: promised another, sends Nack"),
        ),
        step(2, 32, Deliver { from: 1 }, Some("Nack")),
        step(1, 40, Alarm(TICK), Some("tick, follower: sends Alive")),
        step(0, 40, Deliver { from: 1 }, Some("Alive")),
        step(0, 40, Alarm(TICK), Some("tick, leader: renews")),
        step(0, 0, AlarmWhenDue(LEASE_END), Some("lease end: steps down")),
        step(1, 0, AlarmWhenDue(PROMISE_END), Some("promise end")),
    ]
};

/// rotel4 at δ 10 ms: node 0 leads round 0 and node 1 follows it, until
/// node 2 times out into round 1, which node 1 joins; node 0's `Ok` then
/// reaches node 2 a round late.
const ROTEL4: &[Step] = {
    use Action::*;
    use rotel4::plain::{SEND_OK, TIMEOUT};
    &[
        step(0, 0, Start, Some("start, leader: sends Start and Ok")),
        step(1, 0, Start, Some("start, follower: sends Start")),
        step(2, 0, Start, None),
        step(1, 1, Deliver { from: 0 }, Some("Ok, first of the round")),
        step(0, 10, Alarm(SEND_OK), Some("send-Ok alarm: sends Ok")),
        step(
            1,
            11,
            Deliver { from: 0 },
            Some("Ok, second: outputs the leader"),
        ),
        step(
            2,
            25,
            Alarm(TIMEOUT),
            Some("timeout: starts the next round"),
        ),
        step(
            1,
            26,
            Deliver { from: 2 },
            Some("Start, higher round: joins it"),
        ),
        step(
            2,
            27,
            Deliver { from: 0 },
            Some("Ok, lower round: answers Start"),
        ),
    ]
};

fn script(algo: Algo) -> &'static [Step] {
    match algo {
        Algo::Hale => HALE,
        Algo::Rotel4 => ROTEL4,
    }
}

/// A node's driver for the script: a clock set by hand, and what the node
/// sent and set, recorded.
#[derive(Debug)]
pub struct Recorder {
    me: u32,
    now_ms: u32,
    /// Every payload sent, back to back.
    bytes: Vec<u8>,
    /// `(dst, start, end)` of each payload in `bytes`.
    sent: Vec<(u32, usize, usize)>,
    /// The alarms set: `(id, at_ms)`.
    alarms: Vec<(AlarmId, u32)>,
    reported: Option<u32>,
}

impl Recorder {
    fn new(me: u32) -> Self {
        Self {
            me,
            now_ms: 0,
            bytes: Vec::with_capacity(1 << 16),
            sent: Vec::with_capacity(1 << 10),
            alarms: Vec::with_capacity(16),
            reported: None,
        }
    }

    /// The last payload sent to `dst`.
    fn last_sent_to(&self, dst: u32) -> Option<&[u8]> {
        let &(_, start, end) = self.sent.iter().rev().find(|(to, ..)| *to == dst)?;
        Some(&self.bytes[start..end])
    }

    fn alarm_time(&self, id: AlarmId) -> Option<u32> {
        self.alarms
            .iter()
            .find(|(set, _)| *set == id)
            .map(|&(_, at)| at)
    }
}

impl Env for Recorder {
    fn send(&mut self, dst: u32, payload: &[u8]) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(payload);
        self.sent.push((dst, start, self.bytes.len()));
    }
    fn set_alarm(&mut self, id: AlarmId, at_ms: u32) {
        self.cancel_alarm(id);
        self.alarms.push((id, at_ms));
    }
    fn cancel_alarm(&mut self, id: AlarmId) {
        self.alarms.retain(|(set, _)| *set != id);
    }
    fn now_ms(&self) -> u32 {
        self.now_ms
    }
    fn me(&self) -> u32 {
        self.me
    }
    fn n(&self) -> u32 {
        N
    }
    fn report(&mut self, leader: Option<u32>) {
        self.reported = leader;
    }
    fn discard(&mut self, why: Discard) {
        panic!(
            "node {} discarded {} in a fault-free script",
            self.me,
            why.name()
        );
    }
}

/// What an event delivers, resolved against the recorders.
#[derive(Debug)]
enum Event {
    Start,
    Payload { from: u32, bytes: Vec<u8> },
    Alarm(AlarmId),
}

/// One node, brought to the state before the event, and the event.
pub struct Prepared {
    node: Box<dyn Node>,
    env: Recorder,
    event: Event,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("node", &self.env.me)
            .field("event", &self.event)
            .finish()
    }
}

impl Prepared {
    /// Runs the script of `algo` in `build` up to the event named `name`,
    /// and returns the node that is to handle it. `None` if `algo` has no
    /// such event.
    pub fn new(algo: Algo, build: Build, name: &str) -> Option<Prepared> {
        let steps = script(algo);
        let at = steps.iter().position(|step| step.measured == Some(name))?;
        let mut nodes: Vec<Box<dyn Node>> = (0..N).map(|_| build.node(algo)).collect();
        let mut envs: Vec<Recorder> = (0..N).map(Recorder::new).collect();
        let mut run = |step: &Step, fire: bool| {
            let i = step.node as usize;
            let event = match step.action {
                Action::Start => Event::Start,
                Action::Deliver { from } => Event::Payload {
                    from,
                    bytes: envs[from as usize]
                        .last_sent_to(step.node)
                        .expect("the script delivers what was sent")
                        .to_vec(),
                },
                Action::Alarm(id) => Event::Alarm(build.alarm(id)),
                Action::AlarmWhenDue(id) => {
                    let id = build.alarm(id);
                    envs[i].now_ms = envs[i]
                        .alarm_time(id)
                        .expect("the script fires a set alarm");
                    Event::Alarm(id)
                }
            };
            if !matches!(step.action, Action::AlarmWhenDue(_)) {
                envs[i].now_ms = step.at_ms;
            }
            if fire {
                deliver(nodes[i].as_mut(), &mut envs[i], &event);
            }
            event
        };
        for step in &steps[..at] {
            run(step, true);
        }
        let event = run(&steps[at], false);
        let i = steps[at].node as usize;
        Some(Prepared {
            node: nodes.swap_remove(i),
            env: envs.swap_remove(i),
            event,
        })
    }

    /// Delivers the event: the one call measured.
    pub fn fire(&mut self) {
        deliver(self.node.as_mut(), &mut self.env, &self.event);
    }

    /// What the node reported last.
    pub fn reported(&self) -> Option<u32> {
        self.env.reported
    }

    /// The number of messages the node sent so far.
    pub fn sent(&self) -> usize {
        self.env.sent.len()
    }
}

fn deliver(node: &mut dyn Node, env: &mut Recorder, event: &Event) {
    match event {
        Event::Start => node.start(env),
        Event::Payload { from, bytes } => node.on_payload(*from, bytes, env),
        Event::Alarm(id) => node.on_alarm(*id, env),
    }
}
