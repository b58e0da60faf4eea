//! The signals that stop a node: the binary's to handle, not the library's.

/// Resolves on SIGINT (Ctrl-C) or SIGTERM. Polled on the node's runtime.
pub async fn terminated() {
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot handle SIGTERM");
                std::future::pending().await
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = tokio::signal::ctrl_c() => tracing::info!("SIGINT: shutting down"),
        () = terminate => tracing::info!("SIGTERM: shutting down"),
    }
}

/// Resolves on SIGUSR1 (never where there is none, or it cannot be handled).
pub async fn user1() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::user_defined1()) {
            Ok(mut s) => {
                s.recv().await;
                return;
            }
            Err(error) => tracing::warn!(%error, "cannot handle SIGUSR1"),
        }
    }
    std::future::pending().await
}
