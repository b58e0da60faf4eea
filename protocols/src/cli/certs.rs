//! `anguard certs`: a CA and node certificates for a cluster.

use std::path::PathBuf;

use anguard::net::tls::certs::write_cluster;
use anyhow::Context;
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct CertsArgs {
    /// How many nodes (ids 0..N).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub n: u32,
    /// Where to write them (created; nothing in it is overwritten).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// How long the node certificates are valid, in days.
    #[arg(long, default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..=36_500))]
    pub days: u32,
}

pub fn run(args: &CertsArgs) -> anyhow::Result<()> {
    let written = write_cluster(args.n, &args.out, args.days)
        .with_context(|| format!("cannot make certificates in {}", args.out.display()))?;
    for path in &written {
        println!("wrote {}", path.display());
    }
    let out = args.out.display();
    println!(
        "\nCopy {out}/node-<i>/ to node i's machine and start it with\n  \
         anguard node --id <i> … --tls-cert node-<i>/node.crt --tls-key node-<i>/node.key --tls-ca node-<i>/ca.crt\n\
         Keep {out}/ca.key off the nodes: it signs new certificates."
    );
    Ok(())
}
