"""The one base for analyses: declarative metadata, a typed parameter schema, one ``run`` entry point.

An analysis is one module of ``dauys/analyze/`` holding one subclass of :class:`Analysis`::

    @dataclass(frozen=True)
    class KeynessParams:
        measure: str = param("chi2", "Keyness statistic.", choices=("chi2", "lr"))
        min_count: int = param(5, "Leave out terms seen fewer times in both groups.", min=1)

    class Keyness(Analysis):
        name = "keyness"
        title = "Keyness"
        description = "Terms over-represented in one group of documents compared with another."
        Params = KeynessParams

        def run(self, project, where, params, progress=SILENT) -> pd.DataFrame:
            ...

The registry (:func:`analyses`) imports every module of the package and collects the non-abstract
subclasses, so the CLI (and later the web workbench) offers a new analysis without a central list: its
options are built from :meth:`Analysis.parameters`, which reads the ``Params`` dataclass — type,
default, choices, bounds and help of each field. :func:`run_analysis` runs one the way the CLI does and
records it in the ledger with its saved table.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import typing
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import MISSING, asdict, dataclass, field, fields, is_dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

import pandas as pd

from dauys.errors import InputError
from dauys.progress import SILENT, Progress
from dauys.provenance import Run
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project, SavedResult

_SPEC_KEY = "dauys.parameter"
_TYPES = (bool, int, float, str)


@dataclass(frozen=True)
class _Spec:
    help: str
    choices: tuple[str, ...]
    pattern: str | None
    pattern_label: str | None
    min: float | None
    max: float | None


def param(
    default: Any,
    help: str,
    *,
    choices: tuple[str, ...] = (),
    pattern: str | None = None,
    pattern_label: str | None = None,
    min: float | None = None,
    max: float | None = None,
) -> Any:
    """Declare one field of an analysis's parameter dataclass.

    ``choices`` are the accepted values of a text parameter; ``pattern`` (a regular expression, shown to
    users as ``pattern_label``) accepts further values of a given form, such as ``meta.FIELD``. ``min``
    and ``max`` bound a number, inclusive, None meaning no bound.
    """
    if pattern is not None and pattern_label is None:
        raise TypeError("a parameter with a pattern needs a pattern_label to show users, e.g. 'meta.FIELD'")
    spec = _Spec(help, tuple(choices), pattern, pattern_label, min, max)
    return field(default=default, metadata={_SPEC_KEY: spec})


@dataclass(frozen=True)
class Parameter:
    """One option of an analysis, as the CLI and forms show it and as :meth:`validate` checks it."""

    name: str
    type: type
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    pattern: str | None = None
    pattern_label: str | None = None
    min: float | None = None
    max: float | None = None

    @property
    def option(self) -> str:
        """The command-line spelling: ``min_length`` is ``--min-length``."""
        return "--" + self.name.replace("_", "-")

    def accepted(self) -> str:
        """The accepted values in words, for help texts and messages."""
        parts = []
        if self.choices:
            parts.append(", ".join(self.choices))
        if self.pattern_label:
            parts.append(self.pattern_label)
        if parts:
            return "one of " + " or ".join(parts)
        if self.min is not None and self.max is not None:
            return f"a number from {self.min:g} to {self.max:g}"
        if self.min is not None:
            return f"a number of at least {self.min:g}"
        if self.max is not None:
            return f"a number of at most {self.max:g}"
        return {bool: "true or false", int: "a whole number", float: "a number"}.get(self.type, "text")

    def validate(self, value: Any) -> Any:
        """``value`` converted to the parameter's type, or :class:`InputError` naming the option."""
        what = f"{self.option} {value!r}"
        if self.type is bool:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("true", "yes", "1", "on"):
                return True
            if text in ("false", "no", "0", "off"):
                return False
            raise InputError(f"{what}: expected true or false")
        if self.type in (int, float):
            if isinstance(value, bool):
                raise InputError(f"{what}: expected {self.accepted()}")
            try:
                number = self.type(value)
            except (TypeError, ValueError):
                raise InputError(f"{what}: expected {self.accepted()}") from None
            if self.type is int and isinstance(value, float) and value != number:
                raise InputError(f"{what}: expected a whole number")
            if (self.min is not None and number < self.min) or (self.max is not None and number > self.max):
                raise InputError(f"{what}: expected {self.accepted()}")
            return number
        text = str(value).strip()
        if self.choices or self.pattern:
            if text in self.choices or (self.pattern and re.fullmatch(self.pattern, text)):
                return text
            raise InputError(f"{what}: expected {self.accepted()}")
        return text


