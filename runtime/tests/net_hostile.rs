//! Bad input from the network: every kind is rejected and counted, and the
//! node keeps electing. Plus bounded property tests of the frame
//! decoder and the handshake check.
#![cfg(feature = "net")]

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anguard::net::frame::{Frame, Hello, VERSION};
use anguard::net::handshake::check_hello;
use anguard::net::{NetConfig, NetError, NetNode, NodeHandle, Stats};
use anguard::{AnU32, node_for, payload};
use common::{Alive, Beacon};
use proptest::prelude::*;
use tokio_util::bytes::Bytes;

const MAX_FRAME: usize = 1024;
const MAX_INBOUND: usize = 6;

fn config(id: u32, peers: &[SocketAddr]) -> NetConfig {
    NetConfig {
        max_frame: MAX_FRAME,
        max_inbound: MAX_INBOUND,
        protocol: 42,
        handshake_timeout: Duration::from_millis(300),
        idle_timeout: Duration::from_secs(1),
        backoff_min: Duration::from_millis(20),
        backoff_max: Duration::from_millis(200),
        ..NetConfig::new(id, peers.to_vec())
    }
}

fn spawn(
    config: NetConfig,
    listener: TcpListener,
) -> (NodeHandle, JoinHandle<Result<Stats, NetError>>) {
    let handle = NodeHandle::new();
    let h = handle.clone();
    let thread = std::thread::spawn(move || {
        NetNode::new(config, node_for(Beacon::<AnU32>::new(20)))?
            .with_handle(h)
            .run_blocking(Some(listener))
    });
    (handle, thread)
}

fn wait_until(limit: Duration, mut ok: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    ok()
}

fn hello(sender: u32) -> Hello {
    Hello {
        version: VERSION,
        protocol: 42,
        encoded: true,
        n: 2,
        sender,
    }
}

fn write_frame(s: &mut TcpStream, body: &[u8]) {
    let mut buf = (body.len() as u32).to_be_bytes().to_vec();
    buf.extend_from_slice(body);
    let _ = s.write_all(&buf);
}

/// Whether the node closed the connection (reads EOF or an error) within 3 s.
fn closed(s: &mut TcpStream) -> bool {
    s.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
    let mut buf = [0u8; 256];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue, // its hello
            Err(e) => {
                return !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                );
            }
        }
    }
}

/// Connects and completes a handshake as `sender`.
fn handshaken(addr: SocketAddr, sender: u32) -> TcpStream {
    let mut s = TcpStream::connect(addr).unwrap();
    write_frame(&mut s, &Frame::Hello(hello(sender)).to_bytes());
    let mut reply = [0u8; 4 + 20];
    s.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
    s.read_exact(&mut reply)
        .expect("the node answers a good hello");
    s
}

fn alive_payload(from: u32) -> Vec<u8> {
    let mut buf = Vec::new();
    let msg = Alive {
        from: AnU32::encode(from),
        seq: AnU32::encode(1),
    };
    payload::encode(&msg, &mut buf).unwrap();
    buf
}

