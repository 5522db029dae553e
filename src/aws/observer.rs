//! Sees every attempt of every AWS call of a region: counts requests, throttles and retries for
//! the progress log, and tells the limiter when AWS throttled so it slows that action down.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    AfterDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextRef, FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::{HttpResponse, Metadata};
use aws_smithy_runtime_api::client::retries::RequestAttempts;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

use super::errors::BrokenAnswer;
use super::limiter::{Budget, Limiter};

/// Calls of one region so far.
#[derive(Debug, Default)]
pub struct CallStats {
    pub requests: AtomicU64,
    pub throttled: AtomicU64,
    pub retries: AtomicU64,
    /// Per-item answers served from memory (fetch::memory) instead of asked.
    pub remembered: AtomicU64,
    /// Attempts sent and not yet answered, per `service:Action`.
    in_flight: Mutex<BTreeMap<String, u64>>,
}

impl CallStats {
    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }

    /// The actions with attempts awaiting an answer, and how many each.
    pub fn awaiting(&self) -> Vec<(String, u64)> {
        let in_flight = self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        in_flight.iter().filter(|(_, n)| **n > 0).map(|(a, n)| (a.clone(), *n)).collect()
    }

    fn sent(&self, action: String, delta: i64) {
        let mut in_flight = self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        let count = in_flight.entry(action).or_default();
        *count = count.saturating_add_signed(delta);
    }
}

/// The interceptor of one service's client in one region.
#[derive(Debug, Clone)]
pub struct Observer {
    /// The action prefix of the service (`ec2`, `autoscaling`, `elasticloadbalancing`, `ssm`).
    pub service: &'static str,
    pub region: String,
    /// Whose buckets, and the share of them.
    pub budget: Budget,
    pub stats: Arc<CallStats>,
}

impl Observer {
    /// `service:Action` of the call being made.
    fn action(&self, cfg: &ConfigBag) -> Option<String> {
        cfg.load::<Metadata>().map(|metadata| format!("{}:{}", self.service, metadata.name()))
    }
}

impl Intercept for Observer {
    fn name(&self) -> &'static str {
        "CallObserver"
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.stats.requests.fetch_add(1, Ordering::Relaxed);
        let retry = cfg.load::<RequestAttempts>().is_some_and(|a| a.attempts() > 1);
        if retry {
            self.stats.retries.fetch_add(1, Ordering::Relaxed);
        }
        if let Some(action) = self.action(cfg) {
            // the first attempt waited for its token in Fetcher::call; a retry is sent when the
            // SDK's back-off says, and AWS counts it all the same
            if retry {
                Limiter::global().retried(&self.budget, &self.region, &action);
            }
            self.stats.sent(action, 1);
        }
        Ok(())
    }

    /// The SDK's XML reader stops quietly at the first broken token or at a body cut short, and
    /// would hand over a shorter list: an answer of the XML services must end its document.
    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let response = context.response();
        let (true, true, Some(metadata)) =
            (self.service != "ssm", response.status().is_success(), cfg.load::<Metadata>())
        else {
            return Ok(());
        };
        match response.body().bytes() {
            Some(body) if !complete_xml(body, metadata.name()) => {
                let (code, what) = broken(body, metadata.name());
                let message = format!(
                    "the answer of {}:{} cannot be parsed: {what} ({} bytes without its closing tag); not used, so \
                     that nothing is taken for a shorter list",
                    self.service,
                    metadata.name(),
                    body.len()
                );
                Err(BrokenAnswer { code, message }.into())
            }
            _ => Ok(()),
        }
    }

    fn read_after_attempt(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Some(action) = self.action(cfg) else { return Ok(()) };
        self.stats.sent(action.clone(), -1);
        let Some(response) = context.response() else { return Ok(()) };
        if is_throttle(response) {
            self.stats.throttled.fetch_add(1, Ordering::Relaxed);
            Limiter::global().throttled(&self.budget, &self.region, &action);
        } else if response.status().is_success() {
            Limiter::global().succeeded(&self.budget, &self.region, &action);
        }
        Ok(())
    }
}

/// Why an answer that does not close its document is broken: (code, what to say).
fn broken(body: &[u8], operation: &str) -> (&'static str, String) {
    let text = String::from_utf8_lossy(body);
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    if rest.starts_with("<?xml") {
        rest = rest.find("?>").map_or("", |end| rest[end + 2..].trim_start());
    }
    let root: String = rest
        .strip_prefix('<')
        .map(|r| r.chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '.')).collect())
        .unwrap_or_default();
    // a character XML 1.0 does not allow: not a document cut short, a broken one
    let invalid = text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
    let expected = format!("{operation}Response");
    if root.is_empty() {
        ("Malformed", "it is not XML".into())
    } else if root != expected {
        let shown: String = root.chars().take(64).collect();
        ("WrongRoot", format!("its XML is a <{shown}> document, not <{expected}>"))
    } else if invalid {
        ("Malformed", "its XML is malformed".into())
    } else {
        ("Truncated", "its XML is truncated".into())
    }
}

/// Whether `body` ends with the closing tag of `<{operation}Response>`.
fn complete_xml(body: &[u8], operation: &str) -> bool {
    let body = body.trim_ascii_end();
    let closing = format!("</{operation}Response>");
    body.ends_with(closing.as_bytes())
}

/// EC2's RequestLimitExceeded (503), Auto Scaling's and ELBv2's Throttling (400), JSON services'
/// ThrottlingException.
fn is_throttle(response: &HttpResponse) -> bool {
    let status = response.status().as_u16();
    let body = response.body().bytes().map(String::from_utf8_lossy);
    matches!(status, 400 | 429 | 503)
        && body.is_some_and(|b| {
            ["RequestLimitExceeded", "Throttling", "TooManyRequestsException"].iter().any(|c| b.contains(c))
        })
}

#[cfg(test)]
mod tests {
    use super::{broken, complete_xml};

    #[test]
    fn an_answer_is_complete_when_it_closes_its_document() {
        let whole = b"<DescribeVolumesResponse xmlns=\"x\"><volumeSet/></DescribeVolumesResponse>\n";
        assert!(complete_xml(whole, "DescribeVolumes"));
        assert!(!complete_xml(&whole[..whole.len() / 2], "DescribeVolumes"), "cut short");
        assert!(!complete_xml(b"<DescribeVolumesResponse><volumeSet>\x00<</>>", "DescribeVolumes"), "garbage");
        assert!(!complete_xml(b"<html><body>502 Bad Gateway</body></html>", "DescribeVolumes"));
    }

    #[test]
    fn a_broken_answer_says_whether_it_was_cut_malformed_or_another_document() {
        let cut = b"<?xml version=\"1.0\"?>\n<DescribeVolumesResponse xmlns=\"x\"><volumeSet><item>";
        assert_eq!(broken(cut, "DescribeVolumes").0, "Truncated");
        assert_eq!(broken(b"<DescribeVolumesResponse><volumeSet>\x00<</>>", "DescribeVolumes").0, "Malformed");
        assert_eq!(broken(b"<html><body>502 Bad Gateway</body></html>", "DescribeVolumes").0, "WrongRoot");
        assert_eq!(broken(b"<DescribeSubnetsResponse></DescribeSubnetsResponse>", "DescribeVolumes").0, "WrongRoot");
        assert_eq!(broken(b"{\"json\": true}", "DescribeVolumes").0, "Malformed");
        assert_eq!(broken(b"", "DescribeVolumes").0, "Malformed");
    }
}