class Analysis(ABC):
    """The base of every analysis.

    Subclasses declare ``name`` (lowercase with underscores; the command is the name with hyphens),
    ``title``, ``description`` and ``Params`` (a frozen dataclass whose fields are made with
    :func:`param`), and implement :meth:`run`. Following the scikit-learn convention, what a run found
    out besides its table is kept in attributes ending in ``_``: ``counts_`` (``documents`` read and
    other counts for the ledger), ``resources_`` (versions of word lists and other resources used) and
    ``warnings_`` (what the researcher should know about the result: a pattern that matched nothing).
    """

    name: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str]
    Params: ClassVar[type]
    command_group: ClassVar[str] = "analyze"
    """The command word it is offered under: ``dauys analyze NAME``, ``dauys social NAME``, ..."""
    needs_tokens: ClassVar[bool] = False
    """Whether the analysis reads the token table; :func:`run_analysis` then processes new documents first."""

    def __init__(self) -> None:
        self.counts_: dict[str, Any] = {}
        self.resources_: dict[str, Any] = {}
        self.warnings_: list[str] = []

    @classmethod
    def parameters(cls) -> list[Parameter]:
        """The analysis's options in declaration order, read from its ``Params`` dataclass."""
        hints = typing.get_type_hints(cls.Params)
        out = []
        for f in fields(cls.Params):
            spec = f.metadata.get(_SPEC_KEY)
            if spec is None or f.default is MISSING or hints[f.name] not in _TYPES:
                raise TypeError(
                    f"{cls.__name__}.Params.{f.name}: declare it with param(default, help, ...) "
                    "and one of the types bool, int, float, str"
                )
            out.append(
                Parameter(f.name, hints[f.name], f.default, spec.help, spec.choices, spec.pattern,
                          spec.pattern_label, spec.min, spec.max)
            )
        return out

    @classmethod
    def validate(cls, values: Mapping[str, Any] | Any | None = None) -> Any:
        """An instance of ``Params`` from a mapping of option values (missing ones take their defaults).

        Unknown names and values out of type, choice or range raise :class:`InputError` naming the option.
        """
        if isinstance(values, cls.Params):
            values = asdict(values)
        values = dict(values or {})
        parameters = {p.name: p for p in cls.parameters()}
        unknown = sorted(set(values) - set(parameters))
        if unknown:
            known = ", ".join(p.option for p in parameters.values())
            raise InputError(
                f"{cls.name} has no option {', '.join(unknown)}; its options are {known or 'none'}"
            )
        checked = {
            name: p.validate(values[name]) if name in values and values[name] is not None else p.default
            for name, p in parameters.items()
        }
        return cls.Params(**checked)

    def result_title(self, params: Any) -> str:
        """The title of the saved table; analyses say more (``Top 30 terms by year``)."""
        return self.title

    @abstractmethod
    def run(
        self, project: Project, where: DocumentFilter, params: Any, progress: Progress = SILENT
    ) -> pd.DataFrame:
        """Compute the analysis over the documents ``where`` selects and return its table.

        Never prints, draws or writes to the store; reports long work through ``progress``.
        """


def _declaration_problems(cls: type[Analysis]) -> list[str]:
    problems = []
    for attribute in ("name", "title", "description"):
        if not isinstance(getattr(cls, attribute, None), str) or not getattr(cls, attribute).strip():
            problems.append(f"a non-empty {attribute}")
    if isinstance(getattr(cls, "name", None), str) and not re.fullmatch(r"[a-z][a-z0-9_]*", cls.name):
        problems.append("a name of lowercase letters, digits and underscores")
    params = getattr(cls, "Params", None)
    if not (isinstance(params, type) and is_dataclass(params)):
        problems.append("a Params dataclass")
    return problems


