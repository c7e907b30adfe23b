//! What a fetch needs to know before it sends anything: where the hub is, the API key, and
//! the limits it works within. Every check that can fail without a request happens here.

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use oxen_codegen::ModelId;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use reqwest::Url;

use super::retry::RetryPolicy;

pub const DEFAULT_BASE_URL: &str = "https://hub.oxen.ai";
pub const BASE_URL_VAR: &str = "OXEN_BASE_URL";
pub const API_KEY_VAR: &str = "OXEN_API_KEY";

/// Model objects are a few KiB and the list a few hundred; anything near this is not a catalog.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 8 * 1024 * 1024;
pub const DEFAULT_CONCURRENCY: usize = 8;
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Everything outside unreserved URL characters is encoded in a path segment.
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Problems found before any request is sent.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "{API_KEY_VAR} is {}, and {base_url} is not a loopback address. Create an API key in \
         your Oxen hub account settings, then run `export {API_KEY_VAR}=<your key>` before \
         `{command}` (in CI, store the key as a secret and pass it to the job's environment)",
        if *empty { "empty" } else { "not set" }
    )]
    MissingApiKey {
        base_url: String,
        /// The variable is set, to nothing (or only spaces).
        empty: bool,
        /// The command to run again once the key is set, e.g. `cargo xtask fetch`.
        command: &'static str,
    },
    #[error("{API_KEY_VAR} cannot be sent in an HTTP header: {reason}")]
    InvalidApiKey { reason: &'static str },
    #[error("base URL \"{url}\" is not usable: {reason}")]
    InvalidBaseUrl { url: String, reason: String },
    #[error(
        "refusing plain http:// for {url}: the API key would cross the network in clear; use \
         https://, or a loopback address (127.0.0.1, [::1], localhost) for a local hub"
    )]
    PlainHttp { url: String },
}

impl ConfigError {
    /// The same error, advising to run `command` again (the default is `cargo xtask fetch`).
    pub fn for_command(self, command: &'static str) -> Self {
        match self {
            ConfigError::MissingApiKey {
                base_url, empty, ..
            } => ConfigError::MissingApiKey {
                base_url,
                empty,
                command,
            },
            other => other,
        }
    }
}

/// The hub's API key. It has no `Display`, and its `Debug` is redacted, so it cannot end up in
/// a message by accident; only the request builder reads it.
#[derive(Clone)]
pub struct ApiKey(String);

impl ApiKey {
    /// Accepts a key that can travel in an `Authorization` header.
    pub fn new(raw: String) -> Result<Self, ConfigError> {
        let key = raw.trim();
        if key.is_empty() {
            return Err(ConfigError::InvalidApiKey {
                reason: "it is empty",
            });
        }
        if !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(ConfigError::InvalidApiKey {
                reason: "it contains spaces, control or non-ASCII characters",
            });
        }
        Ok(Self(key.to_owned()))
    }

    /// Whether `OXEN_API_KEY` is set but empty (or only spaces), which [`Self::from_env`] takes
    /// as no key: messages about a missing key then say it is empty.
    pub fn env_is_empty() -> bool {
        std::env::var_os(API_KEY_VAR).is_some_and(|raw| raw.to_string_lossy().trim().is_empty())
    }

    /// Reads `OXEN_API_KEY`; unset or empty means no key.
    pub fn from_env() -> Result<Option<Self>, ConfigError> {
        match std::env::var(API_KEY_VAR) {
            Ok(raw) if raw.trim().is_empty() => Ok(None),
            Ok(raw) => Self::new(raw).map(Some),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => Err(ConfigError::InvalidApiKey {
                reason: "it is not valid Unicode",
            }),
        }
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// The hub's base URL, checked: http(s), no credentials, plain http only on loopback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubUrl {
    url: Url,
    loopback: bool,
}

