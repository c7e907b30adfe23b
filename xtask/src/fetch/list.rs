//! The model list, `GET /api/ai/models`: one answer, or pages followed to their end.

use std::collections::HashSet;

use oxen_codegen::ModelId;
use serde::Deserialize;

use super::client::HubClient;
use super::config::FetchConfig;
use super::error::{FetchError, ModelFailure, ModelProblem, RequestError};

/// A hub that never returns an empty or repeated page must still not page forever.
const MAX_PAGES: u64 = 1000;

/// `GET /api/ai/models`, one page or many.
#[derive(Debug, Deserialize)]
struct ListPage {
    #[serde(default)]
    object: Option<String>,
    data: Vec<ListedModel>,
    #[serde(default)]
    page_num: Option<u64>,
    #[serde(default)]
    page_size: Option<u64>,
    #[serde(default)]
    total_pages: Option<u64>,
    #[serde(default)]
    total_entries: Option<u64>,
}

#[derive(Debug, Deserialize)]
struct ListedModel {
    id: String,
}

/// Every listed id, in list order without repeats; ids that are not safe file names are
/// returned as failures and never requested.
pub async fn list_models(
    client: &HubClient,
    config: &FetchConfig,
) -> Result<(Vec<ModelId>, Vec<ModelFailure>), FetchError> {
    let mut page = list_page(client, config, None).await?;
    let paged = page.page_num.is_some() || page.page_size.is_some();
    let page_size = page.page_size.unwrap_or(page.data.len() as u64).max(1);
    let mut number = page.page_num.unwrap_or(1);
    let total_entries = page.total_entries;
    let mut seen_pages = HashSet::new();
    let mut raw_ids = Vec::new();
    loop {
        let ids: Vec<String> = page.data.into_iter().map(|model| model.id).collect();
        if ids.is_empty() || !seen_pages.insert(ids.clone()) {
            break;
        }
        raw_ids.extend(ids);
        if !paged || page.total_pages.is_some_and(|total| number >= total) {
            break;
        }
        number += 1;
        if number > MAX_PAGES {
            return Err(FetchError::ListShape(format!(
                "the list goes on past {MAX_PAGES} pages"
            )));
        }
        page = list_page(client, config, Some((number, page_size))).await?;
    }

    if raw_ids.is_empty() {
        // Taken at its word, an empty list would empty schemas/; a hub in trouble sends one.
        return Err(FetchError::ListShape(
            "the hub listed no models at all; refusing to remove the whole catalog".to_owned(),
        ));
    }
    let mut seen = HashSet::new();
    raw_ids.retain(|id| seen.insert(id.clone()));
    // A hub that ignores `page_num` repeats its first page; stopping there would silently drop
    // every later model (and a full refresh would delete them), so a stated total is checked.
    if let Some(total) = total_entries.filter(|&total| total != raw_ids.len() as u64) {
        return Err(FetchError::ListShape(format!(
            "the hub says it has {total} models but its pages listed {}",
            raw_ids.len()
        )));
    }
    let mut ids = Vec::new();
    let mut failures = Vec::new();
    for raw in raw_ids {
        match ModelId::parse(&raw) {
            Ok(id) => ids.push(id),
            Err(error) => failures.push(ModelFailure::new(&raw, ModelProblem::UnsafeId(error))),
        }
    }
    Ok((ids, failures))
}

async fn list_page(
    client: &HubClient,
    config: &FetchConfig,
    page: Option<(u64, u64)>,
) -> Result<ListPage, FetchError> {
    let url = config.base_url.models_url(page);
    let value = client
        .get_json(&url, "model list")
        .await
        .map_err(|failure| match failure.error {
            RequestError::AuthRefused { status } => FetchError::auth_refused(status, config),
            _ => FetchError::List {
                url: url.to_string(),
                failure,
            },
        })?;
    let page: ListPage =
        serde_json::from_value(value).map_err(|error| FetchError::ListShape(error.to_string()))?;
    match page.object.as_deref() {
        None | Some("list") => Ok(page),
        Some(other) => Err(FetchError::ListShape(format!(
            "`object` is \"{}\", not \"list\"",
            other.escape_debug()
        ))),
    }
}
