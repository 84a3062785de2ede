"""Ready-made column mappings for the exports of common tools: LiveDune, Popsters, Brand Analytics, TGStat,
Facebook (CrowdTangle-style CSV) and Instagram (Meta Business Suite).

A layout is a YAML file in ``dauys/data/mappings/`` (one per tool)::

    name: livedune
    title: LiveDune posts export
    platform: instagram          # the platform recorded unless --platform says otherwise
    verified: false              # true once checked against a real export
    zone_names: false            # dates end in a zone name such as EST (CrowdTangle)
    required:                    # map key -> the headers it accepts, first found wins
      created_at: [Дата публикации, Дата]
      text: [Текст]
    detect: [ERpost]             # further headers that must be there for the layout to be recognised
    optional:                    # mapped when the file has them
      metric.views: [Просмотры]

Headers are matched without regard to case, surrounding spaces or ``ё``/``е``. A file *fits* a layout when
it has a header for every required key and every ``detect`` header. :func:`detect_layout` picks the layout a
file fits (the one with most required and detect headers when several do); :func:`almost_fitting` lists, for
a file that fits none, the layouts it nearly fits with the headers each misses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from dauys.errors import InputError
from dauys.ingest.mapping import check_key


@dataclass(frozen=True)
class Layout:
    """A ready-made mapping: for each map key, the headers that may hold it."""

    name: str
    title: str
    platform: str
    verified: bool
    required: dict[str, tuple[str, ...]]
    optional: dict[str, tuple[str, ...]] = field(default_factory=dict)
    detect: tuple[str, ...] = ()
    zone_names: bool = False
    note: str = ""

    def fit(self, columns: list[str]) -> tuple[dict[str, str], list[tuple[str | None, str]]]:
        """``(mapping, missing)``: this layout's mapping onto ``columns``, and what is missing as ``(key, headers)``
        pairs (the key is None for a ``detect`` header; accepted alternatives are joined with a slash)."""
        lookup: dict[str, str] = {}
        for column in columns:
            lookup.setdefault(_normal(column), column)
        mapping: dict[str, str] = {}
        missing: list[tuple[str | None, str]] = []
        for key, headers in self.required.items():
            found = next((lookup[_normal(h)] for h in headers if _normal(h) in lookup), None)
            if found is None:
                missing.append((key, " / ".join(headers)))
            else:
                mapping[key] = found
        missing += [(None, h) for h in self.detect if _normal(h) not in lookup]
        for key, headers in self.optional.items():
            found = next((lookup[_normal(h)] for h in headers if _normal(h) in lookup), None)
            if found is not None and key not in mapping:
                mapping[key] = found
        return mapping, missing

    def describe(self) -> str:
        keys = ", ".join(f"{k}={v[0]!r}" for k, v in self.required.items())
        checked = "" if self.verified else " (written from public documentation, unverified against a live export)"
        return f"{self.name}: {self.title}{checked}; needs {keys}" + (
            f" and {', '.join(map(repr, self.detect))}" if self.detect else "")


def _normal(header: str) -> str:
    return re.sub(r"\s+", " ", str(header).replace("\ufeff", "")).strip().casefold().replace("ё", "е")


def layouts_folder() -> Path:
    return Path(str(resources.files("dauys.data") / "mappings"))


def _headers(value, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str | int | float) for v in value):
        return tuple(str(v) for v in value)
    raise InputError(f"{where}: give a header or a list of headers")


def load_layout(path: Path) -> Layout:
    """Read one layout file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InputError(f"layout {path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("required"), dict):
        raise InputError(f"layout {path} needs a 'required' mapping of key: [headers]")
    required = {check_key(str(k), f"layout {path}"): _headers(v, f"layout {path}, {k}")
                for k, v in data["required"].items()}
    if "text" not in required and "text" not in (data.get("optional") or {}):
        raise InputError(f"layout {path} does not say which header holds the text")
    optional = {check_key(str(k), f"layout {path}"): _headers(v, f"layout {path}, {k}")
                for k, v in (data.get("optional") or {}).items()}
    comment = "\n".join(line[1:].strip() for line in path.read_text(encoding="utf-8").splitlines()
                        if line.startswith("#"))
    return Layout(
        name=str(data.get("name") or path.stem), title=str(data.get("title") or path.stem),
        platform=str(data.get("platform") or "other"), verified=bool(data.get("verified", False)),
        required=required, optional=optional, detect=_headers(data["detect"], f"layout {path}, detect")
        if data.get("detect") else (), zone_names=bool(data.get("zone_names", False)), note=comment,
    )


def layouts() -> dict[str, Layout]:
    """Every ready-made layout, by name."""
    found = {}
    for path in sorted(layouts_folder().glob("*.yaml")):
        layout = load_layout(path)
        found[layout.name] = layout
    return found


def get_layout(name: str) -> Layout:
    """The layout ``name``, or an :class:`InputError` listing the layouts there are."""
    known = layouts()
    if name in known:
        return known[name]
    raise InputError(f"--layout {name!r} is not a known layout; the layouts are {', '.join(sorted(known))} "
                     "(`dauys import layouts` describes them)")


def detect_layout(columns: list[str]) -> tuple[Layout, dict[str, str]] | None:
    """The layout whose required headers ``columns`` all have (most required headers first), or None.

    Raises :class:`InputError` when two layouts fit equally well.
    """
    fitting = []
    for layout in layouts().values():
        mapping, missing = layout.fit(columns)
        if not missing:
            fitting.append((len(layout.required) + len(layout.detect), len(mapping), layout, mapping))
    if not fitting:
        return None
    fitting.sort(key=lambda f: (f[0], f[1]), reverse=True)
    if len(fitting) > 1 and fitting[0][:2] == fitting[1][:2]:
        raise InputError(
            f"the columns fit the layouts {fitting[0][2].name!r} and {fitting[1][2].name!r} equally well; choose "
            "one with --layout NAME"
        )
    return fitting[0][2], fitting[0][3]


def almost_fitting(columns: list[str], limit: int = 3) -> list[tuple[Layout, list[tuple[str | None, str]]]]:
    """The layouts ``columns`` come closest to (at least one required header present), with what each misses."""
    scored = []
    for layout in layouts().values():
        mapping, missing = layout.fit(columns)
        present = len(layout.required) + len(layout.detect) - len(missing)
        if present > 0:
            scored.append((len(missing), -present, layout.name, layout, missing))
    scored.sort(key=lambda s: s[:3])
    return [(layout, missing) for *_, layout, missing in scored[:limit]]


def describe_missing(missing: list[tuple[str | None, str]]) -> str:
    """The missing headers of :meth:`Layout.fit`, each once, with the keys it would fill.

    >>> describe_missing([("url", "URL"), ("external_id", "URL"), (None, "Total Interactions")])
    "'URL' (url, external_id), 'Total Interactions' (to recognise the layout)"
    """
    keys: dict[str, list[str]] = {}
    for key, headers in missing:
        keys.setdefault(headers, [])
        if key is not None and key not in keys[headers]:
            keys[headers].append(key)
    return ", ".join(f"{headers!r} ({', '.join(names) if names else 'to recognise the layout'})"
                     for headers, names in keys.items())


def no_layout_message(path: Path, columns: list[str]) -> str:
    """The error for a file given without a mapping whose columns fit no layout."""
    near = almost_fitting(columns)
    lines = [f"{path} fits no ready-made layout, and no --map or --layout was given. Its columns are: "
             f"{', '.join(map(repr, columns))}."]
    if near:
        lines.append("Layouts that almost fit:")
        lines += [f"  {layout.name} ({layout.title}): missing {describe_missing(missing)}"
                  for layout, missing in near]
    lines.append("Give --layout NAME (with --map KEY=COLUMN for a header that differs), or say which column holds "
                 "what: --map text=message,created_at=date (or --map-file mapping.yaml); `dauys import layouts` "
                 "lists the layouts.")
    return "\n".join(lines)


_ZONE_OFFSETS = {
    "UTC": "+00:00", "GMT": "+00:00", "EST": "-05:00", "EDT": "-04:00", "CST": "-06:00", "CDT": "-05:00",
    "MST": "-07:00", "MDT": "-06:00", "PST": "-08:00", "PDT": "-07:00", "CET": "+01:00", "CEST": "+02:00",
    "MSK": "+03:00", "ALMT": "+06:00", "AQTT": "+05:00",
}
_ZONE_SUFFIX = re.compile(r"\s+(" + "|".join(_ZONE_OFFSETS) + r")$")


def zone_names_to_offsets(values: pd.Series) -> pd.Series:
    """Dates that end in a zone name (``2022-01-05 10:03:01 EST``) with the offset instead (``-05:00``).

    >>> zone_names_to_offsets(pd.Series(["2022-01-05 10:03:01 EST", None])).tolist()
    ['2022-01-05 10:03:01-05:00', nan]
    """
    text = values.astype("str")
    replaced = text.str.replace(_ZONE_SUFFIX, lambda m: _ZONE_OFFSETS[m.group(1)], regex=True)
    return replaced.where(values.notna(), np.nan)
