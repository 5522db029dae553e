//! One region of a collect: its fetch and its assembly side by side. The lists come first and
//! then the per-record answers (one call per instance, one per volume: a region's slowest part,
//! paced by AWS's token buckets), so the records are assembled in chunks as those answers arrive
//! and stream while the calls go on; what is left when the last answer arrives is one chunk.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::events::{CallCounts, LogEvent};
use super::options::Options;
use super::{Event, Out, PROGRESS_EVERY};
use crate::assemble::cloud_service::{self, CloudService};
use crate::assemble::index::{Due, Keys, RegionIndex};
use crate::assemble::instance::Instance;
use crate::assemble::response::Response;
use crate::assemble::{gap_failures, records};
use crate::aws::observer::CallStats;
use crate::aws::Session;
use crate::error::{AwsFailure, Error};
use crate::fetch::account::PendingAccount;
use crate::fetch::{fetch_region_as_it_comes, Fetcher, Selection};
use crate::snapshot::{Arrival, Gap, RegionSnapshot};

/// How long a chunk gathers per-record answers from its first one before its records are
/// assembled: the region's index is built once per chunk, which would cost more than the records
/// in chunks of one answer.
const CHUNK_EVERY: Duration = Duration::from_millis(250);

/// What one region task collects.
pub(super) struct Plan {
    pub region: String,
    /// Told by the collect once its GetCallerIdentity has answered, while the region's calls run.
    pub account: PendingAccount,
    pub options: Options,
}

pub(super) async fn collect_region(session: Session, plan: Plan, out: Out) {
    let started = Instant::now();
    let region = plan.region;
    let fetcher = Fetcher::new(&region, &session)
        .remembering(plan.account.clone(), plan.options.termination_protection_max_age)
        .sharing(plan.options.api_bucket_share);
    out.log(LogEvent::RegionStarted { region: region.clone() }).await;
    let selection = Selection::new(cloud_service::reads(&plan.options.cloud_service_types), &plan.options.instance_ids);
    let (arrivals, arrived) = mpsc::channel();
    let fetching = fetch_region_as_it_comes(&session, &fetcher, &selection, arrivals);
    tokio::pin!(fetching);
    // assembly is CPU work: off the I/O threads, sending each response as soon as it is built
    let assembly = Assembly {
        region: region.clone(),
        account: plan.account,
        types: plan.options.cloud_service_types.clone(),
        vulnerable_ports: plan.options.vulnerable_ports.clone(),
    };
    let sender = out.clone();
    let assembling = tokio::task::spawn_blocking(move || assembly.run(arrived, &sender));
    let mut progress = tokio::time::interval_at(tokio::time::Instant::now() + PROGRESS_EVERY, PROGRESS_EVERY);
    let deadline = tokio::time::sleep(plan.options.timeouts.region);
    tokio::pin!(deadline);
    // a progress line waits for room among the responses without holding up the fetch: awaiting
    // the send here would stop polling the calls for as long as the reader is behind
    let mut unsent: Option<LogEvent> = None;
    loop {
        tokio::select! {
            () = &mut fetching => break,
            _ = progress.tick() => {
                let (calls, seconds) = (CallCounts::of(&fetcher.stats), started.elapsed().as_secs_f64());
                // a newer line replaces one still waiting: it says more
                unsent = Some(LogEvent::RegionProgress { region: region.clone(), calls, seconds });
            }
            room = out.0.reserve(), if unsent.is_some() => {
                if let (Ok(room), Some(line)) = (room, unsent.take()) {
                    room.send(Event::Log(line));
                }
            }
            _ = &mut deadline => {
                let failure = region_timeout(&region, plan.options.timeouts.region, &fetcher.stats);
                let error = Error::Aws(failure.clone());
                out.log(LogEvent::RegionTimeout { failure }).await;
                out.response(Response::failure(Instance.name(), Some(&region), None, &error)).await;
                // the fetch (and its sender) goes with this future: the assembly stops at its chunk
                return;
            }
        }
    }
    let streamed = match assembling.await {
        Ok(Some(streamed)) => streamed,
        // the reader went away
        Ok(None) => return,
        Err(error) => std::panic::resume_unwind(error.into_panic()),
    };
    let (calls, seconds) = (CallCounts::of(&fetcher.stats), started.elapsed().as_secs_f64());
    let Streamed { instances, records, errors } = streamed;
    out.log(LogEvent::RegionDone { region, instances, records, errors, calls, seconds }).await;
}

