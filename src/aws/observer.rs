//! Sees every attempt of every AWS call of a region: counts requests, throttles and retries for
//! the progress log, and tells the limiter when AWS throttled so it slows that action down.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeTransmitInterceptorContextRef, FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::{HttpResponse, Metadata};
use aws_smithy_runtime_api::client::retries::RequestAttempts;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

use super::limiter::Limiter;

/// Calls of one region so far.
#[derive(Debug, Default)]
pub struct CallStats {
    pub requests: AtomicU64,
    pub throttled: AtomicU64,
    pub retries: AtomicU64,
}

impl CallStats {
    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }
}

/// The interceptor of one service's client in one region.
#[derive(Debug, Clone)]
pub struct Observer {
    /// The action prefix of the service (`ec2`, `autoscaling`, `elasticloadbalancing`, `ssm`).
    pub service: &'static str,
    pub region: String,
    /// Whose buckets (an account's credentials or role).
    pub limit_key: String,
    pub stats: Arc<CallStats>,
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
        if cfg.load::<RequestAttempts>().is_some_and(|a| a.attempts() > 1) {
            self.stats.retries.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }

    fn read_after_attempt(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let (Some(response), Some(metadata)) = (context.response(), cfg.load::<Metadata>()) else { return Ok(()) };
        let action = format!("{}:{}", self.service, metadata.name());
        if is_throttle(response) {
            self.stats.throttled.fetch_add(1, Ordering::Relaxed);
            Limiter::global().throttled(&self.limit_key, &self.region, &action);
        } else if response.status().is_success() {
            Limiter::global().succeeded(&self.limit_key, &self.region, &action);
        }
        Ok(())
    }
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
