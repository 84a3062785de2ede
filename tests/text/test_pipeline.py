"""The token table: the batch step, and `dauys text process` over a real project (DuckDB file, Parquet files)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from dauys.errors import InputError
from dauys.ingest.table import import_table
from dauys.store.filters import DocumentFilter
from dauys.text.lemmatize import lemmatize_sentence
from dauys.text.normalize import NormalizeOptions
from dauys.text.pipeline import TOKEN_SCHEMA, build_token_table, cased_norm, token_table

KK = "Бүгін ауа райы өте жақсы! Біз Алматыға барамыз."
RU = "Они стали лучше понимать его слова."
EN = "We were thinking about the following meetings."
MIXED = "Керемет! Но цены опять выросли, әкімдік не қарап отыр? 😂 #qantar"
COLUMNS = ["doc_id", "position", "sentence", "start", "end", "form", "norm", "lemma", "lang", "kind"]


def _import(project, tmp_path: Path, texts: list[str], corpus: str = "reviews", first_id: int = 0) -> None:
    path = tmp_path / f"{corpus}-{first_id}.csv"
    pd.DataFrame({"id": range(first_id, first_id + len(texts)), "text": texts}).to_csv(path, index=False)
    import_table(project, path, corpus=corpus, mapping={"text": "text", "external_id": "id"})


def _tokens(project) -> pd.DataFrame:
    return project.tokens().to_pandas()


# --- the batch step -----------------------------------------------------------------------------
def test_token_table_columns_and_values():
    tables = token_table([11, 12, 13, 14], [KK, RU, EN, MIXED])
    tokens = tables.tokens
    assert tokens.schema.names == COLUMNS
    assert tokens.schema == TOKEN_SCHEMA
    rows = tokens.to_pandas()
    texts = {11: KK, 12: RU, 13: EN, 14: MIXED}
    for row in rows.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.form
    for _, group in rows.groupby("doc_id"):
        assert group["position"].tolist() == list(range(len(group)))
    kk = rows[rows.doc_id == 11].set_index("form")
    assert kk.loc["райы", "lemma"] == "рай"
    assert kk.loc["Алматыға", "lemma"] == "Алматы"  # a name inside the sentence keeps its capital
    assert kk.loc["Бүгін", "lemma"] == "бүгін"  # opening the sentence, a capital is no name
    assert kk.loc["!", "lang"] == "-" and kk.loc["!", "kind"] == "punct"
    assert kk.loc["Алматыға", "sentence"] == 1
    ru = rows[rows.doc_id == 12].set_index("form")
    assert ru.loc["стали", "lemma"] == "стать" and ru.loc["слова", "lemma"] == "слово"
    mixed = rows[rows.doc_id == 14].set_index("form")
    assert mixed.loc["цены", "lang"] == "ru" and mixed.loc["әкімдік", "lang"] == "kk"
    assert mixed.loc["цены", "lemma"] == "цена"
    assert mixed.loc["😂", "kind"] == "emoji" and mixed.loc["😂", "lemma"] == "face with tears of joy"
    assert mixed.loc["#qantar", "kind"] == "hashtag" and mixed.loc["#qantar", "lang"] == "-"
    languages = tables.languages.to_pandas().set_index("doc_id")
    assert languages.loc[11, "lang"] == "kk" and languages.loc[12, "lang"] == "ru"
    assert languages.loc[14, "mixed"] and languages.loc[14, "share_ru"] > 0
    assert languages["tokens"].sum() == len(rows)


def test_lemmas_match_lemmatize_sentence():
    """Caching per type and deciding context-dependent words on a window gives the sentence lemmatiser's lemmas."""
    sentences = {
        "kk": ["Ол ала алмады.", "Қазақстан осы өңірдегі бейбітшілікті қолдайды.", "Біз келе жатырмыз."],
        "ru": ["Они стали лучше понимать его слова.", "Его дом стоит у реки, и ничего не случилось."],
        "en": ["It was her book, not mine.", "We were thinking about the following meetings."],
    }
    for lang, texts in sentences.items():
        rows = token_table(list(range(len(texts))), texts).tokens.to_pandas()
        for _, group in rows.groupby(["doc_id", "sentence"]):
            triples = zip(group.form, group.norm, group.kind, strict=True)
            inputs = [cased_norm(n, f) if k == "word" else f for f, n, k in triples]
            expected = lemmatize_sentence(inputs, lang)
            words = (group.kind == "word").tolist()
            assert [lem for lem, w in zip(group.lemma, words, strict=True) if w] == [
                e for e, w in zip(expected, words, strict=True) if w
            ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "ж" * 1_000_000,
        ("сөз " * 250_000).strip(),
        bytes(range(256)).decode("latin-1") + "\x00\ufffd\ufffd",
        "مرحبا بالعالم، كيف حالك؟",
        "你好，世界。我们今天去阿拉木图。",
        "😂😂😂👍🏽🇰🇿",
        "İSTANBUL Qazaqstan jaqsy",
    ],
    ids=["empty", "blank", "1MB-word", "1MB-line", "binary", "arabic", "chinese", "emoji", "latin"],
)
def test_bad_input_does_not_crash(text):
    tables = token_table([1], [text])
    tokens = tables.tokens.to_pandas()
    assert tables.languages.num_rows == 1
    assert all(text[s:e] == f for s, e, f in zip(tokens.start, tokens.end, tokens.form, strict=True))
    assert tokens.lemma.map(bool).all()


