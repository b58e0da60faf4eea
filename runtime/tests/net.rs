//! The event loop on loopback: nodes exchange messages, alarms fire on time,
//! a node whose peer is down keeps running and reconnects.
#![cfg(feature = "net")]

mod common;

use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anguard::net::{NetConfig, NetError, NetNode, NodeHandle, Report, Stats};
use anguard::{AnU32, Io, Node, Protocol, node_for};
use common::Beacon;

fn listener() -> (TcpListener, SocketAddr) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    (l, addr)
}

fn config(id: u32, peers: &[SocketAddr]) -> NetConfig {
    NetConfig {
        backoff_min: Duration::from_millis(20),
        backoff_max: Duration::from_millis(200),
        ..NetConfig::new(id, peers.to_vec())
    }
}

struct Running {
    handle: NodeHandle,
    thread: JoinHandle<Result<Stats, NetError>>,
    reports: mpsc::Receiver<Report>,
}

impl Running {
    fn stop(self) -> Stats {
        self.handle.shutdown();
        self.thread.join().unwrap().unwrap()
    }
}

fn spawn(
    config: NetConfig,
    listener: TcpListener,
    make: impl FnOnce() -> Box<dyn Node> + Send + 'static,
) -> Running {
    let handle = NodeHandle::new();
    let (tx, reports) = mpsc::channel();
    let h = handle.clone();
    let thread = std::thread::spawn(move || {
        NetNode::new(config, make())?
            .with_handle(h)
            .on_report(move |r| {
                let _ = tx.send(r);
            })
            .run_blocking(Some(listener))
    });
    Running {
        handle,
        thread,
        reports,
    }
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

#[test]
fn three_nodes_exchange_messages_and_elect() {
    let (listeners, peers): (Vec<_>, Vec<_>) = (0..3).map(|_| listener()).unzip();
    let nodes: Vec<Running> = listeners
        .into_iter()
        .enumerate()
        .map(|(id, l)| {
            spawn(config(id as u32, &peers), l, || {
                node_for(Beacon::<AnU32>::new(20))
            })
        })
        .collect();
    let elected = wait_until(Duration::from_secs(10), || {
        nodes.iter().all(|n| {
            let s = n.handle.stats();
            s.output == Some(0) && s.received > 20
        })
    });
    assert!(
        elected,
        "{:?}",
        nodes.iter().map(|n| n.handle.stats()).collect::<Vec<_>>()
    );
    for node in nodes {
        let reports: Vec<Report> = node.reports.try_iter().collect();
        assert_eq!(reports.last().unwrap().leader, Some(0));
        let stats = node.stop();
        assert!(stats.sent >= 10 && stats.alarms_fired >= 5, "{stats:?}");
        assert_eq!((stats.discarded, stats.faults, stats.rejected), (0, 0, 0));
        assert!(stats.connected >= 2);
    }
}

/// Sets an alarm 100 ms ahead, again and again; reports how many fired on
/// time, or `u32::MAX` once one fires early or more than 150 ms late.
struct Timer {
    at: u32,
    fired: u32,
    late: bool,
}

impl Protocol<u32> for Timer {
    type Msg = ();
    type Output = Option<u32>;
    fn start(&mut self, io: &mut dyn Io<u32, Self>) {
        self.at = io.now() + 100;
        io.set_alarm(1, self.at);
        io.set_alarm(2, io.now() + 50);
        io.cancel_alarm(2);
    }
    fn on_message(&mut self, _from: u32, _: (), _: &mut dyn Io<u32, Self>) {}
    fn on_alarm(&mut self, id: u32, io: &mut dyn Io<u32, Self>) {
        let lateness = io.now().wrapping_sub(self.at) as i32;
        self.late |= id != 1 || !(0..150).contains(&lateness);
        self.fired += 1;
        io.report(Some(if self.late { u32::MAX } else { self.fired }));
        self.at = io.now() + 100;
        io.set_alarm(1, self.at);
    }
}

#[test]
fn alarms_fire_on_time() {
    let (l, addr) = listener();
    let node = spawn(config(0, &[addr]), l, || {
        node_for(Timer {
            at: 0,
            fired: 0,
            late: false,
        })
    });
    let start = Instant::now();
    assert!(wait_until(Duration::from_secs(5), || node
        .handle
        .stats()
        .alarms_fired
        >= 5));
    let elapsed = start.elapsed();
    let stats = node.stop();
    assert!(elapsed >= Duration::from_millis(450), "{elapsed:?}");
    let last = stats.output.unwrap();
    assert_ne!(last, u32::MAX, "an alarm fired early or late");
    assert_eq!(u64::from(last), stats.alarms_fired);
}

#[test]
fn a_node_whose_peer_is_down_keeps_running_and_reconnects() {
    let (l0, a0) = listener();
    let (l1, a1) = listener();
    drop(l1); // node 1 is down
    let peers = [a0, a1];
    let node0 = spawn(config(0, &peers), l0, || node_for(Beacon::<u32>::new(20)));
    assert!(wait_until(Duration::from_secs(5), || {
        let s = node0.handle.stats();
        s.dropped > 5 && s.alarms_fired > 10
    }));
    let before = node0.handle.stats();
    let reports: Vec<Report> = node0.reports.try_iter().collect();
    assert_eq!(
        (before.received, before.output),
        (0, Some(0)),
        "{before:?} {reports:?}"
    );

    let l1 = TcpListener::bind(a1).expect("rebind node 1's port");
    let node1 = spawn(config(1, &peers), l1, || node_for(Beacon::<u32>::new(20)));
    let joined = wait_until(Duration::from_secs(10), || {
        node0.handle.stats().received > 10 && node1.handle.stats().output == Some(0)
    });
    assert!(
        joined,
        "{:?} {:?}",
        node0.handle.stats(),
        node1.handle.stats()
    );

    // Node 1 goes down again and comes back on the same port.
    let s1 = node1.stop();
    assert!(s1.received > 0);
    let dropped = node0.handle.stats().dropped;
    assert!(wait_until(Duration::from_secs(5), || node0
        .handle
        .stats()
        .dropped
        > dropped + 5));
    let l1 = TcpListener::bind(a1).expect("rebind node 1's port");
    let node1 = spawn(config(1, &peers), l1, || node_for(Beacon::<u32>::new(20)));
    let received = node1.handle.stats().received;
    assert!(wait_until(Duration::from_secs(10), || {
        node1.handle.stats().received > received + 10 && node1.handle.stats().output == Some(0)
    }));
    node1.stop();
    let s0 = node0.stop();
    assert!(s0.connected >= 2, "{s0:?}");
}
