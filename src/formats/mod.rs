//! The runtime struct in other forms: a canonical `.bzl` config
//! (`frost export`) and the JSON Schema of its JSON form (`frost schema`).

pub mod bzl;
mod bzl_plan;
pub mod plan_schema;
pub mod schema;
