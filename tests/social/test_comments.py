"""Comment threads, commenters, comment timing and the posts/comments filter (--kind, --parent) on every analysis."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import social_data

from dauys.analyze import run_analysis
from dauys.errors import InputError
from dauys.store.filters import DocumentFilter


@pytest.fixture
def social(project):
    return social_data.build(project)


def ids(project, where: DocumentFilter) -> set[str]:
    condition, params = where.sql("d")
    with project.store.read() as con:
        rows = con.execute(f"SELECT d.external_id FROM documents d WHERE {condition}", params).fetchall()
    return {r[0] for r in rows}


# --- the filter ---------------------------------------------------------------------------------------
def test_kind_and_parent_select_posts_comments_and_whole_threads(social):
    assert ids(social, DocumentFilter(kind="posts")) == {"jo/1", "jo/2", "jo/3", "an/1", "an/2"}
    assert ids(social, DocumentFilter(kind="comments")) == {"jo/1/c1", "jo/1/r1", "jo/1/r2", "jo/1/c2", "jo/2/c3",
                                                             "gone/1/o1"}
    # replies at any depth, not the post itself, not other threads
    assert ids(social, DocumentFilter(parent=("jo/1",))) == {"jo/1/c1", "jo/1/r1", "jo/1/r2", "jo/1/c2"}
    assert ids(social, DocumentFilter(parent=("jo/1/c1",))) == {"jo/1/r1", "jo/1/r2"}
    assert ids(social, DocumentFilter(parent=("jo/1", "jo/2"), since=pd.Timestamp("2022-01-04").date())) == {
        "jo/1/r2", "jo/2/c3"}
    # a post that was never imported: its comments still answer to its id
    assert ids(social, DocumentFilter(parent=("gone/1",))) == {"gone/1/o1"}
    assert ids(social, DocumentFilter(parent=("nobody",))) == set()


def test_filter_describes_itself_and_refuses_bad_values():
    where = DocumentFilter(kind="comments", parent=("jo/1",))
    assert where.describe() == {"kind": "comments", "parent": ["jo/1"]}
    assert DocumentFilter().describe() == {}
    with pytest.raises(InputError, match="--kind 'replies': expected one of all, posts, comments"):
        DocumentFilter(kind="replies")
    with pytest.raises(InputError, match="--kind posts with --parent"):
        DocumentFilter(kind="posts", parent=("jo/1",))
    with pytest.raises(InputError, match="--parent ''"):
        DocumentFilter(parent=(" ",))


def test_a_content_analysis_runs_on_the_comments_of_one_post(social):
    saved = run_analysis(social, "top_terms", {"kind": "hashtags"}, DocumentFilter(parent=("jo/1",)))
    assert dict(zip(saved.frame()["term"], saved.frame()["count"], strict=True)) == {"#жаңаөзен": 1, "#шерзатүшін": 1}
    assert saved.params["filter"] == {"parent": ["jo/1"]}
    posts = run_analysis(social, "top_terms", {"kind": "hashtags"}, DocumentFilter(kind="posts")).frame()
    assert dict(zip(posts["term"], posts["count"], strict=True)) == {
        "#жаңаөзен": 2, "#қантар": 2, "#алматы": 1, "#шерзатүшін": 1}


# --- comment_threads -------------------------------------------------------------------------------
def test_comment_threads(social):
    saved = run_analysis(social, "comment_threads")
    table = saved.frame().set_index("external_id")
    assert table.index.tolist() == ["jo/1", "jo/2", "gone/1"]
    jo1 = table.loc["jo/1"]
    assert (jo1["total"], jo1["comments"], jo1["replies"], jo1["commenters"], jo1["max_depth"]) == (4, 2, 2, 3, 3)
    assert jo1["reply_share"] == 0.5 and jo1["in_store"] and jo1["url"] == "https://t.me/jo/1"
    assert jo1["channel"] == "jana_ozen" and jo1["title"].startswith("Жаңаөзен")
    assert not table.loc["gone/1", "in_store"] and table.loc["gone/1", "channel"] == "jana_ozen"
    assert any("not in the store" in w for w in saved.warnings)
    one = run_analysis(social, "comment_threads", {}, DocumentFilter(parent=("jo/1",))).frame()
    assert one["external_id"].tolist() == ["jo/1"] and one["total"].tolist() == [4]
    top = run_analysis(social, "comment_threads", {"n": 1}).frame()
    assert top["external_id"].tolist() == ["jo/1"]


# --- top_commenters --------------------------------------------------------------------------------
def test_top_commenters_show_pseudonyms_only(social):
    table = run_analysis(social, "top_commenters").frame()
    assert table["comments"].tolist() == [3, 2, 1] and table["rank"].tolist() == [1, 2, 3]
    assert table["share"].tolist() == pytest.approx([3 / 6, 2 / 6, 1 / 6])
    assert table["posts"].tolist() == [3, 1, 1]  # ayan: jo/1, jo/2 and the missing gone/1
    assert table["replies"].tolist() == [0, 1, 1]
    assert table["author_key"].str.startswith("u_").all()
    flat = table.astype(str).to_string()
    assert "ayan" not in flat and "bota" not in flat and "dana" not in flat
    assert set(table.columns) == {"rank", "author_key", "comments", "replies", "posts", "channels", "share",
                                  "first_at", "last_at"}


# --- comment_timing --------------------------------------------------------------------------------
def test_comment_timing_pooled_and_per_post(social):
    saved = run_analysis(social, "comment_timing", {"hours": 4})
    table = saved.frame()
    # delays in hours: c3 0.5, c1 1, c2 2.5, r1 3, r2 30 (gone/1 has no post to time it from)
    assert table["comments"].tolist() == [1, 1, 1, 1]
    assert table["cumulative_share"].tolist() == pytest.approx([0.2, 0.4, 0.6, 0.8])
    assert table["comments_total"].unique().tolist() == [5] and table["posts"].unique().tolist() == [2]
    assert table["median_delay_hours"].unique().tolist() == [2.5]
    assert any("1 comment(s) left out" in w for w in saved.warnings)
    per_post = run_analysis(social, "comment_timing", {"by": "post", "hours": 48, "bin_hours": 24}).frame()
    assert per_post["group"].tolist() == ["jo/1", "jo/1", "jo/2", "jo/2"]
    assert per_post["comments"].tolist() == [3, 1, 1, 0]
    assert per_post["cumulative_share"].tolist() == pytest.approx([0.75, 1.0, 1.0, 1.0])
    channels = run_analysis(social, "comment_timing", {"by": "channel", "hours": 1}).frame()
    assert channels["group"].tolist() == ["jana_ozen"] and channels["comments"].tolist() == [1]


# --- hashtag_campaign ------------------------------------------------------------------------------
def test_hashtag_campaign_parts(social):
    saved = run_analysis(social, "hashtag_campaign", {"hashtags": "#Жаңаөзен, ШерзатҮшін"})
    table = saved.frame()
    assert saved.title == "Hashtag campaign: #жаңаөзен, #шерзатүшін"
    assert list(dict.fromkeys(table["part"])) == ["volume", "first", "spreaders", "co_hashtags"]
    volume = table[(table["part"] == "volume") & (table["hashtag"] == "#жаңаөзен")]
    # jo/1 and c1 on 3 January, jo/2 and c3 on 5 January (Almaty); "Жаңаөзенде" without # is no hashtag
    assert volume[["period", "documents", "posts", "comments"]].values.tolist() == [
        ["2022-01-03", 2, 1, 1], ["2022-01-04", 0, 0, 0], ["2022-01-05", 2, 1, 1]]
    first = table[table["part"] == "first"].set_index("hashtag")
    assert first.loc["#жаңаөзен", "external_id"] == "jo/1" and first.loc["#жаңаөзен", "channel"] == "jana_ozen"
    assert first.loc["#жаңаөзен", "url"] == "https://t.me/jo/1" and first.loc["#жаңаөзен", "documents"] == 4
    assert first.loc["#шерзатүшін", "external_id"] == "jo/1/r2"  # a reply used it before the post jo/2
    spreaders = table[(table["part"] == "spreaders") & (table["hashtag"] == "#жаңаөзен")]
    assert spreaders[spreaders["spreader_kind"] == "channel"][["spreader", "documents"]].values.tolist() == [
        ["jana_ozen", 4]]
    authors = spreaders[spreaders["spreader_kind"] == "author"]
    assert authors["documents"].tolist() == [2, 2] and authors["spreader"].str.startswith("u_").all()
    co = table[(table["part"] == "co_hashtags") & (table["hashtag"] == "#жаңаөзен")]
    assert co[["co_hashtag", "documents"]].values.tolist() == [["#шерзатүшін", 1], ["#қантар", 1]]
    assert co["share"].tolist() == [0.25, 0.25]


def test_hashtag_campaign_default_weekly_and_bad_input(social):
    # the most used: #жаңаөзен in 4 documents, then #шерзатүшін and #қантар in 2 (ties by code point: ш < қ)
    top = run_analysis(social, "hashtag_campaign", {"top": 2}).frame()
    assert list(dict.fromkeys(top["hashtag"])) == ["#жаңаөзен", "#шерзатүшін"]
    saved = run_analysis(social, "hashtag_campaign", {"period": "week", "hashtags": "жаңаөзен,#ҚАНТАР"})
    volume = saved.frame()[lambda t: t["part"] == "volume"]
    assert volume[volume["hashtag"] == "#жаңаөзен"][["period", "documents"]].values.tolist() == [
        ["2022-W01", 4], ["2022-W02", 0]]  # every week of the campaign, the empty ones too
    assert volume[volume["hashtag"] == "#қантар"]["period"].tolist() == ["2022-W01", "2022-W02"]
    unused = run_analysis(social, "hashtag_campaign", {"hashtags": "#жоқ"})
    assert unused.frame().empty and unused.warnings == ("no selected document uses #жоқ",)
    with pytest.raises(InputError, match="'#123' is not a hashtag"):
        run_analysis(social, "hashtag_campaign", {"hashtags": "#123"})
    with pytest.raises(InputError, match="use no hashtags"):
        run_analysis(social, "hashtag_campaign", {}, DocumentFilter(parent=("jo/2",), until=date(2022, 1, 1)))
