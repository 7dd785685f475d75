"""DeepSeek-R1 distillation results: load the cited scores and derive what the page shows.

The published numbers live in ``content/deepseek_r1.toml`` (each with its source). This module
parses and validates that table and computes the derived figures: the share of R1's score a
distilled student keeps, the gain from majority voting over 64 samples (cons@64 minus pass@1), and
R1-Zero's improvement during RL. Scores are percentages in [0, 100].
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from sims import _validate as check

__all__ = [
    "BENCHMARKS",
    "DEFAULT_DISTILLATION_PATH",
    "FAMILIES",
    "LANES",
    "METRICS",
    "ConsensusGain",
    "DistillationData",
    "ModelScores",
    "PipelineStage",
    "R1ZeroRun",
    "ScoreComparison",
    "compare_students",
    "consensus_gain",
    "load_distillation",
    "parse_distillation",
    "r1_zero_gain",
    "reported_metrics",
    "share_of_teacher",
]

BENCHMARKS: tuple[str, ...] = ("aime", "math500")
METRICS: tuple[str, ...] = ("pass1", "cons64")
FAMILIES: tuple[str, ...] = ("qwen", "llama")
LANES: tuple[str, ...] = ("r1_zero", "r1", "distill")
_COLUMNS = 6
DEFAULT_DISTILLATION_PATH = Path(__file__).resolve().parent.parent / "content" / "deepseek_r1.toml"
_SCORE_FIELDS = ("aime_pass1", "aime_cons64", "math500_pass1")


@dataclass(frozen=True)
class ModelScores:
    """One model's published scores in percent; None where the source reports none."""

    name: str
    family: str  # "qwen", "llama" or "deepseek" (the teacher)
    base: str
    params_b: float  # total parameters, billions
    aime_pass1: float | None
    aime_cons64: float | None
    math500_pass1: float | None
    source: str
    active_params_b: float | None = None  # parameters used per token (mixture of experts), billions

    def score(self, benchmark: str, metric: str) -> float | None:
        """The score for ``benchmark`` ("aime" / "math500") and ``metric`` ("pass1" / "cons64")."""
        check.choice("benchmark", benchmark, BENCHMARKS)
        check.choice("metric", metric, METRICS)
        value = {"aime_pass1": self.aime_pass1, "aime_cons64": self.aime_cons64,
                 "math500_pass1": self.math500_pass1}.get(f"{benchmark}_{metric}")
        return value


@dataclass(frozen=True)
class R1ZeroRun:
    """R1-Zero's AIME 2024 pass@1 at the start and the end of its RL run (percent)."""

    aime_pass1_start: float
    aime_pass1_end: float
    source: str


@dataclass(frozen=True)
class PipelineStage:
    """One box of the training-pipeline diagram: a lane, the first column and how many it covers."""

    lane: str  # one of LANES
    column: int  # 0 .. 5, left to right
    span: int  # columns covered, column + span <= 6
    title: str
    detail: str


@dataclass(frozen=True)
class DistillationData:
    teacher: ModelScores
    students: tuple[ModelScores, ...]  # in the file's order
    r1_zero: R1ZeroRun
    source_name: str
    source_url: str
    evaluation: str
    stages: tuple[PipelineStage, ...] = ()


@dataclass(frozen=True)
class ScoreComparison:
    """Students on one benchmark and metric, ordered by parameter count (smallest first)."""

    benchmark: str
    metric: str
    names: tuple[str, ...]
    families: tuple[str, ...]
    params_b: NDArray[np.float64]
    scores: NDArray[np.float64]  # percent
    teacher_score: float | None  # R1's score on the same benchmark and metric, if reported
    retained_share: NDArray[np.float64] | None  # scores / teacher_score, None without a teacher score
    best_name: str  # highest score (the smaller model wins a tie)
    best_score: float
    smallest_name: str


@dataclass(frozen=True)
class ConsensusGain:
    """AIME 2024 pass@1 vs cons@64 per student (percent, points), ordered by parameter count."""

    names: tuple[str, ...]
    pass1: NDArray[np.float64]
    cons64: NDArray[np.float64]
    gain_points: NDArray[np.float64]  # cons64 - pass1
    largest_gain_name: str

    @property
    def largest_gain_points(self) -> float:
        """The largest cons@64 - pass@1 gain among these students, in percentage points."""
        return float(self.gain_points.max())


# ---------------------------------------------------------------------------------------- validation


def _text(where: str, row: Mapping[str, object], key: str) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}.{key} must be a non-empty string, got {value!r}")
    return value


def _number(where: str, row: Mapping[str, object], key: str, low: float, high: float,
            *, optional: bool = False) -> float | None:
    value = row.get(key)
    if value is None and optional:
        return None
    return check.number(f"{where}.{key}", value, low=low, high=high)