#[test]
fn bad_input_is_rejected_and_the_node_keeps_electing() {
    let (l0, a0) = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let a = l.local_addr().unwrap();
        (l, a)
    };
    let (l1, a1) = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let a = l.local_addr().unwrap();
        (l, a)
    };
    let peers = [a0, a1];
    let (h0, t0) = spawn(config(0, &peers), l0);
    let (h1, t1) = spawn(config(1, &peers), l1);
    let elected = || h0.stats().output == Some(0) && h1.stats().output == Some(0);
    assert!(wait_until(Duration::from_secs(5), elected));

    let mut bad_connections = 0;
    let mut attack = |name: &str, f: &dyn Fn(&mut TcpStream)| {
        let mut s = TcpStream::connect(a1).unwrap();
        f(&mut s);
        assert!(closed(&mut s), "{name}: connection left open");
        bad_connections += 1;
    };
    attack("random bytes", &|s| {
        let _ = s.write_all(&[0x00, 0x00, 0x00, 0x05, 0xde, 0xad, 0xbe, 0xef, 0x99]);
    });
    attack("4 GiB length prefix", &|s| {
        let _ = s.write_all(&[0xff, 0xff, 0xff, 0xff, 1, 2, 3]);
    });
    attack("one byte over the limit", &|s| {
        write_frame(s, &vec![0x02; MAX_FRAME + 1]);
    });
    attack("truncated frame", &|s| {
        let _ = s.write_all(&[0, 0, 0, 100, 0x01, b'A']);
        let _ = s.shutdown(std::net::Shutdown::Write);
    });
    attack("message before hello", &|s| {
        write_frame(s, &[0x02, 0, 0, 0, 0, 1, 2, 3]);
    });
    for (name, h) in [
        (
            "wrong version",
            Hello {
                version: VERSION + 1,
                ..hello(0)
            },
        ),
        (
            "wrong protocol",
            Hello {
                protocol: 7,
                ..hello(0)
            },
        ),
        (
            "plain peer in an encoded cluster",
            Hello {
                encoded: false,
                ..hello(0)
            },
        ),
        ("wrong cluster size", Hello { n: 3, ..hello(0) }),
        ("unknown id", hello(9)),
        ("its own id", hello(1)),
    ] {
        attack(name, &|s| write_frame(s, &Frame::Hello(h).to_bytes()));
    }
    attack("bad magic", &|s| {
        let mut bytes = Frame::Hello(hello(0)).to_bytes().to_vec();
        bytes[1] ^= 0xff;
        write_frame(s, &bytes);
    });
    attack("silent half-open connection", &|_| {});

    // After a good handshake as node 0: a frame claiming another sender.
    let mut s = handshaken(a1, 0);
    let impostor = Frame::Message {
        sender: 1,
        payload: Bytes::from(alive_payload(1)),
    };
    write_frame(&mut s, &impostor.to_bytes());
    assert!(closed(&mut s), "impostor frame");
    bad_connections += 1;

    // A well-framed message with an invalid code word: discarded, not rejected.
    let mut s = handshaken(a1, 0);
    let discarded = h1.stats().discarded;
    let mut bytes = alive_payload(0);
    bytes[2] ^= 0x40;
    let frame = Frame::Message {
        sender: 0,
        payload: Bytes::from(bytes),
    };
    write_frame(&mut s, &frame.to_bytes());
    assert!(wait_until(Duration::from_secs(3), || h1.stats().discarded
        == discarded + 1));
    drop(s);

    assert!(wait_until(Duration::from_secs(3), || h1.stats().rejected
        >= bad_connections));

    // A flood of connections: at most MAX_INBOUND are served at once.
    let before = h1.stats().rejected;
    let flood: Vec<TcpStream> = (0..4 * MAX_INBOUND)
        .map(|_| TcpStream::connect(a1).unwrap())
        .collect();
    assert!(wait_until(Duration::from_secs(3), || {
        h1.stats().rejected >= before + 2 * MAX_INBOUND as u64
    }));
    drop(flood);

    // Still electing, and still hearing each other.
    let (r0, r1) = (h0.stats().received, h1.stats().received);
    assert!(wait_until(Duration::from_secs(5), || {
        elected() && h0.stats().received > r0 + 10 && h1.stats().received > r1 + 10
    }));
    h0.shutdown();
    h1.shutdown();
    let s0 = t0.join().unwrap().unwrap();
    let s1 = t1.join().unwrap().unwrap();
    assert_eq!((s0.faults, s1.faults), (0, 0));
    assert_eq!(s0.rejected, 0, "{s0:?}");
}

