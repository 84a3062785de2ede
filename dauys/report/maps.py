"""Choropleth maps of Kazakhstan's 2022 regions, for any analysis that has a value per region.

Both draw the shipped polygons (:func:`dauys.geo.regions.region_geojson`), offline: the plotly map uses
``go.Choropleth`` with the GeoJSON and no tile server, the PNG draws the polygons with matplotlib.
Regions without a value are drawn grey and say "no data" on hover.

plotly.js asks for its world base map (``world_110m.json`` on cdn.plot.ly) for every geo plot whose trace
has a ``locationmode``, which a GeoJSON choropleth always has, even with every base layer hidden; offline
the request fails and the map stays empty. A page that shows these maps defines an empty base map before
drawing (:data:`OFFLINE_GEO_SCRIPT`); the base layers are hidden, so nothing of it is drawn.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from matplotlib.collections import PatchCollection
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Polygon as PolygonPatch

from dauys.errors import InputError
from dauys.geo.regions import REGIONS, SHORT_NAMES, region_geojson, region_name
from dauys.report.charts import style_figure
from dauys.report.i18n import format_number, register_labels, t
from dauys.report.png import png_style, save_figure

__all__ = ["OFFLINE_GEO_SCRIPT", "choropleth_figure", "choropleth_png", "fill_colors", "geo_settings", "label_color",
           "region_values"]

NO_DATA_COLOR = "#d9d9d9"
OFFLINE_GEO_SCRIPT = (
    "<script>window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};"
    "window.PlotlyGeoAssets.topojson.world_110m = window.PlotlyGeoAssets.topojson.world_110m"
    " || {type: 'Topology', objects: {}, arcs: []};</script>"
)
"""The script a report page puts before its first map so plotly.js draws it without the network."""
# light to dark blue, without the near-white end so that a small value stands out from the grey "no data"
COLORSCALE = [[0.0, "#c6dbef"], [0.5, "#4292c6"], [1.0, "#08306b"]]

register_labels({
    "en": {"map.no_data": "no data", "map.region": "Region"},
    "ru": {"map.no_data": "нет данных", "map.region": "Регион"},
    "kk": {"map.no_data": "дерек жоқ", "map.region": "Өңір"},
})


def region_values(values: Mapping[str, float] | pd.Series) -> pd.Series:
    """The values by 2022 code as a float Series; a key that is not one of the 20 codes is an error."""
    series = pd.Series(values, dtype=float) if not isinstance(values, pd.Series) else values.astype(float)
    unknown = [str(k) for k in series.index if k not in REGIONS]
    if unknown:
        raise InputError(
            f"map values for {', '.join(unknown)}: not 2022 region codes; use the codes {', '.join(REGIONS)} "
            "(dauys.geo.regions.match_admin1 turns names into codes)"
        )
    return series


def choropleth_figure(values: Mapping[str, float] | pd.Series, lang: str = "en", title: str | None = None,
                      colorbar_title: str | None = None, hover: Mapping[str, str] | None = None) -> go.Figure:
    """A plotly map of the 20 units coloured by ``values`` (by code); units without a value are grey.

    ``hover`` adds a line of text per code to the tooltip (e.g. "12 events, 3 fatalities").
    """
    series = region_values(values)
    geojson = region_geojson()
    codes = list(REGIONS)
    names = [region_name(c, lang) for c in codes]
    extra = hover or {}
    present = [c for c in codes if c in series.index and pd.notna(series[c])]
    missing = [c for c in codes if c not in present]
    fig = go.Figure()
    if missing:
        fig.add_trace(go.Choropleth(
            geojson=geojson, featureidkey="id", locations=missing, z=[0] * len(missing),
            colorscale=[[0, NO_DATA_COLOR], [1, NO_DATA_COLOR]], showscale=False,
            text=[f"{names[codes.index(c)]}<br>{t('map.no_data', lang)}" for c in missing],
            hovertemplate="%{text}<extra></extra>", marker={"line": {"color": "white", "width": 0.8}},
        ))
    if present:
        text = [
            f"<b>{names[codes.index(c)]}</b><br>{_number(float(series[c]), lang)}"
            + (f"<br>{extra[c]}" if c in extra else "")
            for c in present
        ]
        fig.add_trace(go.Choropleth(
            geojson=geojson, featureidkey="id", locations=present, z=[float(series[c]) for c in present],
            colorscale=COLORSCALE, zmin=min(0.0, float(series[present].min())),
            zmax=max(float(series[present].max()), 1e-9), text=text,
            hovertemplate="%{text}<extra></extra>",
            marker={"line": {"color": "white", "width": 0.8}},
            colorbar={"title": {"text": colorbar_title or ""}, "thickness": 14},
        ))
    fig.update_geos(**geo_settings())
    fig.update_layout(title={"text": title or ""})
    style_figure(fig, height=460)
    return fig


def _number(value: float, lang: str) -> str:
    return format_number(value, lang, 0 if value.is_integer() else 1)


def geo_settings() -> dict:
    """The ``layout.geo`` of a Kazakhstan map: no base layers, Mercator, framed on the country.

    The frame is the polygons' bounding box with a small margin rather than ``fitbounds="locations"``:
    plotly.js fits the bounds into a much smaller area than the plot (checked in headless Chromium with
    plotly.js of plotly 7.1), and the explicit ranges fill it.
    """
    x0, y0, x1, y1 = _bbox()
    return {"visible": False, "fitbounds": False, "projection": {"type": "mercator"}, "bgcolor": "rgba(0,0,0,0)",
            "lonaxis": {"range": [x0 - 0.3, x1 + 0.3]}, "lataxis": {"range": [y0 - 0.3, y1 + 0.3]}}


def _bbox() -> tuple[float, float, float, float]:
    from dauys.geo.geometry import region_index

    return region_index().bbox_


def _patches(geometry: dict) -> list[PolygonPatch]:
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    # outer rings only, drawn in order of size: a city's polygon lies over the hole of its region
    return [PolygonPatch(np.asarray(poly[0])[:, :2], closed=True) for poly in polys]


def fill_colors(values: Mapping[str, float] | pd.Series) -> tuple[dict[str, tuple], tuple]:
    """The PNG's fill colour (RGBA) of each code with a value, and ``(colormap, vmin, vmax)``."""
    present = region_values(values).dropna()
    vmin = min(0.0, float(present.min())) if len(present) else 0.0
    vmax = float(present.max()) if len(present) and present.max() > vmin else vmin + 1.0
    # Blues without its near-white end, so a small value is still told apart from the background
    cmap = ListedColormap(matplotlib.colormaps["Blues"](np.linspace(0.15, 1.0, 256)))
    fills = {code: tuple(cmap((float(value) - vmin) / (vmax - vmin))) for code, value in present.items()}
    return fills, (cmap, vmin, vmax)


