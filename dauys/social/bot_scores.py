"""Bot scores: an explainable score per account, from what the data says about it.

Each account (a pseudonymised ``author_key`` on one platform) of the selected documents is judged on up
to seven criteria, each reported next to the score with its value and whether it is met:

``age``
    the median number of days between the account's creation and its posts (``age_days``); met when
    under ``young_days`` (30). Needs the account's creation date (``author.created_at`` on import);
    without it the criterion is *not assessed*.
``rate``
    posts per active day (``posts_per_day``: dated posts / days with a post, in the project's time
    zone) — met when over ``rate`` (20); the most posts in one clock hour (``max_per_hour``) is shown.
``replies``
    the share of its documents that are comments or replies (``reply_share``); met when over
    ``reply_share`` (0.9), assessed for accounts with at least ``min_texts`` documents.
``name``
    name and handle patterns (``name_pattern``, from the import's ``name_features``): met when the name
    or handle is letters followed by five or more digits (``aigerim84729301``), looks random (runs of
    consonants, letters and digits alternating) or is a platform's default handle (``user-x7q2…``).
    Not assessed when neither name nor handle was seen.
``default_profile``
    met when the platform says the profile is the default one (no avatar, no description); not assessed
    when the import did not say.
``duplicates``
    the share of its texts that are near-duplicates (verified Jaccard similarity of word 3-shingles ≥
    ``similarity``, 0.8; :mod:`dauys.social.near_duplicates`) of another selected text, by another
    account or by itself (``duplicate_share``); met when over ``duplicate_share`` (0.5), assessed with at
    least ``min_texts`` texts of ``min_words`` words or more.
``bursts``
    the share of its dated posts that fall in a burst of ``burst_size`` (5) or more of its posts within
    ``burst_minutes`` (10) (``burst_share``); met when over ``burst_share`` (0.5), assessed with at least
    ``min_texts`` dated posts.

``criteria_assessed`` counts the criteria that could be judged and ``criteria_met`` those met (a
criterion not assessed is never counted as met). ``score`` is the weighted share of the assessed
criteria that are met (``weights``: ``age=2,duplicates=2``; unnamed criteria weigh 1, weight 0 leaves a
criterion out), and ``flagged`` is ``score >= threshold`` for accounts judged on at least ``min_assessed``
(3) criteria — or, with ``rule=n-of-k``, ``criteria_met >= n``, the simple rule of published bot
studies. These are heuristics: a flag is a reason to look at an account, not a finding that it is
automated.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from dauys.analyze.base import Analysis, param
from dauys.errors import InputError
from dauys.progress import SILENT, Progress
from dauys.social.near_duplicates import (
    SHINGLE_KINDS,
    duplicate_clusters,
    near_duplicate_pairs,
    require_documents,
)
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

CRITERIA = ("age", "rate", "replies", "name", "default_profile", "duplicates", "bursts")
RULES = ("score", "n-of-k")
BOT_COLUMNS = (
    "platform", "author_key", "posts", "first_post", "last_post",
    "age_days", "age_met", "posts_per_day", "max_per_hour", "rate_met", "reply_share", "replies_met",
    "name_pattern", "name_met", "default_profile", "default_profile_met", "duplicate_share", "duplicates_met",
    "burst_share", "bursts_met", "criteria_met", "criteria_assessed", "score", "flagged",
)
_WHY_NOT = {
    "age": "account creation dates unknown",
    "rate": "no dated posts",
    "replies": "fewer than {min_texts} documents",
    "name": "names and handles unknown",
    "default_profile": "whether the profile is the default one unknown",
    "duplicates": "fewer than {min_texts} texts of {min_words} or more words",
    "bursts": "fewer than {min_texts} dated posts",
}


@dataclass(frozen=True)
class BotScoreParams:
    min_posts: int = param(1, "Leave out accounts with fewer selected documents than this.", min=1)
    young_days: float = param(30.0, "age: met when the account's median age at its posts is under this many days.",
                              min=0)
    rate: float = param(20.0, "rate: met when the account posts more than this many times per active day.", min=0)
    reply_share: float = param(0.9, "replies: met when more than this share of its documents are comments or "
                                    "replies.", min=0, max=1)
    min_texts: int = param(3, "replies, duplicates, bursts: assessed only for accounts with at least this many "
                              "documents (texts, dated posts).", min=1)
    duplicate_share: float = param(0.5, "duplicates: met when more than this share of its texts are near-duplicates.",
                                   min=0, max=1)
    similarity: float = param(0.8, "Jaccard similarity of shingle sets from which two texts are near-duplicates.",
                              min=0.05, max=1)
    shingles: str = param("words", "Shingles of 3 words or of 5 characters.", choices=SHINGLE_KINDS)
    min_words: int = param(4, "Texts with fewer words are not compared (short replies repeat by themselves).",
                           min=1)
    burst_size: int = param(5, "bursts: this many posts of one account ...", min=2)
    burst_minutes: float = param(10.0, "... within this many minutes make a burst.", min=0.1)
    burst_share: float = param(0.5, "bursts: met when more than this share of its posts are in bursts.",
                               min=0, max=1)
    weights: str = param("", "Weights of the criteria for the score, such as age=2,duplicates=2 (others weigh 1; "
                             "0 leaves a criterion out). Criteria: " + ", ".join(CRITERIA) + ".")
    threshold: float = param(0.5, "rule=score: flagged when the score is at least this.", min=0, max=1)
    min_assessed: int = param(3, "rule=score: accounts judged on fewer criteria than this are not flagged (one met "
                                 "criterion of two is a score of 0.5).", min=1)
    rule: str = param("score", "score: flagged by the weighted share of met criteria; n-of-k: flagged when at least "
                               "n criteria are met.", choices=RULES)
    n: int = param(3, "rule=n-of-k: the number of met criteria that flags an account.", min=1)


def parse_weights(text: str) -> dict[str, float]:
    """``age=2,duplicates=0`` as a weight for every criterion (1 unless given)."""
    weights = dict.fromkeys(CRITERIA, 1.0)
    for item in (text or "").split(","):
        if not item.strip():
            continue
        if "=" not in item:
            raise InputError(f"--weights {text!r}: {item.strip()!r} is not CRITERION=WEIGHT; write for example "
                             "--weights age=2,duplicates=2")
        name, value = (part.strip() for part in item.split("=", 1))
        name = name.replace("-", "_")
        if name not in weights:
            raise InputError(f"--weights: {name!r} is not a criterion; the criteria are {', '.join(CRITERIA)}")
        try:
            weight = float(value)
        except ValueError:
            raise InputError(f"--weights: {name}={value!r} needs a number, such as {name}=2") from None
        if weight < 0 or not np.isfinite(weight):
            raise InputError(f"--weights: {name}={value}: a weight is a number of 0 or more")
        weights[name] = weight
    if not any(weights.values()):
        raise InputError(f"--weights {text!r}: every criterion weighs 0; give at least one a positive weight")
    return weights


@dataclass
class AccountScores:
    """What :func:`score_accounts` found: the table, the documents behind it and what to report."""

    table: pd.DataFrame
    documents: pd.DataFrame
    """The selected documents with an author: id, platform, author_key, created_at, is_reply, cluster."""
    counts: dict[str, Any]
    warnings: list[str]


def load_documents(project: Project, where: DocumentFilter) -> pd.DataFrame:
    """The selected documents' id, platform, author_key, created_at, is_reply, text and channel handle."""
    condition, values = where.sql("d")
    with project.store.read() as con:
        return con.execute(
            f"""SELECT d.id, d.platform, d.author_key, d.created_at,
                       (d.parent_id IS NOT NULL OR d.parent_external_id IS NOT NULL) AS is_reply,
                       d.text, c.handle AS channel
                FROM documents d LEFT JOIN channels c ON c.id = d.channel_id
                WHERE {condition} ORDER BY d.created_at NULLS LAST, d.id""",
            values,
        ).df()