fn arb_hello() -> impl Strategy<Value = Hello> {
    (
        any::<u16>(),
        any::<u32>(),
        any::<bool>(),
        any::<u32>(),
        any::<u32>(),
    )
        .prop_map(|(version, protocol, encoded, n, sender)| Hello {
            version,
            protocol,
            encoded,
            n,
            sender,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn frame_parser_takes_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = Frame::parse(Bytes::from(bytes));
    }

    #[test]
    fn frames_round_trip(h in arb_hello(), sender in any::<u32>(),
                         body in proptest::collection::vec(any::<u8>(), 0..64)) {
        let hello = Frame::Hello(h);
        prop_assert_eq!(Frame::parse(hello.to_bytes()), Ok(hello));
        let msg = Frame::Message { sender, payload: Bytes::from(body) };
        prop_assert_eq!(Frame::parse(msg.to_bytes()), Ok(msg));
    }

    #[test]
    fn handshake_check_accepts_only_peers(ours in arb_hello(), theirs in arb_hello()) {
        if let Ok(peer) = check_hello(&ours, &theirs) {
            prop_assert!(peer < ours.n && peer != ours.sender);
            prop_assert_eq!((theirs.version, theirs.protocol, theirs.encoded, theirs.n),
                            (ours.version, ours.protocol, ours.encoded, ours.n));
        }
    }

    #[test]
    fn payload_decoder_takes_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = payload::decode::<Alive<AnU32>>(&bytes);
        let _ = payload::decode::<Vec<AnU32>>(&bytes);
    }
}

/// (The `certs` feature makes the certificates; the workspace's tests have it.)
#[cfg(feature = "certs")]
#[test]
fn with_tls_only_holders_of_a_certificate_of_the_ca_take_part() {
    use anguard::net::tls::Tls;
    use anguard::net::tls::certs::Authority;

    let listeners: Vec<TcpListener> = (0..3)
        .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    let peers: Vec<SocketAddr> = listeners.iter().map(|l| l.local_addr().unwrap()).collect();
    let (ours, theirs) = (
        Authority::new("ours").unwrap(),
        Authority::new("theirs").unwrap(),
    );
    let tls = |ca: &Authority, id: u32| {
        let node = ca.issue(id, ca.validity()).unwrap();
        Tls::from_pem(
            id,
            node.cert_pem.as_bytes(),
            node.key_pem.as_bytes(),
            ca.cert_pem().as_bytes(),
        )
        .unwrap()
    };
    let n3 = |id: u32, ca: &Authority| NetConfig {
        tls: Some(tls(ca, id)),
        ..config(id, &peers)
    };
    let mut listeners = listeners.into_iter();
    let mut spawn3 = |config: NetConfig| {
        let listener = listeners.next().unwrap();
        let handle = NodeHandle::new();
        let h = handle.clone();
        let thread = std::thread::spawn(move || {
            NetNode::new(config, node_for(Beacon::<AnU32>::new(20)))?
                .with_handle(h)
                .run_blocking(Some(listener))
        });
        (handle, thread)
    };
    // Node 0's certificate comes from another CA than those of nodes 1 and 2.
    let nodes = [
        spawn3(n3(0, &theirs)),
        spawn3(n3(1, &ours)),
        spawn3(n3(2, &ours)),
    ];
    let outputs = || {
        nodes
            .iter()
            .map(|(h, _)| h.stats().output)
            .collect::<Vec<_>>()
    };
    assert!(wait_until(Duration::from_secs(5), || {
        outputs() == [Some(0), Some(1), Some(1)] && nodes[1].0.stats().received > 10
    }));
    assert!(wait_until(Duration::from_secs(5), || {
        nodes.iter().all(|(h, _)| h.stats().rejected > 0)
    }));
    assert_eq!(nodes[0].0.stats().received, 0);

    // A hello on plain TCP, and one after a ClientHello-sized burst of
    // garbage, are rejected.
    let rejected = nodes[1].0.stats().rejected;
    let hello = Hello { n: 3, ..hello(0) };
    for garbage in [&[][..], &[0x16, 0x03, 0x01, 0x00, 0x04, 1, 2, 3, 4][..]] {
        let mut s = TcpStream::connect(peers[1]).unwrap();
        let _ = s.write_all(garbage);
        write_frame(&mut s, &Frame::Hello(hello).to_bytes());
        assert!(closed(&mut s));
    }
    assert!(wait_until(Duration::from_secs(3), || {
        nodes[1].0.stats().rejected >= rejected + 2
    }));
    for (h, t) in nodes {
        h.shutdown();
        t.join().unwrap().unwrap();
    }
}
