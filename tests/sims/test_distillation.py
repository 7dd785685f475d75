"""sims.distillation: the cited DeepSeek-R1 table loads exactly, validation names the bad field,
and the derived figures match hand computations from the published numbers (facts.md)."""

import copy
import tomllib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sims import distillation as d

# Published figures, typed in from facts.md (DeepSeek-R1 README / paper): AIME pass@1, cons@64, MATH-500.
PUBLISHED = {
    "R1-Distill-Qwen-1.5B": (28.9, 52.7, 83.9),
    "R1-Distill-Qwen-7B": (55.5, 83.3, 92.8),
    "R1-Distill-Qwen-14B": (69.7, 80.0, 93.9),
    "R1-Distill-Qwen-32B": (72.6, 83.3, 94.3),
    "R1-Distill-Llama-8B": (50.4, 80.0, 89.1),
    "R1-Distill-Llama-70B": (70.0, 86.7, 94.5),
}


@pytest.fixture(scope="module")
def data() -> d.DistillationData:
    return d.load_distillation()


@pytest.fixture
def raw() -> dict:
    return tomllib.loads(d.DEFAULT_DISTILLATION_PATH.read_text(encoding="utf-8"))


def test_file_matches_published_figures(data):
    assert {s.name: (s.aime_pass1, s.aime_cons64, s.math500_pass1) for s in data.students} == PUBLISHED
    teacher = data.teacher
    assert (teacher.aime_pass1, teacher.math500_pass1, teacher.aime_cons64) == (79.8, 97.3, None)
    assert (data.r1_zero.aime_pass1_start, data.r1_zero.aime_pass1_end) == (15.6, 71.0)
    assert all(s.source for s in (*data.students, data.teacher))


def test_retained_share_matches_hand_division(data):
    c = d.compare_students(data, benchmark="aime", metric="pass1")
    assert c.names[0] == "R1-Distill-Qwen-1.5B" and c.smallest_name == "R1-Distill-Qwen-1.5B"
    assert list(c.params_b) == sorted(c.params_b)
    for name, share in zip(c.names, c.retained_share, strict=True):
        assert share == pytest.approx(PUBLISHED[name][0] / 79.8, abs=1e-12)
    assert c.best_name == "R1-Distill-Qwen-32B"  # 72.6 beats Llama-70B's 70.0
    math = d.compare_students(data, benchmark="math500", metric="pass1", family="llama")
    assert math.names == ("R1-Distill-Llama-8B", "R1-Distill-Llama-70B")
    assert math.retained_share == pytest.approx([89.1 / 97.3, 94.5 / 97.3])


def test_cons64_has_no_teacher_share_and_math500_has_no_cons64(data):
    c = d.compare_students(data, benchmark="aime", metric="cons64", family="qwen")
    assert c.teacher_score is None and c.retained_share is None
    assert c.best_name == "R1-Distill-Qwen-7B"  # 83.3 ties the 32B; the smaller model wins the tie
    with pytest.raises(ValueError, match="metric 'cons64'"):
        d.compare_students(data, benchmark="math500", metric="cons64")


def test_consensus_gain(data):
    g = d.consensus_gain(data)
    expected = {n: round(v[1] - v[0], 1) for n, v in PUBLISHED.items()}
    assert {n: round(float(x), 1) for n, x in zip(g.names, g.gain_points, strict=True)} == expected
    assert g.largest_gain_name == "R1-Distill-Llama-8B"  # 80.0 - 50.4 = 29.6 points
    assert np.all(g.cons64 >= g.pass1)


def test_reported_metrics_and_share_of_teacher(data):
    assert d.reported_metrics(data, benchmark="aime") == ("pass1", "cons64")
    assert d.reported_metrics(data, benchmark="aime", with_teacher=True) == ("pass1",)
    assert d.reported_metrics(data, benchmark="math500") == ("pass1",)
    assert d.share_of_teacher(data, name="R1-Distill-Qwen-7B", benchmark="aime") == pytest.approx(55.5 / 79.8)
    assert d.share_of_teacher(data, name="R1-Distill-Llama-70B", benchmark="math500") == pytest.approx(
        94.5 / 97.3)
    with pytest.raises(ValueError, match="name must be one of"):
        d.share_of_teacher(data, name="GPT-5", benchmark="aime")


def test_r1_zero_gain(data):
    points, factor = d.r1_zero_gain(data)
    assert points == pytest.approx(55.4) and factor == pytest.approx(71.0 / 15.6)


def test_pipeline_stages_fit_the_grid(data):
    assert {s.lane for s in data.stages} == set(d.LANES)
    assert all(0 <= s.column and s.column + s.span <= 6 for s in data.stages)
    titles = " ".join(s.title.replace("<br>", " ") for s in data.stages)
    for stage in ("Cold-start SFT", "Reasoning RL", "Rejection sampling", "RL for all"):
        assert stage in titles


@pytest.mark.parametrize(("path", "value", "message"), [
    (("student", 0, "aime_pass1"), 101.0, r"student\[0\]\.aime_pass1 must be a number in \[0, 100\]"),
    (("student", 1, "params_b"), -7, r"student\[1\]\.params_b"),
    (("student", 0, "family"), "gpt", r"student\[0\]\.family must be one of qwen, llama"),
    (("teacher", "name"), "", r"teacher\.name must be a non-empty string"),
    (("r1_zero", "aime_pass1_end"), "high", r"r1_zero\.aime_pass1_end"),
    (("stage", 0, "span"), 9, r"stage\[0\]"),
    (("student", 2, "math500_pass1"), True, r"math500_pass1"),
])
def test_bad_fields_are_named(raw, path, value, message):
    bad = copy.deepcopy(raw)
    target = bad
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ValueError, match=message):
        d.parse_distillation(bad)


def test_structure_errors(raw):
    with pytest.raises(ValueError, match="student must be a non-empty array"):
        d.parse_distillation({**raw, "student": []})
    dup = copy.deepcopy(raw)
    dup["student"][1]["name"] = dup["student"][0]["name"]
    with pytest.raises(ValueError, match="unique"):
        d.parse_distillation(dup)
    with pytest.raises(ValueError, match="source must be a table"):
        d.parse_distillation({k: v for k, v in raw.items() if k != "source"})


def test_bad_choices(data):
    with pytest.raises(ValueError, match="benchmark must be one of aime, math500"):
        d.compare_students(data, benchmark="gsm8k", metric="pass1")
    with pytest.raises(ValueError, match="family must be one of all, qwen, llama"):
        d.consensus_gain(data, family="mistral")


@given(st.lists(st.floats(0.0, 100.0), min_size=2, max_size=6), st.floats(0.1, 100.0))
def test_share_is_score_over_teacher_and_order_by_size(scores, teacher):
    raw = tomllib.loads(d.DEFAULT_DISTILLATION_PATH.read_text(encoding="utf-8"))
    raw["teacher"]["aime_pass1"] = teacher
    raw["student"] = [
        {"name": f"m{i}", "family": "qwen", "base": "b", "params_b": float(len(scores) - i), "aime_pass1": s,
         "aime_cons64": s, "math500_pass1": s, "source": "test"}
        for i, s in enumerate(scores)
    ]
    c = d.compare_students(d.parse_distillation(raw), benchmark="aime", metric="pass1")
    assert list(c.params_b) == sorted(c.params_b)  # smallest first, whatever the file order
    assert c.retained_share == pytest.approx(c.scores / teacher)
    assert c.scores[c.names.index(c.best_name)] == c.scores.max()
