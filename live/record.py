"""Save a run to a versioned JSON file and load it back for offline replay.

The file holds ``format`` = ``"ttc-lab-live-run"`` and an integer ``version``; it never holds the key (the
base URL is stored without credentials or query, and the whole text passes through :func:`redact`).
Loading refuses, with a message saying so, anything that is not JSON, not this format, from a newer
version, or damaged; nothing is changed when it refuses.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from live.experiment import ExperimentSpec, RequestRecord, RunResult, SampleRecord
from live.redact import redact
from live.tasks import SimHints, TaskItem

__all__ = ["MAX_RECORD_BYTES", "RECORD_FORMAT", "RECORD_VERSION", "RecordError", "dumps", "loads"]

RECORD_FORMAT = "ttc-lab-live-run"
RECORD_VERSION = 1
MAX_RECORD_BYTES = 20_000_000


class RecordError(ValueError):
    """A recording that cannot be replayed; the message says why and what to do."""


def dumps(result: RunResult) -> str:
    """The recording of ``result`` as JSON text."""
    doc = {
        "format": RECORD_FORMAT,
        "version": RECORD_VERSION,
        "saved_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "run": dataclasses.asdict(result),
    }
    return redact(json.dumps(doc, indent=1, ensure_ascii=False))


def _item(raw: dict[str, Any]) -> TaskItem:
    sim = raw.get("sim") or {}
    return TaskItem(id=str(raw["id"]), prompt=str(raw["prompt"]), answer=str(raw["answer"]),
                    checker=str(raw["checker"]), tolerance=float(raw.get("tolerance", 0.0)),
                    sim=SimHints(float(sim.get("p", 0.5)), int(sim.get("reasoning_tokens", 0)),
                                 tuple(str(d) for d in sim.get("distractors", ()))))


def _fields(cls: type, raw: object) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise TypeError(f"{cls.__name__} entry is not an object")
    names = {f.name for f in dataclasses.fields(cls)}
    missing = names - raw.keys()
    if missing:
        raise KeyError(f"{cls.__name__} lacks {sorted(missing)}")
    return {k: raw[k] for k in names}


def _run(raw: dict[str, Any]) -> RunResult:
    spec_raw = _fields(ExperimentSpec, raw["spec"])
    spec_raw["item_ids"] = tuple(spec_raw["item_ids"])
    spec_raw["efforts"] = tuple(spec_raw["efforts"])
    spec = ExperimentSpec(**spec_raw)
    items = tuple(_item(it) for it in raw["items"])
    if {it.id for it in items} != set(spec.item_ids):
        raise ValueError("items do not match the experiment's item ids")
    samples = [SampleRecord(**_fields(SampleRecord, s)) for s in raw["samples"]]
    requests = [RequestRecord(**_fields(RequestRecord, r)) for r in raw["requests"]]
    arms = {e if e is not None else "not sent" for e in spec.efforts}
    if any(s.arm not in arms or s.item_id not in spec.item_ids for s in samples):
        raise ValueError("a sample names an item or effort level that is not in the experiment")
    if any(not isinstance(s.correct, bool) for s in samples):
        raise ValueError("a sample's 'correct' is not true/false")
    return RunResult(spec=spec, model=str(raw["model"]), base_url=str(raw["base_url"]),
                     simulated=bool(raw["simulated"]), items=items, instructions=str(raw["instructions"]),
                     status=str(raw["status"]), samples=samples, requests=requests,
                     errors=[str(e) for e in raw["errors"]], notes=[str(n) for n in raw["notes"]],
                     n_honoured=raw.get("n_honoured"), started_utc=str(raw.get("started_utc", "")),
                     finished_utc=str(raw.get("finished_utc", "")))


def loads(data: str | bytes) -> RunResult:
    """Parse a recording; RecordError with a clear message otherwise."""
    if len(data) > MAX_RECORD_BYTES:
        raise RecordError(f"The file is larger than {MAX_RECORD_BYTES // 1_000_000} MB, too big for a Live "
                          f"lab recording. Nothing was loaded.")
    try:
        doc = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise RecordError("This file is not valid JSON, so it is not a Live lab recording (or it is "
                          "corrupt). Nothing was loaded.") from None
    if not isinstance(doc, dict) or doc.get("format") != RECORD_FORMAT:
        found = doc.get("format") if isinstance(doc, dict) else None
        what = f"its format is {str(found)[:40]!r}" if found else "it has no 'format' field"
        raise RecordError(f"This JSON file is not a Live lab recording ({what}; expected "
                          f"'{RECORD_FORMAT}'). Nothing was loaded.")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise RecordError("The recording has no valid version number; it is damaged. Nothing was loaded.")
    if version > RECORD_VERSION:
        raise RecordError(f"This recording was saved by a newer version of the app (format version "
                          f"{version}; this app reads up to {RECORD_VERSION}). Update the app to replay it. "
                          f"Nothing was loaded.")
    try:
        return _run(doc["run"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        detail = redact(str(exc))[:160]
        raise RecordError(f"The recording is damaged ({type(exc).__name__}: {detail}). Nothing was "
                          f"loaded.") from None
