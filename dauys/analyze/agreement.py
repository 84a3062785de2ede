"""Inter-coder agreement: Krippendorff's alpha, Cohen's and Fleiss' kappa, percent agreement, disagreements.

The statistics take *reliability data*: a coders × units table (a DataFrame with one row per coder and
one column per unit, or a 2-D list) whose cells are the value a coder gave a unit, missing (None, NaN)
where the coder did not code it. Values may be numbers or labels.

- :func:`krippendorff_alpha` follows Krippendorff's coincidence-matrix method ("Computing
  Krippendorff's Alpha-Reliability", 2011): any number of coders, missing data allowed, nominal,
  ordinal, interval or ratio metric. Only units coded by two or more coders (*pairable* units) count.
- :func:`cohen_kappa` compares two coders on the units both coded; :func:`fleiss_kappa` takes the
  units coded by the largest number of coders any unit has (Fleiss' kappa needs a fixed number of
  codings per unit; the coders may differ between units).
- :func:`percent_agreement` is the percent of pairable units on which every coder gave the same value;
  :func:`list_disagreements` lists the others.

The :class:`Agreement` analysis reads the hand codes that ``dauys code import-coded`` stored (see
:mod:`dauys.analyze.hand_coding`) and computes these statistics per code — each code is a present/absent
variable of every document a coder coded — and per single-choice variable (codes named
``VARIABLE:VALUE``, such as ``tone:negative``, ``tone:neutral``, ``tone:positive``).

>>> data = [[1, 1, 0, 0, None], [1, 0, 0, 0, 1]]        # two coders, five comments
>>> round(krippendorff_alpha(data), 3), round(percent_agreement(data), 1)
(0.533, 75.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from dauys.analyze.base import Analysis, param
from dauys.analyze.hand_coding import HandCodes, read_hand_codes, split_variable
from dauys.errors import InputError
from dauys.progress import SILENT, Progress
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

LEVELS = ("nominal", "ordinal", "interval", "ratio")
AGREEMENT_COLUMNS = (
    "code", "kind", "level", "coders", "units", "alpha", "cohen_kappa", "fleiss_kappa", "fleiss_units",
    "percent_agreement", "disagreements", "present_percent",
)
TEXT_START = 120
"""How many characters of a document's text the disagreement list shows."""


# --- reliability data ------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Coded:
    """Reliability data as value indices: ``index[coder, unit]`` into ``domain``, -1 where missing."""

    coders: list[Any]
    units: list[Any]
    domain: list[Any]
    index: np.ndarray

    def counts(self) -> np.ndarray:
        """Units × values: how many coders gave each unit each value."""
        counts = np.zeros((len(self.units), len(self.domain)), dtype=np.float64)
        coder, unit = np.nonzero(self.index >= 0)
        np.add.at(counts, (unit, self.index[coder, unit]), 1)
        return counts


def _as_frame(data: pd.DataFrame | Sequence[Sequence[Any]]) -> pd.DataFrame:
    frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame(list(data))
    if frame.ndim != 2 or frame.shape[0] == 0:
        raise InputError("reliability data must be a coders × units table with at least one coder (one row each)")
    return frame


def _coded(data: pd.DataFrame | Sequence[Sequence[Any]], level: str, values: Sequence[Any] | None) -> _Coded:
    if level not in LEVELS:
        raise InputError(f"level {level!r}: expected one of {', '.join(LEVELS)}")
    frame = _as_frame(data)
    cells = frame.to_numpy(dtype=object)
    given = ~frame.isna().to_numpy()
    seen = list(dict.fromkeys(cells[given].tolist()))
    if values is not None:
        domain = list(values)
        if len(set(domain)) != len(domain):
            raise InputError(f"the values {domain} list a value twice; give each value once, in order")
        unknown = [v for v in seen if v not in set(domain)]
        if unknown:
            raise InputError(f"the data hold values that are not among the values given ({domain}): {unknown[:5]}")
    elif level == "nominal":
        domain = seen
    else:
        numbers = [v for v in seen if _is_number(v)]
        if len(numbers) != len(seen):
            labels = [v for v in seen if not _is_number(v)][:5]
            raise InputError(
                f"{level} agreement needs numbers or an order of the values; the data hold the labels {labels}: "
                "give their order as values=[...] (ordinal) or code them as numbers"
            )
        domain = sorted(seen)
    if level in ("interval", "ratio") and not all(_is_number(v) for v in domain):
        raise InputError(f"{level} agreement needs numeric values; {[v for v in domain if not _is_number(v)][:5]} "
                         "are not numbers")
    position = {v: i for i, v in enumerate(domain)}
    index = np.full(cells.shape, -1, dtype=np.int64)
    index[given] = [position[v] for v in cells[given].tolist()]
    return _Coded(list(frame.index), list(frame.columns), domain, index)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool | np.bool_)


