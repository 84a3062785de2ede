"""How well a learned coder codes: precision, recall, F1 and confusion, by cross-validation or on held-out texts.

>>> scores = cross_validate_coder(texts, labels, LearnedCoder(), folds=5)   # doctest: +SKIP
>>> scores.macro_f1, scores.table                                           # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dauys.analyze.learned.model import LearnedCoder
from dauys.errors import InputError


@dataclass
class CodingScores:
    """Agreement of a coder's labels with hand-coded ones.

    Attributes
    ----------
    table : DataFrame
        One row per label: ``label``; ``precision`` (of the texts the coder gave this label, the share
        the hand-coders gave it too); ``recall`` (of the texts the hand-coders gave this label, the share
        the coder found); ``f1`` (their harmonic mean); ``support`` (texts hand-coded with it);
        ``predicted`` (texts the coder gave it). 0 where a share has no texts to count.
    confusion : DataFrame
        Single-label: texts by hand-coded label (rows) and coder's label (columns). Multi-label: one row
        per label with ``tp``, ``fp``, ``fn``, ``tn`` (texts).
    macro_f1 : float
        The mean of the labels' F1, each label counting the same however rare.
    accuracy : float
        Share of texts whose label (multi-label: whole set of labels) the coder got exactly right.
    n : int
        Texts scored.
    folds : int or None
        Cross-validation folds; None when a fitted model was scored on given texts.
    """

    table: pd.DataFrame
    confusion: pd.DataFrame
    macro_f1: float
    accuracy: float
    n: int
    folds: int | None


def score_labels(truth: Sequence, predicted: Sequence, labels: Sequence[str], multi_label: bool,
                 folds: int | None = None) -> CodingScores:
    """Scores of ``predicted`` labels against hand-coded ``truth`` (both as :meth:`LearnedCoder.predict` gives)."""
    labels = list(labels)
    if multi_label:
        truth_m = np.array([[label in set(t) for label in labels] for t in truth], dtype=bool)
        pred_m = np.array([[label in set(p) for label in labels] for p in predicted], dtype=bool)
        tp = (truth_m & pred_m).sum(axis=0)
        fp = (~truth_m & pred_m).sum(axis=0)
        fn = (truth_m & ~pred_m).sum(axis=0)
        tn = (~truth_m & ~pred_m).sum(axis=0)
        confusion = pd.DataFrame({"label": labels, "tp": tp, "fp": fp, "fn": fn, "tn": tn})
        accuracy = float((truth_m == pred_m).all(axis=1).mean()) if len(truth_m) else 0.0
    else:
        index = {label: i for i, label in enumerate(labels)}
        k = len(labels)
        counts = np.bincount([index[t] * k + index[p] for t, p in zip(truth, predicted, strict=True)],
                             minlength=k * k).reshape(k, k)
        confusion = pd.DataFrame(counts, index=pd.Index(labels, name="hand-coded"),
                                 columns=pd.Index(labels, name="coder"))
        tp = np.diag(counts)
        fp = counts.sum(axis=0) - tp
        fn = counts.sum(axis=1) - tp
        accuracy = float(tp.sum() / counts.sum()) if counts.sum() else 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(tp + fp > 0, tp / (tp + fp), 0.0)
        recall = np.where(tp + fn > 0, tp / (tp + fn), 0.0)
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
    table = pd.DataFrame({"label": labels, "precision": precision, "recall": recall, "f1": f1,
                          "support": tp + fn, "predicted": tp + fp})
    return CodingScores(table, confusion, float(f1.mean()) if len(f1) else 0.0, accuracy, len(truth), folds)


def score_coder(coder: LearnedCoder, texts: Sequence[str], labels: Sequence[str] | Sequence[Collection[str]]
                ) -> CodingScores:
    """Scores of a fitted coder on hand-coded texts it was not trained on.

    Labels in ``labels`` that the coder does not know are scored too (the coder never gives them, so
    their recall is 0).
    """
    texts, labels = list(texts), list(labels)
    if len(texts) != len(labels):
        raise InputError(f"{len(texts)} texts but {len(labels)} labels: give one label entry per text")
    predicted = coder.predict(texts)
    if coder.multi_label:
        if any(isinstance(entry, str) for entry in labels):
            raise InputError("this coder is multi-label: give a collection of labels per text "
                             "(one column of |-separated labels, or one --label-col per code)")
        seen = {label for entry in labels for label in entry}
    else:
        if any(not isinstance(entry, str) for entry in labels):
            raise InputError("this coder gives one label per text: give one label per text (one --label-col)")
        seen = set(labels)
    return score_labels(labels, predicted, sorted(set(coder.classes_) | seen), coder.multi_label)


def cross_validate_coder(texts: Sequence[str], labels: Sequence[str] | Sequence[Collection[str]],
                         coder: LearnedCoder | None = None, folds: int = 5, random_state: int = 0,
                         progress=None) -> CodingScores:
    """Scores of a coder by ``folds``-fold cross-validation: each text coded by a coder that never saw it.

    Parameters
    ----------
    texts, labels
        Hand-coded texts, as for :meth:`LearnedCoder.fit`.
    coder
        An unfitted coder whose parameters are used (default: ``LearnedCoder()``, or multi-label when the
        label entries are collections).
    folds
        Number of folds (stratified by label for single-label coders).
    random_state
        Seed of the split.
    progress
        A :class:`dauys.progress.Progress`, advanced once per fold.
    """
    from sklearn.model_selection import KFold, StratifiedKFold

    texts, labels = list(texts), list(labels)
    if coder is None:
        coder = LearnedCoder(multi_label=bool(labels) and not isinstance(labels[0], str))
    if not isinstance(folds, int) or folds < 2:
        raise InputError(f"folds {folds!r}: expected a whole number of at least 2")
    if len(texts) != len(labels):
        raise InputError(f"{len(texts)} texts but {len(labels)} labels: give one label entry per text")
    LearnedCoder(**coder.get_params())._label_matrix(labels)  # one-label or too-rare data stops here
    if coder.multi_label:
        splits = KFold(folds, shuffle=True, random_state=random_state).split(texts)
    else:
        counts = {label: labels.count(label) for label in set(labels)}
        rare = sorted(label for label, n in counts.items() if n < folds)
        if rare:
            raise InputError(f"labels {', '.join(map(repr, rare))} have fewer than {folds} texts: too few for "
                             f"{folds}-fold cross-validation; code more texts or use fewer --folds")
        splits = StratifiedKFold(folds, shuffle=True, random_state=random_state).split(texts, labels)
    predicted: list = [None] * len(texts)
    if progress is not None:
        progress.stage("cross-validating", total=folds)
    for train, test in splits:
        fold_coder = LearnedCoder(**coder.get_params())
        fold_coder.fit([texts[i] for i in train], [labels[i] for i in train])
        for i, label in zip(test, fold_coder.predict([texts[i] for i in test]), strict=True):
            predicted[i] = label
        if progress is not None:
            progress.advance()
    seen = {label for entry in labels for label in entry} if coder.multi_label else set(labels)
    return score_labels(labels, predicted, sorted(seen), coder.multi_label, folds)