/// What a region's assembly needs besides its snapshot.
struct Assembly {
    region: String,
    account: PendingAccount,
    types: Vec<&'static str>,
    vulnerable_ports: Option<Vec<String>>,
}

/// What a region's assembly sent.
struct Streamed {
    instances: usize,
    records: usize,
    errors: usize,
}

impl Assembly {
    /// Assembles the region as its parts arrive: once the lists are in, every type's records
    /// (of a type with a per-record call, those whose answer is in); then chunk by chunk the
    /// records whose answers arrived; at the end those never answered, and a FAILURE per gap.
    /// None when the fetch was stopped (a timeout) or the reader went away.
    fn run(self, arrived: mpsc::Receiver<Arrival>, out: &Out) -> Option<Streamed> {
        // nothing goes out before the collect knows the account (and so that it may collect)
        let account_id = futures::executor::block_on(self.account.resolved())?;
        let mut snapshot = RegionSnapshot::default();
        let (mut fresh, mut emitted) = (Keys::new(), Keys::new());
        // the per-record calls may all be done before the lists (every answer from memory)
        let mut done = false;
        loop {
            match arrived.recv().ok()? {
                lists @ Arrival::Lists(_) => {
                    snapshot.receive(lists);
                    break;
                }
                arrival => {
                    done |= matches!(arrival, Arrival::Done(_));
                    take(&mut snapshot, arrival, &mut fresh, &emitted)
                }
            }
        }
        snapshot.account_id = account_id;
        self.log_gaps(&snapshot.gaps, out)?;
        for duplicate in &snapshot.duplicates {
            out.send(Event::Log(LogEvent::Duplicate { region: self.region.clone(), message: duplicate.clone() }))?;
        }
        let listed_gaps = snapshot.gaps.len();
        let mut streamed = Streamed {
            instances: snapshot.reservations.iter().map(|r| r.instances.as_ref().map_or(0, Vec::len)).sum(),
            records: 0,
            errors: 0,
        };
        let every_type = cloud_service::selected(&self.types);
        self.send(&snapshot, Due::Arrived(&fresh), every_type, &mut streamed, out)?;
        merge(&mut emitted, &mut fresh);
        while !done {
            let mut next = Some(arrived.recv().ok()?);
            let until = Instant::now() + CHUNK_EVERY;
            while let Some(arrival) = next.take() {
                done = matches!(arrival, Arrival::Done(_));
                take(&mut snapshot, arrival, &mut fresh, &emitted);
                if !done {
                    next = match arrived.recv_timeout(until.saturating_duration_since(Instant::now())) {
                        Ok(arrival) => Some(arrival),
                        Err(mpsc::RecvTimeoutError::Timeout) => None,
                        Err(mpsc::RecvTimeoutError::Disconnected) => return None,
                    };
                }
            }
            self.send(&snapshot, Due::Arrived(&fresh), self.per_record_types(), &mut streamed, out)?;
            merge(&mut emitted, &mut fresh);
        }
        self.log_gaps(&snapshot.gaps[listed_gaps..], out)?;
        // the calls not made (a refusal that holds for every key stops them): records without
        self.send(&snapshot, Due::Rest(&emitted), self.per_record_types(), &mut streamed, out)?;
        for failure in gap_failures(&snapshot.region, &snapshot.gaps, &self.types) {
            streamed.errors += 1;
            out.send(Event::Response(Box::new(failure)))?;
        }
        Some(streamed)
    }

    /// A WARNING line per gap; None when the reader went away.
    fn log_gaps(&self, gaps: &[Gap], out: &Out) -> Option<()> {
        for gap in gaps {
            out.send(Event::Log(LogEvent::Gap { region: self.region.clone(), failure: gap.failure.clone() }))?;
        }
        Some(())
    }

    /// The selected types that have a per-record call.
    fn per_record_types(&self) -> impl Iterator<Item = &'static dyn CloudService> + '_ {
        cloud_service::selected(&self.types).filter(|t| t.per_record().is_some())
    }