def reliability_data(judgments: pd.DataFrame, unit: str = "doc_id", coder: str = "coder",
                     value: str = "value") -> pd.DataFrame:
    """A coders × units table from a tidy table of judgments (one row per coder and unit).

    Parameters
    ----------
    judgments
        One row per judgment, with the unit, the coder and the value given.
    unit, coder, value
        The names of those columns.

    Returns
    -------
    DataFrame
        Coders as rows (sorted), units as columns (sorted), NaN where a coder did not code a unit.
    """
    twice = judgments.duplicated([coder, unit])
    if twice.any():
        first = judgments.loc[twice].iloc[0]
        raise InputError(f"coder {str(first[coder])!r} has two values for unit {first[unit]}; keep one per unit")
    table = judgments.pivot(index=coder, columns=unit, values=value)
    return table.sort_index().sort_index(axis=1)


# --- statistics ------------------------------------------------------------------------------------
def coincidence_matrix(data: pd.DataFrame | Sequence[Sequence[Any]],
                       values: Sequence[Any] | None = None) -> pd.DataFrame:
    """Krippendorff's coincidence matrix: how often each pair of values was given to the same unit.

    Every pairable unit (coded by ``m`` ≥ 2 coders) adds its ``m(m - 1)`` ordered pairs of values, each
    weighted ``1 / (m - 1)``, so a unit contributes as many pairable values as it has codings. The row
    sums are the values' pairable totals ``n_c`` and the grand total ``n`` is the number of pairable
    values.

    Parameters
    ----------
    data
        Reliability data: coders × units, missing where a coder did not code a unit.
    values
        The values in the order the matrix lists them (default: as they first occur).

    Returns
    -------
    DataFrame
        A values × values matrix (symmetric).
    """
    coded = _coded(data, "nominal", values)
    return pd.DataFrame(_coincidences(coded.counts()), index=coded.domain, columns=coded.domain)


def _coincidences(counts: np.ndarray) -> np.ndarray:
    codings = counts.sum(axis=1)
    pairable = counts[codings >= 2]
    weights = 1.0 / (codings[codings >= 2] - 1)
    weighted = pairable * weights[:, None]
    return weighted.T @ pairable - np.diag(weighted.sum(axis=0))


def _distances(level: str, domain: list[Any], totals: np.ndarray) -> np.ndarray:
    """The squared difference δ² of every pair of values for the level of measurement."""
    size = len(domain)
    if level == "nominal":
        return 1.0 - np.eye(size)
    if level == "ordinal":
        # δ²(c, k) = (n_c + ... + n_k - (n_c + n_k) / 2)², values taken in their order
        cumulative = np.concatenate([[0.0], np.cumsum(totals)])
        low = np.minimum.outer(np.arange(size), np.arange(size))
        high = np.maximum.outer(np.arange(size), np.arange(size))
        between = cumulative[high + 1] - cumulative[low]
        return (between - (totals[low] + totals[high]) / 2) ** 2
    numbers = np.asarray(domain, dtype=np.float64)
    difference = np.subtract.outer(numbers, numbers)
    if level == "interval":
        return difference**2
    total = np.add.outer(numbers, numbers)
    ratio = np.divide(difference, total, out=np.zeros_like(difference), where=total != 0)
    return ratio**2


