"""Hashtag campaigns: volume over time, first appearance, top spreaders and co-hashtags of given hashtags.

Hashtags are read from the documents' texts (posts and comments alike) with the tokenizer's rule — ``#``
not glued to a preceding letter or digit, then letters, digits, underscores and combining marks with at
least one letter — in the tokenizer's normal form: NFC, lowercase, ё as е. So ``#Жаңаөзен`` and
``#жаңаөзен`` are one hashtag, and no token table is needed (a fresh import can be analysed at once).
``--hashtags`` is matched the same way (the ``#`` is optional); without it, the ``--top`` hashtags used in
most selected documents are followed.

One table with a ``part`` column (the report and the command line show each part as its own table):

``volume``       ``hashtag``, ``period`` (``day`` 2022-01-05 or ``week`` 2022-W01, project time zone),
                 ``start`` (its first local day), ``documents`` (documents using the hashtag), ``posts``,
                 ``comments``, ``channels``, ``authors``; every period from the campaign's first to its last,
                 empty ones with 0
``first``        per hashtag: ``first_at`` (UTC) and ``date`` (local) of the earliest document using it,
                 its ``channel``, ``external_id``, ``url`` and ``author_key``; ``documents``, ``channels``
                 and ``authors`` over the whole selection
``spreaders``    per hashtag, the ``--n`` channels and the ``--n`` authors using it in most documents:
                 ``spreader_kind`` (channel or author), ``spreader`` (handle or pseudonymised author key),
                 ``rank``, ``documents``, ``share`` (of the hashtag's documents), ``first_at``
``co_hashtags``  per hashtag, the ``--n`` hashtags most often in the same documents: ``co_hashtag``,
                 ``rank``, ``documents`` (documents with both), ``share`` (of the hashtag's documents)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from dauys.analyze.base import Analysis, param
from dauys.errors import InputError
from dauys.progress import SILENT, Progress
from dauys.social import metrics as sm
from dauys.store.filters import DocumentFilter
from dauys.text.tokenize import normalize_token

if TYPE_CHECKING:
    from dauys.project import Project

PARTS = ("volume", "first", "spreaders", "co_hashtags")
HASHTAG_COLUMNS = ("part", "hashtag", "period", "start", "documents", "posts", "comments", "channels", "authors",
                   "first_at", "date", "channel", "external_id", "url", "author_key", "spreader_kind", "spreader",
                   "rank", "co_hashtag", "share")
HASHTAG_PATTERN = r"(?:^|[^\p{L}\p{N}_#])(#[\p{L}\p{N}_\p{M}]+)"
"""RE2 (DuckDB) form of the tokenizer's hashtag rule, group 1 the hashtag; those without a letter are dropped
after (a pattern demanding the letter itself runs three times slower)."""


def _normal_sql(column: str) -> str:
    return f"replace(lower(nfc_normalize({column})), 'ё', 'е')"



@dataclass(frozen=True)
class HashtagCampaignParams:
    hashtags: str = param("", "Comma-separated hashtags, any case, # optional: '#Жаңаөзен,#Шерзатүшін' "
                          "(default: the --top most used ones).")
    period: str = param("day", "Volume per day or per ISO week (project time zone).", choices=("day", "week"))
    n: int = param(10, "How many spreaders of each kind and co-hashtags to list per hashtag.", min=1, max=10_000)
    top: int = param(5, "Without --hashtags: follow this many of the most used hashtags.", min=1, max=1000)


def parse_hashtags(text: str) -> list[str]:
    tags = []
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        tag = normalize_token("#" + item.lstrip("#"))
        if tag == "#" or not any(ch.isalpha() for ch in tag):
            raise InputError(f"--hashtags {text!r}: {item!r} is not a hashtag (it needs at least one letter)")
        if tag not in tags:
            tags.append(tag)
    return tags


def hashtag_documents(project: Project, where: DocumentFilter, tags: list[str] | None, top: int
                      ) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The selected documents using a followed hashtag and their hashtags, and the hashtags followed.

    Returns ``docs`` (id, channel, author_key, created_at, external_id, url, is_comment; one row per document),
    ``uses`` (id, hashtag: every distinct hashtag of those documents) and the hashtags followed (``tags``, or
    the ``top`` most used when ``tags`` is empty).
    """
    condition, params = where.sql("d")
    # a cheap test first (the text holds a # and, for given hashtags, one of them as a substring), then the rule
    prefilter = "strpos(d.text, '#') > 0"
    if tags:
        prefilter += " AND (" + " OR ".join(f"contains({_normal_sql('d.text')}, ?)" for _ in tags) + ")"
    base = f"""WITH uses AS MATERIALIZED (
            SELECT d.id, unnest(list_filter(list_distinct(regexp_extract_all({_normal_sql('d.text')}, ?, 1)),
                                            lambda tag: regexp_matches(tag, '\\p{{L}}'))) AS hashtag
            FROM documents d WHERE {condition} AND {prefilter})"""
    values = [HASHTAG_PATTERN, *params, *(tags or [])]
    with project.store.read() as con:
        if not tags:
            tags = [r[0] for r in con.execute(
                f"{base} SELECT hashtag, count(*) AS n FROM uses GROUP BY hashtag ORDER BY n DESC, hashtag "
                f"LIMIT {int(top)}", values).fetchall()]
        if not tags:
            return (pd.DataFrame(columns=["id", "channel", "author_key", "created_at", "external_id", "url",
                                          "is_comment"]), pd.DataFrame(columns=["id", "hashtag"]), [])
        frame = con.execute(
            f"""{base}, followed AS (SELECT id FROM uses WHERE list_contains(?::VARCHAR[], hashtag) GROUP BY id)
                SELECT u.id, u.hashtag, coalesce(c.handle, '(none)') AS channel, d.author_key, d.created_at,
                       d.external_id, d.url, (d.parent_id IS NOT NULL OR d.parent_external_id IS NOT NULL) AS is_comment
                FROM uses u JOIN followed f ON f.id = u.id JOIN documents d ON d.id = u.id
                LEFT JOIN channels c ON c.id = d.channel_id
                ORDER BY d.created_at, d.id, u.hashtag""",
            [*values, tags],
        ).df()
    uses = frame[["id", "hashtag"]].reset_index(drop=True)
    docs = frame.drop(columns="hashtag").drop_duplicates("id").reset_index(drop=True)
    docs["created_at"] = pd.to_datetime(docs["created_at"], utc=True)
    return docs, uses, tags