    /// Assembles and sends the `due` records of `types`; None when the reader went away.
    fn send<'a>(
        &self,
        snapshot: &'a RegionSnapshot,
        due: Due<'a>,
        types: impl Iterator<Item = &'static dyn CloudService> + 'a,
        streamed: &mut Streamed,
        out: &Out,
    ) -> Option<()> {
        let index = RegionIndex::new(snapshot).with_vulnerable_ports(self.vulnerable_ports.as_deref()).with_due(due);
        for response in records(snapshot, &index, types) {
            match response.is_failure() {
                true => streamed.errors += 1,
                false => streamed.records += 1,
            }
            out.send(Event::Response(Box::new(response)))?;
        }
        Some(())
    }
}

/// Takes `arrival` into the snapshot; the key it answers joins `fresh` unless its record was
/// sent already (a key asked twice).
fn take(snapshot: &mut RegionSnapshot, arrival: Arrival, fresh: &mut Keys, emitted: &Keys) {
    if let Some((call, key)) = snapshot.receive(arrival) {
        if !emitted.get(&call).is_some_and(|keys| keys.contains(&key)) {
            fresh.entry(call).or_default().insert(key);
        }
    }
}

/// Moves the keys of `fresh` into `emitted`.
fn merge(emitted: &mut Keys, fresh: &mut Keys) {
    for (call, keys) in fresh.drain() {
        emitted.entry(call).or_default().extend(keys);
    }
}

/// The FAILURE of a region past its timeout: named after the call it was waiting for.
fn region_timeout(region: &str, timeout: std::time::Duration, stats: &CallStats) -> AwsFailure {
    let awaiting = stats.awaiting();
    let waiting_for = match awaiting.is_empty() {
        true => "no call was awaiting an answer (the rate limiter was pacing them)".to_string(),
        false => {
            let calls: Vec<String> = awaiting.iter().map(|(action, n)| format!("{action} x{n}")).collect();
            format!("still awaiting {}", calls.join(", "))
        }
    };
    let operation = awaiting.iter().max_by_key(|(_, n)| *n).map_or("collect", |(action, _)| action.as_str());
    AwsFailure {
        operation: operation.to_string(),
        region: Some(region.to_string()),
        code: Some("RegionTimeout".into()),
        message: format!(
            "the region was not collected within {} s (options.region_timeout_seconds): {waiting_for}; its calls \
             were stopped after {}",
            timeout.as_secs_f64(),
            CallCounts::of(stats)
        ),
    }
}

#[cfg(test)]
mod tests {
    use tokio::sync::mpsc as tokio_mpsc;

    use super::*;
    use crate::assemble::cloud_service::names;
    use crate::assemble::cloud_service_responses;
    use crate::snapshot::Call;

    fn recorded() -> RegionSnapshot {
        serde_json::from_str(include_str!("../../tests/snapshots/parity-c-us-east-2.json")).unwrap()
    }

    /// The responses of a streamed assembly fed `arrivals`, each as JSON, sorted.
    fn streamed(arrivals: Vec<Arrival>, account_id: &str) -> (Vec<String>, Option<(usize, usize)>) {
        let (tx, mut rx) = tokio_mpsc::channel(100_000);
        let (arrive, arrived) = mpsc::channel();
        arrivals.into_iter().for_each(|a| arrive.send(a).unwrap());
        drop(arrive);
        let assembly = Assembly {
            region: "us-east-2".into(),
            account: PendingAccount::known(account_id),
            types: names(),
            vulnerable_ports: None,
        };
        let counts = assembly.run(arrived, &Out(tx)).map(|s| (s.records, s.errors));
        let mut responses = Vec::new();
        while let Ok(event) = rx.try_recv() {
            if let Event::Response(response) = event {
                responses.push(serde_json::to_string(&response).unwrap());
            }
        }
        responses.sort();
        (responses, counts)
    }

    fn whole(snapshot: &RegionSnapshot) -> Vec<String> {
        let types = names();
        let index = RegionIndex::new(snapshot);
        let mut responses: Vec<String> =
            cloud_service_responses(snapshot, &index, &types).map(|r| serde_json::to_string(&r).unwrap()).collect();
        responses.sort();
        responses
    }

