//! The runtime struct in other forms: a canonical `.bzl` config
//! (`frost export`) and the JSON Schema of its JSON form (`frost schema`).

pub mod bzl;
pub mod schema;
