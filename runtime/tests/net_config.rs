//! Configuration errors name the problem.
#![cfg(feature = "net")]

use std::net::TcpListener;

use anguard::net::config::{ConfigError, parse_peers, peers_from_file, peers_from_toml};
use anguard::net::{NetConfig, NetError, NetNode};
use anguard::{Io, Protocol, node_for};

struct Idle;
impl Protocol<u32> for Idle {
    type Msg = ();
    type Output = Option<u32>;
    fn start(&mut self, _: &mut dyn Io<u32, Self>) {}
    fn on_message(&mut self, _from: u32, _: (), _: &mut dyn Io<u32, Self>) {}
    fn on_alarm(&mut self, _: u32, _: &mut dyn Io<u32, Self>) {}
}

#[test]
fn malformed_peer_lists() {
    let e = parse_peers("127.0.0.1:7000,127.0.0.1").unwrap_err();
    assert!(matches!(e, ConfigError::Address { index: 1, .. }), "{e}");
    assert!(e.to_string().contains("127.0.0.1"), "{e}");
    assert!(matches!(parse_peers(" , "), Err(ConfigError::Empty)));
    assert!(parse_peers("127.0.0.1:99999").is_err());
}

#[test]
fn toml_peer_files() {
    let dup =
        "[[peer]]\nid = 0\naddr = \"127.0.0.1:1\"\n[[peer]]\nid = 0\naddr = \"127.0.0.1:2\"\n";
    assert!(matches!(
        peers_from_toml(dup),
        Err(ConfigError::DuplicateId(0))
    ));
    let gap =
        "[[peer]]\nid = 0\naddr = \"127.0.0.1:1\"\n[[peer]]\nid = 2\naddr = \"127.0.0.1:2\"\n";
    let e = peers_from_toml(gap).unwrap_err();
    assert!(
        matches!(e, ConfigError::MissingId { n: 2, missing: 1 }),
        "{e}"
    );
    // The id missing from the whole file, not the first not yet seen.
    let late = "[[peer]]\nid = 0\naddr = \"127.0.0.1:1\"\n[[peer]]\nid = 5\naddr = \"127.0.0.1:2\"\n\
                [[peer]]\nid = 1\naddr = \"127.0.0.1:3\"\n";
    let e = peers_from_toml(late).unwrap_err();
    assert!(
        matches!(e, ConfigError::MissingId { n: 3, missing: 2 }),
        "{e}"
    );
    let unknown = "[[peer]]\nid = 0\naddr = \"127.0.0.1:1\"\nport = 3\n";
    assert!(matches!(
        peers_from_toml(unknown),
        Err(ConfigError::Toml(_))
    ));
    assert!(matches!(
        peers_from_toml("peer = 1"),
        Err(ConfigError::Toml(_))
    ));
    assert!(matches!(
        peers_from_toml("peer = []"),
        Err(ConfigError::Empty)
    ));
    let e = peers_from_file("/nonexistent/peers.toml").unwrap_err();
    assert!(e.to_string().contains("/nonexistent/peers.toml"), "{e}");
}

#[test]
fn bad_node_configs() {
    let peers = parse_peers("127.0.0.1:7000,127.0.0.1:7001").unwrap();
    let e = NetConfig::new(2, peers.clone()).validate().unwrap_err();
    assert!(matches!(e, ConfigError::IdOutside { id: 2, n: 2 }), "{e}");
    let zero = NetConfig {
        queue: 0,
        ..NetConfig::new(0, peers.clone())
    };
    assert!(matches!(zero.validate(), Err(ConfigError::Limit(_))));
    assert!(NetNode::new(NetConfig::new(5, peers), node_for(Idle)).is_err());
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap();
    let node = NetNode::new(NetConfig::new(0, vec![addr]), node_for(Idle)).unwrap();
    let e = node.run_blocking(None).unwrap_err();
    assert!(
        matches!(e, NetError::Bind { addr: a, .. } if a == addr),
        "{e}"
    );
    assert!(e.to_string().contains(&addr.to_string()), "{e}");
}

/// (The `certs` feature makes the certificate; the workspace's tests have it.)
#[cfg(feature = "certs")]
#[test]
fn a_tls_configuration_of_another_node_is_refused() {
    use anguard::net::tls::Tls;
    use anguard::net::tls::certs::Authority;

    let ca = Authority::new("config test").unwrap();
    let one = ca.issue(1, ca.validity()).unwrap();
    let tls = Tls::from_pem(
        1,
        one.cert_pem.as_bytes(),
        one.key_pem.as_bytes(),
        ca.cert_pem().as_bytes(),
    )
    .unwrap();
    let peers = parse_peers("127.0.0.1:7000,127.0.0.1:7001").unwrap();
    let config = |id| NetConfig {
        tls: Some(tls.clone()),
        ..NetConfig::new(id, peers.clone())
    };
    assert!(config(1).validate().is_ok());
    assert!(matches!(
        config(0).validate(),
        Err(ConfigError::TlsId { tls: 1, id: 0 })
    ));
}
