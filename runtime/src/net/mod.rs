//! The tokio TCP event loop.
