"""The choropleth PNG's colours and label placement (review R1: names on dark regions were unreadable)."""

from __future__ import annotations

import pytest

from dauys.report.maps import _extent, _label_point, choropleth_png, fill_colors, label_color

SQUARE = [[0.0, 0.0], [4.0, 0.0], [4.0, 2.0], [0.0, 2.0], [0.0, 0.0]]


def test_the_darkest_region_gets_a_white_label_and_a_light_one_a_dark_label(tmp_path):
    values = {"KZ-47": 39.0, "KZ-15": 1.0, "KZ-75": 20.0}
    fills, (_, vmin, vmax) = fill_colors(values)
    assert set(fills) == set(values) and (vmin, vmax) == (0.0, 39.0)
    assert label_color(fills["KZ-47"]) == "white"        # Маңғыстау, the maximum: darkest blue
    assert label_color(fills["KZ-15"]) == "#222222"      # Ақтөбе, near the minimum: light blue
    assert label_color("#d9d9d9") == "#222222"           # the grey of "no data"
    path = choropleth_png(values, tmp_path / "map.png", "kk", title="Оқиғалар")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_all_equal_values_still_get_colours():
    fills, (_, vmin, vmax) = fill_colors({"KZ-47": 0.0, "KZ-15": 0.0})
    assert vmax > vmin and len(fills) == 2


@pytest.mark.parametrize("geometry", [
    {"type": "Polygon", "coordinates": [SQUARE]},
    {"type": "MultiPolygon", "coordinates": [[SQUARE], [[[10.0, 10.0], [10.5, 10.0], [10.5, 10.5], [10.0, 10.0]]]]},
])
def test_polygon_and_multipolygon_geometries(geometry):
    assert _extent(geometry) == pytest.approx(8.0)
    assert _label_point(geometry) == pytest.approx((2.0, 1.0))


def test_event_map_view_has_its_labels_when_imported_alone():
    # review R1: the view used column.events from the event_counts view and failed with KeyError when alone
    import subprocess
    import sys

    code = (
        "import pandas as pd\n"
        "import dauys.report.views.event_map\n"
        "from dauys.report.charts import CHARTS\n"
        "table = pd.DataFrame({'region': ['KZ-47', 'KZ-75'], 'name': ['Маңғыстау облысы', 'Алматы'],\n"
        "    'events': [39, 54], 'fatalities': [1, 33], 'population': [float('nan')] * 2,\n"
        "    'population_year': pd.array([None, None], dtype='Int64'), 'rate_per_100k': [float('nan')] * 2,\n"
        "    'value': [39.0, 54.0], 'population_source': [None, None], 'measure': ['count', 'count']})\n"
        "fig = CHARTS['event_map'](table, 'kk')\n"
        "print('Оқиғалар' in str(fig.to_dict()))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"
