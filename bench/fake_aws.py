"""A fast fake AWS for the benchmark: EC2, Auto Scaling, ELBv2, SSM and STS on one loopback
HTTP/1.1 endpoint (the plugin's AWS_ENDPOINT_URL), answering exactly the calls of src/fetch/,
and those the upstream collector makes (bench/run.py's UPSTREAM_CMD), from a deterministic fleet
(bench/fleet.py), in the real wire shapes (bench/wire.py).

Every call gets the configured round trip (half before, half after the throttle check), and a
token bucket per (region, action) as EC2 documents it: 100 calls of burst and 20 per second of
refill; 50 and 10 for DescribeInstances, DescribeVolumes and DescribeSecurityGroups called
without a filter and without pagination; ELBv2's Describe* calls share one bucket of 40 and 10 per
second, as ELB documents it. Over the limit EC2 answers RequestLimitExceeded (HTTP 503), Auto
Scaling and ELBv2 Throttling (HTTP 400), SSM ThrottlingException (HTTP 400); AWS publishes no
numbers for Auto Scaling and SSM, they get EC2's. All times run on a clock scaled by
`--time-scale` (0.1: ten times faster round trips and refills).

Every call is one JSON line of `--log`: region, service, action, bucket, start and end (scaled
seconds since start), throttled, status, page, a digest of the request parameters, the SDK's
attempt number (amz-sdk-request header), the fake's own service time (parsing, building and
logging, sleeps excluded) and the x-bench-client header (bench/run.py's neighbour sends one).
GET /__bench/report flushes the log and returns the totals, with the scaled clock's origin
(t0_monotonic: time.monotonic() of this process, a system-wide clock); GET /__bench/ready
answers once the fleet is built.

Faults are injected by rules set at run time: POST /__bench/faults with a JSON list of rules
replaces them (400 naming the field of a bad rule), GET /__bench/faults shows them with their
counts, DELETE /__bench/faults removes them; `--faults JSON` sets the first ones. A rule matches
calls by `service` (the SigV4 signing name: ec2, autoscaling, elasticloadbalancing, ssm, sts),
`action` and `region` (the credential scope's), each a name or a list of names, absent: any; it
lets the first `after` matching calls through (default 0), then hits `count` of them (absent:
every one from then on). The first rule that hits a call decides its answer, and the call log
says `fault`. Its `kind` (and `variant`, the first one the default):

* timeout: the request is held, and answered `delay_s` later (absent: never; the connection
  stays open until the client gives up);
* reset: the connection is closed without a response, by a TCP RST ("reset") or a FIN ("close");
* http500, http503: the service's server errors: EC2 InternalError (500) / Unavailable (503), the
  Query services InternalFailure / ServiceUnavailable (<Type>Receiver</Type>), SSM
  InternalServerError / ServiceUnavailable;
* throttle: the throttling answer of the service (as over its bucket), every time;
* malformed: a complete 200 whose body is the real answer's first half and garbage ("broken"), or
  a proxy's HTML page ("garbage");
* truncated: a 200 announcing the real answer's Content-Length, half of it sent, the connection
  closed ("short"), or a well-framed 200 carrying the first half only ("cut");
* expired: EC2 RequestExpired (400), the Query services ExpiredToken (403), SSM
  ExpiredTokenException (400); with `after`, the credentials expire mid-collect;
* access_denied: EC2 UnauthorizedOperation (403), the Query services AccessDenied (403), SSM
  AccessDeniedException (400), with IAM's "User: ... is not authorized to perform: ..." message;
* unreachable_region (`region` required): a region the account has not opted into, where the
  credentials are not valid: EC2 AuthFailure (401, "AWS was not able to validate the provided
  access credentials"), the Query services InvalidClientTokenId (403), SSM
  UnrecognizedClientException (400) ("auth_failure"); or every connection reset ("reset").

* error: an error answer of the rule's own `code` (default "InvalidRequest"), HTTP `status` (default
  400) and `message`, in the service's layout, the message verbatim (control characters too): its
  `{body}` is replaced by the request's body and `{headers}` by its headers, as a WAF or a proxy
  that echoes the request would answer; `location` adds a Location header, for a redirect ("custom"),
  or the message alone as a text/html body, without an AWS code, as a proxy answers ("bare");
* regions: DescribeRegions answers the region names of the rule's `names` (any text) instead of
  the fleet's ("names");
* paging (list actions only): pages of `size` items (default 2) whose NextToken misbehaves:
  "overlap" starts each page at the previous page's last item (every page boundary lists an
  item twice, and the listing still ends), "cycle" sends the second page's token back to the
  first page (the pages go round for ever);
* slow_body: a 200 with the real answer, whose headers and first half are sent at once and the
  rest `delay_s` (default 7) later ("pause").

`retry_after_ms` adds `x-amz-retry-after` to the answers that have headers: AWS does not send it
for these errors, but the SDK honours it for the errors it retries, so that a test can take the
SDK's retries without its backoff. `--regions us-east-1=5,eu-west-1=3` replaces the scenario's
regions (fault tests give each fault a region of its own).

    curl -X POST localhost:4566/__bench/faults -d '[{"kind": "access_denied", "service": "ssm"}]'

    python bench/fake_aws.py --scenario organisation --port 4566 --log calls.jsonl
"""
import argparse
import asyncio
import base64
import hashlib
import json
import resource
import signal
import socket
import struct
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import wire  # noqa: E402
from bench.fleet import ACCOUNT, SCENARIOS, build  # noqa: E402

