"""The 2022 region of each event: coordinates, then the place name, then the recorded admin1.

It lives with the geography (not in ``events/``) because the importers of events and shutdowns use it,
and importers sit to the left of the analyses.

Three regions were split in 2022 (Almaty → Almaty Region and Jetisu, East Kazakhstan → East Kazakhstan
and Abai, Karaganda → Karaganda and Ulytau), so an admin1 name recorded before the split does not say
which of the 2022 regions an event was in. :func:`resolve_regions` tries, for each event, in order:

1. ``coordinates``: when ``geo_precision`` is 1 or 2 (ACLED: the town itself, or a place near it), the
   2022 region polygon the point falls in (:func:`dauys.geo.regions.regions_at`);
2. ``place``: the location (ACLED ``location``, the local template's ``settlement``), then ``admin3`` and
   ``admin2``, looked up in the gazetteer (:func:`dauys.geo.gazetteer.load_gazetteer`);
3. ``admin1``: the recorded admin1 name, when it maps to exactly one 2022 region;
4. ``unresolved``: none of these; the region is left empty and the event is listed in the import summary.

The geometry, gazetteer and admin1 names are those of :mod:`dauys.geo`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

PRECISE_GEO = (1, 2)
METHODS = ("coordinates", "place", "admin1", "unresolved")
PLACE_COLUMNS = ("location", "admin3", "admin2")


@lru_cache(maxsize=1)
def _gazetteer():
    from dauys.geo.gazetteer import load_gazetteer

    return load_gazetteer()


def admin1_codes(names: pd.Series) -> dict[str, tuple[str, ...]]:
    """The 2022 region codes each distinct admin1 name maps to (two for a split region, none when unknown)."""
    from dauys.geo.regions import match_admin1

    return {name: tuple(match_admin1(name).codes) for name in pd.unique(names.dropna())}


def closest_admin1(name: str, n: int = 3) -> list[str]:
    """The admin1 names closest to an unknown one, for messages."""
    from dauys.geo.regions import closest_admin1 as closest

    return list(closest(name, n=n))


def place_region(name: str | None) -> str | None:
    """The 2022 region code of a settlement or district name in the gazetteer, or None."""
    if name is None or (isinstance(name, float) and np.isnan(name)) or not str(name).strip():
        return None
    place = _gazetteer().lookup(str(name).strip())
    return getattr(place, "region", None) if place is not None else None


def resolve_regions(frame: pd.DataFrame) -> pd.DataFrame:
    """``region_2022`` and ``region_method`` for each row of ``frame`` (same index).

    ``frame`` has ``admin1`` and any of ``latitude``, ``longitude``, ``geo_precision``, ``location``,
    ``admin2``, ``admin3``; missing columns count as empty.
    """
    from dauys.geo.regions import regions_at

    n = len(frame)
    region = np.full(n, None, dtype=object)
    method = np.full(n, "unresolved", dtype=object)
    todo = np.ones(n, dtype=bool)

    if {"latitude", "longitude", "geo_precision"} <= set(frame.columns):
        lat = pd.to_numeric(frame["latitude"], errors="coerce").to_numpy(dtype=float)
        lon = pd.to_numeric(frame["longitude"], errors="coerce").to_numpy(dtype=float)
        precision = pd.to_numeric(frame["geo_precision"], errors="coerce").to_numpy(dtype=float)
        usable = np.isin(precision, PRECISE_GEO) & ~np.isnan(lat) & ~np.isnan(lon)
        where = np.flatnonzero(usable)
        if len(where):
            found = regions_at(lat[where].tolist(), lon[where].tolist())
            for i, code in zip(where, found, strict=True):
                if code:
                    region[i], method[i], todo[i] = code, "coordinates", False

    for column in PLACE_COLUMNS:
        if column not in frame.columns or not todo.any():
            continue
        values = frame[column].to_numpy(dtype=object)
        cache: dict[str, str | None] = {}
        for i in np.flatnonzero(todo):
            name = values[i]
            if name is None or (isinstance(name, float) and np.isnan(name)):
                continue
            if name not in cache:
                cache[name] = place_region(name)
            if cache[name]:
                region[i], method[i], todo[i] = cache[name], "place", False

    if todo.any() and "admin1" in frame.columns:
        codes = admin1_codes(frame["admin1"])
        values = frame["admin1"].to_numpy(dtype=object)
        for i in np.flatnonzero(todo):
            matched = codes.get(values[i], ())
            if len(matched) == 1:
                region[i], method[i], todo[i] = matched[0], "admin1", False

    return pd.DataFrame({"region_2022": region, "region_method": method}, index=frame.index)


def region_label(code: str | None, lang: str) -> str:
    """The 2022 region's name in ``lang``; the word for "unresolved" for an event without a region."""
    if code is None or (isinstance(code, float) and np.isnan(code)):
        return UNRESOLVED[lang]
    from dauys.geo.regions import region_name

    return region_name(code, lang)


UNRESOLVED = {"en": "unresolved", "ru": "не определён", "kk": "анықталмаған"}
