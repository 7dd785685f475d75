"""Aggregation against independent references: brute-force subset enumeration and hand counts."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from live.aggregate import majority_accuracy, summarize
from live.experiment import ExperimentSpec, Price, RequestRecord, RunResult, SampleRecord
from live.tasks import get_taskset


def brute_majority(labels: list[str | None], correct: str, size: int) -> Fraction:
    """Average over every size-subset of the chance the vote is right (ties split uniformly)."""
    total, wins = 0, Fraction(0)
    for subset in itertools.combinations(range(len(labels)), size):
        votes: dict[str, int] = {}
        for i in subset:
            if labels[i] is not None:
                votes[labels[i]] = votes.get(labels[i], 0) + 1  # type: ignore[index]
        total += 1
        if votes and correct in votes:
            top = max(votes.values())
            tied = [a for a, v in votes.items() if v == top]
            if votes[correct] == top:
                wins += Fraction(1, len(tied))
    return wins / total


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["R", "a", "b", "c", None]), min_size=1, max_size=9))
def test_majority_matches_brute_force_enumeration(labels):
    counts: dict[str | None, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    got = majority_accuracy(counts, "R")
    assert len(got) == len(labels)
    for size in range(1, len(labels) + 1):
        assert got[size - 1] == pytest.approx(float(brute_majority(labels, "R", size)), abs=1e-12)


def test_majority_edge_cases():
    assert majority_accuracy({}, "3").size == 0
    assert majority_accuracy({"3": 4}, "3").tolist() == [1.0] * 4
    assert majority_accuracy({"2": 3, None: 1}, "3").tolist() == [0.0] * 4
    with pytest.raises(ValueError, match="counts"):
        majority_accuracy({"3": -1}, "3")


def hand_made_run() -> RunResult:
    """Two items, four samples each, usage reported for one item and not for the other."""
    ts = get_taskset("quick")
    straw, mult = ts.items[0], ts.items[1]
    spec = ExperimentSpec(taskset="quick", item_ids=(straw.id, mult.id), samples=4, efforts=("low",))
    result = RunResult(spec=spec, model="m", base_url="http://127.0.0.1:1/v1", simulated=False,
                       items=(straw, mult), instructions=ts.instructions, status="complete")
    # strawberry: 3, 2, 3, 2 -> c = 2 of 4; 847 x 293: one right, two "248071", one unreadable
    for j, (answer, ok) in enumerate([("3", True), ("2", False), ("3", True), ("2", False)]):
        text = f"Answer: {answer}"
        result.samples.append(SampleRecord(straw.id, "low", 0, text, answer, ok, "stop", 10.0 + j))
    for answer, ok in [("248171", True), ("248071", False), ("248071", False), (None, False)]:
        result.samples.append(SampleRecord(mult.id, "low", 1, "x", answer, ok, "stop", None))
    result.requests += [
        RequestRecord(0, straw.id, "low", "low", 4, 4, 100, 1000, 800, 50.0, 0),
        RequestRecord(1, mult.id, "low", "low", 4, 4, 80, 600, None, 70.0, 0),
    ]
    return result


def test_summary_of_a_hand_made_run():
    (arm,) = summarize(hand_made_run(), Price(input_usd_per_mtok=1.0, output_usd_per_mtok=10.0))
    straw, mult = arm.items
    assert (straw.n, straw.correct, straw.p) == (4, 2, 0.5)
    # pass@k = 1 - C(n-c, k)/C(n, k): closed form by hand
    assert straw.pass_at_k == pytest.approx([1 - math.comb(2, k) / math.comb(4, k) for k in range(1, 5)])
    assert straw.theory == pytest.approx([1 - 0.5**k for k in range(1, 5)])
    assert mult.pass_at_k == pytest.approx([0.25, 0.5, 0.75, 1.0])
    assert mult.majority[-1] == 0.0  # 248071 out-votes the right answer 2 to 1
    assert arm.accuracy == pytest.approx((0.5 + 0.25) / 2)
    assert arm.theory == pytest.approx([1 - (1 - 0.375) ** k for k in range(1, 5)])
    pairs = zip(straw.pass_at_k, mult.pass_at_k, strict=True)
    assert arm.pass_at_k == pytest.approx([(a + b) / 2 for a, b in pairs])
    # tokens: straw reported everything, mult left reasoning null -> the arm total is "not reported"
    assert straw.tokens.reasoning_tokens == 800 and straw.tokens.visible_tokens == 200
    assert mult.tokens.reasoning_tokens is None and mult.tokens.visible_tokens is None
    assert arm.tokens.prompt_tokens == 180 and arm.tokens.completion_tokens == 1600
    assert arm.tokens.reasoning_tokens is None
    assert arm.cost_usd == pytest.approx((180 * 1.0 + 1600 * 10.0) / 1e6)
    assert straw.ttft_ms_median == pytest.approx(11.5) and mult.ttft_ms_median is None
    assert dict(straw.answers) == {"3": 2, "2": 2}


def test_cost_is_unknown_without_a_price_or_usage():
    (arm,) = summarize(hand_made_run(), None)
    assert arm.cost_usd is None
    result = hand_made_run()
    result.requests[0] = RequestRecord(0, result.items[0].id, "low", "low", 4, 4, None, None, None, 1.0, 0)
    (arm,) = summarize(result, Price(1.0, 1.0))
    assert arm.cost_usd is None and arm.tokens.completion_tokens is None


def test_price_validates():
    with pytest.raises(ValueError, match="prices"):
        Price(-1.0, 1.0)
