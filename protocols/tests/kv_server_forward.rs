//! Forwarding on a loopback cluster of replica processes: a client of a
//! follower has its commands answered by the leader through it, pipelined
//! and in order; and when the leader is killed, clients of the followers get
//! correct replies after the new election, or a clear error, never a wrong
//! value (their histories are checked for linearizability).

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anguard_protocols::kv::linearizable::{Op, check};
use anguard_protocols::kv::server::client::{Client, find_leader};
use anguard_protocols::kv::server::reply::{ReplyCodec, command};
use anguard_protocols::kv::server::resp::Resp;
use anguard_protocols::kv::{Command as Kv, Reply};
use replicas::{Replicas, port};
use tokio_util::bytes::BytesMut;
use tokio_util::codec::Decoder;

mod replicas;

const N: u16 = 3;

/// Replica processes `anguard kv --id i`, killed when dropped.
struct Cluster {
    port: u16,
    data: std::path::PathBuf,
    replicas: Replicas,
}

impl Cluster {
    fn start(name: &str, port: u16) -> Cluster {
        let data = std::env::temp_dir().join(format!("anguard-kv-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        let replicas = (0..N)
            .map(|id| {
                Some(
                    Command::new(env!("CARGO_BIN_EXE_anguard"))
                        .args(["kv", "--id", &id.to_string(), "--n", &N.to_string()])
                        .args(["--port", &port.to_string()])
                        .args(["--peer-port", &(port + 100).to_string()])
                        .args(["--variant", "encoded", "--heartbeat", "20"])
                        .arg("--data")
                        .arg(&data)
                        .stdout(Stdio::null())
                        .stderr(Stdio::null())
                        .spawn()
                        .expect("a replica starts"),
                )
            })
            .collect();
        Cluster {
            port,
            data,
            replicas: Replicas(replicas),
        }
    }

    fn client_addr(&self, id: usize) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, self.port + id as u16))
    }

    /// The replica that leads, once one does (within 20 s).
    fn leader(&self) -> usize {
        let clients: Vec<SocketAddr> = (0..N as usize).map(|i| self.client_addr(i)).collect();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(leader) = find_leader(&clients, Duration::from_millis(500)) {
                return leader;
            }
            assert!(Instant::now() < deadline, "no leader within 20 s");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for id in 0..N as usize {
            self.replicas.kill(id);
        }
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

#[test]
fn a_follower_forwards_commands_to_the_leader() {
    let cluster = Cluster::start("forward", port(10_000));
    let follower = (cluster.leader() + 1) % N as usize;
    let addr = cluster.client_addr(follower);
    let mut client = Client::connect(addr, Duration::from_secs(10)).unwrap();
    let mut run = |args: &[&[u8]]| client.command(args).unwrap();
    assert_eq!(run(&[b"SET", b"k", b"v"]), Resp::Simple("OK"));
    assert_eq!(run(&[b"GET", b"k"]), Resp::Bulk(Some(b"v".to_vec())));
    assert_eq!(run(&[b"INCR", b"n"]), Resp::Integer(1));
    assert_eq!(run(&[b"INCR", b"n"]), Resp::Integer(2));
    assert_eq!(run(&[b"DEL", b"k"]), Resp::Integer(1));
    assert_eq!(run(&[b"GET", b"k"]), Resp::Bulk(None));
    assert_eq!(
        run(&[b"INCR", b"nope", b"x"]),
        Resp::Error("ERR wrong number of arguments for 'incr' command".into())
    );
    // The leader's own store saw the writes made through the follower.
    let mut at_leader = Client::connect(
        cluster.client_addr(cluster.leader()),
        Duration::from_secs(10),
    )
    .unwrap();
    assert_eq!(
        at_leader.command(&[b"GET", b"n"]).unwrap(),
        Resp::Bulk(Some(b"2".to_vec()))
    );

    // Pipelined through the follower: every reply, in order.
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut frames = BytesMut::new();
    for _ in 0..200 {
        command(&[b"INCR", b"piped"], &mut frames);
    }
    stream.write_all(&frames).unwrap();
    let (mut buf, mut chunk, mut replies) = (BytesMut::new(), [0; 4096], Vec::new());
    while replies.len() < 200 {
        match ReplyCodec.decode(&mut buf).unwrap() {
            Some(reply) => replies.push(reply),
            None => {
                let len = stream.read(&mut chunk).unwrap();
                assert!(len > 0, "the follower closed the connection");
                buf.extend_from_slice(&chunk[..len]);
            }
        }
    }
    let expected: Vec<Resp> = (1..=200).map(Resp::Integer).collect();
    assert_eq!(replies, expected);
}

/// The reply to `command` as the checker takes it: `None` for an error that
/// says the command may or may not have taken effect.
fn outcome(command: &Kv, resp: Resp) -> Result<Option<Reply>, String> {
    Ok(Some(match (command, resp) {
        (Kv::Get(_), Resp::Bulk(value)) => Reply::Value(value),
        (Kv::Set(..), Resp::Simple("OK")) => Reply::Ok,
        (Kv::Incr(_) | Kv::Del(_), Resp::Integer(i)) => Reply::Integer(i),
        (_, Resp::Error(e)) if e.starts_with("TRYAGAIN") => return Ok(None),
        (command, other) => return Err(format!("{command:?} answered {other:?}")),
    }))
}

#[test]
fn clients_of_followers_get_correct_replies_or_clear_errors_when_the_leader_dies() {
    let mut cluster = Cluster::start("forward-kill", port(12_000));
    let leader = cluster.leader();
    let start = Instant::now();
    let history = Arc::new(Mutex::new(Vec::<Op>::new()));
    let (killed, stop) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicBool::new(false)),
    );
    // Ops answered after the leader was killed, by client.
    let clients: Vec<_> = (1..N as usize)
        .map(|k| {
            let addr = cluster.client_addr((leader + k) % N as usize);
            let (history, killed, stop) = (history.clone(), killed.clone(), stop.clone());
            std::thread::spawn(move || -> Result<(usize, usize), String> {
                let (mut before, mut after, mut i) = (0, 0, 0u32);
                let mut client = None;
                while !stop.load(Ordering::Relaxed) {
                    i += 1;
                    let value = format!("{k}-{i}").into_bytes();
                    let command = match i % 4 {
                        0 => Kv::Set(b"k".to_vec(), value),
                        1 => Kv::Get(b"k".to_vec()),
                        2 => Kv::Incr(b"n".to_vec()),
                        _ => Kv::Get(b"n".to_vec()),
                    };
                    let args: Vec<&[u8]> = match &command {
                        Kv::Get(key) => vec![b"GET", key],
                        Kv::Set(key, value) => vec![b"SET", key, value],
                        Kv::Incr(key) => vec![b"INCR", key],
                        Kv::Del(key) => vec![b"DEL", key],
                    };
                    let call_us = start.elapsed().as_micros() as u64;
                    let was_killed = killed.load(Ordering::Relaxed);
                    if client.is_none() {
                        client = Client::connect(addr, Duration::from_secs(10)).ok();
                    }
                    let resp = client.as_mut().map(|c| c.command(&args));
                    let ret_us = start.elapsed().as_micros() as u64;
                    let op = match resp {
                        Some(Ok(Resp::Error(e))) if e.starts_with("CLUSTERDOWN") => {
                            // Answered without effect.
                            continue;
                        }
                        Some(Ok(resp)) => match outcome(&command, resp)? {
                            Some(reply) => {
                                *if was_killed { &mut after } else { &mut before } += 1;
                                Op::done(call_us, ret_us, command, reply)
                            }
                            None => Op::pending(call_us, command),
                        },
                        Some(Err(_)) | None => {
                            client = None;
                            std::thread::sleep(Duration::from_millis(10));
                            Op::pending(call_us, command)
                        }
                    };
                    history.lock().unwrap().push(op);
                }
                Ok((before, after))
            })
        })
        .collect();
    let wait_for = |count: usize, what: &str| {
        let deadline = Instant::now() + Duration::from_secs(30);
        while history
            .lock()
            .unwrap()
            .iter()
            .filter(|op| op.ret.is_some())
            .count()
            < count
        {
            assert!(Instant::now() < deadline, "{what}");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    wait_for(100, "the followers' clients were not answered within 30 s");
    cluster.replicas.kill(leader);
    killed.store(true, Ordering::Relaxed);
    let answered = history
        .lock()
        .unwrap()
        .iter()
        .filter(|op| op.ret.is_some())
        .count();
    wait_for(
        answered + 200,
        "no replies within 30 s of the leader's death",
    );
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        let (before, after) = client.join().unwrap().unwrap();
        assert!(
            before > 0 && after > 0,
            "each client answered before ({before}) and after ({after}) the kill"
        );
    }
    let history = history.lock().unwrap();
    if let Err(violation) = check(&history) {
        panic!("not linearizable: {violation:?}");
    }
}
