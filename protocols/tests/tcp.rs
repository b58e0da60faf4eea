//! Real TCP on loopback: three nodes (one thread and tokio runtime each, as
//! in a node process) elect a leader; the leader is killed; the other two
//! elect a new one. Both algorithms, both builds.

mod common;

use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use anguard::Node;
use anguard::net::{NetConfig, NetNode, NodeHandle};
use anguard_protocols::election::agreed_leader;
use anguard_protocols::{HaleConfig, Rotel4Config};
use common::*;

#[derive(Debug, Clone, Copy)]
enum Algo {
    Hale,
    Rotel4,
}

fn node(algo: Algo, build: Build) -> Box<dyn Node> {
    match algo {
        // EP = 20 ms: δ = 4 ms, L = 57 ms.
        Algo::Hale => hale_nodes(build, HaleConfig::for_period(3, 20).unwrap())(0),
        Algo::Rotel4 => rotel4_nodes(build, Rotel4Config::new(3, 20).unwrap())(0),
    }
}

/// The latest output of each node.
type Outputs = Arc<Mutex<Vec<Option<u32>>>>;

struct Cluster {
    handles: Vec<NodeHandle>,
    threads: Vec<Option<thread::JoinHandle<()>>>,
    outputs: Outputs,
}

impl Cluster {
    fn start(algo: Algo, build: Build) -> Cluster {
        let listeners: Vec<TcpListener> = (0..3)
            .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
            .collect();
        let peers: Vec<SocketAddr> = listeners.iter().map(|l| l.local_addr().unwrap()).collect();
        let outputs: Outputs = Arc::new(Mutex::new(vec![None; 3]));
        let (tx, rx) = mpsc::channel();
        let mut threads = Vec::new();
        for (id, listener) in listeners.into_iter().enumerate() {
            let (peers, outputs, tx) = (peers.clone(), outputs.clone(), tx.clone());
            threads.push(Some(thread::spawn(move || {
                let net = NetNode::new(NetConfig::new(id as u32, peers), node(algo, build))
                    .unwrap()
                    .on_report(move |r| outputs.lock().unwrap()[r.node as usize] = r.leader);
                tx.send((id, net.handle())).unwrap();
                net.run_blocking(Some(listener)).unwrap();
            })));
        }
        let mut handles: Vec<Option<NodeHandle>> = vec![None, None, None];
        for _ in 0..3 {
            let (id, handle) = rx.recv().unwrap();
            handles[id] = Some(handle);
        }
        Cluster {
            handles: handles.into_iter().map(Option::unwrap).collect(),
            threads,
            outputs,
        }
    }

    /// Waits until the live nodes agree on a live leader; returns it.
    fn agreed(&self, live: &[u32], timeout: Duration) -> Option<u32> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            {
                let outputs = self.outputs.lock().unwrap();
                let leader = agreed_leader(live.iter().map(|&x| (x, outputs[x as usize])));
                if leader.is_some() {
                    return leader;
                }
            }
            thread::sleep(Duration::from_millis(1));
        }
        None
    }

    fn kill(&mut self, node: u32) {
        self.handles[node as usize].shutdown();
        if let Some(thread) = self.threads[node as usize].take() {
            thread.join().unwrap();
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for node in 0..3 {
            self.kill(node);
        }
    }
}

#[test]
fn three_nodes_elect_and_reelect_after_the_leader_is_killed() {
    for algo in [Algo::Hale, Algo::Rotel4] {
        for build in BUILDS {
            let started = Instant::now();
            let mut cluster = Cluster::start(algo, build);
            let all = [0, 1, 2];
            let leader = cluster
                .agreed(&all, Duration::from_secs(10))
                .unwrap_or_else(|| panic!("{algo:?} {build:?}: no leader"));
            let elected = started.elapsed();
            let killed = Instant::now();
            cluster.kill(leader);
            let rest: Vec<u32> = all.iter().copied().filter(|&x| x != leader).collect();
            let next = cluster
                .agreed(&rest, Duration::from_secs(10))
                .unwrap_or_else(|| panic!("{algo:?} {build:?}: no new leader"));
            let reelected = killed.elapsed();
            assert_ne!(next, leader);
            eprintln!(
                "tcp {algo:?} {build:?}: leader {leader} after {:.1} ms; killed; leader {next} after {:.1} ms",
                elected.as_secs_f64() * 1e3,
                reelected.as_secs_f64() * 1e3
            );
        }
    }
}
