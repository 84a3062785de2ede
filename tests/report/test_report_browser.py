"""The report opened in a real browser with the network cut off draws every chart.

Needs Chromium (Debian package ``chromium``). ``.ci/run`` installs it and sets ``DAUYS_REQUIRE_BROWSER=1``,
so in CI a missing browser is a failure, not a skip; on a developer machine without it the test is skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from test_report_methods import make_study

import dauys
from dauys.report.html import write_report

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _browser() -> str:
    found = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    if found is None:
        if os.environ.get("DAUYS_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required here (DAUYS_REQUIRE_BROWSER=1): apt-get install chromium")
        pytest.skip("no Chromium on this machine (apt-get install chromium); CI runs this test")
    return found


def _rendered_dom(browser: str, page, profile) -> str:
    """The page's DOM after its scripts ran, with every network request refused."""
    command = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", f"--user-data-dir={profile}",
        "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=15000",
        "--dump-dom", page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_chart_is_drawn_offline(project: dauys.Project, tmp_path, lang):
    browser = _browser()
    make_study(project)
    page = write_report(project, lang).html
    charts = page.read_text(encoding="utf-8").count('class="plotly-graph-div"')
    assert charts >= 2, "the study should have an overview chart and a result chart"

    dom = _rendered_dom(browser, page, tmp_path / "profile")
    drawn = re.findall(r'class="plotly-graph-div js-plotly-plot"', dom)
    assert len(drawn) == charts, f"{len(drawn)} of {charts} charts were drawn"
    assert dom.count('class="main-svg"') >= charts  # plotly drew an SVG in each


def test_region_map_is_drawn_offline(project: dauys.Project, tmp_path):
    """plotly.js asks the network for a world base map even when it is hidden; the report gives it one."""
    from pathlib import Path

    from dauys.analyze.base import run_analysis
    from dauys.ingest.acled import import_acled

    browser = _browser()
    import_acled(project, Path(__file__).parents[1] / "data" / "events" / "acled_kz.csv")
    run_analysis(project, "event_map", {})
    page = write_report(project, "kk").html
    dom = _rendered_dom(browser, page, tmp_path / "profile")
    regions = dom.count('class="choroplethlocation"')
    assert regions == 20, f"{regions} of Kazakhstan's 20 regions were drawn"