def campaign_table(docs: pd.DataFrame, uses: pd.DataFrame, tags: list[str], period: str, n: int, tz: str
                   ) -> pd.DataFrame:
    """The four parts (see the module) from :func:`hashtag_documents`'s ``docs``, ``uses`` and ``tags``."""
    parts = []
    followed = uses[uses["hashtag"].isin(tags)].merge(docs, on="id", how="inner")
    dated = followed[followed["created_at"].notna()].copy()
    # volume, every period from the first to the last
    sm.label_periods(dated, period, tz)
    if len(dated):
        all_starts = pd.Series(pd.period_range(dated["start"].min(), dated["start"].max(),
                                               freq="D" if period == "day" else "W-SUN").start_time)
        for tag in tags:
            rows = dated[dated["hashtag"] == tag]
            grouped = rows.groupby("start")
            comments = grouped["is_comment"].sum()
            volume = pd.DataFrame({
                "documents": grouped.size(), "posts": grouped.size() - comments, "comments": comments,
                "channels": grouped["channel"].nunique(),
                "authors": grouped["author_key"].nunique(),
            }).reindex(all_starts, fill_value=0).rename_axis("start").reset_index()
            volume["period"] = volume["start"].map(lambda s: sm.period_label(s, period))
            volume["hashtag"] = tag
            volume["part"] = "volume"
            volume["start"] = volume["start"].dt.date
            parts.append(volume)
    for tag in tags:
        rows = followed[followed["hashtag"] == tag]
        if rows.empty:
            continue
        first = rows.sort_values(["created_at", "id"], kind="stable", na_position="last").iloc[0]
        parts.append(pd.DataFrame([{
            "part": "first", "hashtag": tag, "first_at": first["created_at"],
            "date": sm.local_times(pd.Series([first["created_at"]]), tz).dt.date.iloc[0]
            if pd.notna(first["created_at"]) else None,
            "channel": first["channel"], "external_id": first["external_id"], "url": first["url"],
            "author_key": first["author_key"], "documents": len(rows), "channels": rows["channel"].nunique(),
            "authors": rows["author_key"].nunique(),
        }]))
        for kind, column in (("channel", "channel"), ("author", "author_key")):
            spread = rows[rows[column].notna()].groupby(column).agg(documents=("id", "size"),
                                                                    first_at=("created_at", "min"))
            spread = spread.reset_index().sort_values(["documents", "first_at", column],
                                                      ascending=[False, True, True], kind="stable").head(n)
            spread = spread.rename(columns={column: "spreader"})
            spread["rank"] = range(1, len(spread) + 1)
            spread["share"] = spread["documents"] / len(rows)
            spread["spreader_kind"] = kind
            spread["hashtag"] = tag
            spread["part"] = "spreaders"
            parts.append(spread)
        with_tag = set(rows["id"])
        co = uses[uses["id"].isin(with_tag) & (uses["hashtag"] != tag)]
        co = co.groupby("hashtag").size().rename("documents").reset_index()
        co = co.sort_values(["documents", "hashtag"], ascending=[False, True], kind="stable").head(n)
        co = co.rename(columns={"hashtag": "co_hashtag"})
        co["rank"] = range(1, len(co) + 1)
        co["share"] = co["documents"] / len(rows)
        co["hashtag"] = tag
        co["part"] = "co_hashtags"
        parts.append(co)
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in HASHTAG_COLUMNS})
    table = pd.concat(parts, ignore_index=True).reindex(columns=list(HASHTAG_COLUMNS))
    for column in ("documents", "posts", "comments", "channels", "authors", "rank"):
        table[column] = table[column].astype("Int64")
    table["first_at"] = pd.to_datetime(table["first_at"], utc=True)
    table["share"] = table["share"].astype(float)
    return table