def _table(where: str, value: object) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{where} must be a table, got {type(value).__name__}")
    return value


def _model(where: str, row: Mapping[str, object], *, teacher: bool) -> ModelScores:
    family = "deepseek" if teacher else check.choice(f"{where}.family", row.get("family"), FAMILIES)
    return ModelScores(
        name=_text(where, row, "name"), family=family, base=_text(where, row, "base"),
        params_b=_number(where, row, "params_b", 0.01, 10_000.0) or 0.0,
        aime_pass1=_number(where, row, "aime_pass1", 0.0, 100.0),
        aime_cons64=_number(where, row, "aime_cons64", 0.0, 100.0, optional=teacher),
        math500_pass1=_number(where, row, "math500_pass1", 0.0, 100.0),
        source=_text(where, row, "source"),
        active_params_b=_number(where, row, "active_params_b", 0.01, 10_000.0, optional=True),
    )


def _stage(where: str, row: Mapping[str, object]) -> PipelineStage:
    column = _number(where, row, "column", 0, _COLUMNS - 1)
    span = _number(where, row, "span", 1, _COLUMNS)
    if column is None or span is None or not column.is_integer() or not span.is_integer() \
            or column + span > _COLUMNS:
        raise ValueError(f"{where}: column and span must be whole numbers with column + span <= {_COLUMNS}, "
                         f"got column={row.get('column')!r}, span={row.get('span')!r}")
    return PipelineStage(lane=check.choice(f"{where}.lane", row.get("lane"), LANES), column=int(column),
                         span=int(span), title=_text(where, row, "title"), detail=_text(where, row, "detail"))


def parse_distillation(data: Mapping[str, object]) -> DistillationData:
    """Validate the parsed TOML table of ``content/deepseek_r1.toml``.

    Parameters
    ----------
    data : mapping
        Tables ``source`` (name, url, evaluation), ``r1_zero`` (aime_pass1_start, aime_pass1_end,
        source), ``teacher`` and an array ``student`` of models (name, base, params_b > 0,
        aime_pass1, aime_cons64, math500_pass1 in [0, 100], source; students also a family in
        :data:`FAMILIES`; the teacher's aime_cons64 may be missing). Optional array ``stage`` of
        pipeline boxes (lane in :data:`LANES`, column 0-5, span >= 1, title, detail).

    Returns
    -------
    DistillationData

    Raises
    ------
    ValueError
        Naming the field and its allowed range or type; also for no students or duplicate names.

    References
    ----------
    DeepSeek-AI 2025, DeepSeek-R1 (arXiv 2501.12948) and the DeepSeek-R1 README.

    Examples
    --------
    >>> load_distillation().teacher.aime_pass1
    79.8
    """
    source = _table("source", data.get("source"))
    zero = _table("r1_zero", data.get("r1_zero"))
    rows = data.get("student")
    if not isinstance(rows, list) or not rows:
        raise ValueError("student must be a non-empty array of tables ([[student]])")
    students = tuple(_model(f"student[{i}]", _table(f"student[{i}]", r), teacher=False)
                     for i, r in enumerate(rows))
    names = [s.name for s in students]
    if len(set(names)) != len(names):
        raise ValueError(f"student names must be unique, got {names}")
    stage_rows = data.get("stage", [])
    if not isinstance(stage_rows, list):
        raise ValueError("stage must be an array of tables ([[stage]])")
    stages = tuple(_stage(f"stage[{i}]", _table(f"stage[{i}]", r)) for i, r in enumerate(stage_rows))
    return DistillationData(
        teacher=_model("teacher", _table("teacher", data.get("teacher")), teacher=True),
        students=students,
        r1_zero=R1ZeroRun(
            aime_pass1_start=_number("r1_zero", zero, "aime_pass1_start", 0.0, 100.0) or 0.0,
            aime_pass1_end=_number("r1_zero", zero, "aime_pass1_end", 0.0, 100.0) or 0.0,
            source=_text("r1_zero", zero, "source"),
        ),
        source_name=_text("source", source, "name"),
        source_url=_text("source", source, "url"),
        evaluation=_text("source", source, "evaluation"),
        stages=stages,
    )


def load_distillation(path: str | Path | None = None) -> DistillationData:
    """Read and validate the results file (default ``content/deepseek_r1.toml``)."""
    file = Path(path) if path is not None else DEFAULT_DISTILLATION_PATH
    with file.open("rb") as handle:
        return parse_distillation(tomllib.load(handle))


# ------------------------------------------------------------------------------------------ derived


def _pick(data: DistillationData, family: str) -> list[ModelScores]:
    check.choice("family", family, ("all", *FAMILIES))
    chosen = [s for s in data.students if family in ("all", s.family)]
    return sorted(chosen, key=lambda s: (s.params_b, s.name))