ANALYSIS_PACKAGES = ("dauys.analyze", "dauys.social", "dauys.events")
"""The packages whose modules declare analyses: content analysis, social media, events and mobilization."""


def _analysis_modules():
    for package_name in ANALYSIS_PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.iter_modules(package.__path__):
            yield importlib.import_module(f"{package.__name__}.{info.name}")


def analyses() -> dict[str, type[Analysis]]:
    """Every analysis of :data:`ANALYSIS_PACKAGES`, by name, sorted by name.

    Imports each module of the packages and collects the non-abstract :class:`Analysis` subclasses it
    defines. A module that declares an analysis badly stops the listing with a message for its author.
    """
    found: dict[str, type[Analysis]] = {}
    for module in _analysis_modules():
        for obj in vars(module).values():
            if not (inspect.isclass(obj) and issubclass(obj, Analysis)) or inspect.isabstract(obj):
                continue
            if obj.__module__ != module.__name__:
                continue
            problems = _declaration_problems(obj)
            if problems:
                raise TypeError(f"{obj.__module__}.{obj.__qualname__} needs " + ", ".join(problems))
            obj.parameters()  # raises TypeError for a field not declared with param()
            if obj.name in found and found[obj.name] is not obj:
                raise TypeError(
                    f"two analyses are named {obj.name!r}: {found[obj.name].__module__} and {obj.__module__}"
                )
            found[obj.name] = obj
    return dict(sorted(found.items()))


def get_analysis(name: str) -> type[Analysis]:
    """The analysis called ``name`` (``top_terms`` or ``top-terms``)."""
    registry = analyses()
    key = name.strip().lower().replace("-", "_")
    if key not in registry:
        raise InputError(
            f"there is no analysis {name!r}; the analyses are: {', '.join(registry) or 'none'}"
        )
    return registry[key]


def run_analysis(
    project: Project,
    analysis: str | type[Analysis],
    params: Mapping[str, Any] | Any | None = None,
    where: DocumentFilter | None = None,
    progress: Progress = SILENT,
) -> SavedResult:
    """Run an analysis as the CLI does: validate, compute, then record and save in one transaction.

    An analysis that reads the token table (``needs_tokens``) first gets the selected documents that have
    no tokens yet processed, as ``dauys text process`` would (recorded as that step).

    The ledger entry is ``analyze.<name>`` with the validated parameters, the document filter
    (``filter``) and the resources the run used (for example ``stopwords``: the stopword list version);
    ``n_in`` is the number of documents read and ``n_out`` the number of rows of the saved table; the
    analysis's warnings are listed in the entry's counts and on the returned result.

    >>> saved = run_analysis(project, "top_terms", {"by": "year", "n": 20})   # doctest: +SKIP
    >>> saved.frame().head()                                                 # doctest: +SKIP
    """
    cls = get_analysis(analysis) if isinstance(analysis, str) else analysis
    checked = cls.validate(params)
    where = where if where is not None else DocumentFilter(tz=project.tz)
    if cls.needs_tokens:
        from dauys.text.pipeline import build_token_table

        build_token_table(project, where, progress=progress)  # a step of its own in the ledger, if any was new
    instance = cls()
    run = Run(f"analyze.{cls.name}", {})
    table = instance.run(project, where, checked, progress)
    run.params = {**asdict(checked), "filter": where.describe(), **instance.resources_}
    run.counts = {**instance.counts_, "rows": len(table)}
    if instance.warnings_:
        run.counts["warnings"] = list(instance.warnings_)
    with project.store.write() as con:
        run.record(con, n_in=instance.counts_.get("documents"), n_out=len(table))
        saved = project.save_result(con, run, cls.name, instance.result_title(checked), table)
    return replace(saved, warnings=tuple(instance.warnings_))