BURST, REFILL = 100, 20  # Describe* per (account, region, action)
UNFILTERED_BURST, UNFILTERED_REFILL = 50, 10
# ELB: "the token bucket size for non-mutating API actions is 40 tokens", refilled at 10 a second
ELB_DESCRIBE, ELB_BURST, ELB_REFILL = "elasticloadbalancing:Describe*", 40, 10
UNFILTERED = {"DescribeInstances", "DescribeVolumes", "DescribeSecurityGroups"}
ACCOUNT_LEVEL = {("ec2", "DescribeRegions"), ("sts", "GetCallerIdentity")}
THROTTLED = {"ec2": ("RequestLimitExceeded", 503, "Request limit exceeded."),
             "autoscaling": ("Throttling", 400, "Rate exceeded"),
             "elasticloadbalancing": ("Throttling", 400, "Rate exceeded"),
             "ssm": ("ThrottlingException", 400, "Rate exceeded")}
REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 307: "Temporary Redirect", 400: "Bad Request",
           401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error", 502: "Bad Gateway",
           503: "Service Unavailable"}
STATES = {"instance-state-name": lambda r: r["Instances"][0]["State"]["Name"],
          "instance-id": lambda r: r["Instances"][0]["InstanceId"]}


class AwsError(Exception):
    def __init__(self, code, message, status=400):
        super().__init__(message)
        self.code, self.status = code, status


@dataclass(frozen=True)
class Listing:
    """A list action: its output member, its items for a request, how it pages (the request's
    page-size and token parameters, the response's token member, the largest page)."""
    member: str
    items: object  # (fake, fleet, params) -> list
    page: str = None
    token: str = "NextToken"
    next_token: str = "NextToken"
    max_page: int = 1000


def _filtered(items, params, known):
    for name, values in wire.ec2_filters(params).items():
        if name not in known:
            raise AwsError("InvalidParameterValue", f"The filter '{name}' is invalid")
        items = [i for i in items if known[name](i) in values]
    return items


def _by(mapping, key, code):
    def items(fake, fleet, params):
        if params.get(key) not in getattr(fleet, mapping):
            raise AwsError(code, f"{key} {params.get(key)!r} not found")
        return getattr(fleet, mapping)[params[key]]
    return items


def _reservations(fake, fleet, params):
    """DescribeInstances' answer: by its filters, and by InstanceId.N (the upstream asks each Auto
    Scaling group's instances by id, 20 at a time)."""
    reservations = _filtered(fleet.reservations, params, STATES)
    wanted = set(wire.indexed(params, "InstanceId"))
    return [r for r in reservations if r["Instances"][0]["InstanceId"] in wanted] if wanted else reservations


def _scheduled_actions(fake, fleet, params):
    """Every group's, or one group's (AutoScalingGroupName, as the upstream asks per group)."""
    group = params.get("AutoScalingGroupName")
    return [a for a in fleet.scheduled_actions if group in (None, a["AutoScalingGroupName"])]


def _images(fake, fleet, params):
    if wire.indexed(params, "Owner") == ["self"]:
        return fleet.owned_images
    return _filtered(fleet.images, params, {"image-id": lambda i: i["ImageId"]})


def _template_versions(fake, fleet, params):
    versions = _by("launch_template_versions", "LaunchTemplateId", "InvalidLaunchTemplateId.NotFound")(
        fake, fleet, params)
    wanted = wire.indexed(params, "LaunchTemplateVersion")
    return [v for v in versions if not wanted or ("$Latest" in wanted and v["VersionNumber"] == 2)
            or ("$Default" in wanted and v["DefaultVersion"])]


def _address_interfaces(fake, fleet, params):
    """The interfaces the addresses sit on, as DescribeNetworkInterfaces(NetworkInterfaceIds) lists them."""
    wanted = wire.indexed(params, "NetworkInterfaceId")
    return [{"NetworkInterfaceId": a["NetworkInterfaceId"],
             "Association": {"PublicIp": a["PublicIp"], "PublicDnsName": f"ec2-{a['PublicIp'].replace('.', '-')}.compute"}}
            for a in fleet.addresses if a.get("NetworkInterfaceId") in wanted]


