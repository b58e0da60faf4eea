//! `anguard`: run encoded or plain leader election on loopback or across
//! machines, measure what the encoding costs, and inject faults.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    cli::init_logging(args.verbose, args.command.as_ref());
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.is::<cli::StoppedByFault>() => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("anguard: {error:#}");
            ExitCode::FAILURE
        }
    }
}