def test_options_change_norms():
    default = token_table([1], ["Кушти рахмееет"]).tokens.column("norm").to_pylist()
    plain = token_table([1], ["Кушти рахмееет"], NormalizeOptions(russian_letters=False, repeats=False))
    assert default == ["күшті", "рахмет"]
    assert plain.tokens.column("norm").to_pylist() == ["кушти", "рахмееет"]


# --- over a project ---------------------------------------------------------------------------
def test_process_project(project, tmp_path):
    _import(project, tmp_path, [KK, RU, EN, MIXED, ""  or "🙂", KK])
    result = build_token_table(project, workers=1)
    assert result.documents == 6 and result.up_to_date == 0
    tokens = _tokens(project)
    assert list(tokens.columns) == COLUMNS
    assert tokens.doc_id.nunique() == 6 and len(tokens) == result.tokens
    files = list((project.path / "tokens").glob("*.parquet"))
    assert len(files) == 1 and pq.read_metadata(files[0]).row_group(0).column(0).compression == "ZSTD"
    # the two documents with the same text share its rows in the file: they are stored once
    kk_tokens = len(token_table([0], [KK]).tokens)
    assert pq.read_metadata(files[0]).num_rows == result.tokens - kk_tokens
    with project.store.read() as con:
        assert con.execute("SELECT tokens FROM token_parts").fetchall() == [(result.tokens - kk_tokens,)]
    # identical texts get identical tokens under their own ids
    docs = project.documents(columns="id, text")
    twins = docs[docs.text == KK].id.tolist()
    a, b = (tokens[tokens.doc_id == i].drop(columns="doc_id").reset_index(drop=True) for i in twins)
    pd.testing.assert_frame_equal(a, b)
    # documents.lang is filled, and per-document languages are stored
    assert sorted(set(project.documents(columns="lang").lang)) == ["en", "kk", "other", "ru"]
    by_lang = {row["lang"]: row["count"] for row in project.status()["documents"]}
    assert by_lang["kk"] == 3
    languages = project.document_languages()
    assert len(languages) == 6 and languages.mixed.sum() == 1
    entry = project.log()[-1]
    assert entry["step"] == "text.process" and entry["n_in"] == 6 and entry["n_out"] == result.tokens
    assert set(entry["params"]["versions"]) == {"pipeline", "tokenizer", "normalizer", "lemmatizer"}
    assert entry["params"]["normalize"]["russian_letters"] is True
    assert "pymorphy3" in entry["versions"]
    # the token table as SQL
    with project.store.read() as con:
        n = con.execute(f"SELECT count(*) FROM {project.tokens_sql(con)} t WHERE lang = 'kk'").fetchall()[0][0]
    assert n == (tokens.lang == "kk").sum()


def test_rerun_processes_only_new_documents(project, tmp_path):
    _import(project, tmp_path, [KK, RU])
    first = build_token_table(project, workers=1)
    again = build_token_table(project, workers=1)
    assert again.run_id is None and again.documents == 0 and again.up_to_date == 2
    _import(project, tmp_path, [EN, MIXED], first_id=100)
    third = build_token_table(project, workers=1)
    assert third.documents == 2 and third.up_to_date == 2
    tokens = _tokens(project)
    assert tokens.doc_id.nunique() == 4
    assert len(tokens) == first.tokens + third.tokens
    assert not tokens.duplicated(["doc_id", "position"]).any()
    assert len(list((project.path / "tokens").glob("*.parquet"))) == 2