def krippendorff_alpha(data: pd.DataFrame | Sequence[Sequence[Any]], level: str = "nominal",
                       values: Sequence[Any] | None = None) -> float:
    """Krippendorff's alpha: 1 - observed / expected disagreement, from the coincidence matrix.

    Parameters
    ----------
    data
        Reliability data: coders × units, missing (None, NaN) where a coder did not code a unit. Units
        coded by fewer than two coders do not count.
    level
        ``nominal`` (any two different values disagree equally), ``ordinal`` (ranks: the distance
        grows with the number of pairable values between two values), ``interval`` (squared differences)
        or ``ratio`` (squared differences relative to the sum, for values with a true zero).
    values
        The order of the values for ``ordinal`` (needed when they are labels); by default numbers are
        taken in numeric order.

    Returns
    -------
    float
        1 is perfect agreement, 0 agreement no better than chance, below 0 systematic disagreement.
        NaN when no unit was coded by two coders or when every pairable value is the same (nothing varies,
        so reliability cannot be judged).

    Examples
    --------
    Krippendorff's (2011) example C: four observers, twelve units, missing data.

    >>> n = None
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n], [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
    ...         [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n], [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n]]
    >>> round(krippendorff_alpha(data), 3), round(krippendorff_alpha(data, "interval"), 3)
    (0.743, 0.849)
    """
    coded = _coded(data, level, values)
    observed = _coincidences(coded.counts())
    totals = observed.sum(axis=0)
    n = totals.sum()
    if n < 2:
        return float("nan")
    expected = (np.outer(totals, totals) - np.diag(totals)) / (n - 1)
    distances = _distances(level, coded.domain, totals)
    disagreement_expected = float((expected * distances).sum())
    if disagreement_expected <= 0:
        return float("nan")
    return 1.0 - float((observed * distances).sum()) / disagreement_expected


def cohen_kappa(data: pd.DataFrame | Sequence[Sequence[Any]]) -> float:
    """Cohen's kappa of two coders, on the units both coded.

    Parameters
    ----------
    data
        Reliability data with exactly two coders who gave values (rows of other coders must be empty).

    Returns
    -------
    float
        (observed - chance agreement) / (1 - chance agreement), chance taken from each coder's own
        distribution of values; NaN when the coders share no unit or chance agreement is 1 (both used one
        and the same value throughout).
    """
    coded = _coded(data, "nominal", None)
    active = coded.index[(coded.index >= 0).any(axis=1)]
    if len(active) != 2:
        raise InputError(
            f"Cohen's kappa compares two coders; these data hold values of {len(active)}. For more coders use "
            "Fleiss' kappa or Krippendorff's alpha."
        )
    both = (active >= 0).all(axis=0)
    first, second = active[0, both], active[1, both]
    if not len(first):
        return float("nan")
    size = len(coded.domain)
    observed = float(np.mean(first == second))
    chance = float(np.bincount(first, minlength=size) @ np.bincount(second, minlength=size)) / len(first) ** 2
    if chance >= 1:
        return float("nan")
    return (observed - chance) / (1 - chance)


def fleiss_units(data: pd.DataFrame | Sequence[Sequence[Any]]) -> int:
    """The number of units Fleiss' kappa uses: those coded by the largest number of coders any unit has."""
    codings = (_coded(data, "nominal", None).index >= 0).sum(axis=0)
    most = codings.max(initial=0)
    return int((codings == most).sum()) if most >= 2 else 0


def fleiss_kappa(data: pd.DataFrame | Sequence[Sequence[Any]]) -> float:
    """Fleiss' kappa on the units coded by the most coders (a fixed number ``m`` ≥ 2 per unit).

    Units coded by fewer coders are left out (:func:`fleiss_units` counts those used); the coders of
    each unit may differ.

    Returns
    -------
    float
        (mean agreement per unit - chance agreement) / (1 - chance agreement), chance from the pooled
        shares of the values; NaN without such units or when every coding gave one value.
    """
    counts = _coded(data, "nominal", None).counts()
    codings = counts.sum(axis=1)
    most = codings.max(initial=0)
    if most < 2:
        return float("nan")
    table = counts[codings == most]
    per_unit = ((table**2).sum(axis=1) - most) / (most * (most - 1))
    shares = table.sum(axis=0) / table.sum()
    chance = float((shares**2).sum())
    if chance >= 1:
        return float("nan")
    return (float(per_unit.mean()) - chance) / (1 - chance)


