"""Near-duplicates (MinHash LSH), coordinated groups, their network, and the report's views of all four results."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from dauys.analyze.base import run_analysis
from dauys.errors import InputError
from dauys.ingest.writer import SourceInfo, write_documents
from dauys.provenance import Run
from dauys.report.charts import chart_for
from dauys.report.html import write_report
from dauys.report.png import save_chart_png
from dauys.social.coordination import coordination_network
from dauys.social.near_duplicates import candidate_pairs, minhash, near_duplicate_pairs, shingle_sets

T0 = datetime(2022, 1, 5, 14, 0, tzinfo=UTC)
SLOGAN_KK = "Газ бағасын түсіріңдер, халық шыдамайды, Жаңаөзен бәрімізге үлгі болсын деп жазамыз"
SLOGAN_RU = "Снизьте цены на газ, народ больше не выдержит, поддержим Жанаозен все вместе сегодня"
QUOTE = "Абай айтқандай, адам болам десең, бір жақсыны көрсең, ғибрат алып, оны ізде"


def _rows():
    rows = []
    # a campaign: five accounts paste the Kazakh slogan (small edits) within 20 minutes, three the Russian one
    for i in range(5):
        rows.append((f"kk{i}", f"campaign{i}", T0 + timedelta(minutes=4 * i), SLOGAN_KK + " !" * i, "qazaq_news"))
    for i in range(3):
        rows.append((f"ru{i}", f"campaign{i}", T0 + timedelta(minutes=30 + i), SLOGAN_RU + " 👍" * i, "vlast_kz"))
    # ordinary people quote Abai, days apart; and write on the same topic in their own words the same hour
    for i in range(4):
        rows.append((f"q{i}", f"reader{i}", T0 - timedelta(days=3 * i + 1), QUOTE, "qazaq_news"))
    own = ["Газ бағасы өсті, ауылда жағдай қиын, әкімдік үндемейді",
           "Цены на газ в Мангистау снова выросли, люди вышли на площадь",
           "Жаңаөзенде адамдар алаңға шықты, газ бағасы туралы айтып жатыр",
           "В Жанаозене митинг из-за цен на газ, акимат пока молчит"]
    for i, text in enumerate(own):
        rows.append((f"o{i}", f"local{i}", T0 + timedelta(minutes=5 * i), text, "qazaq_news"))
    frame = pd.DataFrame(rows, columns=["external_id", "author", "created_at", "text", "channel"])
    frame.insert(0, "row", np.arange(len(frame)) + 2)
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    frame["metric.likes"] = np.arange(len(frame), dtype=float)
    return frame


@pytest.fixture
def campaign(project):
    write_documents(project, Run("import.table", {}), SourceInfo("table", "/data/c.csv", {}), _rows(),
                    corpus="comments", platform="telegram", keep_authors=True)
    return project


def test_near_duplicates_are_verified_and_short_texts_left_out():
    texts = [SLOGAN_KK, SLOGAN_KK + " !!!", SLOGAN_KK.replace("бәрімізге", "барлығымызға"), SLOGAN_RU, "Жақсы!",
             "Жақсы!", "", None]
    pairs = near_duplicate_pairs(texts, 0.8)
    found = {(i, j) for i, j in zip(pairs["i"], pairs["j"], strict=True)}
    assert (0, 1) in found and not any(4 in p or 3 in p for p in found)  # short replies are not compared
    # one word changed: three of the 3-shingles differ, below 0.8; at 0.5 the pair is found, its Jaccard exact
    low = near_duplicate_pairs(texts, 0.5).set_index(["i", "j"])["jaccard"]
    sets = shingle_sets([SLOGAN_KK, texts[2]]).matrix.toarray().astype(bool)
    assert low[(0, 2)] == pytest.approx((sets[0] & sets[1]).sum() / (sets[0] | sets[1]).sum())
    assert (0, 2) not in found
    chars = near_duplicate_pairs([SLOGAN_KK, SLOGAN_KK.replace("Газ", "Газдың")], 0.8, kind="chars")
    assert len(chars) == 1
    with pytest.raises(InputError, match="--similarity"):
        near_duplicate_pairs(texts, 0)


def test_lsh_finds_similar_pairs_among_many_unrelated_texts():
    rng = np.random.default_rng(3)
    vocab = np.array([f"сөз{i}" for i in range(3000)], dtype=object)
    texts = [" ".join(rng.choice(vocab, 20)) for _ in range(3000)]
    planted = [(i, i + 1500) for i in range(0, 100, 10)]
    for i, j in planted:
        words = texts[i].split()
        words[-1] = "өзгерді"  # one word of 20 changed: Jaccard 17/19
        texts[j] = " ".join(words)
    pairs = near_duplicate_pairs(texts, 0.8)
    assert {(i, j) for i, j in zip(pairs["i"], pairs["j"], strict=True)} == set(planted)
    signature = minhash(shingle_sets(texts))
    assert signature.shape == (3000, 64) and len(candidate_pairs(signature)) < 500  # few unrelated candidates


def test_coordination_finds_the_campaign_not_quotes_days_apart(campaign):
    saved = run_analysis(campaign, "coordination", {"window_minutes": 60, "min_accounts": 3})
    groups = saved.frame()
    assert groups["accounts"].tolist() == [5, 3] and groups["group_id"].tolist() == [1, 2]
    first = groups.iloc[0]
    assert first["account_keys"] == ", ".join(f"campaign{i}" for i in range(5))
    assert first["span_minutes"] == 16.0 and first["sample_text"] == SLOGAN_KK[:200]
    assert groups.iloc[1]["channels"] == "vlast_kz"
    assert not groups["sample_text"].str.contains("Абай").any()  # the same quote, but days apart
    # with a window of a week the readers' quote becomes a group of its own
    wide = run_analysis(campaign, "coordination", {"window_minutes": 7 * 24 * 60}).frame()
    assert wide["sample_text"].str.startswith("Абай").sum() == 1
    assert run_analysis(campaign, "coordination", {"min_accounts": 6}).frame().empty


def test_coordination_network_counts_shared_groups(campaign):
    saved = run_analysis(campaign, "coordination_network", {})
    edges = saved.frame()
    weights = {(s, t): w for s, t, w in edges[["source", "target", "weight"]].itertuples(index=False)}
    assert weights[("campaign0", "campaign1")] == 2 and weights[("campaign0", "campaign4")] == 1
    assert len(edges) == 10  # 5 accounts, every pair linked
    nodes = pd.DataFrame(edges.attrs["nodes"]).set_index("term")
    assert nodes.loc["campaign0", "groups"] == 2 and nodes.loc["campaign4", "groups"] == 1
    members = pd.DataFrame({"group_id": [1, 1, 2, 2], "platform": "x", "author_key": ["a", "b", "a", "b"]})
    assert coordination_network(members, min_weight=2)["weight"].tolist() == [2]
    assert coordination_network(members, min_weight=3).empty


def test_report_shows_bots_coordination_and_engagement(campaign, tmp_path):
    results = [run_analysis(campaign, name, params) for name, params in (
        ("bot_scores", {}), ("coordination", {}), ("coordination_network", {}), ("flagged_engagement", {}))]
    for saved in results:
        table = saved.frame()
        for lang in ("en", "ru", "kk"):
            assert chart_for(saved.analysis, table, lang) is not None
        png = save_chart_png(saved.analysis, table, tmp_path / f"{saved.analysis}.png", "kk")
        assert png.stat().st_size > 5_000
    html = write_report(campaign, "kk").html.read_text(encoding="utf-8")
    for label in ("Бот бағалары", "Үйлесімді жариялау", "Үйлестіру желісі", "белсенділігі", "Көшірілген мәтіндер"):
        assert label in html, label


def test_cli_runs_coordination_and_bot_scores(campaign, cli):
    result = cli("social", "coordination", "--project", campaign.path, "--window-minutes", "30", "--min-accounts", "4")
    assert result.exit_code == 0, result.stdout
    saved = campaign.results()[-1]
    assert saved.analysis == "coordination" and saved.frame()["accounts"].tolist() == [5]
    result = cli("social", "bot-scores", "--project", campaign.path, "--weights", "speed=2")
    assert result.exit_code != 0 and "not a criterion" in result.stdout + result.stderr


@pytest.mark.parametrize("name", ["coordination", "coordination_network", "bot_scores", "flagged_engagement",
                                  "region_mentions"])
def test_an_empty_selection_says_so_and_names_the_filter(campaign, name):
    # review R1: "None of the 0 selected documents has an author" hid that the filter selected nothing;
    # region_mentions saved an empty result without a word
    from dauys.store.filters import DocumentFilter

    where = DocumentFilter(since=date(2030, 1, 1), tz=campaign.tz)
    with pytest.raises(InputError, match=r"the selection has no documents \(filter: since 2030-01-01\)"):
        run_analysis(campaign, name, {}, where)