class HashtagCampaign(Analysis):
    name = "hashtag_campaign"
    title = "Hashtag campaign"
    description = (
        "For given hashtags (any case; or the most used ones): documents per day or week, first appearance "
        "(date, channel, post), top spreaders (channels and pseudonymised authors) and co-hashtags, in one table "
        "with a part column."
    )
    Params = HashtagCampaignParams
    command_group = "social"

    def result_title(self, params: HashtagCampaignParams) -> str:
        tags = parse_hashtags(params.hashtags)
        return f"{self.title}: {', '.join(tags)}" if tags else f"{self.title}: top {params.top} hashtags"

    def run(self, project: Project, where: DocumentFilter, params: HashtagCampaignParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        wanted = parse_hashtags(params.hashtags)
        docs, uses, tags = hashtag_documents(project, where, wanted, params.top)
        if not tags:
            raise InputError("the selected documents use no hashtags at all")
        used = set(uses["hashtag"])
        unused = [t for t in tags if t not in used]
        if unused:
            self.warnings_.append(f"no selected document uses {', '.join(unused)}")
        self.counts_ = {"documents": len(docs), "hashtags": len(tags)}
        self.resources_ = {"hashtag_rule": "tokenizer hashtags, NFC, lowercase, ё as е"}
        return campaign_table(docs, uses, tags, params.period, params.n, project.tz)
