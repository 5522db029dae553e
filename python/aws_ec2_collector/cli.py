"""`ec2-collector`: the collector from a shell, without Cloudforet.

  ec2-collector collect [--region R ...] [--type T ...] [--instance-id I ...] [--out FILE]
  ec2-collector snapshot --region R --out FILE
  ec2-collector replay FILE [--type T ...] [--out FILE]

Records are the responses the plugin's Collector.collect yields, one JSON object a line.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from contextlib import contextmanager
from typing import Any, TextIO
from collections.abc import Iterator, Sequence

from . import _core
from ._core import LOGGER_NAME
from .errors import AwsError, CollectorError, CredentialsRejected, InvalidArgument
from .types import Event, Response

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_REFUSED, EXIT_INTERNAL = 0, 1, 2, 3, 4
SECRET_ENV = {
    "aws_access_key_id": "AWS_ACCESS_KEY_ID",
    "aws_secret_access_key": "AWS_SECRET_ACCESS_KEY",
    "aws_session_token": "AWS_SESSION_TOKEN",
}
SECRET_KEYS = (*SECRET_ENV, "external_id")  # role_arn names a role, it grants nothing alone
# which command-line input an InvalidArgument field comes from
HINTS = {
    "secret_data.aws_": "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --secret-file",
    "secret_data.role_arn": "--role-arn", "secret_data.external_id": "--external-id",
    "options.region_filter": "--region", "region": "--region",
    "options.cloud_service_types": "--type", "cloud_service_types": "--type",
    "options.instance_ids": "--instance-id", "snapshot": "FILE",
}
EXIT_CODES = """exit codes:
  0  done
  1  done, but some responses are FAILUREs (written to the output too) or, for snapshot,
     some AWS calls failed (listed under "gaps")
  2  bad usage or bad input
  3  AWS refused the credentials or a call, or a file could not be read or written
  4  internal error of the native core"""
CREDENTIALS_ENV = """environment:
  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN
                  the credentials, unless --secret-file is given
  AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>
                  send the AWS calls to another endpoint (e.g. a fake AWS)"""


class Fail(Exception):
    """Ends the command with `code` and "error: message" on stderr."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


def _cloud_service_types() -> list[str]:
    schema = _core.plugin_metadata()["options_schema"]["properties"]["cloud_service_types"]
    return list(schema["items"]["enum"])


def build_parser() -> argparse.ArgumentParser:
    fmt = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="ec2-collector", formatter_class=fmt, epilog=EXIT_CODES,
        description="Collect AWS EC2 resources as Cloudforet inventory records, without Cloudforet.")
    parser.add_argument("--version", action="version", version=_core.__version__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    types = ", ".join(_cloud_service_types())

    def command(name: str, help: str, env: bool) -> argparse.ArgumentParser:
        epilog = f"{CREDENTIALS_ENV}\n\n{EXIT_CODES}" if env else EXIT_CODES
        sub = commands.add_parser(name, help=help, description=help, epilog=epilog, formatter_class=fmt)
        sub.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"],
                         help="least level of the log lines on stderr (default INFO)")
        return sub

    def aws(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--secret-file", metavar="FILE",
                         help="a JSON object with the plugin's secret_data keys (aws_access_key_id, "
                              "aws_secret_access_key, aws_session_token, role_arn, external_id); "
                              "without it, the credentials come from AWS_ACCESS_KEY_ID, "
                              "AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN")
        sub.add_argument("--role-arn", help="assume this IAM role with the credentials (secret_data.role_arn)")
        sub.add_argument("--external-id", help="the external id of --role-arn (secret_data.external_id)")
        sub.add_argument("--type", dest="types", action="append", metavar="TYPE",
                         help=f"collect only this cloud service type, repeatable ({types}; default: all)")
        sub.add_argument("--instance-id", dest="instance_ids", action="append", metavar="ID",
                         help="collect only this EC2 instance (i-...), repeatable (default: all)")

    collect = command("collect", "Collect records from AWS.", env=True)
    collect.add_argument("--region", dest="regions", action="append", metavar="REGION",
                         help="collect this region, repeatable (default: the account's enabled regions)")
    aws(collect)
    collect.add_argument("--out", metavar="FILE", help="write the records there (default: stdout)")
    collect.set_defaults(run=run_collect)

    snapshot = command("snapshot", "Save what AWS returns for one region as a snapshot file "
                                   "(AWS data only, no credential), for `replay` and bug reports.", env=True)
    snapshot.add_argument("--region", required=True, help="the region to read")
    aws(snapshot)
    snapshot.add_argument("--out", required=True, metavar="FILE", help="the snapshot file to write")
    snapshot.set_defaults(run=run_snapshot)

    replay = command("replay", "Make the records of a snapshot file, without AWS.", env=False)
    replay.add_argument("file", metavar="FILE", help="a file written by `snapshot` (- for stdin)")
    replay.add_argument("--type", dest="types", action="append", metavar="TYPE",
                        help=f"only this cloud service type, repeatable ({types}; default: all)")
    replay.add_argument("--out", metavar="FILE", help="write the records there (default: stdout)")
    replay.set_defaults(run=run_replay)
    return parser


