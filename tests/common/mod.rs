//! Shared test support: the real reports as fixtures, and the layout
//! scrambler of the importer's tests.
pub mod reports;
pub mod scramble;