def near_duplicate_clusters(documents: pd.DataFrame, params: Any) -> tuple[np.ndarray, np.ndarray, int]:
    """Per document: its near-duplicate cluster, whether it had shingles (long enough), and the pair count."""
    pairs = near_duplicate_pairs(documents["text"].tolist(), params.similarity, kind=params.shingles,
                                 min_words=params.min_words)
    return duplicate_clusters(len(documents), pairs), pairs.attrs["compared"], len(pairs)


def burst_flags(keys: np.ndarray, seconds: np.ndarray, size: int, minutes: float) -> np.ndarray:
    """Whether each post is in a burst: ``size`` or more posts of the same key within ``minutes``.

    ``keys`` (integer codes) and ``seconds`` (epoch seconds) must be sorted by key, then time.
    """
    if len(keys) == 0:
        return np.zeros(0, dtype=bool)
    # one time line: each key's posts far from the next key's
    span = float(seconds.max() - seconds.min()) + 2 * minutes * 60 + 1
    line = (seconds - seconds.min()) + keys.astype(np.float64) * span
    end = np.searchsorted(line, line + minutes * 60, side="right")
    index = np.arange(len(line))
    starts = (end - index) >= size
    reach = np.maximum.accumulate(np.where(starts, end, 0))
    return reach > index