def _fleet_list(name):
    return lambda fake, fleet, params: getattr(fleet, name)


LISTINGS = {
    ("ec2", "DescribeInstances"): Listing(
        "Reservations", _reservations, "MaxResults"),
    ("ec2", "DescribeVolumes"): Listing("Volumes", _fleet_list("volumes"), "MaxResults", max_page=500),
    ("ec2", "DescribeSecurityGroups"): Listing("SecurityGroups", _fleet_list("security_groups"), "MaxResults"),
    ("ec2", "DescribeSecurityGroupRules"): Listing(
        "SecurityGroupRules", _fleet_list("security_group_rules"), "MaxResults"),
    ("ec2", "DescribeVpcs"): Listing("Vpcs", _fleet_list("vpcs"), "MaxResults"),
    ("ec2", "DescribeSubnets"): Listing("Subnets", _fleet_list("subnets"), "MaxResults"),
    ("ec2", "DescribeSnapshots"): Listing("Snapshots", _fleet_list("snapshots"), "MaxResults"),
    ("ec2", "DescribeAddresses"): Listing("Addresses", _fleet_list("addresses")),
    ("ec2", "DescribeNatGateways"): Listing("NatGateways", _fleet_list("nat_gateways"), "MaxResults"),
    ("ec2", "DescribeNetworkInterfaces"): Listing("NetworkInterfaces", _address_interfaces),
    ("ec2", "DescribeImages"): Listing("Images", _images, "MaxResults"),
    ("ec2", "DescribeInstanceTypes"): Listing("InstanceTypes", lambda fake, f, p: [
        t for t in f.instance_types if t["InstanceType"] in wire.indexed(p, "InstanceType")], "MaxResults",
        max_page=100),
    ("ec2", "DescribeLaunchTemplates"): Listing(
        "LaunchTemplates", _fleet_list("launch_templates"), "MaxResults", max_page=200),
    ("ec2", "DescribeLaunchTemplateVersions"): Listing("LaunchTemplateVersions", _template_versions, "MaxResults"),
    ("ec2", "DescribeRegions"): Listing("Regions", lambda fake, f, p: fake.regions),
    ("autoscaling", "DescribeAutoScalingGroups"): Listing(
        "AutoScalingGroups", _fleet_list("auto_scaling_groups"), "MaxRecords", max_page=100),
    ("autoscaling", "DescribeLaunchConfigurations"): Listing(
        "LaunchConfigurations", _fleet_list("launch_configurations"), "MaxRecords", max_page=100),
    ("autoscaling", "DescribePolicies"): Listing(
        "ScalingPolicies", _fleet_list("scaling_policies"), "MaxRecords", max_page=100),
    ("autoscaling", "DescribeNotificationConfigurations"): Listing(
        "NotificationConfigurations", _fleet_list("notification_configurations"), "MaxRecords", max_page=100),
    ("autoscaling", "DescribeScheduledActions"): Listing(
        "ScheduledUpdateGroupActions", _scheduled_actions, "MaxRecords", max_page=100),
    ("autoscaling", "DescribeLifecycleHooks"): Listing(
        "LifecycleHooks", _by("lifecycle_hooks", "AutoScalingGroupName", "ValidationError")),
    ("elasticloadbalancing", "DescribeLoadBalancers"): Listing(
        "LoadBalancers", _fleet_list("load_balancers"), "PageSize", "Marker", "NextMarker", 400),
    ("elasticloadbalancing", "DescribeTargetGroups"): Listing(
        "TargetGroups", _fleet_list("target_groups"), "PageSize", "Marker", "NextMarker", 400),
    ("elasticloadbalancing", "DescribeListeners"): Listing(
        "Listeners", _by("listeners", "LoadBalancerArn", "LoadBalancerNotFound"), "PageSize", "Marker",
        "NextMarker", 400),
    ("elasticloadbalancing", "DescribeTargetHealth"): Listing(
        "TargetHealthDescriptions", _by("target_health", "TargetGroupArn", "TargetGroupNotFound")),
    ("ssm", "DescribeInstanceInformation"): Listing(
        "InstanceInformationList", _fleet_list("instance_information"), "MaxResults", max_page=50),
}