def test_corpus_filter(project, tmp_path):
    _import(project, tmp_path, [KK], corpus="a")
    _import(project, tmp_path, [RU], corpus="b", first_id=10)
    result = build_token_table(project, DocumentFilter(corpus=("b",)), workers=1)
    assert result.documents == 1
    assert set(_tokens(project).lang) - {"-"} == {"ru"}


def test_rebuild_replaces_tokens(project, tmp_path):
    _import(project, tmp_path, [KK, RU, EN])
    first = build_token_table(project, workers=1)
    before = _tokens(project)
    rebuilt = build_token_table(project, workers=1, rebuild=True)
    assert rebuilt.documents == 3 and rebuilt.removed_parts == 1
    assert not first.path.exists() and rebuilt.path.exists()
    pd.testing.assert_frame_equal(_tokens(project), before)


def test_changed_text_replaces_its_tokens(project, tmp_path):
    _import(project, tmp_path, [KK, RU, EN])
    build_token_table(project, workers=1)
    with project.store.write() as con:
        doc_id = con.execute("SELECT id FROM documents WHERE text = ?", [RU]).fetchall()[0][0]
        con.execute("UPDATE documents SET text = 'Цены опять выросли' WHERE id = ?", [doc_id])
    result = build_token_table(project, workers=1)
    assert result.documents == 1 and result.up_to_date == 2
    tokens = _tokens(project)
    assert tokens[tokens.doc_id == doc_id].form.tolist() == ["Цены", "опять", "выросли"]
    assert not tokens.duplicated(["doc_id", "position"]).any()
    assert tokens.doc_id.nunique() == 3


def test_forgotten_documents_leave_the_token_table(project, tmp_path):
    _import(project, tmp_path, [KK], corpus="a")
    _import(project, tmp_path, [RU], corpus="b", first_id=10)
    first = build_token_table(project, workers=1)
    project.forget(corpus="a")
    assert set(_tokens(project).lang) - {"-"} == {"ru"}
    assert len(project.document_languages()) == 1
    _import(project, tmp_path, [EN], corpus="c", first_id=20)
    project.forget(corpus="b")
    second = build_token_table(project, workers=1)
    assert second.removed_parts == 1 and not first.path.exists()
    assert set(_tokens(project).lang) - {"-"} == {"en"}


def test_changed_options_need_rebuild(project, tmp_path):
    _import(project, tmp_path, [KK])
    build_token_table(project, workers=1)
    _import(project, tmp_path, [RU], first_id=10)
    with pytest.raises(InputError, match="--rebuild"):
        build_token_table(project, options=NormalizeOptions(repeats=False), workers=1)
    result = build_token_table(project, options=NormalizeOptions(repeats=False), workers=1, rebuild=True)
    assert result.documents == 2


def test_empty_token_table_has_the_columns(project):
    assert project.tokens().schema.names == COLUMNS
    assert project.tokens().num_rows == 0


def test_pool_gives_the_same_tokens(project, tmp_path):
    texts = [KK, RU, EN, MIXED, "Рахмет, керемет!", "Jaqsy eken", "Кушти!", KK]
    _import(project, tmp_path, texts)
    alone = token_table(list(range(len(texts))), texts).tokens.to_pandas()
    result = build_token_table(project, workers=2, batch_size=2)
    pooled = _tokens(project)
    assert result.tokens == len(alone) == len(pooled)
    assert sorted(pooled.lemma) == sorted(alone.lemma)


def test_spawned_workers(project, tmp_path, monkeypatch):
    """Windows and macOS start workers with spawn: each re-imports the module and loads its own models."""
    import multiprocessing

    import dauys.text.pipeline as pipeline

    monkeypatch.setattr(pipeline, "_pool_context", lambda: multiprocessing.get_context("spawn"))
    _import(project, tmp_path, [KK, RU, EN, MIXED])
    result = build_token_table(project, workers=2, batch_size=2)
    assert result.documents == 4 and _tokens(project).doc_id.nunique() == 4


