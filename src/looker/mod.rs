//! Knowledge of the Looker REST API itself, kept apart from the rules that
//! judge traffic: which operations each API version has, at which paths.

mod endpoint_table;
pub mod endpoints;
pub mod route;