    /// The snapshot's parts as a fetch delivers them: a third of the answers before the lists,
    /// the rest after, one key answered twice, one never answered (its call not made), a
    /// per-record gap at the end.
    fn arrivals(snapshot: &RegionSnapshot, gap: &Gap) -> (Vec<Arrival>, String) {
        let mut lists = snapshot.clone();
        let protection: Vec<(String, bool)> = std::mem::take(&mut lists.termination_protection).into_iter().collect();
        let attributes: Vec<_> = std::mem::take(&mut lists.volume_attributes).into_iter().collect();
        let mut answers: Vec<Arrival> = protection
            .iter()
            .skip(1)
            .map(|(id, p)| Arrival::Protection(id.clone(), Some(*p)))
            .chain(attributes.iter().map(|(id, a)| Arrival::ProductCodes(id.clone(), Some(a.clone()))))
            .collect();
        answers.push(Arrival::Protection(protection[1].0.clone(), Some(protection[1].1)));
        let later = answers.split_off(answers.len() / 3);
        answers.push(Arrival::Lists(Box::new(lists)));
        answers.extend(later);
        answers.push(Arrival::Done(vec![gap.clone()]));
        (answers, protection[0].0.clone())
    }

    fn gap(call: Call, operation: &str) -> Gap {
        let failure = AwsFailure {
            operation: operation.into(),
            region: Some("us-east-2".into()),
            code: Some("UnauthorizedOperation".into()),
            message: "not authorised (1 of 28 calls)".into(),
        };
        Gap { call, failure }
    }

    #[test]
    fn records_streamed_as_their_answers_arrive_are_those_of_the_whole_snapshot_each_once() {
        let snapshot = recorded();
        let gap = gap(Call::TerminationProtection, "ec2:DescribeInstanceAttribute");
        let (arrivals, never) = arrivals(&snapshot, &gap);
        let (responses, counts) = streamed(arrivals, &snapshot.account_id);
        // the instance never answered has no termination protection, as in a snapshot without it
        let mut expected = snapshot.clone();
        expected.termination_protection.remove(&never);
        expected.gaps.push(gap);
        assert_eq!(responses, whole(&expected));
        let failures = responses.iter().filter(|r| r.contains("\"FAILURE\"")).count();
        assert_eq!(counts, Some((responses.len() - failures, failures)));
    }

    #[test]
    fn every_answer_and_the_end_of_the_calls_may_come_before_the_lists() {
        let snapshot = recorded();
        let gap = gap(Call::VolumeAttributes, "ec2:DescribeVolumeAttribute");
        let (mut parts, never) = arrivals(&snapshot, &gap);
        let lists = parts.iter().position(|a| matches!(a, Arrival::Lists(_))).unwrap();
        let lists = parts.remove(lists);
        parts.push(lists);
        let (responses, counts) = streamed(parts, &snapshot.account_id);
        let mut expected = snapshot.clone();
        expected.termination_protection.remove(&never);
        expected.gaps.push(gap);
        assert_eq!(responses, whole(&expected));
        assert!(counts.is_some(), "the region is done");
    }

    #[test]
    fn held_back_records_are_one_failure_however_many_chunks() {
        let mut snapshot = recorded();
        snapshot.account_id.clear();
        // nothing names the account: every record carrying it is held back
        snapshot.reservations.clear();
        snapshot.security_groups.clear();
        snapshot.owned_images.clear();
        snapshot.auto_scaling_groups.clear();
        let gap = gap(Call::VolumeAttributes, "ec2:DescribeVolumeAttribute");
        let (responses, _) = streamed(arrivals(&snapshot, &gap).0, "");
        let held = responses.iter().filter(|r| r.contains("Volume record(s) are held back")).count();
        assert_eq!(held, 1, "{responses:#?}");
        assert_eq!(responses, whole(&RegionSnapshot { gaps: vec![gap], ..snapshot }));
    }

    #[test]
    fn a_stopped_fetch_stops_the_assembly() {
        let snapshot = recorded();
        let (mut parts, _) = arrivals(&snapshot, &gap(Call::VolumeAttributes, "ec2:DescribeVolumeAttribute"));
        parts.pop(); // no Done: the fetch was dropped (a region timeout)
        assert_eq!(streamed(parts, &snapshot.account_id).1, None);
    }
}
