"""Command line: ``python -m live tasks`` and ``python -m live run ...`` (headless experiment -> JSON).

Exit status 0 on success; otherwise one clear line on stderr (never a traceback, never the key) and 1
(run failed, partial results are still written) or 2 (bad arguments or configuration).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from live.config import load_config
from live.errors import LiveError
from live.redact import redact
from live.tasks import get_taskset, list_tasksets

# The same levels as live.sim_server.EFFORTS, repeated so that `tasks` and argument errors stay quick
# (the client, and with it the openai package, is imported only for `run`).
_EFFORT_CHOICES = ("none", "minimal", "low", "medium", "high", "xhigh", "max", "not-sent")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message} (see: python -m live {self.prog.split()[-1]} --help)\n")


def _effort(value: str) -> str | None:
    return None if value == "not-sent" else value


def _cmd_tasks(_: argparse.Namespace) -> int:
    for ts in list_tasksets():
        print(f"{ts.name:<16} {len(ts.items):>3} items  {ts.title}")
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    config = load_config()
    taskset = get_taskset(args.task)
    from live.client import LiveClient
    from live.endpoints import configured_endpoint, sim_endpoint
    from live.experiment import ExperimentSpec, Run, arm_label, cap_problems, estimate
    from live.record import dumps

    items = tuple(it.id for it in taskset.items)[: args.items or None]
    efforts = (_effort(args.effort),) + ((_effort(args.compare_effort),) if args.compare_effort else ())
    spec = ExperimentSpec(taskset=taskset.name, item_ids=items, samples=args.samples, efforts=efforts,
                          max_completion_tokens=args.max_tokens, seed=args.seed, stream=not args.no_stream,
                          retry_without_effort=args.retry_without_effort)
    if args.base_url == "sim":
        endpoint = sim_endpoint(timeout_s=config.request_timeout_s)
    else:
        # Whoever runs the CLI is the operator, so the base URL is theirs to choose; the page instead
        # needs allow_custom_base_url.
        operator = dataclasses.replace(config, allow_custom_base_url=True)
        endpoint = configured_endpoint(args.model, config=operator, custom_base_url=args.base_url)
    problems = cap_problems(estimate(spec, taskset), config)
    if problems:
        raise LiveError("cap", problems[0])
    client = LiveClient(endpoint, max_retries=config.max_retries, max_retry_wait_s=config.max_retry_wait_s)
    try:
        result = Run(client, spec, taskset, config).run()
    finally:
        client.close()
    Path(args.out).write_text(dumps(result), encoding="utf-8")
    if result.errors:
        print(f"error: {result.errors[0]} (partial results written to {args.out})", file=sys.stderr)
        return 1
    ok = sum(s.correct for s in result.samples)
    arms = ", ".join(arm_label(e) for e in efforts)
    print(f"wrote {args.out}: {endpoint.label}, {taskset.name}, {len(items)} items x {args.samples} samples, "
          f"effort {arms}: {ok}/{len(result.samples)} answers right")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m live", description="Live lab: measure test-time compute on an "
                     "OpenAI-compatible endpoint (the key comes from OPENAI_API_KEY).")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("tasks", help="list the task sets").set_defaults(func=_cmd_tasks)
    run = sub.add_parser("run", help="run an experiment and write its JSON recording")
    run.add_argument("--base-url", required=True, help="API root such as http://127.0.0.1:8000/v1, or 'sim' "
                     "for the bundled simulated model")
    run.add_argument("--model", required=True)
    run.add_argument("--task", required=True, help="task set name (see: python -m live tasks)")
    run.add_argument("--samples", type=int, required=True, help="samples per item (1..128)")
    run.add_argument("--out", required=True, help="JSON file to write")
    run.add_argument("--items", type=int, default=0, help="use only the first N items (0 = all)")
    run.add_argument("--effort", choices=_EFFORT_CHOICES, default="medium")
    run.add_argument("--compare-effort", choices=_EFFORT_CHOICES, default=None)
    run.add_argument("--max-tokens", type=int, default=4000, help="max_completion_tokens per sample")
    run.add_argument("--seed", type=int, default=None)
    run.add_argument("--no-stream", action="store_true", help="do not stream (no time to first token)")
    run.add_argument("--retry-without-effort", action="store_true",
                     help="if the model rejects reasoning_effort, run without it")
    run.set_defaults(func=_cmd_run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    key = os.environ.get("OPENAI_API_KEY", "")
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except LiveError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1 if exc.kind not in ("config", "cap") else 2
    except (ValueError, OSError) as exc:
        print(f"error: {redact(exc, [key])}", file=sys.stderr)
        return 2
    except Exception as exc:  # the promise is one line, never a traceback
        print(f"error: unexpected {type(exc).__name__}: {redact(exc, [key])}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