def _single(fake, fleet, service, action, params):
    """The members of the one-object answers, or None for an unknown action."""
    if (service, action) == ("ec2", "DescribeInstanceAttribute"):
        instance_id = params.get("InstanceId")
        if instance_id not in fleet.termination_protection:
            raise AwsError("InvalidInstanceID.NotFound", f"The instance ID '{instance_id}' does not exist")
        if params.get("Attribute") != "disableApiTermination":
            raise AwsError("InvalidParameterValue", "only disableApiTermination is faked")
        protected = fleet.termination_protection[instance_id]
        return {"InstanceId": instance_id, "DisableApiTermination": {"Value": protected}}
    if (service, action) == ("ec2", "DescribeVolumeAttribute"):
        volume_id = params.get("VolumeId")
        if volume_id not in fleet.product_codes:
            raise AwsError("InvalidVolume.NotFound", f"The volume '{volume_id}' does not exist.")
        return {"VolumeId": volume_id, "ProductCodes": fleet.product_codes[volume_id]}
    if (service, action) == ("ec2", "DescribeImageAttribute"):
        image_id = params.get("ImageId")
        if image_id not in {i["ImageId"] for i in fleet.owned_images}:
            raise AwsError("InvalidAMIID.NotFound", f"The image id '[{image_id}]' does not exist")
        return {"ImageId": image_id, "LaunchPermissions": []}
    if (service, action) == ("sts", "GetCallerIdentity"):
        return {"UserId": "AIDABENCHMARK", "Account": ACCOUNT, "Arn": f"arn:aws:iam::{ACCOUNT}:user/bench"}
    if (service, action) == ("sts", "AssumeRole"):
        expires = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
        return {"Credentials": {"AccessKeyId": "ASIABENCHMARK", "SecretAccessKey": "bench", "SessionToken": "bench",
                                "Expiration": expires},
                "AssumedRoleUser": {"AssumedRoleId": f"AROABENCHMARK:{params.get('RoleSessionName', 'bench')}",
                                    "Arn": f"{params.get('RoleArn', '')}/{params.get('RoleSessionName', 'bench')}"}}
    return None


class Bucket:
    def __init__(self, burst, refill, now):
        self.burst, self.refill, self.tokens, self.last = burst, refill, float(burst), now

    def take(self, now):
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.refill)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


def _by_protocol(ec2, query, json_):
    """{signing name: value} for EC2's protocol, the Query services' and SSM's JSON one."""
    return {"ec2": ec2, "autoscaling": query, "elasticloadbalancing": query, "sts": query, "ssm": json_}


def _not_authorized(service, action):
    return (f"User: arn:aws:iam::{ACCOUNT}:user/bench is not authorized to perform: {service}:{action} "
            f"because no identity-based policy allows the {service}:{action} action")


# (code, HTTP status, message) of each error fault, per service, as the services answer; a message
# may be a function of (service, action)
ERROR_FAULTS = {
    "http500": _by_protocol(
        ("InternalError", 500, "An internal error has occurred."),
        ("InternalFailure", 500, "The request processing has failed because of an unknown error, exception or "
                                 "failure."),
        ("InternalServerError", 500, "An internal server error has occurred.")),
    "http503": _by_protocol(
        ("Unavailable", 503, "The server is overloaded and can't handle the request."),
        ("ServiceUnavailable", 503, "The request has failed due to a temporary failure of the server."),
        ("ServiceUnavailable", 503, "The request has failed due to a temporary failure of the server.")),
    "throttle": {**THROTTLED, "sts": ("Throttling", 400, "Rate exceeded")},
    "expired": _by_protocol(
        ("RequestExpired", 400, "Request has expired."),
        ("ExpiredToken", 403, "The security token included in the request is expired"),
        ("ExpiredTokenException", 400, "The security token included in the request is expired")),
    "access_denied": _by_protocol(
        ("UnauthorizedOperation", 403,
         lambda s, a: f"You are not authorized to perform this operation. {_not_authorized(s, a)}"),
        ("AccessDenied", 403, _not_authorized),
        ("AccessDeniedException", 400, _not_authorized)),
    # a region the account has not opted into: the credentials are not valid there
    "unreachable_region": _by_protocol(
        ("AuthFailure", 401, "AWS was not able to validate the provided access credentials"),
        ("InvalidClientTokenId", 403, "The security token included in the request is invalid."),
        ("UnrecognizedClientException", 400, "The security token included in the request is invalid.")),
}
SERVER_ERRORS = {"InternalError", "InternalFailure", "InternalServerError", "Unavailable", "ServiceUnavailable"}
# kind -> its variants, the first the default (see the module docstring)
KINDS = {"timeout": ("hold",), "reset": ("reset", "close"), "http500": ("error",), "http503": ("error",),
         "throttle": ("error",), "malformed": ("broken", "garbage"), "truncated": ("short", "cut"),
         "expired": ("error",), "access_denied": ("error",), "unreachable_region": ("auth_failure", "reset"),
         "error": ("custom", "bare"), "slow_body": ("pause",), "regions": ("names",),
         "paging": ("overlap", "cycle")}
RULE_FIELDS = {"kind", "service", "action", "region", "count", "after", "variant", "delay_s", "retry_after_ms",
               "code", "status", "message", "names", "location", "size"}


