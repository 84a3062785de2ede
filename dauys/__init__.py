"""dauys: a workbench for studying public voice online and civic mobilization.

>>> import dauys
>>> project = dauys.open_project("my-study")          # doctest: +SKIP
>>> project.status()["total_documents"]               # doctest: +SKIP

The project API is imported on first use, so that ``import dauys.text.langid`` (and the streaming
``dauys text`` commands) do not pay for pandas and DuckDB.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["Project", "__version__", "init_project", "open_project"]

if TYPE_CHECKING:
    from dauys.project import Project, init_project, open_project


def __getattr__(name: str):
    if name in ("Project", "init_project", "open_project"):
        from dauys import project

        return getattr(project, name)
    raise AttributeError(f"module 'dauys' has no attribute {name!r}")