def pairable_units(data: pd.DataFrame | Sequence[Sequence[Any]]) -> int:
    """The number of units coded by two or more coders (the units every agreement statistic rests on)."""
    return int(((_coded(data, "nominal", None).index >= 0).sum(axis=0) >= 2).sum())


def percent_agreement(data: pd.DataFrame | Sequence[Sequence[Any]]) -> float:
    """The percent of units coded by two or more coders on which all of them gave the same value.

    With two coders this is Holsti's percent agreement. NaN when no unit was coded by two coders.
    Agreement by chance is not discounted: a rare code reaches a high percent even between coders who
    never agree on where it applies; read it with alpha or kappa.
    """
    counts = _coded(data, "nominal", None).counts()
    codings = counts.sum(axis=1)
    pairable = codings >= 2
    if not pairable.any():
        return float("nan")
    return 100.0 * float(np.mean(counts[pairable].max(axis=1) == codings[pairable]))


def list_disagreements(data: pd.DataFrame | Sequence[Sequence[Any]]) -> pd.DataFrame:
    """The units coded by two or more coders who did not all give the same value.

    Returns
    -------
    DataFrame
        One row per such unit: ``unit`` and one column per coder (named by the coders' row labels) with
        the value given, missing where that coder did not code the unit. Units in the order of the data.
    """
    frame = _as_frame(data)
    coded = _coded(frame, "nominal", None)
    counts = coded.counts()
    codings = counts.sum(axis=1)
    split = (codings >= 2) & (counts.max(axis=1) < codings)
    chosen = frame.loc[:, split]
    out = chosen.T.reset_index(drop=True)
    out.columns = list(frame.index)
    out.insert(0, "unit", list(chosen.columns))
    return out


@dataclass(frozen=True)
class AgreementStatistics:
    """The agreement of a set of coders on one variable.

    ``coders`` counts the coders who gave at least one value; ``units`` the units coded by two or more
    (the denominator of ``alpha``, ``percent_agreement`` and ``disagreements``); ``cohen_kappa`` is NaN
    unless exactly two coders gave values; ``fleiss_units`` is the number of units Fleiss' kappa used.
    """

    coders: int
    units: int
    alpha: float
    cohen_kappa: float
    fleiss_kappa: float
    fleiss_units: int
    percent_agreement: float
    disagreements: int


def agreement_statistics(data: pd.DataFrame | Sequence[Sequence[Any]], level: str = "nominal",
                         values: Sequence[Any] | None = None) -> AgreementStatistics:
    """Every statistic of this module for one coders × units table (see :class:`AgreementStatistics`)."""
    coded = _coded(data, level, values)
    counts = coded.counts()
    codings = counts.sum(axis=1)
    pairable = codings >= 2
    coders = int((coded.index >= 0).any(axis=1).sum())
    units = int(pairable.sum())
    agreed = int((counts[pairable].max(axis=1) == codings[pairable]).sum())
    return AgreementStatistics(
        coders=coders,
        units=units,
        alpha=krippendorff_alpha(data, level, coded.domain),
        cohen_kappa=cohen_kappa(data) if coders == 2 else float("nan"),
        fleiss_kappa=fleiss_kappa(data),
        fleiss_units=fleiss_units(data),
        percent_agreement=100.0 * agreed / units if units else float("nan"),
        disagreements=units - agreed,
    )


# --- hand codes of a project -----------------------------------------------------------------------
@dataclass(frozen=True)
class _Variable:
    """One row of the agreement table: a code (present/absent) or a single-choice variable."""

    name: str
    kind: str
    level: str
    data: pd.DataFrame
    values: list[Any]


def _variables(hand: HandCodes, level: str) -> list[_Variable]:
    """Each code as a 1/0 variable, and each ``VARIABLE:VALUE`` group as one single-choice variable.

    A coder's value of a single-choice variable on a document is the one value marked; a document on
    which the coder marked none or several of its values counts as not coded by that coder.
    """
    judgments = hand.judgments
    by_code = dict(tuple(judgments.groupby("code", sort=False)))
    out: list[_Variable] = []
    grouped: dict[str, list[str]] = {}
    for code in hand.codes:
        variable, _ = split_variable(code)
        if variable is not None:
            grouped.setdefault(variable, []).append(code)
    done: set[str] = set()
    for code in hand.codes:
        variable, _ = split_variable(code)
        if variable is not None and variable not in done:
            done.add(variable)
            out.append(_choice_variable(variable, grouped[variable], judgments, level))
        out.append(_Variable(code, "code", "nominal", reliability_data(by_code[code]), [0, 1]))
    return out