impl HubUrl {
    pub fn parse(raw: &str) -> Result<Self, ConfigError> {
        let invalid = |reason: &str| ConfigError::InvalidBaseUrl {
            url: raw.to_owned(),
            reason: reason.to_owned(),
        };
        if !raw.contains("://") {
            return Err(invalid(&no_scheme_hint(raw)));
        }
        let url = Url::parse(raw).map_err(|error| invalid(&error.to_string()))?;
        if !url.username().is_empty() || url.password().is_some() {
            // Never echo the URL here: its user part may be a pasted key.
            return Err(ConfigError::InvalidBaseUrl {
                url: "<redacted>".to_owned(),
                reason: format!("it contains credentials; put the key in {API_KEY_VAR} instead"),
            });
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("it has a query or fragment"));
        }
        let loopback = match url.host() {
            Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
            Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
            Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
            None => return Err(invalid("it has no host")),
        };
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            "http" => {
                return Err(ConfigError::PlainHttp {
                    url: raw.to_owned(),
                });
            }
            other => return Err(invalid(&format!("scheme \"{other}\" is not http or https"))),
        }
        Ok(Self { url, loopback })
    }

    /// `--base-url`, else `OXEN_BASE_URL`, else the public hub.
    pub fn resolve(flag: Option<&str>, env: Option<&str>) -> Result<Self, ConfigError> {
        let chosen = flag
            .or(env.filter(|value| !value.trim().is_empty()))
            .unwrap_or(DEFAULT_BASE_URL);
        Self::parse(chosen.trim())
    }

    pub fn is_loopback(&self) -> bool {
        self.loopback
    }

    /// `GET {base}/api/ai/models`, with paging parameters when asked for a page.
    pub fn models_url(&self, page: Option<(u64, u64)>) -> Url {
        let mut url = self.below(&["api", "ai", "models"]);
        if let Some((number, size)) = page {
            url.query_pairs_mut()
                .append_pair("page_num", &number.to_string())
                .append_pair("page_size", &size.to_string());
        }
        url
    }

    /// `GET {base}/api/ai/models/{id}`, the id percent-encoded as one path segment.
    pub fn model_url(&self, id: &ModelId) -> Url {
        let segment = utf8_percent_encode(id.as_str(), PATH_SEGMENT).to_string();
        self.below(&["api", "ai", "models", &segment])
    }

    /// The base URL with `segments` appended to its path (which may have a prefix of its own).
    fn below(&self, segments: &[&str]) -> Url {
        let mut url = self.url.clone();
        let path = format!(
            "{}/{}",
            url.path().trim_end_matches('/'),
            segments.join("/")
        );
        url.set_path(&path);
        url
    }
}

/// What to say about a base URL written without `https://`: the URL it most likely means.
fn no_scheme_hint(raw: &str) -> String {
    let host = raw.split(['/', ':']).next().unwrap_or_default();
    let local = host == "localhost" || host.starts_with("127.") || raw.starts_with("[::1]");
    let scheme = if local { "http" } else { "https" };
    format!("it has no scheme; did you mean \"{scheme}://{raw}\"?")
}

impl fmt::Display for HubUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.url.as_str().trim_end_matches('/'))
    }
}

/// Everything a fetch runs with.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    pub base_url: HubUrl,
    pub api_key: Option<ApiKey>,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// The longest one request may take, body included.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    pub max_body_bytes: u64,
}

