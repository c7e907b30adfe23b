//! Faults the fake hub injects, each aimed at the list, one model, or every request, for a
//! number of times or for good.

use std::fmt;
use std::sync::Mutex;

/// What goes wrong with a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// HTTP 500.
    ServerError,
    /// HTTP 429 with `Retry-After`.
    RateLimited,
    /// The response starts only after the slow delay.
    Slow,
    /// HTTP 200 with a body that is not JSON.
    Malformed,
    /// HTTP 200 whose body stops half-way and the connection closes.
    Truncated,
    /// HTTP 200 with a body far larger than any model object, streamed without a length.
    Oversized,
    /// HTTP 200 with a model whose `json_request_schema` is not a valid JSON Schema.
    InvalidSchema,
    /// HTTP 302 to another host, which a client must not follow with the key.
    RedirectAway,
}

impl std::str::FromStr for FaultKind {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Ok(match raw {
            "500" => FaultKind::ServerError,
            "429" => FaultKind::RateLimited,
            "slow" => FaultKind::Slow,
            "malformed" => FaultKind::Malformed,
            "truncated" => FaultKind::Truncated,
            "oversized" => FaultKind::Oversized,
            "invalid-schema" => FaultKind::InvalidSchema,
            "redirect-away" => FaultKind::RedirectAway,
            other => {
                return Err(format!(
                    "unknown fault \"{other}\" (known: 500, 429, slow, malformed, truncated, oversized, invalid-schema, redirect-away)"
                ));
            }
        })
    }
}

/// `KIND=TARGET[:COUNT]`, as given to `--fault`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub kind: FaultKind,
    pub spec: FaultSpec,
}

impl std::str::FromStr for Fault {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let (kind, spec) = raw
            .split_once('=')
            .ok_or_else(|| format!("\"{raw}\" is not KIND=TARGET[:COUNT]"))?;
        Ok(Self {
            kind: kind.parse()?,
            spec: spec.parse()?,
        })
    }
}

/// Which requests a fault hits: `list`, `*` (every request) or one model id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    List,
    Every,
    Model(String),
}

impl Target {
    fn matches(&self, request: &Target) -> bool {
        match self {
            Target::Every => true,
            _ => self == request,
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::List => f.write_str("list"),
            Target::Every => f.write_str("*"),
            Target::Model(id) => f.write_str(&id.escape_debug().to_string()),
        }
    }
}

/// `TARGET` or `TARGET:COUNT`, as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultSpec {
    pub target: Target,
    /// How many matching requests are hit; `None` is every one.
    pub times: Option<u32>,
}

impl std::str::FromStr for FaultSpec {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let (target, times) = match raw.rsplit_once(':') {
            Some((target, count)) => {
                let count = count
                    .parse::<u32>()
                    .map_err(|_| format!("\"{raw}\": the count after `:` is not a number"))?;
                (target, Some(count))
            }
            None => (raw, None),
        };
        let target = match target {
            "" => return Err("a fault needs a target: `list`, `*` or a model id".to_owned()),
            "list" => Target::List,
            "*" => Target::Every,
            id => Target::Model(id.to_owned()),
        };
        Ok(Self { target, times })
    }
}

struct Rule {
    kind: FaultKind,
    spec: FaultSpec,
    used: u32,
}

/// Every fault of a run, with how often each has struck.
pub struct FaultPlan {
    rules: Mutex<Vec<Rule>>,
}

impl FaultPlan {
    pub fn new(faults: impl IntoIterator<Item = (FaultKind, FaultSpec)>) -> Self {
        let rules = faults
            .into_iter()
            .map(|(kind, spec)| Rule {
                kind,
                spec,
                used: 0,
            })
            .collect();
        Self {
            rules: Mutex::new(rules),
        }
    }

    /// The fault that hits this request, if any; the first rule with strikes left wins.
    pub fn strike(&self, request: &Target) -> Option<FaultKind> {
        let mut rules = self
            .rules
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        let rule = rules.iter_mut().find(|rule| {
            rule.spec.target.matches(request) && rule.spec.times.is_none_or(|n| rule.used < n)
        })?;
        rule.used += 1;
        Some(rule.kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(raw: &str) -> FaultSpec {
        raw.parse().expect("valid spec")
    }

    #[test]
    fn a_counted_fault_strikes_that_many_times_then_stops() {
        let plan = FaultPlan::new([(FaultKind::ServerError, spec("flux-2-pro:2"))]);
        let flux = Target::Model("flux-2-pro".to_owned());
        assert_eq!(plan.strike(&flux), Some(FaultKind::ServerError));
        assert_eq!(plan.strike(&Target::List), None);
        assert_eq!(plan.strike(&flux), Some(FaultKind::ServerError));
        assert_eq!(plan.strike(&flux), None);
    }

    #[test]
    fn a_fault_without_a_count_strikes_every_matching_request() {
        let plan = FaultPlan::new([(FaultKind::Slow, spec("*"))]);
        for _ in 0..5 {
            assert_eq!(plan.strike(&Target::List), Some(FaultKind::Slow));
        }
    }

    #[test]
    fn a_fault_flag_names_its_kind_target_and_count() {
        let fault: Fault = "429=list:2".parse().expect("valid fault");
        assert_eq!(fault.kind, FaultKind::RateLimited);
        assert_eq!(fault.spec, spec("list:2"));
        assert!("teapot=list".parse::<Fault>().is_err());
        assert!("500".parse::<Fault>().is_err());
    }

    #[test]
    fn specs_need_a_target_and_a_numeric_count() {
        assert!("".parse::<FaultSpec>().is_err());
        assert!("list:often".parse::<FaultSpec>().is_err());
        assert_eq!(spec("list:3").times, Some(3));
    }
}
