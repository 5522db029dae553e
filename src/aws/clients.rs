//! One `Session` per collect: the credentials (a role assumed once, its credentials cached and
//! shared by every region) and the settings every client gets. Clients honour
//! `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>` exactly as the AWS SDKs do, because they
//! are built by aws-config's own loader.

use std::sync::OnceLock;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::stalled_stream_protection::StalledStreamProtectionConfig;
use aws_config::sts::AssumeRoleProvider;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};
use aws_smithy_runtime_api::client::http::SharedHttpClient;

use super::credentials::{Scrubber, Secret};
use super::limiter::Budget;
use super::observer::Observer;

/// Attempts per call: AWS throttles bursts, and a collect at scale must ride them out.
const MAX_ATTEMPTS: u32 = 10;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// A call with its retries and their backoff may take this many times one attempt's timeout.
const OPERATION_ATTEMPTS: u32 = 6;

const MAX_IDLE_PER_HOST: usize = 64;

/// The HTTP client of the process, so connections are pooled across collects.
fn http_client() -> SharedHttpClient {
    static CLIENT: OnceLock<SharedHttpClient> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            // idle connections kept per endpoint: enough for the calls in flight to reuse them,
            // bounded so that a burst leaves no thousands of open sockets behind
            aws_smithy_http_client::Builder::new()
                .pool_max_idle_per_host(MAX_IDLE_PER_HOST)
                .tls_provider(Provider::Rustls(CryptoMode::Ring))
                .build_https()
        })
        .clone()
}

#[derive(Clone)]
pub struct Session {
    config: SdkConfig,
    scrubber: Scrubber,
    /// Whose AWS rate limits the calls count against: the role, else the access key.
    limit_key: String,
}

/// A client of one service for one region, observed when an observer is given.
macro_rules! regional_client {
    ($name:ident, $sdk:ident) => {
        pub fn $name(&self, region: &str, observer: Option<Observer>) -> $sdk::Client {
            let mut builder = $sdk::config::Builder::from(&self.config).region(region_of(region));
            if let Some(observer) = observer {
                builder = builder.interceptor(observer);
            }
            $sdk::Client::from_conf(builder.build())
        }
    };
}

impl Session {
    /// `home_region` is where the role is assumed and where account-level calls go; one attempt
    /// of any call may take `call_timeout`.
    pub async fn new(secret: &Secret, home_region: &str, call_timeout: Duration) -> Session {
        let keys = Credentials::new(
            &secret.access_key_id,
            &secret.secret_access_key,
            secret.session_token.clone(),
            None,
            "secret_data",
        );
        let mut config = aws_config::defaults(BehaviorVersion::v2026_01_12())
            .region(Region::new(home_region.to_string()))
            .credentials_provider(keys)
            .http_client(http_client())
            .retry_config(RetryConfig::standard().with_max_attempts(MAX_ATTEMPTS))
            // an answer may pause mid-body as long as one attempt may take (the SDK's default, 5 s,
            // would cut and retry an answer that pauses 7 s well within a 30 s call timeout)
            .stalled_stream_protection(StalledStreamProtectionConfig::enabled().grace_period(call_timeout).build())
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(CONNECT_TIMEOUT.min(call_timeout))
                    .operation_attempt_timeout(call_timeout)
                    .operation_timeout(call_timeout * OPERATION_ATTEMPTS)
                    .build(),
            )
            .load()
            .await;
        if let Some(role_arn) = &secret.role_arn {
            let mut role =
                AssumeRoleProvider::builder(role_arn).session_name("cloudforet-ec2-collector").configure(&config);
            if let Some(external_id) = &secret.external_id {
                role = role.external_id(external_id);
            }
            let provider = SharedCredentialsProvider::new(role.build().await);
            config = config.to_builder().credentials_provider(provider).build();
        }
        let limit_key = secret.role_arn.clone().unwrap_or_else(|| secret.access_key_id.clone());
        Session { config, scrubber: secret.scrubber(), limit_key }
    }

    pub fn scrubber(&self) -> &Scrubber {
        &self.scrubber
    }

    pub fn limit_key(&self) -> &str {
        &self.limit_key
    }

    regional_client!(ec2, aws_sdk_ec2);
    regional_client!(autoscaling, aws_sdk_autoscaling);
    regional_client!(elbv2, aws_sdk_elasticloadbalancingv2);
    regional_client!(ssm, aws_sdk_ssm);

    /// STS in the home region, its answers checked whole like every other call's.
    pub fn sts(&self) -> aws_sdk_sts::Client {
        let config = aws_sdk_sts::config::Builder::from(&self.config).interceptor(self.account_observer("sts"));
        aws_sdk_sts::Client::from_conf(config.build())
    }

    /// The observer of an account-level call (who the caller is, which regions exist): its
    /// answer is refused when it does not close its document, so a cut DescribeRegions never
    /// plans fewer regions and a cut GetCallerIdentity never names no account.
    pub fn account_observer(&self, service: &'static str) -> Observer {
        let region = self.home_region().to_string();
        // account-level calls are a handful per collect: they do not throttle the region buckets
        let budget = Budget { account: self.limit_key.clone(), share: 1.0 };
        Observer { service, region, budget, stats: Default::default() }
    }

    pub fn home_region(&self) -> &str {
        self.config.region().map(Region::as_ref).unwrap_or("us-east-1")
    }
}

fn region_of(region: &str) -> Region {
    Region::new(region.to_string())
}
