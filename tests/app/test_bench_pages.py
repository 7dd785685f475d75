"""The bench's floor pages: the bare page with K charts, and a page's own figures replayed."""

import json
from pathlib import Path

import plotly.graph_objects as go
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def _charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_bare_page_draws_as_many_charts_as_asked() -> None:
    for query, expected in (({}, 1), ({"charts": "3"}, 3), ({"charts": "junk"}, 1), ({"charts": "99"}, 12)):
        at = AppTest.from_file(str(ROOT / "bench" / "baseline_app.py"))
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception
        assert len(_charts(at)) == expected


def test_figures_page_replays_the_recorded_states(tmp_path: Path) -> None:
    states = [[go.Figure(go.Scatter(x=[0, 1], y=[s, s + c], name=f"s{s}c{c}")).to_json() for c in (1, 2)]
              for s in (10, 20)]
    path = tmp_path / "specs.json"
    path.write_text(json.dumps(states))
    at = AppTest.from_file(str(ROOT / "bench" / "figures_app.py"))
    at.query_params["specs"] = str(path)
    at.run()
    assert [c["data"][0]["name"] for c in _charts(at)] == ["s10c1", "s10c2"]
    at.slider(key="figs.i").set_value(1).run()
    assert [c["data"][0]["name"] for c in _charts(at)] == ["s20c1", "s20c2"]


def test_figures_page_without_a_specs_file_says_so() -> None:
    at = AppTest.from_file(str(ROOT / "bench" / "figures_app.py"))
    at.query_params["specs"] = "/nonexistent/specs.json"
    at.run()
    assert not at.exception
    assert "must name a JSON file" in at.error[0].value
