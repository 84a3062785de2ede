"""Point in polygon for the shipped 2022 region polygons, in numpy (no geopandas, no shapely).

The polygons (``dauys/data/geo/kz_regions.json``) were simplified at build time to about 300 m
(``tools/extract_regions_geojson.py``), so a point within a few km of a border can fall outside every
polygon or into a neighbour. Points outside all polygons are snapped to the nearest border within
``snap_km`` (15 km by default); points farther away get None. Inside, ray casting (even–odd rule over all
rings of a unit, so holes such as Almaty city inside Almaty Region work) against the edges of the point's
latitude strip only, which keeps 200,000 points well under a second.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np

from dauys.errors import InputError

__all__ = ["REGIONS_GEOJSON", "PolygonIndex", "load_polygons", "region_index"]

REGIONS_GEOJSON = Path(str(files("dauys.data.geo") / "kz_regions.json"))

_STRIP = 0.02  # degrees of latitude per strip of the edge index (0.02 was fastest of 0.01, 0.02, 0.05)
_CELL = 0.1  # degrees per cell of the grid that tells which points are near a border
_KM_PER_DEG_LAT = 110.57
_KM_PER_DEG_LON_EQ = 111.32


def load_polygons(geojson: dict | str | Path) -> dict[str, list[list[np.ndarray]]]:
    """The polygons of a GeoJSON FeatureCollection by feature id: {id: [[outer, hole, ...], ...]}.

    Each ring is an (n, 2) array of lon, lat. Polygon and MultiPolygon geometries are accepted; a
    feature without an id takes ``properties["code"]``.
    """
    if not isinstance(geojson, dict):
        path = Path(geojson)
        try:
            geojson = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"{path}: cannot read GeoJSON ({exc}); give a FeatureCollection file") from None
    out: dict[str, list[list[np.ndarray]]] = {}
    for i, feature in enumerate(geojson.get("features", [])):
        fid = feature.get("id") or (feature.get("properties") or {}).get("code")
        geometry = feature.get("geometry") or {}
        if fid is None or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise InputError(
                f"GeoJSON feature {i}: needs an id (or properties.code) and a Polygon or MultiPolygon geometry"
            )
        polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        out.setdefault(str(fid), []).extend(
            [np.asarray(ring, dtype=float)[:, :2] for ring in poly] for poly in polys
        )
    return out


class PolygonIndex:
    """Locate points in a set of named polygons: ``PolygonIndex(polygons).locate(lats, lons)``.

    ``polygons`` is what :func:`load_polygons` returns. Where simplified polygons overlap, the unit with
    the smaller area wins (a city over the region around it).
    """

    def __init__(self, polygons: dict[str, list[list[np.ndarray]]], snap_km: float = 15.0):
        self.snap_km = snap_km
        self._near: tuple[np.ndarray, float, float] | None = None
        self.ids_ = list(polygons)
        x1, y1, x2, y2, owner = [], [], [], [], []
        area = np.zeros(len(self.ids_))
        for k, fid in enumerate(self.ids_):
            for poly in polygons[fid]:
                for j, ring in enumerate(poly):
                    if not np.array_equal(ring[0], ring[-1]):
                        ring = np.vstack([ring, ring[:1]])
                    x1.append(ring[:-1, 0])
                    y1.append(ring[:-1, 1])
                    x2.append(ring[1:, 0])
                    y2.append(ring[1:, 1])
                    owner.append(np.full(len(ring) - 1, k))
                    a = 0.5 * abs(np.dot(ring[:-1, 0], ring[1:, 1]) - np.dot(ring[1:, 0], ring[:-1, 1]))
                    area[k] += a if j == 0 else -a
        self.x1, self.y1, self.x2, self.y2 = (np.concatenate(v) for v in (x1, y1, x2, y2))
        self.owner = np.concatenate(owner)
        self.area_ = area
        # rank by area so that "first hit" means "smallest unit"
        self._rank = np.argsort(np.argsort(area))
        self.y0 = float(min(self.y1.min(), self.y2.min()))
        ymin, ymax = np.minimum(self.y1, self.y2), np.maximum(self.y1, self.y2)
        s0 = np.floor((ymin - self.y0) / _STRIP).astype(int)
        s1 = np.floor((ymax - self.y0) / _STRIP).astype(int)
        self.n_strips = int(s1.max()) + 1
        counts = s1 - s0 + 1
        edge = np.repeat(np.arange(len(s0)), counts)
        strip = np.repeat(s0, counts) + (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts))
        order = np.argsort(strip, kind="stable")
        self._strip_edges = edge[order]
        self._strip_start = np.searchsorted(strip[order], np.arange(self.n_strips + 1))
        self.bbox_ = (float(min(self.x1.min(), self.x2.min())), self.y0, float(max(self.x1.max(), self.x2.max())),
                      float(max(self.y1.max(), self.y2.max())))

    def _edges(self, strip: int) -> np.ndarray:
        if strip < 0 or strip >= self.n_strips:
            return np.empty(0, dtype=int)
        return self._strip_edges[self._strip_start[strip] : self._strip_start[strip + 1]]

    def locate(self, lats, lons) -> list[str | None]:
        """The id of the polygon holding each point (snapped within ``snap_km``), None elsewhere."""
        lat = np.asarray(lats, dtype=float).ravel()
        lon = np.asarray(lons, dtype=float).ravel()
        if lat.shape != lon.shape:
            raise InputError(f"{len(lat)} latitudes but {len(lon)} longitudes; give one of each per point")
        result = np.full(len(lat), -1)
        ok = np.isfinite(lat) & np.isfinite(lon)
        margin = self.snap_km / _KM_PER_DEG_LAT * 2
        x0, y0, x1, y1 = self.bbox_
        ok &= (lat >= y0 - margin) & (lat <= y1 + margin) & (lon >= x0 - margin * 2) & (lon <= x1 + margin * 2)
        strip = np.floor((np.where(ok, lat, self.y0) - self.y0) / _STRIP).astype(int)
        idx = np.flatnonzero(ok & (strip >= 0) & (strip < self.n_strips))
        for s, pts in _groups(idx, strip[idx]):
            edges = self._edges(s)
            if len(edges) == 0:
                continue
            for chunk in np.array_split(pts, max(1, len(pts) * len(edges) // 4_000_000 + 1)):
                result[chunk] = self._inside(lat[chunk], lon[chunk], edges)
        if self.snap_km > 0:
            todo = np.flatnonzero(ok & (result < 0))
            if len(todo):
                result[todo] = self._snap(lat[todo], lon[todo])
        return [self.ids_[k] if k >= 0 else None for k in result]

    def _inside(self, py: np.ndarray, px: np.ndarray, edges: np.ndarray) -> np.ndarray:
        ex1, ey1, ex2, ey2 = self.x1[edges], self.y1[edges], self.x2[edges], self.y2[edges]
        pyc = py[:, None]
        spans = (ey1 > pyc) != (ey2 > pyc)
        with np.errstate(divide="ignore", invalid="ignore"):
            xcross = ex1 + (pyc - ey1) * (ex2 - ex1) / (ey2 - ey1)
        crosses = spans & (px[:, None] < xcross)
        n_units = len(self.ids_)
        # crossings per point and unit (a product with the edges' one-hot owners): odd = inside
        owners = np.zeros((len(edges), n_units), dtype=np.float32)
        owners[np.arange(len(edges)), self.owner[edges]] = 1
        counts = crosses.astype(np.float32) @ owners
        inside = (np.rint(counts).astype(np.int64) % 2) == 1
        ranked = np.where(inside, self._rank[None, :], n_units)
        best = ranked.argmin(axis=1)
        return np.where(inside[np.arange(len(py)), best], best, -1)

    def _near_mask(self) -> tuple[np.ndarray, float, float]:
        """Cells of a 0.1° grid within about ``snap_km`` of some edge (edges sampled every 0.05°)."""
        if self._near is None:
            x0, y0, _, _ = self.bbox_
            gx0, gy0 = x0 - 1.0, y0 - 1.0
            length = np.hypot(self.x2 - self.x1, self.y2 - self.y1)
            n = np.maximum(1, np.ceil(length / 0.05).astype(int)) + 1
            t = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
            t = t / np.repeat(n - 1, n)
            e = np.repeat(np.arange(len(n)), n)
            sx = self.x1[e] + t * (self.x2[e] - self.x1[e])
            sy = self.y1[e] + t * (self.y2[e] - self.y1[e])
            _, _, x1, y1 = self.bbox_
            shape = (int((y1 + 1.0 - gy0) / _CELL) + 1, int((x1 + 1.0 - gx0) / _CELL) + 1)
            mask = np.zeros(shape, dtype=bool)
            mask[((sy - gy0) / _CELL).astype(int), ((sx - gx0) / _CELL).astype(int)] = True
            # dilate by the snap distance (longitude degrees are shorter: 1 / cos(56°) < 1.8)
            ry = int(np.ceil(self.snap_km / _KM_PER_DEG_LAT / _CELL)) + 1
            rx = int(np.ceil(self.snap_km / (_KM_PER_DEG_LON_EQ * np.cos(np.radians(56))) / _CELL)) + 1
            grown = mask.copy()
            for dy in range(-ry, ry + 1):
                for dx in range(-rx, rx + 1):
                    grown |= np.roll(np.roll(mask, dy, axis=0), dx, axis=1)
            self._near = (grown, gx0, gy0)
        return self._near

    def _snap(self, py: np.ndarray, px: np.ndarray) -> np.ndarray:
        out = np.full(len(py), -1)
        near, gx0, gy0 = self._near_mask()
        cy = ((py - gy0) / _CELL).astype(int)
        cx = ((px - gx0) / _CELL).astype(int)
        inside_grid = (cy >= 0) & (cy < near.shape[0]) & (cx >= 0) & (cx < near.shape[1])
        cand = np.flatnonzero(inside_grid)
        cand = cand[near[cy[cand], cx[cand]]]
        reach = int(np.ceil(self.snap_km / _KM_PER_DEG_LAT / _STRIP))
        strip = np.floor((py - self.y0) / _STRIP).astype(int)
        for s, pts in _groups(cand, strip[cand]):
            parts = [self._edges(t) for t in range(s - reach, s + reach + 1)]
            edges = np.unique(np.concatenate(parts)) if parts else np.empty(0, dtype=int)
            if len(edges) == 0:
                continue
            for chunk in np.array_split(pts, max(1, len(pts) * len(edges) // 2_000_000 + 1)):
                qy, qx = py[chunk][:, None], px[chunk][:, None]
                kx = _KM_PER_DEG_LON_EQ * np.cos(np.radians(qy))
                ax, ay = (self.x1[edges] - qx) * kx, (self.y1[edges] - qy) * _KM_PER_DEG_LAT
                dx, dy = (self.x2[edges] - self.x1[edges]) * kx, (self.y2[edges] - self.y1[edges]) * _KM_PER_DEG_LAT
                with np.errstate(divide="ignore", invalid="ignore"):
                    t = np.nan_to_num(np.clip(-(ax * dx + ay * dy) / (dx * dx + dy * dy), 0, 1))
                dist = np.hypot(ax + t * dx, ay + t * dy)
                j = dist.argmin(axis=1)
                best = dist[np.arange(len(chunk)), j]
                out[chunk] = np.where(best <= self.snap_km, self.owner[edges[j]], -1)
        return out


def _groups(points: np.ndarray, keys: np.ndarray):
    """(key, points with that key) for each distinct key, in key order."""
    order = np.argsort(keys, kind="stable")
    points, keys = points[order], keys[order]
    bounds = np.flatnonzero(np.diff(keys)) + 1
    for part, key in zip(np.split(points, bounds), keys[np.r_[0, bounds]] if len(keys) else [], strict=False):
        yield int(key), part


@lru_cache(maxsize=1)
def region_index() -> PolygonIndex:
    """The index of the shipped 2022 region polygons (built once per process)."""
    return PolygonIndex(load_polygons(REGIONS_GEOJSON))