impl FetchConfig {
    /// A configuration with default limits; fails when a remote hub is given no key.
    pub fn new(base_url: HubUrl, api_key: Option<ApiKey>) -> Result<Self, ConfigError> {
        if api_key.is_none() && !base_url.is_loopback() {
            return Err(ConfigError::MissingApiKey {
                base_url: base_url.to_string(),
                empty: ApiKey::env_is_empty(),
                command: "cargo xtask fetch",
            });
        }
        Ok(Self {
            base_url,
            api_key,
            concurrency: DEFAULT_CONCURRENCY,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            retry: RetryPolicy::default(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        })
    }

    /// The configuration `cargo xtask fetch` starts from: `--base-url` or the environment.
    pub fn from_env(base_url_flag: Option<&str>) -> Result<Self, ConfigError> {
        let env_url = std::env::var(BASE_URL_VAR).ok();
        let base_url = HubUrl::resolve(base_url_flag, env_url.as_deref())?;
        Self::new(base_url, ApiKey::from_env()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> ApiKey {
        ApiKey::new("sk-very-secret-123".to_owned()).expect("valid key")
    }

    #[test]
    fn the_api_key_is_redacted_in_debug_output() {
        let config = FetchConfig::new(
            HubUrl::parse("https://hub.example").expect("url"),
            Some(key()),
        )
        .expect("config");
        let printed = format!("{config:?} {config:#?}");
        assert!(!printed.contains("very-secret"), "{printed}");
        assert!(printed.contains("<redacted>"), "{printed}");
    }

    #[test]
    fn a_key_that_cannot_be_a_header_is_rejected_without_echoing_it() {
        let error = ApiKey::new("sk-abc\ndef".to_owned()).expect_err("newline");
        assert!(!error.to_string().contains("sk-abc"), "{error}");
    }

    #[test]
    fn the_flag_wins_over_the_environment_which_wins_over_the_default() {
        let flag = HubUrl::resolve(Some("https://flag.example"), Some("https://env.example"));
        assert_eq!(flag.expect("flag").to_string(), "https://flag.example");
        let env = HubUrl::resolve(None, Some("https://env.example/"));
        assert_eq!(env.expect("env").to_string(), "https://env.example");
        let default = HubUrl::resolve(None, None);
        assert_eq!(default.expect("default").to_string(), DEFAULT_BASE_URL);
    }

    #[test]
    fn a_remote_hub_without_a_key_is_refused_with_a_how_to() {
        let url = HubUrl::parse("https://hub.example").expect("url");
        let error = FetchConfig::new(url, None).expect_err("no key");
        let message = error.to_string();
        assert!(message.contains("export OXEN_API_KEY="), "{message}");
    }

    #[test]
    fn a_base_url_without_a_scheme_gets_the_url_it_most_likely_means() {
        for (raw, meant) in [
            ("hub.oxen.ai", "https://hub.oxen.ai"),
            ("localhost:8080", "http://localhost:8080"),
            ("127.0.0.1:9/prefix", "http://127.0.0.1:9/prefix"),
        ] {
            let error = HubUrl::parse(raw).expect_err("no scheme");
            assert_eq!(
                error.to_string(),
                format!(
                    "base URL \"{raw}\" is not usable: it has no scheme; did you mean \"{meant}\"?"
                )
            );
        }
    }

    #[test]
    fn a_loopback_hub_may_run_without_a_key() {
        for url in [
            "http://127.0.0.1:8080",
            "http://[::1]:1",
            "http://localhost:9",
        ] {
            let url = HubUrl::parse(url).expect("loopback url");
            assert!(FetchConfig::new(url, None).is_ok());
        }
    }

    #[test]
    fn plain_http_is_refused_unless_the_host_is_loopback() {
        for url in [
            "http://hub.example",
            "http://10.0.0.1",
            "http://127.0.0.1.example",
        ] {
            assert!(
                matches!(HubUrl::parse(url), Err(ConfigError::PlainHttp { .. })),
                "{url}"
            );
        }
    }

    #[test]
    fn credentials_in_the_url_are_refused_and_not_echoed() {
        let error = HubUrl::parse("https://user:sk-secret@hub.example").expect_err("credentials");
        assert!(!error.to_string().contains("sk-secret"), "{error}");
    }

    #[test]
    fn model_urls_keep_a_base_path_and_encode_the_id() {
        let url = HubUrl::parse("https://hub.example/prefix/").expect("url");
        let id = ModelId::parse("flux-2.0_pro").expect("id");
        assert_eq!(
            url.model_url(&id).as_str(),
            "https://hub.example/prefix/api/ai/models/flux-2.0_pro"
        );
        assert_eq!(
            url.models_url(Some((2, 50))).as_str(),
            "https://hub.example/prefix/api/ai/models?page_num=2&page_size=50"
        );
    }
}
