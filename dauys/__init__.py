"""dauys: a workbench for studying public voice online and civic mobilization.

>>> import dauys
>>> project = dauys.open_project("my-study")          # doctest: +SKIP
>>> project.status()["total_documents"]               # doctest: +SKIP
"""

__version__ = "0.1.0"

from dauys.project import Project, init_project, open_project  # noqa: E402

__all__ = ["Project", "__version__", "init_project", "open_project"]