def _read(path: str, what: str) -> str:
    try:
        if path == "-":
            return sys.stdin.read()
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as e:
        raise Fail(EXIT_REFUSED, f"cannot read {what} {path}: {e.strerror}") from None
    except UnicodeDecodeError as e:
        raise Fail(EXIT_USAGE, f"{what} {path}: not UTF-8 text ({e.reason})") from None


def secret_data(args: argparse.Namespace) -> dict[str, Any]:
    if args.secret_file:
        try:
            secret = json.loads(_read(args.secret_file, "--secret-file"))
        except json.JSONDecodeError as e:
            raise Fail(EXIT_USAGE, f"--secret-file {args.secret_file}: not JSON ({e.msg}, line {e.lineno})") from None
        except RecursionError:
            raise Fail(EXIT_USAGE, f"--secret-file {args.secret_file}: nested too deeply to be secret_data") from None
        if not isinstance(secret, dict):
            raise Fail(EXIT_USAGE, f"--secret-file {args.secret_file}: must hold a JSON object")
    else:
        secret = {key: os.environ[var] for key, var in SECRET_ENV.items() if os.environ.get(var)}
    if args.role_arn:
        secret["role_arn"] = args.role_arn
    if args.external_id:
        secret["external_id"] = args.external_id
    return secret


def options(args: argparse.Namespace, regions: Sequence[str] | None) -> dict[str, Any]:
    chosen = {"region_filter": regions, "cloud_service_types": args.types, "instance_ids": args.instance_ids}
    return {key: list(value) for key, value in chosen.items() if value}


@contextmanager
def output(path: str | None) -> Iterator[TextIO]:
    if path is None or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    try:
        f = open(path, "w", encoding="utf-8")
    except OSError as e:
        raise Fail(EXIT_REFUSED, f"cannot write {path}: {e.strerror}") from None
    with f:
        yield f


def _region_of(response: Response) -> str | None:
    if "cloud_service" in response:
        return response["cloud_service"]["region_code"]
    return response.get("error_data", {}).get("region_code")


