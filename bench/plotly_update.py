"""What a slider move costs Plotly.js when a chart is remounted, against updating it in place.

Streamlit 1.67 keys each ``st.plotly_chart`` element in the browser by an id that hashes the figure's
spec (``plotly_chart.py``: ``compute_and_register_element_id(..., key_as_main_identity=False,
plotly_spec=...)``; the frontend renders the chart with that id as its React key). A new spec is a new
key, so every move that changes a chart unmounts it and draws a fresh one with ``Plotly.newPlot``, even
when the chart has a ``key=``. Plotly's own ``Plotly.react`` updates an existing chart in place. This
measures both on the same recorded specs, in the same headless Chromium, with no Streamlit around them:
Plotly.js alone, the part of a move that an in-place update (streamlit/streamlit pull request #16052,
open) would change.

The Plotly.js used is the one bundled with the plotly Python package (``plotly/package_data``), loaded
from disk into a blank page: no network.
"""

from __future__ import annotations

import itertools
import json
import shutil
import statistics
from pathlib import Path
from typing import Any

import plotly

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
WIDTH_PX = 704  # Streamlit's default main column width

# One pass over the states: ArrowRight through them, then back, like the browser section's moves.
# Each step redraws only the charts whose spec changed, as Streamlit does.
_PASS_JS = """
async ({states, mode, width}) => {
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const root = document.getElementById('root');
  root.innerHTML = '';
  const config = {displaylogo: false, responsive: false};
  const draw = (div, spec) => {
    const fig = JSON.parse(spec);
    const layout = Object.assign({}, fig.layout || {}, {width: width});
    return mode === 'react' ? Plotly.react(div, fig.data || [], layout, config)
                            : Plotly.newPlot(div, fig.data || [], layout, config);
  };
  const divs = [];
  for (const spec of states[0]) {
    const div = document.createElement('div');
    root.appendChild(div);
    await Plotly.newPlot(div, JSON.parse(spec).data || [], Object.assign({}, JSON.parse(spec).layout || {},
                         {width: width}), config);
    divs.push(div);
  }
  await frame();
  const order = [...states.keys()].slice(1).concat([...states.keys()].reverse().slice(1));
  let prev = 0;
  const times = [];
  for (const i of order) {
    const t0 = performance.now();
    for (let j = 0; j < states[i].length; j++) {
      if (states[i][j] === states[prev][j]) continue;
      if (mode === 'react') {
        await draw(divs[j], states[i][j]);
      } else {  // what a new React key does: a fresh element and a fresh plot, the old one dropped
        const div = document.createElement('div');
        divs[j].replaceWith(div);
        Plotly.purge(divs[j]);
        divs[j] = div;
        await draw(div, states[i][j]);
      }
    }
    await frame();
    times.push(performance.now() - t0);
    prev = i;
  }
  return times;
}
"""


def measure(spec_files: dict[str, Path], *, passes: int = 3) -> tuple[str, list[dict[str, Any]]]:
    """Per page: p50 ms per move with a remount and with an in-place update, modes interleaved pass by pass.

    ``spec_files`` maps a page to the JSON the browser section records (a list of states, each a list of
    spec strings in page order). Returns the Plotly.js version and one row per page.
    """
    from playwright.sync_api import sync_playwright

    from bench.browser import launch_browser

    rows = []
    with sync_playwright() as pw:
        browser = launch_browser(pw)
        page = browser.new_page(viewport={"width": WIDTH_PX + 100, "height": 900})
        page.set_content('<div id="root"></div>')
        page.add_script_tag(path=str(PLOTLY_JS))
        version = str(page.evaluate("Plotly.version"))
        for name, path in spec_files.items():
            recorded = json.loads(path.read_text())
            # A chart that comes and goes (a collapsed box) would shift the others: keep same-shaped states.
            states = [s for s in recorded if recorded and len(s) == len(recorded[0])]
            if len(states) < 2 or not states[0]:
                rows.append({"page": name, "error": "fewer than 2 recorded states"})
                continue
            times: dict[str, list[float]] = {"remount": [], "react": []}
            for _ in range(passes):
                for mode in times:
                    args = {"states": states, "mode": mode, "width": WIDTH_PX}
                    times[mode] += page.evaluate(_PASS_JS, args)
            redrawn = [sum(a != b for a, b in zip(s, t, strict=True)) for s, t in itertools.pairwise(states)]
            rows.append({
                "page": name,
                "charts": len(states[0]),
                "charts_redrawn": max(redrawn),
                "moves": len(times["react"]),
                "remount_p50_ms": round(statistics.median(times["remount"]), 1),
                "react_p50_ms": round(statistics.median(times["react"]), 1),
            })
        browser.close()
    return version, rows


def inplace_app(folder: Path) -> Path:
    """``bench/inplace_app.py`` copied into ``folder`` with ``static/plotly.min.js`` beside it.

    Run it with ``server.enableStaticServing=true``: Streamlit serves ``static/`` next to the script.
    """
    script = folder / "inplace_app.py"
    shutil.copy(Path(__file__).with_name("inplace_app.py"), script)
    (folder / "static").mkdir(exist_ok=True)
    shutil.copy(PLOTLY_JS, folder / "static" / "plotly.min.js")
    return script
