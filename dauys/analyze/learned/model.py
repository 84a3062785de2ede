"""The learned coder: one code, a set of codes or tone, learned from hand-coded texts (scikit-learn style).

A :class:`LearnedCoder` is a linear model over hashed character and word n-grams
(:mod:`dauys.analyze.learned.features`) with tf-idf weights: a linear support vector machine for each
label, its scores turned into probabilities by Platt scaling fitted on cross-validated scores of the
training texts, so that the probabilities mean what they say on texts the model has not seen.

Learning needs scikit-learn and scipy; applying a saved model needs only numpy, so that
``dauys code apply`` starts fast.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence

import numpy as np

from dauys.analyze.estimator import Estimator
from dauys.analyze.learned.features import CHUNK, FeatureConfig, WordKeys, feature_counts
from dauys.errors import InputError

DECISIONS = ("probability", "macro_f1")


class LearnedCoder(Estimator):
    """Learns codes from hand-coded texts and codes the rest.

    Three kinds of coding, from the labels given to :meth:`fit`:

    - one label per text from two or more (a code present or absent, tone negative/neutral/positive):
      ``labels`` is a sequence of strings, kept as they are;
    - any number of labels per text (several codes): ``multi_label=True`` and ``labels`` is a sequence
      of collections of strings (an empty one: no code applies).

    Parameters
    ----------
    multi_label
        Several labels per text, each learned and decided on its own.
    class_prior
        The share of each label in the texts the coder will be applied to, when it differs from the
        training texts (hand-coders often code a balanced sample; real comments are mostly positive):
        ``{"positive": 0.82, "negative": 0.18}``. Probabilities are corrected by Bayes' rule from the
        training shares to these; labels not named share what is left in their training proportions.
        For a multi-label coder each share is that label's prevalence on its own. Set it from a known
        or estimated base rate, never from the labels of the texts you evaluate on. None: the training
        shares hold.
    decision
        ``"macro_f1"`` (default): the label decision uses per-label offsets chosen on the
        cross-validated training predictions (weighted to ``class_prior`` when given) to maximise
        macro-F1, which favours getting rare labels right. ``"probability"``: the most probable label
        (for a multi-label coder, every label with probability 0.5 or more).
    C
        Inverse regularisation strength of the support vector machines.
    folds
        Cross-validation folds on the training texts for calibrating probabilities and choosing the
        decision offsets (at least 2; each label needs at least this many texts with and without it).
    char_ngrams, word_ngrams, bits
        The features (see :class:`dauys.analyze.learned.features.FeatureConfig`).
    stems
        Add each word's normalised Kazakh stem as a feature (:class:`dauys.analyze.learned.features.WordKeys`),
        so that ``жақсы``, ``жақсысы`` and ``жаксыга`` share one. Costs about half a millisecond per
        distinct training word; helps most when there are few hand-coded texts.
    min_df
        Leave out features found in fewer training texts.
    random_state
        Seed of the cross-validation folds.

    Attributes
    ----------
    classes_ : list of str
        The labels, sorted.
    config_ : FeatureConfig
    word_keys_ : WordKeys
    idf_ : ndarray of shape (n_features,)
        Inverse document frequency of each hash bucket; 0 for buckets left out.
    coef_ : ndarray of shape (n_outputs, n_features)
        Weights of the linear scorers: one for a two-label coder (the second label's score), one per
        label otherwise.
    intercept_ : ndarray of shape (n_outputs,)
    calibration_ : ndarray of shape (n_outputs, 2)
        Slope and intercept of the Platt scaling of each scorer.
    train_prior_ : ndarray of shape (n_classes,)
        The share of each label among the training texts.
    offsets_ : ndarray of shape (n_classes,)
        Added to the log-probabilities (single-label) or log-odds (multi-label) before deciding.
    n_train_ : int
    train_sha256_ : str
        Hash of the training texts and labels, to tell later which data a saved model learned from.

    Examples
    --------
    >>> coder = LearnedCoder(folds=2).fit(
    ...     ["өте жақсы", "керемет қосымша", "нашар, ұнамады", "ашылмайды, жаман"] * 3,
    ...     ["positive", "positive", "negative", "negative"] * 3)
    >>> coder.predict(["жақсы қосымша"])
    ['positive']
    """

    def __init__(
        self,
        *,
        multi_label: bool = False,
        class_prior: Mapping[str, float] | None = None,
        decision: str = "macro_f1",
        C: float = 0.05,
        folds: int = 5,
        char_ngrams: tuple[int, int] = (1, 5),
        word_ngrams: tuple[int, int] = (1, 2),
        bits: int = 20,
        stems: bool = True,
        min_df: int = 2,
        random_state: int = 0,
    ):
        self.multi_label = multi_label
        self.class_prior = class_prior
        self.decision = decision
        self.C = C
        self.folds = folds
        self.char_ngrams = char_ngrams
        self.word_ngrams = word_ngrams
        self.bits = bits
        self.stems = stems
        self.min_df = min_df
        self.random_state = random_state

    def fit(self, texts: Sequence[str], labels: Sequence[str] | Sequence[Collection[str]]) -> LearnedCoder:
        """Learn from hand-coded texts.

        Parameters
        ----------
        texts
            The texts, none empty.
        labels
            One label (a string) per text; with ``multi_label=True``, one collection of labels per text.

        Returns
        -------
        LearnedCoder
            self, fitted.

        Raises
        ------
        InputError
            Texts and labels of different lengths, empty texts, fewer than two labels, a label too
            rare for the cross-validation folds, bad parameters.
        """
        self._check_params()
        texts = list(texts)
        labels = list(labels)
        if len(texts) != len(labels):
            raise InputError(f"{len(texts)} texts but {len(labels)} labels: give one label entry per text")
        if not texts:
            raise InputError("no texts to learn from: give hand-coded texts")
        _check_texts(texts)
        classes, Y = self._label_matrix(labels)
        self.classes_ = classes
        self.train_prior_ = Y.mean(axis=0)
        self._target_prior()  # a bad class_prior stops here, before the long part
        self.config_ = FeatureConfig(tuple(self.char_ngrams), tuple(self.word_ngrams), self.bits)
        if self.stems:
            from dauys.text.tokenize import word_tokens

            self.word_keys_ = WordKeys.learn({word for text in texts for word in word_tokens(text)})
        else:
            self.word_keys_ = WordKeys()
        rows, features, counts = feature_counts(texts, self.config_, self.word_keys_)
        df = np.bincount(features, minlength=self.config_.n_features)
        kept = df >= self.min_df
        if not kept.any():
            raise InputError(f"no feature is found in {self.min_df} or more texts: give more texts or a lower min_df")
        self.idf_ = np.where(kept, np.log((1 + len(texts)) / (1 + df)) + 1, 0).astype(np.float32)
        columns = np.flatnonzero(kept)
        X = self._matrix(rows, features, counts, len(texts), columns)
        outputs = Y.shape[1] if (self.multi_label or len(classes) > 2) else 1
        targets = Y if outputs > 1 else Y[:, 1:]
        weights, intercepts, oof = _fit_scorers(X, targets, self.multi_label, self.C, self.folds, self.random_state)
        self.coef_ = np.zeros((outputs, self.config_.n_features), dtype=np.float32)
        self.coef_[:, columns] = weights
        self.intercept_ = intercepts.astype(np.float64)
        self.calibration_ = np.array([_platt(oof[:, j], targets[:, j]) for j in range(outputs)])
        self.n_train_ = len(texts)
        self.train_sha256_ = _training_hash(texts, labels)
        self.offsets_ = np.zeros(len(classes))
        if self.decision == "macro_f1":
            self.offsets_ = self._tuned_offsets(self._calibrated(oof), Y)
        return self

    def decision_function(self, texts: Sequence[str]) -> np.ndarray:
        """The raw scores of the linear scorers, shape (n_texts, n_outputs) (see ``coef_``)."""
        self._check_fitted()
        texts = list(texts)
        scores = np.empty((len(texts), len(self.coef_)))
        for start in range(0, len(texts), CHUNK):  # a chunk at a time: memory stays flat on large files
            chunk = texts[start : start + CHUNK]
            rows, features, counts = feature_counts(chunk, self.config_, self.word_keys_)
            values = (1 + np.log(counts)) * self.idf_[features]
            cell = rows * 2 + (features >> self.config_.bits)
            norms = np.sqrt(np.bincount(cell, values * values, minlength=2 * len(chunk)))
            values = values / np.where(norms > 0, norms, 1)[cell]
            for j, weights in enumerate(self.coef_):
                scores[start : start + len(chunk), j] = (
                    np.bincount(rows, values * weights[features], minlength=len(chunk)) + self.intercept_[j])
        return scores

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """The probability of each label for each text, shape (n_texts, n_classes), columns as ``classes_``.

        Corrected to ``class_prior`` when it is set. Single-label: each row sums to 1. Multi-label:
        each column is that label's own probability.
        """
        return self._prior_corrected(self._calibrated(self.decision_function(texts)))

    def predict(self, texts: Sequence[str]) -> list[str] | list[tuple[str, ...]]:
        """The label of each text (single-label) or its tuple of labels in ``classes_`` order (multi-label)."""
        return self.labels_of(self.predict_proba(texts))

    def labels_of(self, proba: np.ndarray) -> list[str] | list[tuple[str, ...]]:
        """The decisions for probabilities from :meth:`predict_proba` (so they need computing only once)."""
        chosen = self._decided(proba)
        if self.multi_label:
            return [tuple(c for c, on in zip(self.classes_, row, strict=True) if on) for row in chosen]
        return [self.classes_[i] for i in chosen]

    # -- saving ---------------------------------------------------------------------------------------

    def save(self, path) -> None:
        """Write the fitted coder to one file (see :mod:`dauys.analyze.learned.storage`)."""
        from dauys.analyze.learned.storage import save_coder

        save_coder(self, path)

    @classmethod
    def load(cls, path, *, allow_other_version: bool = False) -> LearnedCoder:
        """Read a coder written by :meth:`save` (see :func:`dauys.analyze.learned.storage.load_coder`)."""
        from dauys.analyze.learned.storage import load_coder

        return load_coder(path, allow_other_version=allow_other_version)

    # -- inside ---------------------------------------------------------------------------------------

    def _check_params(self) -> None:
        if self.decision not in DECISIONS:
            raise InputError(f"decision {self.decision!r}: expected one of {', '.join(DECISIONS)}")
        if not isinstance(self.folds, int) or self.folds < 2:
            raise InputError(f"folds {self.folds!r}: expected a whole number of at least 2")
        if not self.C > 0:
            raise InputError(f"C {self.C!r}: expected a number above 0")
        for name in ("char_ngrams", "word_ngrams"):
            low, high = getattr(self, name)
            if (low, high) != (0, 0) and not 1 <= low <= high <= 10:
                raise InputError(f"{name} {(low, high)!r}: expected (low, high) with 1 <= low <= high <= 10, or (0, 0)")
        if tuple(self.char_ngrams) == (0, 0) and tuple(self.word_ngrams) == (0, 0):
            raise InputError("char_ngrams and word_ngrams are both (0, 0): the coder would have no features")
        if not 10 <= self.bits <= 24:
            raise InputError(f"bits {self.bits!r}: expected 10 to 24")

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise InputError("this LearnedCoder is not fitted yet: call fit(texts, labels) or LearnedCoder.load(path)")

    def _label_matrix(self, labels: list) -> tuple[list[str], np.ndarray]:
        if self.multi_label:
            sets = []
            for i, entry in enumerate(labels):
                if isinstance(entry, str):
                    raise InputError(f"label entry {i} is the string {entry!r}: a multi-label coder takes a "
                                     "collection of labels per text, e.g. ('prices', 'water')")
                sets.append({str(label) for label in entry})
            classes = sorted(set().union(*sets))
            if not classes:
                raise InputError("no text has any label: a multi-label coder needs texts with each label")
            Y = np.array([[c in s for c in classes] for s in sets], dtype=np.int8)
            for j, label in enumerate(classes):
                n = int(Y[:, j].sum())
                if n < self.folds or len(labels) - n < self.folds:
                    raise InputError(f"label {label!r} is on {n} of {len(labels)} texts: each label needs at "
                                     f"least {self.folds} texts with it and {self.folds} without it "
                                     f"(folds={self.folds})")
            return classes, Y
        for i, entry in enumerate(labels):
            if not isinstance(entry, str):
                raise InputError(f"label entry {i} is {entry!r}, not a string: give one label per text as text "
                                 "(or multi_label=True for several labels per text)")
            if not entry.strip():
                raise InputError(f"label entry {i} is empty: every training text needs its label")
        classes = sorted(set(labels))
        if len(classes) < 2:
            raise InputError(f"every text has the label {classes[0]!r}: a coder learns from hand-coded "
                             "examples of at least two different labels")
        Y = np.array([[label == c for c in classes] for label in labels], dtype=np.int8)
        for j, label in enumerate(classes):
            if Y[:, j].sum() < self.folds:
                raise InputError(f"label {label!r} is on {int(Y[:, j].sum())} texts: each label needs at least "
                                 f"{self.folds} examples (folds={self.folds})")
        return classes, Y

    def _matrix(self, rows, features, counts, n_texts, columns):
        """The tf-idf matrix of the kept features (columns), each block of a row of unit length."""
        from scipy.sparse import csr_matrix

        values = (1 + np.log(counts)) * self.idf_[features]
        cell = rows * 2 + (features >> self.config_.bits)
        norms = np.sqrt(np.bincount(cell, values * values, minlength=2 * n_texts))
        values = values / np.where(norms > 0, norms, 1)[cell]
        lookup = np.full(self.config_.n_features, -1, dtype=np.int64)
        lookup[columns] = np.arange(len(columns))
        column = lookup[features]
        keep = column >= 0
        return csr_matrix((values[keep], (rows[keep], column[keep])), shape=(n_texts, len(columns)), dtype=np.float64)

    def _calibrated(self, scores: np.ndarray) -> np.ndarray:
        """Probabilities under the training shares, shape (n, n_classes)."""
        a, b = self.calibration_[:, 0], self.calibration_[:, 1]
        p = 1 / (1 + np.exp(-(scores * a + b)))
        if self.multi_label:
            return p
        if len(self.classes_) == 2:
            return np.column_stack([1 - p[:, 0], p[:, 0]])
        return p / np.maximum(p.sum(axis=1, keepdims=True), 1e-12)

    def _target_prior(self) -> np.ndarray | None:
        if not self.class_prior:
            return None
        unknown = set(self.class_prior) - set(self.classes_)
        if unknown:
            raise InputError(f"class_prior names {', '.join(map(repr, sorted(unknown)))}, not labels of this coder; "
                             f"its labels are {', '.join(map(repr, self.classes_))}")
        shares = {label: float(share) for label, share in self.class_prior.items()}
        if any(not 0 < share < 1 for share in shares.values()):
            raise InputError(f"class_prior {shares}: each share must be above 0 and below 1")
        if self.multi_label:
            return np.array([shares.get(c, self.train_prior_[j]) for j, c in enumerate(self.classes_)])
        given = sum(shares.values())
        rest = [j for j, c in enumerate(self.classes_) if c not in shares]
        if given > 1 + 1e-9 or (not rest and abs(given - 1) > 1e-6) or (rest and given >= 1):
            raise InputError(f"class_prior {shares}: the shares must add up to 1 (labels left out share what is left)")
        target = np.array([shares.get(c, 0.0) for c in self.classes_])
        if rest:
            train_rest = self.train_prior_[rest]
            target[rest] = (1 - given) * train_rest / train_rest.sum()
        return target

    def _prior_corrected(self, p: np.ndarray) -> np.ndarray:
        target = self._target_prior()
        if target is None:
            return p
        ratio = target / self.train_prior_
        if self.multi_label:
            odds = p / np.maximum(1 - p, 1e-12) * (ratio / ((1 - target) / (1 - self.train_prior_)))
            return odds / (1 + odds)
        q = p * ratio
        return q / q.sum(axis=1, keepdims=True)

    def _decided(self, proba: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore"):
            if self.multi_label:
                return np.log(proba) - np.log1p(-proba) + self.offsets_ >= 0
            return np.argmax(np.log(proba) + self.offsets_, axis=1)

    def _tuned_offsets(self, oof_proba: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """Offsets maximising (prior-weighted) macro-F1 of the cross-validated training predictions."""
        proba = self._prior_corrected(oof_proba)
        target = self._target_prior()
        grid = np.linspace(-3, 3, 61)
        with np.errstate(divide="ignore"):
            if self.multi_label:
                offsets = np.zeros(Y.shape[1])
                logit = np.log(proba) - np.log1p(-proba)
                for j in range(Y.shape[1]):
                    y = Y[:, j].astype(bool)
                    w = np.ones(len(y))
                    if target is not None:
                        w = np.where(y, target[j] / self.train_prior_[j], (1 - target[j]) / (1 - self.train_prior_[j]))
                    f1 = [_f1_of(y, logit[:, j] + o >= 0, w) for o in grid]
                    offsets[j] = _middle_best(grid, f1)
                return offsets
            truth = Y.argmax(axis=1)
            w = np.ones(len(truth)) if target is None else (target / self.train_prior_)[truth]
            logp = np.log(proba)
            offsets = np.zeros(Y.shape[1])
            for _ in range(3 if Y.shape[1] > 2 else 1):
                for j in range(1, Y.shape[1]):
                    scores = []
                    for o in grid:
                        trial = offsets.copy()
                        trial[j] = o
                        scores.append(_macro_f1(truth, np.argmax(logp + trial, axis=1), Y.shape[1], w))
                    offsets[j] = _middle_best(grid, scores)
            return offsets


def _check_texts(texts: list) -> None:
    bad = [i for i, text in enumerate(texts) if not isinstance(text, str) or not text.strip()]
    if bad:
        shown = ", ".join(map(str, bad[:10])) + (f" and {len(bad) - 10} more" if len(bad) > 10 else "")
        raise InputError(f"{len(bad)} texts are empty or not text (positions {shown}, counting from 0): "
                         "remove them or fill them in")


def _fit_scorers(X, targets: np.ndarray, multi_label: bool, C: float, folds: int, seed: int):
    """Weights and intercepts of linear SVMs on all texts, and their cross-validated scores."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.model_selection import StratifiedKFold
    from sklearn.svm import LinearSVC

    def fitted(Xa, ya):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            return LinearSVC(C=C, random_state=seed).fit(Xa, ya)

    n, outputs = targets.shape
    oof = np.zeros((n, outputs))
    if multi_label or outputs == 1:
        weights = np.zeros((outputs, X.shape[1]))
        intercepts = np.zeros(outputs)
        for j in range(outputs):
            y = targets[:, j]
            for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(X, y):
                oof[test, j] = fitted(X[train], y[train]).decision_function(X[test])
            model = fitted(X, y)
            weights[j], intercepts[j] = model.coef_[0], model.intercept_[0]
        return weights, intercepts, oof
    y = targets.argmax(axis=1)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(X, y):
        oof[test] = fitted(X[train], y[train]).decision_function(X[test])
    model = fitted(X, y)
    return model.coef_, model.intercept_, oof


def _platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and intercept of a logistic curve from scores to P(y=1), with Platt's smoothed targets."""
    from sklearn.linear_model import LogisticRegression

    positives = int(y.sum())
    negatives = len(y) - positives
    smoothed = np.where(y == 1, (positives + 1) / (positives + 2), 1 / (negatives + 2))
    X = np.concatenate([scores, scores])[:, None]
    targets = np.concatenate([np.ones(len(y)), np.zeros(len(y))])
    model = LogisticRegression(C=1e6).fit(X, targets, sample_weight=np.concatenate([smoothed, 1 - smoothed]))
    return float(model.coef_[0, 0]), float(model.intercept_[0])


def _macro_f1(truth: np.ndarray, predicted: np.ndarray, k: int, w: np.ndarray) -> float:
    confusion = np.bincount(truth * k + predicted, weights=w, minlength=k * k).reshape(k, k)
    tp = np.diag(confusion)
    denominator = confusion.sum(axis=0) + confusion.sum(axis=1)
    return float(np.mean(np.where(denominator > 0, 2 * tp / np.maximum(denominator, 1e-12), 0)))


def _f1_of(y: np.ndarray, predicted: np.ndarray, w: np.ndarray) -> float:
    tp = w[y & predicted].sum()
    denominator = w[y].sum() + w[predicted].sum()
    return float(2 * tp / denominator) if denominator > 0 else 0.0


def _middle_best(grid: np.ndarray, scores: list[float]) -> float:
    """The middle of the grid points that share the best score (a plateau's centre, not its edge)."""
    scores = np.asarray(scores)
    best = np.flatnonzero(scores >= scores.max() - 1e-12)
    return float(grid[best[len(best) // 2]])


def _training_hash(texts: list[str], labels: list) -> str:
    digest = hashlib.sha256()
    for text, label in zip(texts, labels, strict=True):
        label_text = label if isinstance(label, str) else "|".join(sorted(map(str, label)))
        digest.update(text.encode("utf-8") + b"\x00" + label_text.encode("utf-8") + b"\x01")
    return digest.hexdigest()
