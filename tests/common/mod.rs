//! Shared test support: the real reports as fixtures.
pub mod reports;
