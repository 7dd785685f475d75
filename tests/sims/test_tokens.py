"""Tests for sims.tokens: the article's published output, closed-form cross-checks, invariants."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sims.tokens import (
    MAX_TOKENS,
    ModelPrice,
    clean_price_table,
    compare_prices,
    output_bill_growth,
    reasoning_sweep,
    token_bill,
)

tokens = st.integers(min_value=0, max_value=200_000)
prices = st.one_of(st.just(0.0), st.floats(min_value=1e-6, max_value=500.0))  # no subnormal prices


def test_article_example_reproduces_published_output():
    # Article output: "visible=180 billed_output=1400", "visible_fraction=12.9% output_cost=$0.0140"
    bill = token_bill(visible_tokens=180, reasoning_tokens=1220, output_usd_per_mtok=10.0)
    assert bill.billed_output_tokens == 1400
    assert f"{bill.visible_fraction:.1%}" == "12.9%"
    assert f"${bill.output_cost_usd:.4f}" == "$0.0140"
    assert bill.hidden_share_of_bill == pytest.approx(1220 / 1400)
    assert bill.underestimate_factor == pytest.approx(1400 / 180)


def test_input_tokens_priced_at_input_price_and_counted_in_context():
    bill = token_bill(visible_tokens=100, reasoning_tokens=900, output_usd_per_mtok=8.0,
                      input_tokens=5_000, input_usd_per_mtok=2.0, context_window_tokens=8_192)
    assert bill.input_cost_usd == pytest.approx(5_000 * 2.0 / 1e6)
    assert bill.total_cost_usd == pytest.approx(0.010 + 1_000 * 8.0 / 1e6)
    assert bill.context_tokens == 6_000 and bill.fits_context
    assert bill.hidden_share_of_bill == pytest.approx(900 * 8e-6 / bill.total_cost_usd)


def test_context_window_overflow_detected():
    bill = token_bill(visible_tokens=600, reasoning_tokens=40_000, input_tokens=90_000,
                      context_window_tokens=131_072)
    assert bill.context_tokens == 130_600 and bill.fits_context
    over = token_bill(visible_tokens=600, reasoning_tokens=41_000, input_tokens=90_000,
                      context_window_tokens=131_072)
    assert not over.fits_context and over.context_fraction > 1


def test_free_output_has_zero_hidden_share_and_no_division_error():
    bill = token_bill(visible_tokens=0, reasoning_tokens=0, output_usd_per_mtok=0.0)
    assert bill.total_cost_usd == 0 and bill.hidden_share_of_bill == 0 and bill.underestimate_factor == 1
    only_hidden = token_bill(visible_tokens=0, reasoning_tokens=10, output_usd_per_mtok=1.0)
    assert math.isinf(only_hidden.underestimate_factor)


@given(v=tokens, r=tokens, n_in=tokens, p_out=prices, p_in=prices)
@settings(max_examples=150, deadline=None)
def test_sweep_matches_scalar_bill_pointwise(v, r, n_in, p_out, p_in):
    grid = np.array([0, r // 2, r, 2 * r], dtype=np.int64)
    sweep = reasoning_sweep(grid, visible_tokens=v, output_usd_per_mtok=p_out, input_tokens=n_in,
                            input_usd_per_mtok=p_in, context_window_tokens=600_000)
    for i, ri in enumerate(grid.tolist()):
        b = token_bill(visible_tokens=v, reasoning_tokens=ri, output_usd_per_mtok=p_out, input_tokens=n_in,
                       input_usd_per_mtok=p_in, context_window_tokens=600_000)
        assert sweep.billed_output_tokens[i] == b.billed_output_tokens
        assert sweep.total_cost_usd[i] == pytest.approx(b.total_cost_usd, rel=1e-12, abs=1e-15)
        assert sweep.hidden_share_of_bill[i] == pytest.approx(b.hidden_share_of_bill, rel=1e-12, abs=1e-15)
        assert sweep.context_fraction[i] == pytest.approx(b.context_fraction)


@given(v=tokens, r=tokens, n_in=tokens, p_out=prices, p_in=prices)
@settings(max_examples=200, deadline=None)
def test_invariants(v, r, n_in, p_out, p_in):
    b = token_bill(visible_tokens=v, reasoning_tokens=r, output_usd_per_mtok=p_out, input_tokens=n_in,
                   input_usd_per_mtok=p_in)
    assert b.billed_output_tokens == v + r
    for frac in (b.visible_fraction, b.hidden_fraction, b.hidden_share_of_bill):
        assert 0.0 <= frac <= 1.0
    assert b.total_cost_usd >= b.visible_only_estimate_usd - 1e-15
    assert b.underestimate_factor >= 1.0 - 1e-12
    assert b.hidden_fraction + b.visible_fraction == pytest.approx(1.0) or v + r == 0


@given(v=tokens, n_in=tokens, p_out=prices, p_in=prices)
@settings(max_examples=100, deadline=None)
def test_more_hidden_reasoning_never_lowers_cost_or_hidden_share(v, n_in, p_out, p_in):
    s = reasoning_sweep(np.arange(0, 50_001, 2_500), visible_tokens=v, output_usd_per_mtok=p_out,
                        input_tokens=n_in, input_usd_per_mtok=p_in)
    assert np.all(np.diff(s.total_cost_usd) >= -1e-15)
    assert np.all(np.diff(s.hidden_share_of_bill) >= -1e-12)


def test_max_reasoning_in_context_is_the_last_budget_that_fits():
    s = reasoning_sweep(np.arange(0, 10_000), visible_tokens=200, input_tokens=3_000,
                        context_window_tokens=8_192)
    assert s.max_reasoning_in_context == 8_192 - 3_200
    fits = s.context_fraction <= 1.0
    assert s.reasoning_tokens[fits].max() == s.max_reasoning_in_context


@given(v=st.integers(1, 100_000), r=tokens, factor=st.integers(0, 20))
@settings(max_examples=100, deadline=None)
def test_bill_growth_equals_ratio_of_bills(v, r, factor):
    # Reference: price both requests at the same output price and divide.
    grown = token_bill(visible_tokens=v, reasoning_tokens=factor * r, output_usd_per_mtok=3.0)
    base = token_bill(visible_tokens=v, reasoning_tokens=r, output_usd_per_mtok=3.0)
    assert output_bill_growth(visible_tokens=v, reasoning_tokens=r, factor=float(factor)) == pytest.approx(
        grown.output_cost_usd / base.output_cost_usd)


def test_bill_growth_article():
    growth = output_bill_growth(visible_tokens=180, reasoning_tokens=1220, factor=2.0)
    assert growth == pytest.approx(2620 / 1400)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"visible_tokens": -1, "reasoning_tokens": 0}, "visible_tokens"),
        ({"visible_tokens": 1.5, "reasoning_tokens": 0}, "visible_tokens"),
        ({"visible_tokens": True, "reasoning_tokens": 0}, "visible_tokens"),
        ({"visible_tokens": 1, "reasoning_tokens": MAX_TOKENS + 1}, "reasoning_tokens"),
        ({"visible_tokens": 1, "reasoning_tokens": 1, "output_usd_per_mtok": -1.0}, "output_usd_per_mtok"),
        ({"visible_tokens": 1, "reasoning_tokens": 1, "output_usd_per_mtok": math.nan},
         "output_usd_per_mtok"),
        ({"visible_tokens": 1, "reasoning_tokens": 1, "input_usd_per_mtok": "10"}, "input_usd_per_mtok"),
        ({"visible_tokens": 1, "reasoning_tokens": 1, "context_window_tokens": 0}, "context_window_tokens"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        token_bill(**kwargs)


def test_sweep_and_growth_reject_bad_input():
    with pytest.raises(ValueError, match="reasoning_tokens"):
        reasoning_sweep([1.5, 2.0], visible_tokens=1)
    with pytest.raises(ValueError, match="reasoning_tokens"):
        reasoning_sweep(np.array([-1, 2]), visible_tokens=1)
    with pytest.raises(ValueError, match="factor"):
        output_bill_growth(visible_tokens=1, reasoning_tokens=1, factor=-1.0)
    with pytest.raises(ValueError, match="visible_tokens"):
        output_bill_growth(visible_tokens=0, reasoning_tokens=0, factor=2.0)


def test_price_table_keeps_good_rows_and_explains_bad_ones():
    table = clean_price_table([
        {"name": "A", "input_usd_per_mtok": 1.0, "output_usd_per_mtok": 4.0},
        {"name": "A", "input_usd_per_mtok": "2", "output_usd_per_mtok": 8},  # duplicate name, numeric text
        {"name": "", "input_usd_per_mtok": 0, "output_usd_per_mtok": 1},  # blank name
        {"name": "neg", "input_usd_per_mtok": -1, "output_usd_per_mtok": 4},
        {"name": "text", "input_usd_per_mtok": 1, "output_usd_per_mtok": "cheap"},
        {"name": "missing", "input_usd_per_mtok": None},
        {"name": "nan", "input_usd_per_mtok": float("nan"), "output_usd_per_mtok": 1},
    ])
    assert [r.name for r in table.rows] == ["A", "A (2)", "row 3"]
    assert table.rows[1] == ModelPrice("A (2)", 2.0, 8.0)
    assert len(table.problems) == 4
    assert any("neg" in p and "input_usd_per_mtok" in p for p in table.problems)
    assert any("text" in p and "'cheap'" in p for p in table.problems)


def test_empty_price_table_reports_no_usable_row():
    assert clean_price_table([]).rows == ()
    assert "no usable row" in clean_price_table([]).problems[0]


def test_compare_prices_matches_token_bill_per_row():
    rows = (ModelPrice("a", 0.0, 10.0), ModelPrice("b", 3.0, 15.0))
    c = compare_prices(rows, visible_tokens=180, reasoning_tokens=1220, input_tokens=2_000)
    for i, row in enumerate(rows):
        b = token_bill(visible_tokens=180, reasoning_tokens=1220, input_tokens=2_000,
                       input_usd_per_mtok=row.input_usd_per_mtok, output_usd_per_mtok=row.output_usd_per_mtok)
        assert c.total_cost_usd[i] == pytest.approx(b.total_cost_usd)
        assert c.hidden_share_of_bill[i] == pytest.approx(b.hidden_share_of_bill)
    with pytest.raises(ValueError, match="prices"):
        compare_prices((), visible_tokens=1, reasoning_tokens=1)
