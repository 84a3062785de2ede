"""How the report shows each kind of analysis: one module per analysis, found without a central list.

A view module registers what the report needs for the results of one analysis (its ``name``):

- the interactive chart, with :func:`dauys.report.charts.register_chart`;
- the publication figure, with :func:`dauys.report.png.register_png`;
- its labels in Kazakh, Russian and English (the analysis's name for readers under
  ``analysis.<name>``, column headers under ``column.<column>``, chart texts), with
  :func:`dauys.report.i18n.register_labels`, which refuses a set that lacks a language or a key.

:func:`load_views` imports every module of this package once; the report, the PNG export and the
methods paragraph call it before they look up a chart or a label, so adding an analysis to the report
means adding one file here.
"""

from __future__ import annotations

import importlib
import pkgutil

_loaded = False


def load_views() -> None:
    """Import every view module of the package (once per process)."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