class FaultError(ValueError):
    """A rule that cannot be: the message names the field."""


class Fault:
    """One fault rule (see the module's docstring); `hits` counts the calls it decided."""

    def __init__(self, spec):
        if not isinstance(spec, dict):
            raise FaultError("a rule must be an object")
        unknown = set(spec) - RULE_FIELDS
        if unknown:
            raise FaultError(f"unknown field(s) {sorted(unknown)}; known: {sorted(RULE_FIELDS)}")
        self.kind = spec.get("kind")
        if self.kind not in KINDS:
            raise FaultError(f"kind: {self.kind!r} is not one of {sorted(KINDS)}")
        self.variant = spec.get("variant") or KINDS[self.kind][0]
        if self.variant not in KINDS[self.kind]:
            raise FaultError(f"variant: {self.variant!r} is not one of {KINDS[self.kind]} for {self.kind}")
        self.service, self.action, self.region = (_names(spec, k) for k in ("service", "action", "region"))
        if self.service and not self.service <= set(wire.SERVICES):
            raise FaultError(f"service: {sorted(self.service)} not all of {sorted(wire.SERVICES)}")
        if self.kind == "unreachable_region" and not self.region:
            raise FaultError("region: unreachable_region needs the region")
        self.count = _number(spec, "count", int, None, minimum=1)
        self.after = _number(spec, "after", int, 0)
        self.delay_s = _number(spec, "delay_s", (int, float), None)
        self.retry_after_ms = _number(spec, "retry_after_ms", int, None)
        self.status = _number(spec, "status", int, 400, minimum=100)
        self.code, self.message = spec.get("code", "InvalidRequest"), spec.get("message", "")
        self.size = _number(spec, "size", int, 2, minimum=2)
        if not isinstance(self.code, str) or not isinstance(self.message, str):
            raise FaultError("code, message: must be strings")
        names = spec.get("names", [])
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise FaultError("names: must be a list of strings")
        # kept for the rule's life: rendered items are cached by id()
        self.region_items = [{"RegionName": n, "Endpoint": f"ec2.{n}.amazonaws.com",
                              "OptInStatus": "opt-in-not-required"} for n in names]
        self.spec, self.seen, self.hits = dict(spec), 0, 0

    def hit(self, region, service, action):
        """Whether this rule decides this call (and counts it)."""
        if any(names and value not in names for names, value in
               ((self.service, service), (self.action, action), (self.region, region))):
            return False
        self.seen += 1
        if self.seen <= self.after or (self.count is not None and self.hits >= self.count):
            return False
        self.hits += 1
        return True

    def state(self):
        return {**self.spec, "variant": self.variant, "seen": self.seen, "hits": self.hits}


def _names(spec, key):
    value = spec.get(key)
    if value is None:
        return None
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(isinstance(v, str) and v for v in values):
        raise FaultError(f"{key}: must be a name or a non-empty list of names")
    return set(values)


def _number(spec, key, types, default, minimum=0):
    value = spec.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, types) or value < minimum:
        raise FaultError(f"{key}: must be a number >= {minimum}, not {value!r}")
    return value


def parse_faults(text):
    """Rules from a JSON list (or {"rules": [...]})."""
    try:
        specs = json.loads(text or b"[]")
    except ValueError as e:
        raise FaultError(f"not JSON: {e}") from None
    if isinstance(specs, dict) and set(specs) == {"rules"}:
        specs = specs["rules"]
    if not isinstance(specs, list):
        raise FaultError("expected a JSON list of rules")
    rules = []
    for i, spec in enumerate(specs):
        try:
            rules.append(Fault(spec))
        except FaultError as e:
            raise FaultError(f"rule {i}: {e}") from None
    return rules


@dataclass
class Reply:
    """What the connection does with a request: send (status, content type, body) with `headers`,
    or, by `mode`, hold it (`delay`: then send; None: never), reset or close the connection, or
    send a body shorter than its Content-Length."""
    status: int
    ctype: str
    payload: bytes
    headers: dict = None
    mode: str = "send"  # send | hold | reset | close | short | pause
    delay: float = None


