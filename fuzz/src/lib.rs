//! The fuzz targets' bodies, shared by the cargo-fuzz binaries in
//! `fuzz_targets/` and by the ordinary test `protocols/tests/cli_fuzz_targets.rs`,
//! which compiles this very file (`#[path]`) and runs it over seeds, their
//! bit flips and truncations, and random bytes, so the targets stay correct
//! on stable Rust, where cargo-fuzz cannot run.
//!
//! Each function takes any bytes and must neither panic nor abort: the
//! assertions in them are the properties the fuzzer checks.

use std::sync::OnceLock;

use anguard::an::Tag;
use anguard::net::frame::{Frame, Hello, VERSION};
use anguard::net::handshake::check_hello;
use anguard::net::tls::certs::{Authority, NodeCert};
use anguard::net::tls::rustls::pki_types::ServerName;
use anguard::net::tls::rustls::{ClientConnection, ServerConnection};
use anguard::net::tls::{PeerIdentity, Tls, node_name};
use anguard::{AlarmId, AnU32, Discard, Env, Node, payload, scrubbed_node_for};
use anguard_protocols::hale::{self, HaleConfig};
use anguard_protocols::rotel4::{self, Rotel4Config};

/// The frame decoder: what arrives in one length-delimited frame. A frame
/// that parses re-encodes to exactly the bytes it came from.
pub fn frame(data: &[u8]) {
    if let Ok(frame) = Frame::parse(data.to_vec().into()) {
        assert_eq!(&frame.to_bytes()[..], data, "{frame:?}");
    }
}

/// The accepting side of the handshake on a peer's first frame (inside
/// TLS, or on plain TCP): frame parse, hello check, and the check that the
/// peer's certificate names the id the hello claims, as
/// `anguard::net::handshake::accept` does them. The first byte picks our
/// side (build, cluster size, id) and whether the peer proved, with a
/// certificate, to be node 1.
pub fn handshake(data: &[u8]) {
    let Some((&choice, first_frame)) = data.split_first() else {
        return;
    };
    let n = u32::from((choice >> 1) & 7) + 1;
    let ours = Hello {
        version: VERSION,
        protocol: 0x5eed,
        encoded: choice & 1 == 1,
        n,
        sender: u32::from((choice >> 4) & 7) % n,
    };
    let identity = if choice & 0x80 != 0 {
        PeerIdentity::Certified(fixture().node(1).cert_der())
    } else {
        PeerIdentity::Unauthenticated
    };
    let Ok(Frame::Hello(theirs)) = Frame::parse(first_frame.to_vec().into()) else {
        return;
    };
    if let Ok(peer) = check_hello(&ours, &theirs)
        && identity.admits(peer).is_ok()
    {
        assert!(
            peer < ours.n && peer != ours.sender,
            "{ours:?} took {theirs:?}"
        );
        assert_eq!(
            (theirs.version, theirs.protocol, theirs.encoded, theirs.n),
            (ours.version, ours.protocol, ours.encoded, ours.n)
        );
        if identity != PeerIdentity::Unauthenticated {
            assert_eq!(peer, 1, "node 1's certificate spoke as {peer}");
        }
    }
}

/// The TLS server side of an accepted connection, as node 0 of a cluster
/// with mutual TLS: the bytes a peer sends before and during the handshake.
/// Nothing may panic, and no bytes can complete the handshake without the
/// client's private key: a connection is never established.
pub fn tls_accept(data: &[u8]) {
    let mut server =
        ServerConnection::new(fixture().tls(0).server_config()).expect("a server connection");
    let mut input = data;
    while !input.is_empty() {
        match server.read_tls(&mut input) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        if server.process_new_packets().is_err() {
            break;
        }
        // What it would answer, discarded.
        let mut sink = Vec::new();
        while server.wants_write() && server.write_tls(&mut sink).is_ok() {}
    }
    assert!(
        server.is_handshaking(),
        "arbitrary bytes completed a mutual TLS handshake"
    );
}