def _choice_variable(variable: str, codes: list[str], judgments: pd.DataFrame, level: str) -> _Variable:
    labels = [split_variable(code)[1] for code in codes]
    if level in ("interval", "ratio"):
        try:
            values: list[Any] = [float(label) for label in labels]
        except ValueError:
            raise InputError(
                f"--level {level!r}: the values of the variable {variable!r} ({', '.join(labels)}) are not all "
                "numbers; use --level nominal or ordinal, or name its codes with numbers (e.g. intensity:1)"
            ) from None
    else:
        values = labels
    value_of = dict(zip(codes, values, strict=True))
    part = judgments.loc[judgments["code"].isin(codes)]
    marked = part.loc[part["value"] == 1]
    single = marked.groupby(["doc_id", "coder"])["code"].agg(["count", "first"]).reset_index()
    single = single.loc[single["count"] == 1]
    chosen = pd.DataFrame({"doc_id": single["doc_id"], "coder": single["coder"],
                           "value": single["first"].map(value_of)})
    # coders who judged the variable on a document but gave no single value still count as its coders
    covered = part[["doc_id", "coder"]].drop_duplicates()
    table = reliability_data(covered.merge(chosen, on=["doc_id", "coder"], how="left"))
    return _Variable(variable, "variable", level, table.astype(object).where(table.notna(), None), values)


def agreement_table(hand: HandCodes, level: str = "nominal", progress: Progress = SILENT) -> pd.DataFrame:
    """One row per code and per single-choice variable with its agreement statistics.

    Columns are those of :class:`Agreement`; codes in the order of the coder sheets.
    """
    variables = _variables(hand, level)
    progress.stage("Computing agreement", len(variables))
    rows = []
    for variable in variables:
        stats = agreement_statistics(variable.data, variable.level, variable.values)
        present = float("nan")
        if variable.kind == "code":
            codings = variable.data.notna().sum(axis=0)
            pairable = variable.data.loc[:, codings >= 2].to_numpy(dtype=float)
            given = pairable[~np.isnan(pairable)]
            present = 100.0 * float(given.mean()) if given.size else float("nan")
        rows.append((variable.name, variable.kind, variable.level, stats.coders, stats.units, stats.alpha,
                     stats.cohen_kappa, stats.fleiss_kappa, stats.fleiss_units, stats.percent_agreement,
                     stats.disagreements, present))
        progress.advance()
    table = pd.DataFrame(rows, columns=list(AGREEMENT_COLUMNS))
    return table.astype({
        "code": "string", "kind": "string", "level": "string", "coders": "int64", "units": "int64",
        "alpha": "float64", "cohen_kappa": "float64", "fleiss_kappa": "float64", "fleiss_units": "int64",
        "percent_agreement": "float64", "disagreements": "int64", "present_percent": "float64",
    })


def agreement_disagreements(project: Project, where: DocumentFilter | None = None,
                            coders: Sequence[str] | None = None, level: str = "nominal") -> pd.DataFrame:
    """Every disagreement among hand coders: one row per document and code (or variable) they split on.

    Columns: ``doc_id``, ``code`` (the code, or the single-choice variable), ``kind`` (``code`` or
    ``variable``), one column per coder with the value given (1 or 0 for a code, the value for a
    variable, empty where the coder did not code the document), and ``text_start``: the first
    characters of the document's text, so a coder can find it.
    """
    hand = read_hand_codes(project, where, coders)
    frames = []
    for variable in _variables(hand, level):
        split = list_disagreements(variable.data)
        if split.empty:
            continue
        split = split.rename(columns={"unit": "doc_id"})
        split.insert(1, "code", variable.name)
        split.insert(2, "kind", variable.kind)
        if variable.kind == "code":
            for coder in hand.coders:
                if coder in split:
                    split[coder] = split[coder].astype("Int64")
        frames.append(split)
    columns = ["doc_id", "code", "kind", *hand.coders]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in [*columns, "text_start"]})
    table = pd.concat(frames, ignore_index=True).reindex(columns=columns).astype(object)
    table = table.where(table.notna(), None)
    with project.store.read() as con:
        ids = sorted({int(d) for d in table["doc_id"]})
        texts = dict(con.execute(
            "SELECT id, left(regexp_replace(text, '\\s+', ' ', 'g'), ?) FROM documents WHERE id IN "
            f"({', '.join('?' for _ in ids)})", [TEXT_START, *ids]
        ).fetchall())
    table["text_start"] = [texts.get(int(d), "") for d in table["doc_id"]]
    return table