def _name_pattern(features: Any) -> tuple[str | None, bool | None]:
    if features is None or (isinstance(features, float) and np.isnan(features)):
        return None, None
    parsed = json.loads(features)
    parts = [p for p in (parsed.get("name"), parsed.get("handle")) if p]
    if not parts:
        return None, None
    found = []
    for key, label in (("name_digits", "name+digits"), ("random_looking", "random"),
                       ("default_handle", "default handle")):
        if any(p.get(key) for p in parts):
            found.append(label)
    return (", ".join(found) if found else "none"), bool(found)


def score_accounts(project: Project, where: DocumentFilter, params: Any, progress: Progress = SILENT) -> AccountScores:
    """Score every account of the selected documents (see the module docstring); the engine of :class:`BotScores`."""
    weights = parse_weights(params.weights)
    progress.stage("Reading documents and accounts", None)
    documents = load_documents(project, where)
    selected = len(documents)
    require_documents(selected, where)
    documents = documents.loc[documents["author_key"].notna()].reset_index(drop=True)
    if documents.empty:
        raise InputError(
            f"None of the {selected:,} selected documents has an author, so there are no accounts to score; "
            "import the documents with their authors (--map author=COLUMN)."
        )
    with project.store.read() as con:
        accounts = con.execute(
            "SELECT platform, author_key, created_at AS account_created_at, default_profile, name_features "
            "FROM accounts"
        ).df()

    progress.stage("Comparing texts for near-duplicates", None)
    clusters, comparable, n_pairs = near_duplicate_clusters(documents, params)
    sizes = np.bincount(clusters)
    documents["cluster"] = clusters
    documents["duplicated"] = comparable & (sizes[clusters] > 1)
    documents["comparable"] = comparable

    progress.stage("Scoring accounts", None)
    documents["account"] = pd.factorize(pd.MultiIndex.from_frame(documents[["platform", "author_key"]]))[0]
    created = pd.to_datetime(documents["created_at"], utc=True)
    dated = created.notna().to_numpy()
    local = created.dt.tz_convert(project.tz)
    frame = pd.DataFrame({
        "account": documents["account"], "dated": dated, "is_reply": documents["is_reply"].astype(bool),
        "day": local.dt.date, "hour": created.dt.floor("h"),  # whole-hour offsets: UTC hours are local hours
        "duplicated": documents["duplicated"], "comparable": documents["comparable"],
    })
    grouped = frame.groupby("account", sort=True)
    table = documents.groupby("account", sort=True)[["platform", "author_key"]].first()
    table["posts"] = grouped.size()
    table["first_post"] = created.groupby(documents["account"]).min()
    table["last_post"] = created.groupby(documents["account"]).max()
    dated_posts = grouped["dated"].sum()
    active_days = frame.loc[dated].groupby("account")["day"].nunique().reindex(table.index, fill_value=0)
    per_hour = frame.loc[dated].groupby(["account", "hour"]).size().groupby("account").max()
    reply_share = grouped["is_reply"].mean()
    texts = grouped["comparable"].sum()
    duplicate_share = grouped["duplicated"].sum() / texts.where(texts > 0)

    # bursts, on the dated posts sorted by account and time
    nanoseconds = created.dt.tz_convert(None).to_numpy("datetime64[ns]").astype(np.int64)
    order = np.lexsort((nanoseconds, documents["account"].to_numpy()))
    order = order[dated[order]]
    seconds = nanoseconds[order] / 1e9
    in_burst = burst_flags(documents["account"].to_numpy()[order], seconds, params.burst_size, params.burst_minutes)
    burst_share = pd.Series(in_burst, index=documents["account"].to_numpy()[order]).groupby(level=0).mean()

    # account age at each post
    account_info = table[["platform", "author_key"]].merge(accounts, on=["platform", "author_key"], how="left")
    account_info.index = table.index
    account_created = pd.to_datetime(account_info["account_created_at"], utc=True)
    at_posts = account_created.reindex(documents["account"]).reset_index(drop=True)
    post_age = (created - at_posts).dt.total_seconds() / 86400
    age_days = post_age.groupby(documents["account"]).median()

    table["age_days"] = age_days.reindex(table.index).round(1)
    table["age_met"] = _met(table["age_days"] < params.young_days, table["age_days"].notna())
    table["posts_per_day"] = (dated_posts / active_days.where(active_days > 0)).round(2)
    table["max_per_hour"] = per_hour.reindex(table.index).fillna(0).astype("int64")
    table["rate_met"] = _met(table["posts_per_day"] > params.rate, table["posts_per_day"].notna())
    table["reply_share"] = reply_share.round(3)
    table["replies_met"] = _met(table["reply_share"] > params.reply_share, table["posts"] >= params.min_texts)
    names = [_name_pattern(f) for f in account_info["name_features"]]
    table["name_pattern"] = pd.array([n[0] for n in names], dtype="string")
    table["name_met"] = pd.array([n[1] for n in names], dtype="boolean")
    table["default_profile"] = pd.array(account_info["default_profile"].tolist(), dtype="boolean")
    table["default_profile_met"] = table["default_profile"].copy()
    table["duplicate_share"] = duplicate_share.round(3)
    table["duplicates_met"] = _met(table["duplicate_share"] > params.duplicate_share, texts >= params.min_texts)
    table["burst_share"] = burst_share.reindex(table.index).round(3)
    table["bursts_met"] = _met(table["burst_share"] > params.burst_share, dated_posts >= params.min_texts)

    # disabled criteria (weight 0) are not assessed
    for criterion, weight in weights.items():
        if weight == 0:
            table[f"{criterion}_met"] = pd.array([pd.NA] * len(table), dtype="boolean")
    met = pd.DataFrame({c: table[f"{c}_met"] for c in CRITERIA})
    assessed = met.notna()
    yes = met.fillna(False).astype(bool)
    w = pd.Series(weights)[list(CRITERIA)].to_numpy()
    table["criteria_met"] = yes.sum(axis=1).astype("int64")
    table["criteria_assessed"] = assessed.sum(axis=1).astype("int64")
    possible = (assessed.to_numpy() * w).sum(axis=1)
    scored = (yes.to_numpy() * w).sum(axis=1)
    table["score"] = np.where(possible > 0, scored / np.where(possible > 0, possible, 1), np.nan).round(3)
    if params.rule == "n-of-k":
        table["flagged"] = table["criteria_met"] >= params.n
    else:
        table["flagged"] = ((table["score"] >= params.threshold - 1e-12) & table["score"].notna()
                            & (table["criteria_assessed"] >= params.min_assessed))

    below = int((table["posts"] < params.min_posts).sum())
    table = table.loc[table["posts"] >= params.min_posts]
    table = table.sort_values(["score", "criteria_met", "posts", "author_key"], ascending=[False, False, False, True],
                              na_position="last", kind="stable")
    table = table.reset_index(drop=True)[list(BOT_COLUMNS)]
    table = table.astype({"platform": "string", "author_key": "string", "posts": "int64"})

    n = len(table)
    warnings: list[str] = []
    not_assessed = {}
    for criterion in CRITERIA:
        missing = int(table[f"{criterion}_met"].isna().sum())
        not_assessed[criterion] = missing
        if missing and weights[criterion] > 0:
            why = _WHY_NOT[criterion].format(min_texts=params.min_texts, min_words=params.min_words)
            warnings.append(f"{why} for {100 * missing / n:.0f}% of accounts ({missing:,} of {n:,}): the {criterion} "
                            "criterion was not assessed for them")
    if n == 0:
        warnings.append(f"no account has --min-posts {params.min_posts} or more selected documents")
    if weights["replies"] > 0 and len(documents) and bool(documents["is_reply"].all()):
        warnings.append("every selected document is a comment or reply, so the replies criterion is met by every "
                        "account it was assessed for and tells nothing apart here; leave it out with "
                        "--weights replies=0 (or select the posts too)")
    warnings.append("bot flags are heuristics computed from the criteria shown: a reason to look at an account, "
                    "not evidence that it is automated or coordinated")
    counts = {
        "documents": selected,
        "documents_without_author": selected - len(documents),
        "accounts": n,
        "accounts_below_min_posts": below,
        "flagged": int(table["flagged"].sum()),
        "near_duplicate_pairs": n_pairs,
        "not_assessed": not_assessed,
        "weights": weights,
    }
    table.attrs.update(rule=params.rule, threshold=params.threshold, n=params.n)
    return AccountScores(table, documents, counts, warnings)