def label_color(fill) -> str:
    """White on a dark fill, near-black on a light one, so a region's name stays readable on the map."""
    red, green, blue = matplotlib.colors.to_rgb(fill)
    return "white" if 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.45 else "#222222"


def choropleth_png(values: Mapping[str, float] | pd.Series, path: str | Path, lang: str = "en",
                   title: str | None = None, colorbar_title: str | None = None) -> Path:
    """The map as a publication PNG (matplotlib polygons, short region names on the larger units)."""
    series = region_values(values)
    geojson = region_geojson()
    fills, (cmap, vmin, vmax) = fill_colors(series)
    with matplotlib.rc_context(png_style()):
        fig = Figure(figsize=(7.5, 4.6), layout="constrained")
        ax = fig.subplots()
        features = sorted(geojson["features"], key=lambda f: -_extent(f["geometry"]))
        for feature in features:
            color = fills.get(feature["id"], NO_DATA_COLOR)
            ax.add_collection(PatchCollection(_patches(feature["geometry"]), facecolor=color, edgecolor="white",
                                              linewidth=0.6))
        for feature in geojson["features"]:
            code = feature["id"]
            if REGIONS[code].kind == "city":
                continue
            x, y = _label_point(feature["geometry"])
            ax.text(x, y, SHORT_NAMES[code].get(lang, SHORT_NAMES[code]["en"]), ha="center", va="center",
                    fontsize=6, color=label_color(fills.get(code, NO_DATA_COLOR)))
        ax.autoscale_view()
        ax.set_aspect(1 / np.cos(np.radians(48)))
        ax.set_axis_off()
        mappable = matplotlib.cm.ScalarMappable(norm=matplotlib.colors.Normalize(vmin, vmax), cmap=cmap)
        fig.colorbar(mappable, ax=ax, shrink=0.6, label=colorbar_title or "")
        if title:
            ax.set_title(title, fontsize=11)
        return save_figure(fig, Path(path))


def _outer_rings(geometry: dict) -> list:
    """The outer ring of each polygon of a Polygon or MultiPolygon geometry."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]


def _extent(geometry: dict) -> float:
    ring = np.asarray(max(_outer_rings(geometry), key=len))[:, :2]
    return float(np.ptp(ring[:, 0]) * np.ptp(ring[:, 1]))


def _label_point(geometry: dict) -> tuple[float, float]:
    """The area centroid of the unit's largest outer ring."""
    ring = np.asarray(max(_outer_rings(geometry), key=len))[:, :2]
    x, y = ring[:, 0], ring[:, 1]
    cross = x[:-1] * y[1:] - x[1:] * y[:-1]
    area = cross.sum() / 2
    if area == 0:
        return float(x.mean()), float(y.mean())
    return float(((x[:-1] + x[1:]) * cross).sum() / (6 * area)), float(((y[:-1] + y[1:]) * cross).sum() / (6 * area))