def _names(text: str) -> list[str] | None:
    names = [name.strip() for name in text.split(",") if name.strip()]
    return names or None


@dataclass(frozen=True)
class AgreementParams:
    coders: str = param(
        "", "The coders to compare, comma-separated, as their sheets were imported (default: every hand "
        "coder of the selected documents)."
    )
    level: str = param(
        "nominal", "Level of measurement of single-choice variables (codes named VARIABLE:VALUE): ordinal "
        "takes the values in the order of the sheet's columns; interval and ratio need numbers as values. "
        "Each code on its own is a present/absent variable.",
        choices=LEVELS,
    )


class Agreement(Analysis):
    """How far hand coders agree, per code and per single-choice variable.

    Each document a coder coded with a sheet counts as coded for every code of that sheet: 1 where the
    coder marked the code, 0 where not. Result columns:

    ``code``
        the code, or the name of a single-choice variable (codes named ``VARIABLE:VALUE``).
    ``kind``
        ``code`` (present/absent) or ``variable`` (one value chosen among its codes; a document on which
        a coder marked none or several of its values counts as not coded by that coder).
    ``level``
        the level of measurement of alpha: ``nominal`` for codes, the chosen level for variables.
    ``coders``
        coders who coded the code on at least one selected document.
    ``units``
        documents coded by two or more of them: the denominator of alpha, percent agreement and
        disagreements.
    ``alpha``
        Krippendorff's alpha (1 perfect, 0 chance level); NaN when no document was coded by two coders
        or every judgment was the same.
    ``cohen_kappa``
        Cohen's kappa on the documents both coders coded, when exactly two coders coded the code; else
        NaN.
    ``fleiss_kappa``, ``fleiss_units``
        Fleiss' kappa on the documents coded by the most coders, and the number of those documents.
    ``percent_agreement``
        percent of the ``units`` on which every coder gave the same value (chance not discounted).
    ``disagreements``
        the number of ``units`` on which the coders did not all agree.
    ``present_percent``
        for codes: the percent of the coders' judgments on those units that mark the code present (rare
        codes make kappa and alpha unstable); NaN for variables.

    No verbal reading scale is given: which coefficient is good enough is the researcher's call.
    """

    name = "agreement"
    title = "Inter-coder agreement"
    description = (
        "Krippendorff's alpha, Cohen's and Fleiss' kappa and percent agreement of hand coders, per code "
        "(present/absent) and per single-choice variable, with the number of documents coded by two or "
        "more coders; the codes come from `dauys code import-coded`."
    )
    Params = AgreementParams

    def result_title(self, params: AgreementParams) -> str:
        names = _names(params.coders)
        return self.title + (f" of {', '.join(names)}" if names else "")

    def run(self, project: Project, where: DocumentFilter, params: AgreementParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        """The agreement table of the hand codes on the documents ``where`` selects."""
        hand = read_hand_codes(project, where, _names(params.coders))
        if len(hand.coders) < 2:
            found = f"only of {hand.coders[0]!r}" if hand.coders else "of no coder"
            raise InputError(
                f"Agreement needs the codes of two or more coders; the selected documents of {project.path} "
                f"hold hand codes {found}. Import the coders' sheets with `dauys code import-coded`."
            )
        table = agreement_table(hand, params.level, progress)
        self.counts_ = {"documents": hand.documents, "coders": len(hand.coders), "codes": len(hand.codes),
                        "judgments": len(hand.judgments)}
        self.resources_ = {"coders_compared": list(hand.coders)}
        return table