/// A CA with certificates for nodes 0..3, made once per process.
#[derive(Debug)]
pub struct Fixture {
    nodes: Vec<NodeCert>,
    ca_pem: String,
}

impl Fixture {
    fn node(&self, id: u32) -> &NodeCert {
        &self.nodes[id as usize]
    }

    fn tls(&self, id: u32) -> Tls {
        let node = self.node(id);
        Tls::from_pem(
            id,
            node.cert_pem.as_bytes(),
            node.key_pem.as_bytes(),
            self.ca_pem.as_bytes(),
        )
        .expect("the fixture's certificates are valid")
    }
}

/// The fixture of this process.
pub fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let ca = Authority::new("fuzzing").expect("a CA");
        Fixture {
            nodes: (0..3)
                .map(|id| ca.issue(id, ca.validity()).expect("a node certificate"))
                .collect(),
            ca_pem: ca.cert_pem(),
        }
    })
}

/// Node 1's first flight to node 0: a real TLS 1.3 ClientHello.
fn client_hello() -> Vec<u8> {
    let name = ServerName::try_from(node_name(0)).expect("a DNS name");
    let mut client =
        ClientConnection::new(fixture().tls(1).client_config(), name).expect("a client connection");
    let mut hello = Vec::new();
    while client.wants_write() {
        client.write_tls(&mut hello).expect("writes to a Vec");
    }
    hello
}

/// A complete TLS session between nodes 1 and 0 (1 dialling), run in
/// memory: what node 1 sent, in order. Replayed on a new connection, none
/// of it may be accepted.
fn recorded_session() -> Vec<u8> {
    let name = ServerName::try_from(node_name(0)).expect("a DNS name");
    let mut client =
        ClientConnection::new(fixture().tls(1).client_config(), name).expect("a client connection");
    let mut server =
        ServerConnection::new(fixture().tls(0).server_config()).expect("a server connection");
    let mut sent = Vec::new();
    for _ in 0..10 {
        let mut flight = Vec::new();
        while client.wants_write() {
            client.write_tls(&mut flight).expect("writes to a Vec");
        }
        sent.extend_from_slice(&flight);
        let mut reader = &flight[..];
        while !reader.is_empty() && server.read_tls(&mut reader).is_ok_and(|n| n > 0) {}
        server.process_new_packets().expect("a valid session");
        let mut answer = Vec::new();
        while server.wants_write() {
            server.write_tls(&mut answer).expect("writes to a Vec");
        }
        let mut reader = &answer[..];
        while !reader.is_empty() && client.read_tls(&mut reader).is_ok_and(|n| n > 0) {}
        client.process_new_packets().expect("a valid session");
        if !client.is_handshaking() && !server.is_handshaking() && !client.wants_write() {
            break;
        }
    }
    assert!(!server.is_handshaking(), "the recorded session completed");
    let hello = Frame::Hello(Hello {
        version: VERSION,
        protocol: 0x5eed,
        encoded: true,
        n: 3,
        sender: 1,
    });
    let body = hello.to_bytes();
    let mut framed = (body.len() as u32).to_be_bytes().to_vec();
    framed.extend_from_slice(&body);
    std::io::Write::write_all(&mut client.writer(), &framed).expect("writes to a buffer");
    while client.wants_write() {
        client.write_tls(&mut sent).expect("writes to a Vec");
    }
    sent
}

