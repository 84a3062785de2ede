"""Keyness: terms over-represented in one group of documents against another (quanteda's ``textstat_keyness``).

For each term, the 2 × 2 table of its count and the count of all other counted terms in the target and
the reference group is tested for independence::

                                target          reference
    the term                    a               b
    all other counted terms     N_target - a    N_reference - b

``chi2``
    Pearson's chi-square with one degree of freedom. By default with Yates' continuity correction,
    as quanteda's ``textstat_keyness`` does for chi2 (and as ``scipy.stats.chi2_contingency`` does
    for a 2 × 2 table): each observed count moves by up to 0.5 towards its expected count.
``lr``
    The log-likelihood ratio G² (Dunning 1993; Rayson's log-likelihood), by default without a
    correction, as in most corpus-linguistics tools (``correction="yates"`` applies Yates' as above).

The statistic is signed: positive when the term is relatively more frequent in the target, negative
when in the reference. The effect size is Hardie's (2014) *log ratio*: the binary log of the ratio of
the term's relative frequencies, ``log2((a / N_target) / (b / N_reference))`` — each extra point
doubles the ratio; a count of zero is taken as 0.5 so that a term found in one group only gets a
finite value (as CQPweb does). p-values come from the chi-square distribution with one degree of
freedom (``scipy.stats.power_divergence``) and are corrected for testing many terms at once with
Benjamini–Hochberg (false discovery rate; default) or Bonferroni (``statsmodels`` ``multipletests``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy.stats import power_divergence
from statsmodels.stats.multitest import multipletests

from dauys.analyze.base import Analysis, param
from dauys.analyze.terms import GROUP_FIELDS, META_GROUP, NO_VALUE, TermOptions, TermParams, group_term_counts
from dauys.errors import InputError
from dauys.progress import SILENT, Progress
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

__all__ = ["KEYNESS_COLUMNS", "KEYNESS_MEASURES", "Keyness", "keyness", "keyness_table"]

KEYNESS_MEASURES = ("chi2", "lr")
CORRECTIONS = ("default", "yates", "none")
P_ADJUSTMENTS = {"bh": "fdr_bh", "bonferroni": "bonferroni"}
ZERO_COUNT = 0.5
"""The count a zero is taken as in the log ratio (Hardie 2014)."""
KEYNESS_COLUMNS = ("term", "count_target", "count_reference", "per_1000_target", "per_1000_reference",
                   "statistic", "p", "p_adjusted", "log_ratio", "direction")
TABLE_COLUMNS = ("rank", *KEYNESS_COLUMNS)
KEYNESS_GROUP_FIELDS = tuple(f for f in GROUP_FIELDS if f != "all")
DIRECTIONS = ("target", "reference", "equal")


def _counts(values: pd.Series | Mapping[str, int], name: str) -> pd.Series:
    series = pd.Series(values, dtype="float64") if not isinstance(values, pd.Series) else values.astype("float64")
    if (series < 0).any() or series.isna().any():
        raise InputError(f"{name}: term counts must be numbers of at least 0")
    return series.groupby(level=0).sum()


def keyness(
    target: pd.Series | Mapping[str, int],
    reference: pd.Series | Mapping[str, int],
    *,
    measure: str = "chi2",
    correction: str = "default",
    p_adjust: str = "bh",
    total_target: int | None = None,
    total_reference: int | None = None,
) -> pd.DataFrame:
    """The keyness of every term of two term-count vectors (see the module for the statistics).

    Parameters
    ----------
    target, reference
        Counts per term (a Series indexed by term, or a mapping); a term missing from one counts 0 there.
    measure
        ``chi2`` (Pearson's chi-square) or ``lr`` (log-likelihood G²).
    correction
        ``default`` (Yates for chi2, none for lr), ``yates`` or ``none``.
    p_adjust
        ``bh`` (Benjamini–Hochberg) or ``bonferroni``, over all the terms of the result.
    total_target, total_reference
        All counted terms of each group (the N of the 2 × 2 tables); by default the sums of the vectors.
        Give them when the vectors hold only some of the terms (for example after a minimum count).

    Returns
    -------
    pandas.DataFrame
        One row per term counted in either group, sorted by ``statistic`` (highest first; ties by term):
        ``term``; ``count_target``, ``count_reference`` (occurrences); ``per_1000_target``,
        ``per_1000_reference`` (per 1,000 counted terms of the group); ``statistic`` (chi² or G²,
        signed: positive when relatively more frequent in the target); ``p`` (chi-square with 1 degree
        of freedom); ``p_adjusted`` (corrected for the number of terms); ``log_ratio`` (binary log of
        the ratio of relative frequencies, zeros taken as 0.5); ``direction`` (``target``,
        ``reference``, or ``equal`` when the relative frequencies are the same).
        ``attrs`` holds ``measure`` and ``correction`` as applied.
    """
    if measure not in KEYNESS_MEASURES:
        raise InputError(f"--measure {measure!r}: expected one of {', '.join(KEYNESS_MEASURES)}")
    if correction not in CORRECTIONS:
        raise InputError(f"--correction {correction!r}: expected one of {', '.join(CORRECTIONS)}")
    if p_adjust not in P_ADJUSTMENTS:
        raise InputError(f"--p-adjust {p_adjust!r}: expected one of {', '.join(P_ADJUSTMENTS)}")
    counts = pd.concat([_counts(target, "target"), _counts(reference, "reference")], axis=1).fillna(0.0)
    counts = counts.loc[counts.sum(axis=1) > 0].sort_index()
    a, b = counts.iloc[:, 0].to_numpy(), counts.iloc[:, 1].to_numpy()
    n_target = float(a.sum() if total_target is None else total_target)
    n_reference = float(b.sum() if total_reference is None else total_reference)
    if n_target < a.sum() or n_reference < b.sum():
        raise InputError("total_target and total_reference must be at least the sums of the term counts")
    if n_target <= 0 or n_reference <= 0:
        empty = "target" if n_target <= 0 else "reference"
        raise InputError(f"The {empty} group has no counted terms: keyness needs terms in both groups.")
    applied = ("yates" if measure == "chi2" else "none") if correction == "default" else correction

    observed = np.column_stack([a, b, n_target - a, n_reference - b])
    total = n_target + n_reference
    term_total, other_total = a + b, total - a - b
    expected = np.column_stack([term_total * n_target, term_total * n_reference,
                                other_total * n_target, other_total * n_reference]) / total
    if applied == "yates":
        # scipy.stats.chi2_contingency's correction for one degree of freedom
        diff = expected - observed
        observed = observed + np.sign(diff) * np.minimum(0.5, np.abs(diff))
    lambda_ = "pearson" if measure == "chi2" else "log-likelihood"
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic, p = power_divergence(observed, expected, ddof=2, axis=1, lambda_=lambda_)
    statistic = np.asarray(statistic, dtype=np.float64)
    p = np.asarray(p, dtype=np.float64)
    sign = np.sign(a * n_reference - b * n_target)  # exact in integers: equal rates give 0
    p_adjusted = np.full_like(p, np.nan)
    tested = ~np.isnan(p)
    if tested.any():
        p_adjusted[tested] = multipletests(p[tested], method=P_ADJUSTMENTS[p_adjust])[1]
    ratio = np.log2((np.where(a > 0, a, ZERO_COUNT) / n_target) / (np.where(b > 0, b, ZERO_COUNT) / n_reference))
    table = pd.DataFrame({
        "term": pd.array(counts.index.astype(str), dtype="string"),
        "count_target": a.astype(np.int64),
        "count_reference": b.astype(np.int64),
        "per_1000_target": a * 1000.0 / n_target,
        "per_1000_reference": b * 1000.0 / n_reference,
        "statistic": sign * statistic,
        "p": p,
        "p_adjusted": p_adjusted,
        "log_ratio": ratio,
        "direction": pd.array(np.where(sign > 0, "target", np.where(sign < 0, "reference", "equal")),
                              dtype="string"),
    })
    table = table.sort_values(["statistic", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
    table.attrs.update(measure=measure, correction=applied, p_adjust=p_adjust)
    return table


def keyness_table(scores: pd.DataFrame, n: int) -> pd.DataFrame:
    """The top ``n`` terms of each side of a :func:`keyness` result: the target's, then the reference's.

    The target's terms come by statistic, highest first; the reference's by statistic, most negative
    first; ``rank`` counts 1 to n within each side. Terms of equal relative frequency are left out.
    """
    target = scores.loc[scores["direction"] == "target"].head(n)
    reference = scores.loc[scores["direction"] == "reference"].sort_values(
        ["statistic", "term"], ascending=[True, True], kind="stable").head(n)
    parts = []
    for part in (target, reference):
        part = part.copy()
        part.insert(0, "rank", np.arange(1, len(part) + 1, dtype=np.int64))
        parts.append(part)
    table = pd.concat(parts, ignore_index=True)[list(TABLE_COLUMNS)]
    table.attrs.update(scores.attrs)
    return table


@dataclass(frozen=True)
class KeynessParams(TermParams):
    by: str = param(
        "corpus",
        "The field whose groups are compared: corpus, platform, lang, channel, year, month, or meta.FIELD "
        "(year and month in the project's time zone).",
        choices=KEYNESS_GROUP_FIELDS,
        pattern=META_GROUP,
        pattern_label="meta.FIELD",
    )
    target: str = param("", "The label of the target group (a channel handle, a year, a meta value, ...).")
    reference: str = param("", "The label of the reference group; empty: all other documents of the selection.")
    measure: str = param("chi2", "chi2: Pearson's chi-square (Yates-corrected by default); lr: log-likelihood G².",
                         choices=KEYNESS_MEASURES)
    n: int = param(20, "How many terms to list on each side (target and reference).", min=1, max=10_000)
    min_count: int = param(5, "Leave out terms counted fewer times than this in the two groups together "
                              "(before testing and correcting the p-values).", min=1)
    correction: str = param("default", "Continuity correction: default (Yates for chi2, none for lr), yates or "
                                       "none.", choices=CORRECTIONS)
    p_adjust: str = param("bh", "Correction of p-values for the many terms tested: bh (Benjamini–Hochberg "
                                "false discovery rate) or bonferroni.", choices=tuple(P_ADJUSTMENTS))


class Keyness(Analysis):
    """Terms over-represented in a target group of documents against a reference group (or the rest).

    Result columns (the target's top N terms, then the reference's):

    ``rank``
        1 to N within each side: by statistic, the strongest first.
    ``term``
        the lemma (by default), form, n-gram, hashtag, mention or emoji.
    ``count_target``, ``count_reference``
        occurrences in the target and in the reference documents.
    ``per_1000_target``, ``per_1000_reference``
        the same per 1,000 counted terms of each group (stopwords and short words left out).
    ``statistic``
        chi-square or log-likelihood G² of the term's 2 × 2 table, positive for the target's terms and
        negative for the reference's (the keyness plot draws it so).
    ``p``, ``p_adjusted``
        the p-value (chi-square, 1 degree of freedom) and the p-value corrected for all terms tested
        (those counted at least ``min_count`` times), Benjamini–Hochberg by default.
    ``log_ratio``
        Hardie's log ratio, the effect size: the binary log of the ratio of the per-1,000 rates (1 =
        twice as frequent in the target, −1 = twice as frequent in the reference); zeros taken as 0.5.
    ``direction``
        ``target`` or ``reference``: where the term is relatively more frequent.

    ``attrs`` holds ``measure``, ``correction``, ``p_adjust``, ``by``, ``target`` and ``reference``
    (empty for the rest).
    """

    name = "keyness"
    title = "Keyness"
    description = (
        "Terms over-represented in one group of documents (a channel, outlet, year, ...) against another or "
        "the rest: chi-square or log-likelihood G² with the log ratio as effect size and p-values corrected for "
        "the number of terms (Benjamini–Hochberg); drawn as a keyness plot."
    )
    Params = KeynessParams
    needs_tokens = True

    def result_title(self, params: KeynessParams) -> str:
        against = params.reference or "the rest"
        measure = "chi-square" if params.measure == "chi2" else "log-likelihood"
        return (f"Keyness of {TermOptions.of(params).describe()} ({measure}): {params.by} {params.target} "
                f"against {against}")

    def run(
        self, project: Project, where: DocumentFilter, params: KeynessParams, progress: Progress = SILENT
    ) -> pd.DataFrame:
        """The keyness table of the documents ``where`` selects (see the class for its columns)."""
        if not params.target:
            raise InputError(f"--target: name the target group, a value of {params.by} (for example --target "
                             "dala_habar with --by channel).")
        if params.reference and params.reference == params.target:
            raise InputError(f"--reference {params.reference!r} is the target too; name another group of "
                             f"{params.by}, or leave --reference empty to compare with all other documents.")
        options = TermOptions.of(params)
        progress.stage(f"Counting {options.describe()} by {params.by}", None)
        counts, groups, selection = group_term_counts(project, where, options, params.by)
        self.resources_ = dict(selection.resources)
        labels = sorted(groups["group"].astype(str), key=lambda g: (g == NO_VALUE, g))
        for option, label in (("--target", params.target), ("--reference", params.reference)):
            if label and label not in labels:
                raise InputError(
                    f"{option} {label!r}: there is no such group by {params.by} in the selected documents; "
                    f"the groups are: {', '.join(labels)}."
                )
        in_target = groups["group"] == params.target
        in_reference = groups["group"] == params.reference if params.reference else ~in_target
        if not in_reference.any():
            raise InputError(f"All selected documents are in {params.by} {params.target!r}: there is no other "
                             f"group to compare with (the groups are: {', '.join(labels)}).")
        totals = (int(groups.loc[in_target, "tokens"].sum()), int(groups.loc[in_reference, "tokens"].sum()))
        reference_labels = set(groups.loc[in_reference, "group"])
        target_counts = counts.loc[counts["group"] == params.target].groupby("term")["count"].sum()
        reference_counts = counts.loc[counts["group"].isin(reference_labels)].groupby("term")["count"].sum()
        both = pd.concat([target_counts, reference_counts], axis=1).fillna(0)
        kept = both.index[both.sum(axis=1) >= params.min_count]
        self.counts_ = {
            "documents": selection.documents,
            "documents_target": int(groups.loc[in_target, "documents"].sum()),
            "documents_reference": int(groups.loc[in_reference, "documents"].sum()),
            "tokens_target": totals[0],
            "tokens_reference": totals[1],
            "terms_tested": len(kept),
        }
        for side, total in zip(("target", "reference"), totals, strict=True):
            if not total:
                name = params.target if side == "target" else (params.reference or "the rest")
                raise InputError(
                    f"The {side} group ({params.by} {name}) has no {options.describe()} to count after leaving "
                    f"out stopwords and words shorter than {params.min_length} letters; try --keep-stopwords "
                    "or another group."
                )
        if not len(kept):
            raise InputError(f"No term is counted {params.min_count} or more times in the two groups together; "
                             "try a lower --min-count.")
        progress.stage(f"Testing {len(kept):,} terms", None)
        scores = keyness(target_counts.reindex(kept, fill_value=0), reference_counts.reindex(kept, fill_value=0),
                         measure=params.measure, correction=params.correction, p_adjust=params.p_adjust,
                         total_target=totals[0], total_reference=totals[1])
        table = keyness_table(scores, params.n)
        table.attrs.update(by=params.by, target=params.target, reference=params.reference)
        return table
