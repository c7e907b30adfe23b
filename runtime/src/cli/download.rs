//! Downloading a result into a file: plain GET without the API key (a result URL is the
//! hub's storage, not its API), written under a temporary name and renamed into place, so a
//! broken download leaves no partial file behind.

use std::io::Write;
use std::path::Path;

use super::oxen::Failure;

/// Downloads `url` into `path`, replacing a file there.
///
/// # Errors
/// [`Failure::Io`] naming the URL or the file: a URL that is not `https://` (or `http://` to a
/// loopback host), a failed connection, an error status, a write that fails.
pub async fn download(http: &reqwest::Client, url: &str, path: &Path) -> Result<(), Failure> {
    let fail = |what: String| Failure::Io(format!("downloading {url}: {what}"));
    let parsed = reqwest::Url::parse(url).map_err(|error| fail(error.to_string()))?;
    let host = parsed.host_str().unwrap_or_default();
    let loopback = host == "localhost"
        || host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match parsed.scheme() {
        "https" => {}
        "http" if loopback => {}
        other => return Err(fail(format!("the scheme {other:?} is not https"))),
    }
    let mut response = http
        .get(parsed)
        .send()
        .await
        .map_err(|error| fail(error.to_string()))?;
    let status = response.status();
    if !status.is_success() {
        return Err(fail(format!("HTTP {}", status.as_u16())));
    }
    let partial = path.with_extension(format!(
        "{}.part",
        path.extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
    ));
    let written = async {
        let mut file = std::fs::File::create(&partial).map_err(|error| error.to_string())?;
        while let Some(chunk) = response.chunk().await.map_err(|error| error.to_string())? {
            file.write_all(&chunk).map_err(|error| error.to_string())?;
        }
        file.sync_all().map_err(|error| error.to_string())?;
        std::fs::rename(&partial, path).map_err(|error| error.to_string())
    }
    .await;
    written.map_err(|what| {
        let _ = std::fs::remove_file(&partial);
        Failure::Io(format!("downloading {url} into {}: {what}", path.display()))
    })
}
