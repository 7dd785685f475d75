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


def test_plotly_section_times_remount_and_in_place_updates_in_chromium(tmp_path: Path) -> None:
    from bench.plotly_update import measure

    # Chart 0 changes between the two states, chart 1 does not: one chart is redrawn per move.
    states = [[go.Figure(go.Scatter(x=[0, 1], y=[s, s + 1])).to_json(), go.Figure(go.Bar(y=[1, 2])).to_json()]
              for s in (10, 20)]
    moving = tmp_path / "moving.json"
    moving.write_text(json.dumps(states))
    still = tmp_path / "still.json"
    still.write_text(json.dumps(states[:1]))
    version, rows = measure({"moving": moving, "still": still}, passes=2)
    assert version.split(".")[0].isdigit()
    by_page = {r["page"]: r for r in rows}
    row = by_page["moving"]
    assert (row["charts"], row["charts_redrawn"], row["moves"]) == (2, 1, 4)  # right and back, twice
    assert row["remount_p50_ms"] > 0 and row["react_p50_ms"] > 0
    assert by_page["still"]["error"] == "fewer than 2 recorded states"


def test_in_place_page_keeps_each_chart_element_and_sends_the_new_spec(tmp_path: Path) -> None:
    states = [[go.Figure(go.Scatter(x=[0, 1], y=[s, s + c], name=f"s{s}c{c}")).to_json() for c in (1, 2)]
              for s in (10, 20)]
    path = tmp_path / "specs.json"
    path.write_text(json.dumps(states))
    at = AppTest.from_file(str(ROOT / "bench" / "inplace_app.py"))
    at.query_params["specs"] = str(path)
    at.run()
    assert not at.exception

    def shown() -> tuple[list[str], list[str]]:
        charts = at.get("bidi_component")
        return ([c.proto.id for c in charts],
                [json.loads(json.loads(c.proto.json))["data"][0]["name"] for c in charts])

    ids, names = shown()
    assert names == ["s10c1", "s10c2"]
    at.slider(key="inplace.i").set_value(1).run()
    new_ids, names = shown()
    assert names == ["s20c1", "s20c2"]
    assert new_ids == ids  # same elements: the browser keeps them mounted and redraws in place


def test_in_place_page_without_a_specs_file_says_so(tmp_path: Path) -> None:
    (tmp_path / "junk.json").write_text('{"not": "states"}')
    for specs in ("/nonexistent/specs.json", str(tmp_path / "junk.json")):
        at = AppTest.from_file(str(ROOT / "bench" / "inplace_app.py"))
        at.query_params["specs"] = specs
        at.run()
        assert not at.exception
        assert "must name a JSON file" in at.error[0].value