/// The payload decoder, as a node meets it: the first byte picks the
/// algorithm, the build and the node's id among 3; the rest is a sequence of
/// payloads, each a length byte and that many bytes, delivered to a started
/// node 7 ms apart (firing the alarms that fall due), from the two other
/// nodes in turn. Every encoded payload
/// that does not decode to valid code words must be discarded; nothing may
/// panic or fault. Returns how many payloads were discarded.
pub fn payload(data: &[u8]) -> usize {
    let Some((&choice, mut rest)) = data.split_first() else {
        return 0;
    };
    let me = u32::from(choice >> 2) % 3;
    let mut node = node(choice & 3);
    let mut env = FuzzEnv::new(me);
    node.start(&mut env);
    let mut senders = [(me + 1) % 3, (me + 2) % 3].into_iter().cycle();
    while let Some((&len, tail)) = rest.split_first() {
        let len = usize::from(len).min(tail.len());
        let (message, tail) = tail.split_at(len);
        rest = tail;
        env.now += 7;
        for id in env.due() {
            node.on_alarm(id, &mut env);
        }
        node.on_payload(senders.next().unwrap_or_default(), message, &mut env);
    }
    assert!(env.reported.is_none_or(|leader| leader < 3));
    env.discarded
}

/// hale (0, 1) or rotel4 (2, 3), plain (even) or encoded (odd), for 3 nodes
/// at a 20 ms period, as `anguard node` builds them.
fn node(which: u8) -> Box<dyn Node> {
    let hale = HaleConfig::for_period(3, 20).expect("a valid configuration");
    let rotel4 = Rotel4Config::new(3, 20).expect("a valid configuration");
    match which & 3 {
        0 => scrubbed_node_for::<u32, _>(hale::plain::Hale::new(&hale)),
        1 => scrubbed_node_for::<AnU32, _>(hale::encoded::Hale::new(&hale)),
        2 => scrubbed_node_for::<u32, _>(rotel4::plain::Rotel4::new(&rotel4)),
        _ => scrubbed_node_for::<AnU32, _>(rotel4::encoded::Rotel4::new(&rotel4)),
    }
}

/// A driver that keeps alarms and the output, and drops what is sent.
#[derive(Debug)]
struct FuzzEnv {
    me: u32,
    now: u32,
    alarms: Vec<(AlarmId, u32)>,
    reported: Option<u32>,
    discarded: usize,
}

impl FuzzEnv {
    fn new(me: u32) -> Self {
        Self {
            me,
            now: 1_000,
            alarms: Vec::new(),
            reported: None,
            discarded: 0,
        }
    }

    /// Takes the alarms due now, earliest first.
    fn due(&mut self) -> Vec<AlarmId> {
        let now = self.now;
        let mut due: Vec<(AlarmId, u32)> = Vec::new();
        self.alarms.retain(|&(id, at)| {
            let fire = at.wrapping_sub(now) as i32 <= 0;
            if fire {
                due.push((id, at));
            }
            !fire
        });
        due.sort_by_key(|&(_, at)| at.wrapping_sub(now) as i32);
        due.into_iter().map(|(id, _)| id).collect()
    }
}

impl Env for FuzzEnv {
    fn send(&mut self, dst: u32, _payload: &[u8]) {
        assert!(dst < 3 && dst != self.me, "sent to {dst}");
    }
    fn set_alarm(&mut self, id: AlarmId, at_ms: u32) {
        self.cancel_alarm(id);
        self.alarms.push((id, at_ms));
    }
    fn cancel_alarm(&mut self, id: AlarmId) {
        self.alarms.retain(|&(other, _)| other != id);
    }
    fn now_ms(&self) -> u32 {
        self.now
    }
    fn me(&self) -> u32 {
        self.me
    }
    fn n(&self) -> u32 {
        3
    }
    fn report(&mut self, leader: Option<u32>) {
        self.reported = leader;
    }
    fn discard(&mut self, why: Discard) {
        if matches!(why, Discard::Incoming) {
            self.discarded += 1;
        }
    }
}