def _met(condition: pd.Series, assessed: pd.Series) -> pd.array:
    """``condition`` as a nullable boolean, missing where the criterion was not assessed."""
    out = pd.array(condition.fillna(False).astype(bool).to_numpy(), dtype="boolean")
    out[~np.asarray(assessed.fillna(False), dtype=bool)] = pd.NA
    return out


class BotScores(Analysis):
    """One row per account: each criterion's value and whether it is met, the criteria counts, score, flag.

    Columns: ``platform``, ``author_key`` (pseudonymised), ``posts``, ``first_post``, ``last_post``; per
    criterion its value and ``<criterion>_met`` (true, false, or missing when not assessed): ``age_days``,
    ``posts_per_day`` and ``max_per_hour``, ``reply_share``, ``name_pattern``, ``default_profile``,
    ``duplicate_share``, ``burst_share``; then ``criteria_met``, ``criteria_assessed``, ``score`` and
    ``flagged``. Sorted by score, highest first. See the module docstring for the criteria.
    """

    name = "bot_scores"
    title = "Bot scores"
    description = (
        "An explainable bot score per account: account age at posting, posting rate, share of replies, name "
        "patterns, default profile, near-duplicate texts (MinHash) and bursts, each criterion shown with its "
        "value; flagged by a weighted score threshold or by n of k criteria met."
    )
    Params = BotScoreParams
    command_group = "social"

    def result_title(self, params: BotScoreParams) -> str:
        rule = f"{params.n} or more criteria met" if params.rule == "n-of-k" else f"score ≥ {params.threshold:g}"
        return f"Bot scores (flagged: {rule})"

    def run(self, project: Project, where: DocumentFilter, params: BotScoreParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        scores = score_accounts(project, where, params, progress)
        self.counts_ = scores.counts
        self.warnings_ = scores.warnings
        return scores.table
