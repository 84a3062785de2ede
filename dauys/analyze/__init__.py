"""Content analyses: each module declares one :class:`Analysis`; :func:`analyses` finds them all.

>>> from dauys.analyze import run_analysis
>>> saved = run_analysis(project, "top_terms", {"by": "channel"})   # doctest: +SKIP
"""

from dauys.analyze.base import Analysis, Parameter, analyses, get_analysis, param, run_analysis

__all__ = ["Analysis", "Parameter", "analyses", "get_analysis", "param", "run_analysis"]