/// Valid inputs of each target to start from (a fuzzer's seed corpus).
pub fn seeds() -> Seeds {
    let hello = Hello {
        version: VERSION,
        protocol: 0x5eed,
        encoded: true,
        n: 3,
        sender: 1,
    };
    let frames = vec![
        Frame::Hello(hello).to_bytes().to_vec(),
        Frame::Message {
            sender: 2,
            payload: vec![1, 0, 0, 0, 7, 0, 0, 0].into(),
        }
        .to_bytes()
        .to_vec(),
        Frame::Ping.to_bytes().to_vec(),
    ];
    // Our side: encoded, n = 3 (bits 1-3 hold n − 1 = 2), id 0; the peer
    // unauthenticated, and certified as node 1.
    let handshakes = [0b0000_0101_u8, 0b1000_0101]
        .into_iter()
        .map(|choice| [&[choice][..], &Frame::Hello(hello).to_bytes()[..]].concat())
        .collect();
    let tls = vec![client_hello(), recorded_session()];
    let mut payloads = Vec::new();
    for me in 0..3u8 {
        for which in 0..4u8 {
            let mut input = vec![which | (me << 2)];
            for from in (0..3).filter(|&f| f != u32::from(me)) {
                for message in messages(which, from) {
                    input.push(message.len() as u8);
                    input.extend(message);
                }
            }
            payloads.push(input);
        }
    }
    Seeds {
        frames,
        handshakes,
        tls,
        payloads,
    }
}

/// Seed inputs, by target.
#[derive(Debug)]
pub struct Seeds {
    /// For [`frame`].
    pub frames: Vec<Vec<u8>>,
    /// For [`handshake`].
    pub handshakes: Vec<Vec<u8>>,
    /// For [`tls_accept`]: a ClientHello, and a whole recorded session.
    pub tls: Vec<Vec<u8>>,
    /// For [`payload`].
    pub payloads: Vec<Vec<u8>>,
}

/// Every kind of message of node kind `which` (see [`node`]) from `from`,
/// serialized.
fn messages(which: u8, from: u32) -> Vec<Vec<u8>> {
    let w = AnU32::encode;
    match which & 3 {
        0 => {
            use hale::plain::Msg;
            let seq = 1_000;
            bytes(&[
                Msg::Req {
                    from,
                    seq,
                    __tag: Tag::NEW,
                },
                Msg::Alive {
                    from,
                    __tag: Tag::NEW,
                },
                Msg::Support {
                    from,
                    seq,
                    __tag: Tag::NEW,
                },
                Msg::Nack {
                    from,
                    seq,
                    supports: Some(0),
                    __tag: Tag::NEW,
                },
            ])
        }
        1 => {
            use hale::encoded::Msg;
            let (from, seq) = (w(from), w(1_000));
            bytes(&[
                Msg::Req {
                    from,
                    seq,
                    __tag: Tag::NEW,
                },
                Msg::Alive {
                    from,
                    __tag: Tag::NEW,
                },
                Msg::Support {
                    from,
                    seq,
                    __tag: Tag::NEW,
                },
                Msg::Nack {
                    from,
                    seq,
                    supports: Some(w(0)),
                    __tag: Tag::NEW,
                },
            ])
        }
        2 => {
            use rotel4::plain::Msg;
            bytes(&[
                Msg::Start {
                    from,
                    round: 1,
                    __tag: Tag::NEW,
                },
                Msg::Ok {
                    from,
                    round: 0,
                    __tag: Tag::NEW,
                },
            ])
        }
        _ => {
            use rotel4::encoded::Msg;
            let from = w(from);
            bytes(&[
                Msg::Start {
                    from,
                    round: w(1),
                    __tag: Tag::NEW,
                },
                Msg::Ok {
                    from,
                    round: w(0),
                    __tag: Tag::NEW,
                },
            ])
        }
    }
}

fn bytes<M: serde::Serialize>(messages: &[M]) -> Vec<Vec<u8>> {
    messages
        .iter()
        .map(|m| {
            let mut buf = Vec::new();
            payload::encode(m, &mut buf).expect("a message serializes");
            buf
        })
        .collect()
}