def test_cli_process(cli, project, tmp_path):
    _import(project, tmp_path, [KK, RU, MIXED])
    done = cli("text", "process", "--project", project.path, "--workers", "1", "--no-repeats")
    assert done.exit_code == 0, done.stdout
    assert "Processed 3 documents" in done.stdout and "kk 2" in done.stdout
    assert project.log()[-1]["params"]["normalize"]["repeats"] is False
    again = cli("text", "process", "--project", project.path, "--no-repeats")
    assert again.exit_code == 0 and "Nothing to do" in again.stdout


def test_killed_run_registers_nothing(project, tmp_path, dauys_exe):
    """SIGKILL while the token file is being written: nothing registered, and the next run removes the file."""
    if sys.platform == "win32" or not dauys_exe:
        pytest.skip("needs POSIX signals and the installed dauys script")
    words = ["жаксы", "кушти", "рахмет", "керемет", "тамак", "калай", "унады", "нарсе", "баска", "улкен"]
    texts = [" ".join(f"{words[(i * 7 + j) % 10]}{i}х{j}" for j in range(12)) for i in range(3000)]
    _import(project, tmp_path, texts)
    env = {**os.environ, "DAUYS_LOCK_TIMEOUT": "5"}
    process = subprocess.Popen(
        [dauys_exe, "text", "process", "--project", str(project.path), "--workers", "1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not list((project.path / "tokens").glob("part-*.parquet")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    process.send_signal(signal.SIGKILL)
    process.wait()
    orphans = list((project.path / "tokens").glob("part-*.parquet"))
    assert orphans, "the run ended before it could be killed"
    with project.store.read() as con:
        assert con.execute("SELECT count(*) FROM token_parts").fetchall()[0][0] == 0
        assert con.execute("SELECT count(*) FROM token_documents").fetchall()[0][0] == 0
        assert con.execute("SELECT count(*) FROM runs WHERE step = 'text.process'").fetchall()[0][0] == 0
    assert project.tokens().num_rows == 0
    project.forget(corpus="reviews")
    _import(project, tmp_path, [KK], corpus="after")
    result = build_token_table(project, workers=1)
    assert result.documents == 1 and project.tokens().num_rows == result.tokens
    assert not any(p.exists() for p in orphans)


def test_text_hashes_are_duckdbs_md5(project, tmp_path):
    """The MD5 each document's tokens are registered with is worked out in Python: it must be DuckDB's, or a
    re-run would take every text for changed."""
    texts = [KK, MIXED, "😂🇰🇿 #Шерзатүшін", "Ёлка\u0301", KK]
    _import(project, tmp_path, texts)
    build_token_table(project, workers=1)
    with project.store.read() as con:
        mismatched = con.execute(
            "SELECT count(*) FROM token_documents t JOIN documents d ON d.id = t.doc_id "
            "WHERE t.text_hash <> md5(d.text)"
        ).fetchall()[0][0]
        registered = con.execute("SELECT count(*) FROM token_documents").fetchall()[0][0]
    assert (registered, mismatched) == (5, 0)
    assert build_token_table(project, workers=1).documents == 0


def test_workers_started_for_nothing_are_stopped(project, tmp_path):
    """Workers start before the texts are read; when every document is up to date none is left running."""
    import multiprocessing

    _import(project, tmp_path, [KK, RU, EN])
    build_token_table(project, workers=1)
    again = build_token_table(project, workers=2, batch_size=1)
    assert again.documents == 0 and again.up_to_date == 3
    assert multiprocessing.active_children() == []


def test_in_process_run_leaves_the_cycle_collector_as_it_was(project, tmp_path):
    import gc

    _import(project, tmp_path, [KK, RU])
    assert gc.isenabled()
    build_token_table(project, workers=1)
    assert gc.isenabled()


def test_batches_cover_every_text_once_and_shrink_at_the_end():
    from types import SimpleNamespace

    from dauys.text.pipeline import _distinct_batches

    for n in (1, 250, 3_000, 68_636):
        copies = SimpleNamespace(n=n, texts=[f"text {i}" for i in range(n)])
        batches = list(_distinct_batches(copies, 4_000))
        ids = [i for batch_ids, _ in batches for i in batch_ids.tolist()]
        assert ids == list(range(n))
        assert [text for _, texts in batches for text in texts] == copies.texts
        sizes = [len(texts) for _, texts in batches]
        assert max(sizes) <= 4_000 and sizes[0] <= 250
        if n > 20_000:
            assert sizes[-2] <= 1_000 < max(sizes)  # the tail is cut small so workers finish together