class Progress(logging.Handler):
    """The core's log lines and the responses as a per-region table on a terminal (redrawn in
    place), or as plain log lines. The table follows the core's typed events (`record.event`:
    region_started, region_done)."""

    def __init__(self, stream: TextIO, live: bool, threshold: str = "INFO") -> None:
        super().__init__()  # sees every record: the region lines feed the table at any threshold
        self.stream, self.live, self.threshold = stream, live, logging.getLevelName(threshold)
        self.rows: dict[str, list[Any]] = {}  # region: [state, records, errors]
        self.records = self.failures = 0
        self.drawn, self.last_draw = 0, 0.0
        self.setFormatter(logging.Formatter("%(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        event: Event | None = getattr(record, "event", None)
        tabled = event is not None and event["kind"] in ("region_started", "region_done")
        if event is not None and event["kind"] == "region_started":
            self.rows.setdefault(event["region"], ["collecting", 0, 0])[0] = "collecting"
        elif event is not None and event["kind"] == "region_done":
            self.rows[event["region"]] = ["done", event["records"], event["errors"]]
        shown = record.levelno >= self.threshold and not (self.live and tabled)
        if shown:
            self._clear()
            self.stream.write(self.format(record) + "\n")
            self.stream.flush()
        self.draw()

    def response(self, response: Response) -> None:
        failed = response.get("state") != "SUCCESS"
        self.records, self.failures = self.records + (not failed), self.failures + failed
        region = _region_of(response)
        row = self.rows.setdefault(region or "(global)", ["collecting", 0, 0])
        row[2 if failed else 1] += 1
        if self.live and time.monotonic() - self.last_draw > 0.1:
            self.draw()

    def table(self) -> list[str]:
        lines = [f"{'REGION':<20} {'STATE':<11} {'RECORDS':>8} {'ERRORS':>7}"]
        lines += [f"{region:<20} {state:<11} {records:>8} {errors:>7}"
                  for region, (state, records, errors) in self.rows.items()]
        return lines

    def _clear(self) -> None:
        if self.drawn:
            self.stream.write(f"\x1b[{self.drawn}F\x1b[J")
            self.drawn = 0

    def draw(self) -> None:
        if not self.live:
            return
        self._clear()
        lines = self.table()
        self.stream.write("".join(line + "\x1b[K\n" for line in lines))
        self.stream.flush()
        self.drawn, self.last_draw = len(lines), time.monotonic()

    def finish(self, complete: bool) -> None:
        for row in self.rows.values():
            row[0] = "done" if complete or row[0] == "done" else "stopped"
        self.draw()


def _configure_logging(args: argparse.Namespace, live: bool = False) -> Progress:
    progress = Progress(sys.stderr, live, args.log_level)
    root = logging.getLogger()
    root.handlers[:] = [progress]
    root.setLevel(min(logging.INFO, progress.threshold))
    return progress


def _write(out: TextIO, response: Response) -> None:
    out.write(json.dumps(response, ensure_ascii=False) + "\n")


def run_collect(args: argparse.Namespace) -> int:
    progress = _configure_logging(args, live=sys.stderr.isatty())
    secret, opts = secret_data(args), options(args, args.regions)
    account = _core.verify(secret, opts)
    logging.getLogger(LOGGER_NAME).info("credentials accepted (account %s)", account)
    with output(args.out) as out:
        stream, complete = _core.collect(secret, opts), False
        try:
            for response in stream:
                _write(out, response)
                progress.response(response)
            complete = True
        finally:
            stream.close()
            progress.finish(complete)
    where = f" to {args.out}" if args.out else ""
    sys.stderr.write(f"{progress.records} records, {progress.failures} failures{where}\n")
    return EXIT_FAILURES if progress.failures else EXIT_OK


def _contains_secret(text: str, secret: dict[str, Any]) -> list[str]:
    values = {key: secret[key] for key in SECRET_KEYS if isinstance(secret.get(key), str) and secret[key]}
    return [f"secret_data.{key}" for key, value in values.items()
            if value in text or json.dumps(value)[1:-1] in text]


def run_snapshot(args: argparse.Namespace) -> int:
    _configure_logging(args)
    secret, opts = secret_data(args), options(args, [args.region])
    _core.verify(secret, opts)
    text = _core.fetch_snapshot(secret, opts, args.region)
    leaked = _contains_secret(text, secret)
    if leaked:
        raise Fail(EXIT_REFUSED, f"refusing to write {args.out}: the snapshot contains the value of "
                                 f"{', '.join(leaked)}")
    with output(args.out) as out:
        out.write(text + "\n")
    gaps = json.loads(text).get("gaps") or []
    for gap in gaps:
        logging.getLogger(LOGGER_NAME).warning(
            "not in the snapshot: %s in %s failed (%s): %s",
            gap.get("operation"), gap.get("region"), gap.get("code"), gap.get("message"))
    sys.stderr.write(f"snapshot of {args.region} written to {args.out}, {len(gaps)} failed calls\n")
    return EXIT_FAILURES if gaps else EXIT_OK


def run_replay(args: argparse.Namespace) -> int:
    _configure_logging(args)
    responses = _core.replay(_read(args.file, "snapshot"), args.types)
    failures = sum(r.get("state") != "SUCCESS" for r in responses)
    with output(args.out) as out:
        for response in responses:
            _write(out, response)
    sys.stderr.write(f"{len(responses) - failures} records, {failures} failures\n")
    return EXIT_FAILURES if failures else EXIT_OK


def _invalid(e: InvalidArgument) -> str:
    hint = next((hint for start, hint in HINTS.items() if e.field.startswith(start)), None)
    return f"{e.field}: {e.reason}" + (f" ({hint})" if hint else "")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # exits 2 on bad usage
    try:
        code: int = args.run(args)
        return code
    except Fail as e:
        message, code = str(e), e.code
    except InvalidArgument as e:
        message, code = _invalid(e), EXIT_USAGE
    except CredentialsRejected as e:
        message, code = f"AWS rejected the credentials: {e}", EXIT_REFUSED
    except AwsError as e:
        message, code = f"AWS refused: {e}", EXIT_REFUSED
    except CollectorError as e:
        message, code = f"internal error: {e}", EXIT_INTERNAL
    except OSError as e:
        if isinstance(e, BrokenPipeError):  # the reader went away: no second error at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        message, code = f"cannot write {e.filename or 'the output'}: {e.strerror or e}", EXIT_REFUSED
    except KeyboardInterrupt:
        message, code = "interrupted", 130
    sys.stderr.write(f"error: {message}\n")
    return code


if __name__ == "__main__":
    sys.exit(main())