class FakeAws:
    def __init__(self, scenario, latency_ms, time_scale, log_path, throttle=True):
        self.fleets = build(scenario)
        self.regions = [{"RegionName": r, "Endpoint": f"ec2.{r}.amazonaws.com", "OptInStatus": "opt-in-not-required"}
                        for r in scenario.regions]
        self.latency_ms, self.scale, self.throttle = latency_ms, time_scale, throttle
        self.apis = {service: wire.Api(service) for service in wire.SERVICES}
        self.buckets, self.items, self.fragments = {}, {}, {}
        self.totals = {"calls": 0, "throttled": 0, "errors": 0, "faults": 0, "service_s": 0.0}
        self.faults = []
        self.stopping = asyncio.Event()  # set at shutdown: releases the requests a fault holds
        self.log = open(log_path, "w", buffering=1 << 20) if log_path else None
        self._warm()
        self.t0 = time.monotonic()

    def now(self):
        """Seconds on the scaled clock since start."""
        return (time.monotonic() - self.t0) / self.scale

    def _warm(self):
        """Renders every item of the big lists once, so that serving a page is a join."""
        for fleet in self.fleets.values():
            for (service, action), listing in LISTINGS.items():
                if service == "ssm":
                    continue
                try:
                    items = listing.items(self, fleet, {})
                except AwsError:  # the per-item lists need a parameter
                    continue
                for item in items:
                    self._fragment(service, action, listing.member, item)

    def _fragment(self, service, action, member, item):
        key = (action, id(item))
        if key not in self.fragments:
            self.fragments[key] = self.apis[service].list_item(action, member)(item)
        return self.fragments[key]

    def _bucket(self, region, service, action, params):
        if service not in THROTTLED:
            return None, None
        unfiltered = action in UNFILTERED and not any(
            k.startswith(("Filter.", "InstanceId.")) or k in ("MaxResults", "NextToken") for k in params)
        elb = service == "elasticloadbalancing" and action.startswith("Describe")
        name = ELB_DESCRIBE if elb else f"{action}(unfiltered)" if unfiltered else action
        key = (region, name)
        if key not in self.buckets:
            rates = ((ELB_BURST, ELB_REFILL) if elb else (UNFILTERED_BURST, UNFILTERED_REFILL) if unfiltered
                     else (BURST, REFILL))
            self.buckets[key] = Bucket(*rates, self.now())
        return name, self.buckets[key]

    async def call(self, headers, body):
        """One AWS request: its Reply."""
        started, work = self.now(), time.perf_counter()
        region, service = wire.scope(headers.get("authorization", ""))
        if "x-amz-target" in headers:
            action, params = headers["x-amz-target"].rsplit(".", 1)[-1], json.loads(body or b"{}")
        else:
            params = wire.query_params(body)
            action = params.get("Action", "")
        digest = hashlib.blake2b(body, digest_size=8).hexdigest()
        fault = next((f for f in self.faults if f.hit(region, service, action)), None)
        work = time.perf_counter() - work
        await self._sleep()
        t = time.perf_counter()
        bucket_name, throttled, page = None, False, None
        api = self.apis.get(service) or self.apis["ec2"]
        if fault:
            reply = self._fault(fault, region, service, action, params, api, headers, body)
        else:
            bucket_name, bucket = self._bucket(region, service, action, params)
            throttled = bool(self.throttle and bucket and not bucket.take(self.now()))
            if throttled:
                code, status, message = THROTTLED[service]
                reply = Reply(status, *api.error(code, message))
            else:
                status, ctype, payload, page = self._reply(region, service, action, params, api)
                reply = Reply(status, ctype, payload)
        work += time.perf_counter() - t
        await self._sleep()
        t = time.perf_counter()
        self._record(work, region=region, service=service, action=action, bucket=bucket_name,
                     start=round(started, 6), end=round(self.now(), 6), throttled=throttled, status=reply.status,
                     page=page, params=digest, attempt=_attempt(headers), service_ms=round(work * 1000, 4),
                     fault=fault and fault.kind, client=headers.get("x-bench-client"))
        self.totals["service_s"] += time.perf_counter() - t
        return reply

    def _reply(self, region, service, action, params, api):
        """(status, content type, body, page) of the fleet's answer."""
        try:
            (ctype, payload), page = self._answer(region, service, action, params)
            return 200, ctype, payload, page
        except AwsError as e:
            ctype, payload = api.error(e.code, str(e))
            return e.status, ctype, payload, None

    def _fault(self, fault, region, service, action, params, api, request_headers=None, request_body=b""):
        """The Reply of a call a fault rule hit."""
        kind, variant = fault.kind, fault.variant
        headers = {} if fault.retry_after_ms is None else {"x-amz-retry-after": str(fault.retry_after_ms)}
        if kind == "regions":
            render = api.list_item(action, "Regions")
            return Reply(200, *api.response(action, {}, {"Regions": [render(r) for r in fault.region_items]}), headers)
        if kind == "error":
            echoed = "\n".join(f"{k}: {v}" for k, v in (request_headers or {}).items())
            message = fault.message.replace("{body}", request_body.decode("utf-8", "replace")).replace(
                "{headers}", echoed)
            ctype, payload = api.error(fault.code, message)
            if variant == "bare":
                ctype, payload = "text/html", message.encode()
            if fault.spec.get("location") is not None:
                headers["Location"] = str(fault.spec["location"])
            return Reply(fault.status, ctype, payload, headers)
        if kind == "paging":
            try:
                (ctype, payload), _page = self._answer(region, service, action, params, paging=fault)
            except AwsError as e:
                return Reply(e.status, *api.error(e.code, str(e)), headers)
            return Reply(200, ctype, payload, headers)
        if kind == "reset" or (kind, variant) == ("unreachable_region", "reset"):
            return Reply(0, "", b"", mode="close" if variant == "close" else "reset")
        if kind in ERROR_FAULTS:
            code, status, message = ERROR_FAULTS[kind].get(service, ERROR_FAULTS[kind]["ec2"])
            ctype, payload = api.error(code, message(service, action) if callable(message) else message)
            if code in SERVER_ERRORS and api.protocol == "query":
                payload = payload.replace(b"<Type>Sender</Type>", b"<Type>Receiver</Type>")
            return Reply(status, ctype, payload, headers)
        status, ctype, payload, _page = self._reply(region, service, action, params, api)
        if kind == "timeout":
            return Reply(status, ctype, payload, headers, mode="hold", delay=fault.delay_s)
        if kind == "slow_body":
            return Reply(status, ctype, payload, headers, mode="pause", delay=7 if fault.delay_s is None else fault.delay_s)
        half = payload[:len(payload) // 2]
        if kind == "malformed":
            if variant == "garbage":
                return Reply(200, "text/html", b"<html><body><h1>502 Bad Gateway</h1><p>upstream error</body>", headers)
            return Reply(200, ctype, half + b"\x00<</>>&&{{]]", headers)
        # truncated
        if variant == "cut":
            return Reply(200, ctype, half, headers)
        return Reply(200, ctype, payload, headers, mode="short")

    async def _sleep(self):
        if self.latency_ms:
            await asyncio.sleep(self.latency_ms / 2000 * self.scale)

    def _answer(self, region, service, action, params, paging=None):
        """((content type, body), page index) of a successful call; `paging` a paging fault."""
        fleet = self.fleets.get(region)
        if service not in self.apis:
            raise AwsError("UnknownService", f"no fake for the service {service!r} (credential scope)")
        # us-east-1 is never opt-in: its account-level calls answer even without a fleet there
        if fleet is None and (region != "us-east-1" or (service, action) not in ACCOUNT_LEVEL):
            raise AwsError("AuthFailure", f"region {region} is not enabled for this account", 401)
        api = self.apis[service]
        listing = LISTINGS.get((service, action))
        if listing is None:
            members = _single(self, fleet, service, action, params)
            if members is None:
                raise AwsError("InvalidAction", f"The action {action} is not valid for this web service.")
            return api.response(action, members), 0
        key = (region, action, tuple(sorted((k, str(v)) for k, v in params.items()
                                            if k not in (listing.page, listing.token, "Action", "Version"))))
        if key not in self.items:
            self.items[key] = listing.items(self, fleet, params)
        items = self.items[key]
        start = int(base64.urlsafe_b64decode(params[listing.token]).decode()) if params.get(listing.token) else 0
        size = min(int(params[listing.page]), listing.max_page) if params.get(listing.page) else len(items) or 1
        following = start + size
        if paging is not None:
            size = paging.size
            following = {"overlap": start + size - 1, "cycle": size if start == 0 else 0}[paging.variant]
        page = items[start:start + size]
        members = {}
        if start + size < len(items):
            members[listing.next_token] = base64.urlsafe_b64encode(str(following).encode()).decode()
        if api.protocol == "json":
            members[listing.member] = page
            return api.response(action, members), start // size
        fragments = [self._fragment(service, action, listing.member, item) for item in page]
        return api.response(action, members, {listing.member: fragments}), start // size

    def _record(self, work, **entry):
        self.totals["calls"] += 1
        self.totals["throttled"] += entry["throttled"]
        self.totals["errors"] += entry["status"] >= 400 and not entry["throttled"]
        self.totals["faults"] += entry["fault"] is not None
        self.totals["service_s"] += work
        if self.log:
            self.log.write(json.dumps(entry) + "\n")

    def report(self):
        if self.log:
            self.log.flush()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {**self.totals, "cpu_s": usage.ru_utime + usage.ru_stime, "latency_ms": self.latency_ms,
                "time_scale": self.scale, "throttle": self.throttle, "now": self.now(), "t0_monotonic": self.t0,
                "buckets": {name: [b.burst, b.refill] for (_region, name), b in self.buckets.items()}}

    async def serve(self, reader, writer):
        """HTTP/1.1 with keep-alive, Content-Length or chunked request bodies."""
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                method, target, _ = line.decode("latin-1").split(" ", 2)
                headers = {}
                while (h := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    k, _, v = h.decode("latin-1").partition(":")
                    headers[k.strip().lower()] = v.strip()
                if headers.get("expect", "").lower() == "100-continue":
                    writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                body = await _body(reader, headers)
                if target.startswith("/__bench/"):
                    reply = Reply(*self.control(method, target, body))
                else:
                    reply = await self.call(headers, body)
                if reply.mode == "hold" and not await self._hold(reader, reply.delay):
                    break  # the client gave up first (or the fake stops)
                if reply.mode in ("reset", "close"):
                    if reply.mode == "reset":  # linger 0: the close sends a TCP RST
                        sock = writer.get_extra_info("socket")
                        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    writer.transport.abort()
                    break
                extra = "".join(f"{k}: {v}\r\n" for k, v in (reply.headers or {}).items())
                head = (f"HTTP/1.1 {reply.status} {REASONS.get(reply.status, 'Error')}\r\n"
                        f"Content-Type: {reply.ctype}\r\nContent-Length: {len(reply.payload)}\r\n"
                        f"x-amzn-RequestId: {wire.request_id()}\r\n{extra}\r\n").encode()
                half = reply.payload[:len(reply.payload) // 2]
                if reply.mode == "pause":  # headers and half the body, a pause, the rest
                    writer.write(head + half)
                    await writer.drain()
                    if not await self._hold(reader, reply.delay):
                        break
                    writer.write(reply.payload[len(half):])
                else:
                    writer.write(head + (half if reply.mode == "short" else reply.payload))
                await writer.drain()
                if reply.mode == "short" or headers.get("connection", "").lower() == "close":
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _hold(self, reader, delay):
        """Holds a request: True once `delay` seconds have passed (None: never), False when the
        client closed the connection first or the fake stops."""
        closed = asyncio.ensure_future(reader.read(1))  # a waiting client sends nothing; b"" at its close
        stopping = asyncio.ensure_future(self.stopping.wait())
        done, pending = await asyncio.wait({closed, stopping}, timeout=delay, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        return not done

    def control(self, method, target, body):
        if target.startswith("/__bench/ready"):
            return 200, "application/json", b'{"ready": true}'
        if target.startswith("/__bench/report"):
            return 200, "application/json", json.dumps(self.report()).encode()
        if target.startswith("/__bench/faults"):
            if method in ("POST", "PUT"):
                try:
                    self.faults = parse_faults(body)
                except FaultError as e:
                    return 400, "application/json", json.dumps({"error": str(e)}).encode()
            elif method == "DELETE":
                self.faults = []
            return 200, "application/json", json.dumps({"rules": [f.state() for f in self.faults]}).encode()
        return 404, "application/json", b"{}"


def _attempt(headers):
    """The SDK's attempt number (amz-sdk-request: attempt=2; max=10), when it sends one."""
    for part in headers.get("amz-sdk-request", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == "attempt" and value.isdigit():
            return int(value)
    return None


async def _body(reader, headers):
    if "content-length" in headers:
        return await reader.readexactly(int(headers["content-length"]))
    if headers.get("transfer-encoding", "").lower() != "chunked":
        return b""
    chunks = []
    while size := int((await reader.readline()).split(b";")[0], 16):
        chunks.append(await reader.readexactly(size))
        await reader.readline()
    await reader.readline()
    return b"".join(chunks)


async def main_async(args):
    scenario = SCENARIOS[args.scenario]
    if args.regions:
        scenario = replace(scenario, regions=_regions(args.regions))
    latency = scenario.latency_ms if args.latency_ms is None else args.latency_ms
    scale = scenario.time_scale if args.time_scale is None else args.time_scale
    fake = FakeAws(scenario, latency, scale, args.log, throttle=not args.no_throttle)
    fake.faults = parse_faults(args.faults)
    server = await asyncio.start_server(fake.serve, "127.0.0.1", args.port, backlog=1024)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()
        fake.stopping.set()
    fake.report()  # flushes the log


def _regions(text):
    """{region: instances} of "us-east-1=5,eu-west-1=3"."""
    regions = {}
    for part in text.split(","):
        region, _, n = part.strip().partition("=")
        if not region or not n.isdigit():
            raise argparse.ArgumentTypeError(f"--regions: {part!r} is not REGION=INSTANCES")
        regions[region] = int(n)
    return regions


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", choices=sorted(SCENARIOS), required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--latency-ms", type=float, help="round trip of every call (default: the scenario's)")
    ap.add_argument("--time-scale", type=float, help="factor on every time (default: the scenario's)")
    ap.add_argument("--log", help="the call log (JSON lines)")
    ap.add_argument("--no-throttle", action="store_true", help="no token buckets")
    ap.add_argument("--regions", help="the scenario's fleet replaced by these regions: REGION=INSTANCES,...")
    ap.add_argument("--faults", help="fault rules to start with (JSON list, as POST /__bench/faults takes)")
    args = ap.parse_args(argv)
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
