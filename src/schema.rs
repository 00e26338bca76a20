//! `frost schema`: a JSON Schema of the runtime struct, and the
//! machine-readable attribute list, both from the attribute table.
//! (Being written.)

/// The JSON Schema (draft 2020-12) of `frost eval`'s output.
pub fn json_schema() -> serde_json::Value {
    serde_json::json!({})
}

/// Every attribute with its type, accepted values, default and doc.
pub fn attribute_list() -> serde_json::Value {
    serde_json::json!([])
}
