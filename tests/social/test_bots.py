"""Accounts on import, bot scores and flagged engagement, on a project with planted bots and ordinary users."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from scipy.stats import mannwhitneyu

from dauys.analyze.base import run_analysis
from dauys.errors import InputError
from dauys.ingest.mapping import parse_mapping
from dauys.ingest.writer import SourceInfo, name_features, write_documents
from dauys.provenance import Run
from dauys.social.bot_scores import burst_flags, parse_weights
from dauys.store.filters import DocumentFilter

START = datetime(2022, 1, 4, 9, 0, tzinfo=UTC)
WORDS = (
    "газ баға жол мектеп әкімдік тұрғындар саябақ жастар жұмыс ауыл қала көлік су жарық "
    "цены дорога школа акимат жители парк молодежь работа село город транспорт вода свет "
    "бүгін ертең кеше жаңа ескі үлкен кіші сегодня завтра вчера новый старый большой малый"
).split()
ORDINARY_NAMES = [
    "Айгерім Сәрсенова", "Иван Петров", "Дана Нұрланқызы", "Ерлан Жақсыбеков", "Мария Ким", "Бауыржан Оспанов",
    "Асель Токтарова", "Олег Смирнов", "Гүлнар Әбдірахманова", "Тимур Ахметов", "Жанна Серікқызы", "Павел Ли",
]
BOT_NAMES = ["aigerim84729301", "nurlan55102934", "xkqzvbtrw", "user-q7x2k9p4", "dana90318827", "serik12093847"]
CAMPAIGN = (
    "Жаңаөзендегі оқиғалар туралы жалған ақпарат таратпаңыздар, бәрі тыныш, билік бәрін бақылауда ұстап отыр",
    "Не верьте провокаторам, в Жанаозене всё спокойно, власти контролируют ситуацию и всё под контролем",
)


def _ordinary_text(rng: np.random.Generator) -> str:
    return " ".join(rng.choice(WORDS, size=int(rng.integers(8, 14))))


def planted_frame(seed: int = 5) -> tuple[pd.DataFrame, set[str], set[str]]:
    """Posts of 12 ordinary users (old accounts, own texts, days apart) and comments of 6 planted bots
    (accounts a week old, default profiles, digit or random names, the campaign texts pasted within minutes)."""
    rng = np.random.default_rng(seed)
    rows = []
    for u, name in enumerate(ORDINARY_NAMES):
        for k in range(int(rng.integers(3, 7))):
            rows.append({
                "external_id": f"o{u}-{k}", "author": name, "channel": "qazaq_news",
                "created_at": START - timedelta(days=40) + timedelta(days=int(rng.integers(0, 60)), hours=u),
                "text": _ordinary_text(rng), "parent_external_id": "post0" if k % 3 == 2 else None,
                "author.created_at": datetime(2016 + u % 5, 3, 1, tzinfo=UTC) if u != 11 else None,
                "author.default_profile": False if u != 11 else None,
                "author.followers": float(100 + 10 * u), "metric.likes": float(10 + u),
            })
    for b, name in enumerate(BOT_NAMES):
        for k in range(6):
            text = CAMPAIGN[k % 2] + ("!" * (k // 2)) + (" 🇰🇿" if b % 2 else "") + (" шынымен" if b == 5 else "")
            rows.append({
                "external_id": f"b{b}-{k}", "author": name, "channel": "qazaq_news",
                "created_at": START + timedelta(minutes=2 * k + b // 2), "text": text, "parent_external_id": "post0",
                "author.created_at": START - timedelta(days=6 + b), "author.default_profile": True,
                "author.followers": float(b), "metric.likes": float(b % 3),
            })
    rows.append({"external_id": "post0", "author": "qazaq_news", "channel": "qazaq_news",
                 "created_at": START - timedelta(days=41), "text": "Жаңаөзендегі жағдай туралы жаңалықтар",
                 "author.created_at": datetime(2012, 1, 1, tzinfo=UTC), "author.default_profile": "жоқ"})
    frame = pd.DataFrame(rows)
    frame.insert(0, "row", np.arange(len(frame)) + 2)
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    frame["author.created_at"] = pd.to_datetime(frame["author.created_at"], utc=True)
    return frame, set(BOT_NAMES), set(ORDINARY_NAMES)


def write(project, frame, *, observed_at=None, keep_authors=False, platform="telegram"):
    return write_documents(
        project, Run("import.table", {"file": "comments.csv"}), SourceInfo("table", "/data/comments.csv", {}), frame,
        corpus="comments", platform=platform, keep_authors=keep_authors, observed_at=observed_at,
    )


@pytest.fixture
def planted(project):
    frame, bots, ordinary = planted_frame()
    write(project, frame, keep_authors=True)  # raw names as keys, so the test can tell who is who
    return project, bots, ordinary


# --- accounts on import ----------------------------------------------------------------------------
def test_name_features_are_patterns_only():
    features = [json.loads(f) for f in name_features(["aigerim84729301", "Айгерім Сәрсенова", "@xkqzvbtr",
                                                      "user-q7x2k9p4", "Ivan Петров 🙂", "aigerim1990"])]
    assert features[0] == {"length": 15, "digits": 8, "trailing_digits": 8, "digit_share": 0.533,
                           "name_digits": True, "random_looking": False, "default_handle": False,
                           "script": "latin", "emoji": 0}
    assert features[1]["script"] == "cyrillic" and not any(features[1][k] for k in ("name_digits", "random_looking"))
    assert features[2]["random_looking"] and features[2]["length"] == 8  # the @ is not counted
    assert features[3]["default_handle"]
    assert features[4]["script"] == "mixed" and features[4]["emoji"] == 1
    assert not features[5]["name_digits"]  # a birth year is not a bot pattern
    assert name_features([None, "  "]).tolist() == [None, None]


def test_writer_stores_accounts_and_never_the_names(project):
    frame, bots, ordinary = planted_frame()
    frame["author.handle"] = frame["author"].map(lambda a: "@" + a.replace(" ", "_") + "_kz")
    result = write(project, frame)
    assert result.accounts == len(bots) + len(ordinary) + 1 == result.new_accounts
    with project.store.read() as con:
        rows = con.execute("SELECT author_key, created_at, default_profile, followers, name_features FROM accounts "
                           "ORDER BY author_key").df()
        keys = set(con.execute("SELECT DISTINCT author_key FROM documents").df()["author_key"])
    assert set(rows["author_key"]) == keys and all(k.startswith("u_") for k in keys)
    features = [json.loads(f) for f in rows["name_features"]]
    assert sum(f["name"]["name_digits"] for f in features) == 4 and all(f["handle"] for f in features)
    assert rows["default_profile"].sum() == len(bots) and rows["default_profile"].isna().sum() == 1
    assert set(rows["followers"].dropna()) >= {0.0, 5.0, 100.0}
    data = b"".join(p.read_bytes() for p in project.path.glob("dauys.duckdb*"))
    # the search can see stored strings: texts and pseudonyms are there as bytes
    assert CAMPAIGN[0].encode("utf-8") in data and rows["author_key"].iloc[0].encode() in data
    for name in ["aigerim84729301", "xkqzvbtrw", "Айгерім Сәрсенова", "Иван Петров", "Ерлан_Жақсыбеков_kz"]:
        assert name.encode("utf-8") not in data, name


def test_reimport_updates_observed_at_and_keeps_creation_dates(project):
    frame, _, _ = planted_frame()
    first_seen = datetime(2022, 1, 10, tzinfo=UTC)
    write(project, frame, observed_at=first_seen)
    later = frame.drop(columns=["author.created_at"]).assign(**{"author.followers": 999.0})
    write(project, later, observed_at=first_seen + timedelta(days=30))
    older = frame.drop(columns=["author.created_at"]).assign(**{"author.followers": 1.0})
    write(project, older, observed_at=first_seen - timedelta(days=30))  # an older export read later
    with project.store.read() as con:
        accounts = con.execute("SELECT observed_at, created_at, followers, source_id FROM accounts").df()
        sources = con.execute("SELECT id FROM sources ORDER BY id").df()["id"].tolist()
    assert (pd.to_datetime(accounts["observed_at"], utc=True) == first_seen + timedelta(days=30)).all()
    assert accounts["created_at"].notna().sum() == len(accounts) - 1  # one ordinary user never gave a date
    assert set(accounts["followers"]) == {999.0} and set(accounts["source_id"]) == {sources[1]}


def test_account_columns_as_text_and_map_keys(project):
    assert parse_mapping("text=t,author=a,author.created_at=reg,author.default_profile=def,author.handle=h") == {
        "text": "t", "author": "a", "author.created_at": "reg", "author.default_profile": "def", "author.handle": "h"}
    with pytest.raises(InputError, match="account fields are author.created_at"):
        parse_mapping("text=t,author.registered=reg")
    frame = pd.DataFrame({"row": [2, 3, 4], "text": ["бір", "екі", "үш"],
                          "author": ["user5678", "Дана", "UC" + "x" * 22],
                          "author.created_at": ["2021-03-05", "05.03.2021 10:00", "not a date"],
                          "author.default_profile": ["иә", "нет", "maybe"], "author.followers": ["12", "x", None],
                          "author.name": [None, None, "Dana 🙂"]})
    write(project, frame)
    with project.store.read() as con:
        rows = con.execute("SELECT created_at, default_profile, followers, name_features FROM accounts "
                           "ORDER BY created_at NULLS LAST").df()
    assert rows["created_at"].notna().sum() == 2 and rows["default_profile"].tolist()[:2] == [True, False]
    assert pd.isna(rows["default_profile"].iloc[2]) and rows["followers"].notna().sum() == 1
    features = {json.dumps(json.loads(f)["name"]) for f in rows["name_features"]}
    assert "null" in features  # user5678 is Telegram's id, not a name: no name patterns read from it
    assert any('"emoji": 1' in f for f in features)  # author.name stands in for the YouTube channel id


# --- bot scores ------------------------------------------------------------------------------------
def test_planted_bots_are_flagged_and_ordinary_users_are_not(planted):
    project, bots, ordinary = planted
    saved = run_analysis(project, "bot_scores", {"min_posts": 2})
    table = saved.frame().set_index("author_key")
    assert set(table.index[table["flagged"]]) == bots
    bot_rows = table.loc[sorted(bots)]
    for criterion in ("age", "replies", "name", "default_profile", "duplicates", "bursts"):
        assert bot_rows[f"{criterion}_met"].all(), criterion
    assert not bot_rows["rate_met"].any() and (bot_rows["criteria_assessed"] == 7).all()
    assert (bot_rows["score"] == round(6 / 7, 3)).all() and (bot_rows["duplicate_share"] == 1.0).all()
    assert (bot_rows["age_days"] < 12).all() and (bot_rows["burst_share"] == 1.0).all()
    people = table.loc[sorted(ordinary)]
    assert (people["criteria_met"] == 0).all() and (people["score"] == 0).all()
    # the user without a creation date or profile flag: those criteria are not assessed, not "not met"
    unknown = table.loc["Павел Ли"]
    assert pd.isna(unknown["age_met"]) and pd.isna(unknown["default_profile_met"]) and unknown["criteria_assessed"] == 5
    assert "qazaq_news" not in table.index  # one post, under --min-posts 2
    assert any("account creation dates unknown" in w and "the age criterion was not assessed" in w
               for w in saved.warnings)
    assert table.columns.tolist()[-4:] == ["criteria_met", "criteria_assessed", "score", "flagged"]


def test_n_of_k_rule_and_weights(planted):
    project, bots, _ = planted
    six = run_analysis(project, "bot_scores", {"rule": "n-of-k", "n": 6}).frame()
    assert set(six.loc[six["flagged"], "author_key"]) == bots
    seven = run_analysis(project, "bot_scores", {"rule": "n-of-k", "n": 7}).frame()
    assert not seven["flagged"].any()
    # an account judged on few criteria is not flagged by its score alone
    few = run_analysis(project, "bot_scores", {"min_assessed": 8}).frame()
    assert not few["flagged"].any() and few["score"].max() == round(6 / 7, 3)
    # without the criteria that the bots meet, the score cannot reach the threshold
    off = run_analysis(project, "bot_scores", {"weights": "age=0,name=0,default_profile=0,duplicates=0,bursts=0"})
    frame = off.frame().set_index("author_key")
    assert frame.loc[sorted(bots), "age_met"].isna().all() and (frame.loc[sorted(bots), "score"] == 0.5).all()
    assert parse_weights("age=2, duplicates=0")["age"] == 2.0
    for bad, message in (("speed=2", "not a criterion"), ("age", "not CRITERION=WEIGHT"), ("age=-1", "0 or more")):
        with pytest.raises(InputError, match=message):
            parse_weights(bad)


def test_bursts_need_enough_posts_close_together():
    minutes = np.array([0, 1, 2, 3, 4, 60, 200, 201, 202, 203, 300.0]) * 60
    keys = np.array([0] * 6 + [1] * 5)
    flags = burst_flags(keys, minutes, size=5, minutes=10)
    assert flags.tolist() == [True] * 5 + [False] + [False] * 4 + [False]
    assert burst_flags(np.zeros(5, int), np.arange(5) * 60.0, 5, 10).all()


# --- flagged engagement ----------------------------------------------------------------------------
def test_flagged_engagement_on_known_numbers(planted):
    project, bots, ordinary = planted
    saved = run_analysis(project, "flagged_engagement", {"min_posts": 2})
    likes = saved.frame().set_index("metric").loc["likes"]
    frame, _, _ = planted_frame()
    flagged = frame.loc[frame["author"].isin(bots), "metric.likes"].to_numpy()
    others = frame.loc[frame["author"].isin(ordinary), "metric.likes"].to_numpy()
    assert likes["n_flagged"] == len(flagged) == 36 and likes["n_unflagged"] == len(others)
    assert likes["mean_flagged"] == pytest.approx(flagged.mean()) and likes["median_unflagged"] == np.median(others)
    assert likes["difference_mean"] == pytest.approx(flagged.mean() - others.mean())
    assert likes["p_value"] == pytest.approx(mannwhitneyu(flagged, others, alternative="two-sided").pvalue)
    replies = saved.frame().set_index("metric").loc["replies_received"]
    assert replies["mean_flagged"] == 0 and replies["n_flagged"] == 36
    assert any("heuristic" in w for w in saved.warnings)
    per_account = run_analysis(project, "flagged_engagement", {"min_posts": 2, "unit": "accounts"}).frame()
    assert per_account.set_index("metric").loc["likes", "n_flagged"] == len(bots)


def test_a_comments_only_selection_warns_that_the_replies_criterion_tells_nothing(planted):
    # review R1: under comments only, every account met "replies" and nothing said so
    project, _, _ = planted
    comments = DocumentFilter(kind="comments", tz=project.tz)
    warning = "every selected document is a comment or reply, so the replies criterion is met by every account"
    saved = run_analysis(project, "bot_scores", {"min_posts": 2}, comments)
    assert any(w.startswith(warning) for w in saved.warnings)
    assert saved.frame()["replies_met"].dropna().all()
    assert not any(w.startswith(warning) for w in run_analysis(project, "bot_scores", {"min_posts": 2}).warnings)
    quiet = run_analysis(project, "bot_scores", {"min_posts": 2, "weights": "replies=0"}, comments)
    assert not any(w.startswith(warning) for w in quiet.warnings)
