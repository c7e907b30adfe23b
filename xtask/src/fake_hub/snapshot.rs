//! A hub snapshot on disk, laid out as the hub serves it:
//! `models.json` (`GET /api/ai/models`) and `models/<id>.json` (`GET /api/ai/models/<id>`).

use std::collections::HashMap;
use std::path::Path;

use oxen_codegen::catalog::CatalogError;
use serde_json::Value;

pub struct Snapshot {
    /// The entries of `models.json`'s `data`.
    pub listed: Vec<Value>,
    /// Model objects by id.
    pub models: HashMap<String, Value>,
}

impl Snapshot {
    pub fn read(dir: &Path) -> Result<Self, CatalogError> {
        let list_path = dir.join("models.json");
        let list = read_json(&list_path)?;
        let listed = match list.get("data") {
            Some(Value::Array(items)) => items.clone(),
            _ => {
                return Err(CatalogError::Invalid {
                    path: list_path,
                    message: "there is no `data` array of models".to_owned(),
                });
            }
        };
        let models_dir = dir.join("models");
        let io_error = |source| CatalogError::Io {
            path: models_dir.clone(),
            source,
        };
        let mut models = HashMap::new();
        for entry in std::fs::read_dir(&models_dir).map_err(io_error)? {
            let path = entry.map_err(io_error)?.path();
            let Some(id) = path.file_stem().and_then(|stem| stem.to_str()) else {
                continue;
            };
            if path.extension().is_some_and(|ext| ext == "json") {
                models.insert(id.to_owned(), read_json(&path)?);
            }
        }
        Ok(Self { listed, models })
    }
}

fn read_json(path: &Path) -> Result<Value, CatalogError> {
    let text = std::fs::read_to_string(path).map_err(|source| CatalogError::Io {
        path: path.to_owned(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|source| CatalogError::Json {
        path: path.to_owned(),
        source,
    })
}