def compare_students(data: DistillationData, *, benchmark: str, metric: str,
                     family: str = "all") -> ScoreComparison:
    """Students' scores on one benchmark and metric, and the share of R1's score each keeps.

    Parameters
    ----------
    data : DistillationData
    benchmark : {"aime", "math500"}
    metric : {"pass1", "cons64"}
        Every selected student must report it (MATH-500 has pass@1 only).
    family : {"all", "qwen", "llama"}

    Returns
    -------
    ScoreComparison
        ``retained_share = score / R1's score`` when R1 reports the same metric (pass@1), else None.

    Examples
    --------
    >>> c = compare_students(load_distillation(), benchmark="aime", metric="pass1", family="qwen")
    >>> c.names[0], round(float(c.retained_share[0]), 3)
    ('R1-Distill-Qwen-1.5B', 0.362)
    """
    check.choice("benchmark", benchmark, BENCHMARKS)
    check.choice("metric", metric, METRICS)
    chosen = _pick(data, family)
    values = [s.score(benchmark, metric) for s in chosen]
    missing = [s.name for s, v in zip(chosen, values, strict=True) if v is None]
    if missing:
        raise ValueError(f"metric {metric!r} on {benchmark!r} is not reported for {', '.join(missing)}; "
                         "use metric 'pass1'")
    scores = np.array(values, dtype=np.float64)
    teacher = data.teacher.score(benchmark, metric)
    best = int(np.argmax(scores))  # first maximum = smallest model, since sorted by size
    return ScoreComparison(
        benchmark=benchmark, metric=metric, names=tuple(s.name for s in chosen),
        families=tuple(s.family for s in chosen),
        params_b=np.array([s.params_b for s in chosen], dtype=np.float64), scores=scores,
        teacher_score=teacher, retained_share=None if teacher is None else scores / teacher,
        best_name=chosen[best].name, best_score=float(scores[best]), smallest_name=chosen[0].name,
    )


def reported_metrics(
    data: DistillationData, *, benchmark: str, with_teacher: bool = False
) -> tuple[str, ...]:
    """Metrics of ``benchmark`` that every student reports (and R1 too, when ``with_teacher``).

    Examples
    --------
    >>> data = load_distillation()
    >>> reported_metrics(data, benchmark="aime"), reported_metrics(data, benchmark="aime", with_teacher=True)
    (('pass1', 'cons64'), ('pass1',))
    """
    check.choice("benchmark", benchmark, BENCHMARKS)
    models = [*data.students, data.teacher] if with_teacher else list(data.students)
    return tuple(m for m in METRICS if all(s.score(benchmark, m) is not None for s in models))


def share_of_teacher(data: DistillationData, *, name: str, benchmark: str) -> float:
    """Share of R1's pass@1 on ``benchmark`` that the student ``name`` keeps (a fraction).

    Examples
    --------
    >>> round(share_of_teacher(load_distillation(), name="R1-Distill-Qwen-7B", benchmark="aime"), 3)
    0.695
    """
    check.choice("benchmark", benchmark, BENCHMARKS)
    by_name = {s.name: s for s in data.students}
    student = by_name.get(name)
    if student is None:
        raise ValueError(f"name must be one of {', '.join(by_name)}; got {name!r}")
    score, teacher = student.score(benchmark, "pass1"), data.teacher.score(benchmark, "pass1")
    if score is None or not teacher:
        raise ValueError(f"pass@1 on {benchmark!r} is not reported for {name} and R1")
    return score / teacher


def consensus_gain(data: DistillationData, *, family: str = "all") -> ConsensusGain:
    """AIME 2024 cons@64 minus pass@1 for each student (percentage points).

    Examples
    --------
    >>> g = consensus_gain(load_distillation(), family="qwen")
    >>> g.names[0], round(float(g.gain_points[0]), 1)
    ('R1-Distill-Qwen-1.5B', 23.8)
    """
    chosen = _pick(data, family)
    pass1 = np.array([s.aime_pass1 for s in chosen], dtype=np.float64)
    cons64 = np.array([s.aime_cons64 for s in chosen], dtype=np.float64)
    gain = cons64 - pass1
    return ConsensusGain(names=tuple(s.name for s in chosen), pass1=pass1, cons64=cons64, gain_points=gain,
                         largest_gain_name=chosen[int(np.argmax(gain))].name)


def r1_zero_gain(data: DistillationData) -> tuple[float, float]:
    """R1-Zero's AIME pass@1 gain during RL: (points, end / start).

    Examples
    --------
    >>> points, factor = r1_zero_gain(load_distillation())
    >>> round(points, 1), round(factor, 2)
    (55.4, 4.55)
    """
    run = data.r1_zero
    factor = math.inf if run.aime_pass1_start == 0 else run.aime_pass1_end / run.aime_pass1_start
    return run.aime_pass1_end - run.aime_pass1_start, factor
