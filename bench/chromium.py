"""How every browser test and browser benchmark starts Chromium: Debian's package, never a download.

The background-networking flags matter here: without them Chromium keeps trying hosts this machine
cannot reach, and those refused connections slow every page.
"""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
