"""``import_table`` and ``dauys import table``: rows into the store, rejects, strict mode, ledger, CLI."""

from __future__ import annotations

import csv
import json

import openpyxl
import pandas as pd
import pytest

from dauys.errors import InputError
from dauys.ingest.table import import_table, parse_metric_values

MAPPING = {
    "external_id": "id", "channel": "канал", "author": "автор", "created_at": "күні", "text": "мәтін",
    "metric.views": "Просмотры", "metric.likes": "likes",
}
HEADER = ["id", "канал", "автор", "күні", "мәтін", "Просмотры", "likes", "тег"]
POSTS = [
    ["101", "qazaq_news", "Айгерім Сәрсенова", "29.02.2024 12:00", "Газ бағасы тағы өсті, халық наразы.",
     "1 234", "12", "баға"],
    ["102", "qazaq_news", "Иван Петров", "01.03.2024 12:00", "Опять подорожание газа! Сколько можно?",
     "1,5K", "3", ""],
    ["103", "almaty_today", "Айгерім Сәрсенова", "2024-11-22T14:05:00+06:00", "Алматыда жаңа саябақ ашылды.",
     "87", "", "қала"],
]


def _write_csv(path, rows, header=HEADER, delimiter=";", encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _documents(project) -> pd.DataFrame:
    return project.documents().set_index("external_id")


def _rejects(result) -> list[dict]:
    with open(result.rejects_path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _counts(result) -> tuple:
    return result.read, result.imported, result.duplicates, result.rejected, result.metric_snapshots


def test_rows_become_documents_with_utc_times_offsets_channels_metrics_and_meta(project, tmp_path):
    result = import_table(project, _write_csv(tmp_path / "posts.csv", POSTS), corpus="gas", mapping=MAPPING,
                          platform="telegram")
    assert _counts(result) == (3, 3, 0, 0, 3) and result.rejects_path is None
    docs = _documents(project)
    assert docs.loc["101", "text"] == "Газ бағасы тағы өсті, халық наразы."
    assert docs.loc["101", "created_at"].isoformat() == "2024-02-29T06:00:00+00:00"
    assert docs["created_offset_min"].to_dict() == {"101": 360, "102": 300, "103": 360}
    assert docs.loc["102", "created_at"].isoformat() == "2024-03-01T07:00:00+00:00"
    assert json.loads(docs.loc["101", "meta"]) == {"тег": "баға"}
    assert json.loads(docs.loc["102", "meta"]) == {"тег": None}
    assert docs.loc["101", "author_key"].startswith("u_") and "Айгерім" not in docs["author_key"].str.cat()
    assert docs.loc["101", "author_key"] == docs.loc["103", "author_key"] != docs.loc["102", "author_key"]
    with project.store.read() as con:
        channels = dict(con.execute("SELECT handle, platform FROM channels").fetchall())
        metrics = con.execute(
            "SELECT d.external_id, m.metric, m.value FROM document_metrics m "
            "JOIN documents d ON d.id = m.document_id ORDER BY 1, 2"
        ).fetchall()
    assert channels == {"qazaq_news": "telegram", "almaty_today": "telegram"}
    assert metrics == [("101", "likes", 12.0), ("101", "views", 1234.0), ("102", "likes", 3.0),
                       ("102", "views", 1500.0), ("103", "views", 87.0)]


def test_keep_authors_and_the_ledger_entry(project, tmp_path):
    path = _write_csv(tmp_path / "posts.csv", POSTS)
    result = import_table(project, path, corpus="gas", mapping=MAPPING, keep_authors=True, platform="vk")
    assert set(project.documents()["author_key"]) == {"Айгерім Сәрсенова", "Иван Петров"}
    entry = project.log()[-1]
    assert entry["step"] == "import.table" and entry["id"] == result.run_id
    expected = {
        "file": str(path), "path": str(path.resolve()), "corpus": "gas", "platform": "vk", "mapping": MAPPING,
        "date_format": "auto", "tz": "Asia/Almaty", "keep_authors": True, "strict": False,
        "max_text_length": 5_000_000, "observed_at": None, "format": "csv", "encoding": "utf-8",
        "delimiter": ";", "sheet": None, "json_key": None,
    }
    # the ledger blanks secret-looking names ("auth" is one); the sources row keeps every parameter
    assert {k: v for k, v in entry["params"].items() if "auth" not in k and k != "mapping"} == {
        k: v for k, v in expected.items() if "auth" not in k and k != "mapping"}
    assert entry["counts"] == {
        "read": 3, "imported": 3, "duplicates": 0, "rejected": 0, "metric_snapshots": 3
    }
    with project.store.read() as con:
        kind, location, file_hash, params = con.execute(
            "SELECT kind, location, file_hash, params FROM sources").fetchone()
    assert (kind, location, len(file_hash)) == ("table", str(path.resolve()), 64)
    assert json.loads(params) == expected


def test_reimport_adds_nothing_and_changed_metrics_add_a_snapshot(project, tmp_path):
    path = _write_csv(tmp_path / "posts.csv", POSTS)
    import_table(project, path, corpus="gas", mapping=MAPPING)
    again = import_table(project, path, corpus="gas", mapping=MAPPING)
    assert _counts(again) == (3, 0, 3, 0, 0)
    changed = [row[:5] + ["2 000"] + row[6:] if row[0] == "101" else row for row in POSTS]
    later = import_table(
        project, _write_csv(tmp_path / "posts-later.csv", changed), corpus="gas", mapping=MAPPING,
        observed_at=pd.Timestamp("2024-12-01 09:00").to_pydatetime(),
    )
    assert _counts(later) == (3, 0, 3, 0, 1)
    assert project.status()["total_documents"] == 3
    with project.store.read() as con:
        views = con.execute(
            "SELECT m.value, m.observed_at FROM document_metrics m JOIN documents d ON d.id = m.document_id "
            "WHERE d.external_id = '101' AND m.metric = 'views' ORDER BY m.source_id"
        ).fetchall()
    assert [v for v, _ in views] == [1234.0, 2000.0]
    assert views[1][1].isoformat() == "2024-12-01T04:00:00+00:00"  # a naive --observed-at is Almaty time


def test_bad_rows_are_rejected_with_row_field_value_and_reason_and_the_rest_imported(project, tmp_path):
    rows = POSTS + [
        ["104", "qazaq_news", "Ұлан", "кеше кешке", "Кеше митинг болды.", "5", "1", ""],
        ["105", "qazaq_news", "Ұлан", "22.11.2024 10:00", "   ", "5", "1", ""],
        ["101", "qazaq_news", "Ұлан", "22.11.2024 10:00", "Қайталанған id.", "5", "1", ""],
        ["106", "qazaq_news", "Ұлан", "22.11.2024 10:00", "Көп қаралды.", "өте көп", "1", ""],
        ["107", "qazaq_news", "Ұлан", "31.02.2024", "Екі қате.", "x", "1", ""],
    ]
    result = import_table(project, _write_csv(tmp_path / "posts.csv", rows), corpus="gas", mapping=MAPPING)
    assert _counts(result) == (8, 3, 0, 5, 3)
    assert result.rejects_path.parent == project.path / "imports"
    name = result.rejects_path.name
    assert name.startswith(f"posts-run{result.run_id}-") and name.endswith("-rejected.csv")
    rejects = [(r["row"], r["field"], r["value"]) for r in _rejects(result)]
    assert rejects == [
        ("5", "created_at", "кеше кешке"),
        ("6", "text", "   "),
        ("7", "external_id", "101"),
        ("8", "metric.views", "өте көп"),
        ("9", "metric.views", "x"),
        ("9", "created_at", "31.02.2024"),
    ]
    reasons = {r["row"] + r["field"]: r["reason"] for r in _rejects(result)}
    assert reasons["5created_at"].startswith(
        "unreadable date in column 'күні': expected a date such as 22.11.2024"
    )
    assert reasons["6text"] == "empty text (column 'мәтін')"
    assert reasons["7external_id"] == "duplicate id inside the file (first at row 2)"
    assert reasons["8metric.views"].startswith("not a number in column 'Просмотры'")
    assert sorted(project.documents()["external_id"]) == ["101", "102", "103"]


def test_a_ten_megabyte_text_is_rejected_with_its_length_and_the_option(project, tmp_path):
    huge = "Қазақстан жастары " * 600_000  # 10.8 million characters
    rows = POSTS + [["104", "qazaq_news", "Ұлан", "22.11.2024 10:00", huge, "5", "1", ""]]
    result = import_table(project, _write_csv(tmp_path / "posts.csv", rows), corpus="gas", mapping=MAPPING)
    assert _counts(result)[:4] == (4, 3, 0, 1)
    (reject,) = _rejects(result)
    assert (reject["row"], reject["field"]) == ("5", "text")
    assert reject["reason"] == (
        f"text is {len(huge):,} characters long, over the limit of 5,000,000 characters; to import it, raise "
        f"--max-text-length (for example --max-text-length {len(huge)})"
    )
    raised = import_table(
        project, tmp_path / "posts.csv", corpus="gas", mapping=MAPPING, max_text_length=11_000_000
    )
    assert raised.imported == 1 and raised.rejects_path is None


def test_the_text_limit_counts_characters_not_bytes(project, tmp_path):
    path = _write_csv(tmp_path / "short.csv", [["1", "Әңгіме"], ["2", "Сөз"]], header=["id", "мәтін"])
    mapping = {"external_id": "id", "text": "мәтін"}
    limited = import_table(project, path, corpus="gas", mapping=mapping, max_text_length=5)
    assert (limited.imported, limited.rejected) == (1, 1)  # "Әңгіме" is 6 characters (12 bytes), "Сөз" 3
    assert _rejects(limited)[0]["reason"].startswith(
        "text is 6 characters long, over the limit of 5 characters"
    )
    assert import_table(project, path, corpus="gas", mapping=mapping, max_text_length=6).imported == 1


def test_strict_refuses_the_whole_file_and_writes_nothing(project, tmp_path):
    rows = POSTS + [["104", "qazaq_news", "Ұлан", "кеше", "Мәтін.", "5", "1", ""],
                    ["101", "qazaq_news", "Ұлан", "22.11.2024", "Қайта.", "5", "1", ""]]
    with pytest.raises(InputError) as error:
        import_table(
            project, _write_csv(tmp_path / "posts.csv", rows), corpus="gas", mapping=MAPPING, strict=True
        )
    message = str(error.value)
    assert "2 problems in 2 rows, so --strict refused the file and nothing was written" in message
    assert "row 5, created_at: 'кеше' — unreadable date in column 'күні'" in message
    assert "row 6, external_id: '101' — duplicate id inside the file (first at row 2)" in message
    assert project.status()["total_documents"] == 0 and project.log() == []
    assert list((project.path / "imports").iterdir()) == []


def test_file_level_problems_write_nothing(project, tmp_path):
    cases = [
        (tmp_path / "absent.csv", "absent.csv does not exist"),
        (tmp_path, "is a folder"),
    ]
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    cases.append((empty, r"is empty \(0 bytes\)"))
    header_only = _write_csv(tmp_path / "header.csv", [])
    cases.append((header_only, "has a header row but no data rows"))
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"id;text\n\x00\x01\x02\x00\x00\x07")
    cases.append((binary, "holds binary data"))
    for path, message in cases:
        with pytest.raises(InputError, match=message):
            import_table(project, path, corpus="gas", mapping=MAPPING)
    assert project.log() == [] and project.status()["total_documents"] == 0


def test_a_mapped_column_the_file_lacks_lists_the_columns_it_has(project, tmp_path):
    path = _write_csv(tmp_path / "posts.csv", POSTS)
    with pytest.raises(InputError) as error:
        import_table(project, path, corpus="gas", mapping={**MAPPING, "created_at": "Күні", "url": "link"})
    assert str(error.value) == (
        f"{path} has no column created_at='Күні' (did you mean 'күні'?), url='link' (did you mean "
        "'likes'?). Its columns are: 'id', "
        "'канал', 'автор', 'күні', 'мәтін', 'Просмотры', 'likes', 'тег'. Fix --map or --map-file."
    )


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("utf-8-sig", ","), ("utf-16", "\t"), ("cp1251", ";"), ("kz1048", ";")]
)
def test_encodings_round_trip_through_the_store(project, tmp_path, encoding, delimiter):
    russian_only = encoding == "cp1251"
    text = "Жители жалуются на перебои с водой." if russian_only else "Өңірде су жоқ, тұрғындар шағымданды."
    header = ["номер", "текст", "дата"] if russian_only else ["нөмір", "мәтін", "күні"]
    path = _write_csv(
        tmp_path / "posts.csv", [["1", text, "22.11.2024 14:05"]], header=header, delimiter=delimiter,
        encoding=encoding,
    )
    mapping = dict(zip(("external_id", "text", "created_at"), header, strict=True))
    import_table(project, path, corpus="gas", mapping=mapping)
    assert project.documents()["text"].tolist() == [text]
    assert project.log()[-1]["params"]["encoding"] == encoding
    assert project.log()[-1]["params"]["delimiter"] == delimiter


def test_forced_encoding_and_delimiter(project, tmp_path):
    header = ["номер", "текст"]
    path = _write_csv(
        tmp_path / "posts.txt", [["1", "Привет; мир"]], header=header, delimiter="|", encoding="cp1251"
    )
    import_table(project, path, corpus="gas", mapping={"text": "текст"}, encoding="cp1251", delimiter="|")
    assert project.documents()["text"].tolist() == ["Привет; мир"]


def test_replies_are_linked_to_parents_and_titles_urls_langs_are_kept(project, tmp_path):
    header = ["id", "reply_to", "body", "heading", "link", "язык"]
    rows = [["p1", "", "Митинг туралы пост", "Митинг", "https://t.me/qazaq_news/1", "kk"],
            ["c1", "p1", "Согласен полностью", "", "https://t.me/qazaq_news/1?comment=1", "ru"]]
    mapping = {"external_id": "id", "parent_id": "reply_to", "text": "body", "title": "heading",
               "url": "link", "lang": "язык"}
    path = _write_csv(tmp_path / "thread.csv", rows, header=header)
    import_table(project, path, corpus="gas", mapping=mapping)
    docs = _documents(project)
    assert docs.loc["c1", "parent_external_id"] == "p1"
    assert docs.loc["c1", "parent_id"] == docs.loc["p1", "id"]
    assert (docs.loc["p1", "title"], docs.loc["p1", "url"], docs.loc["c1", "lang"]) == (
        "Митинг", "https://t.me/qazaq_news/1", "ru")
    assert pd.isna(docs.loc["c1", "title"]) and pd.isna(docs.loc["p1", "created_at"])


def test_xlsx_sheet_with_real_dates_and_excel_serials(project, tmp_path):
    path = tmp_path / "export.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Мазмұны"
    workbook.active.append(["Бұл парақта деректер жоқ"])
    sheet = workbook.create_sheet("Посттар")
    sheet.append(["id", "мәтін", "күні", "views"])
    sheet.append([1, "Ақтөбеде жиналыс өтті.", pd.Timestamp("2024-02-29 12:00").to_pydatetime(), 1200])
    sheet.append([2, "Собрание в Актобе.", 45618.5, 35.0])
    workbook.save(path)
    mapping = {"external_id": "id", "text": "мәтін", "created_at": "күні", "metric.views": "views"}
    import_table(project, path, corpus="gas", mapping=mapping, sheet="Посттар")
    docs = _documents(project)
    assert docs["created_at"].map(lambda t: t.isoformat()).to_dict() == {
        "1": "2024-02-29T06:00:00+00:00", "2": "2024-11-22T07:00:00+00:00"}
    assert project.log()[-1]["params"]["sheet"] == "Посттар"
    with pytest.raises(InputError, match="sheet 'Мазмұны' has a header row but no data rows"):
        import_table(project, path, corpus="gas", mapping=mapping)  # the first sheet is a cover page


def test_json_wrapped_array_and_json_lines_with_nested_fields(project, tmp_path):
    records = [
        {"id": 11, "message": "Жаңаөзен туралы жаңалық", "from": {"name": "Айгерім", "id": 5},
         "date": "1732262700", "stats": {"views": 900}},
        {"id": 12, "message": "Новости про Жанаозен", "from": {"name": "Иван", "id": 6},
         "date": "1732262760", "stats": {"views": "1,2 тыс."}},
    ]
    mapping = {"external_id": "id", "text": "message", "author": "from.name", "created_at": "date",
               "metric.views": "stats.views"}
    wrapped = tmp_path / "export.json"
    wrapped.write_text(json.dumps({"ok": True, "messages": records}, ensure_ascii=False), encoding="utf-8")
    import_table(project, wrapped, corpus="tg", mapping=mapping, platform="telegram")
    docs = _documents(project)
    assert json.loads(docs.loc["11", "meta"]) == {"from.id": "5"}
    assert docs.loc["11", "created_offset_min"] == 0
    assert project.log()[-1]["params"]["json_key"] == "messages"
    lines = tmp_path / "export.jsonl"
    lines.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    again = import_table(project, lines, corpus="tg", mapping=mapping, platform="telegram")
    assert (again.imported, again.duplicates) == (0, 2)
    with project.store.read() as con:
        assert con.execute("SELECT max(value) FROM document_metrics").fetchone()[0] == 1200.0


def test_options_that_cannot_work_are_refused_before_reading(project, tmp_path):
    path = _write_csv(tmp_path / "posts.csv", POSTS)
    with pytest.raises(InputError, match="--corpus needs a name"):
        import_table(project, path, corpus=" ", mapping=MAPPING)
    with pytest.raises(InputError, match="--max-text-length 0: give a positive number"):
        import_table(project, path, corpus="gas", mapping=MAPPING, max_text_length=0)
    with pytest.raises(InputError, match="--date-format 'ДД.ММ.ГГГГ' is not understood"):
        import_table(project, path, corpus="gas", mapping=MAPPING, date_format="ДД.ММ.ГГГГ")
    with pytest.raises(InputError, match="does not say which column holds the text"):
        import_table(project, path, corpus="gas", mapping={"external_id": "id"})


def test_progress_reports_each_stage(project, tmp_path):
    class Recorder:
        def __init__(self):
            self.stages, self.done = [], 0

        def stage(self, description, total=None):
            self.stages.append(description)

        def advance(self, amount=1):
            self.done += amount

    progress = Recorder()
    path = _write_csv(tmp_path / "posts.csv", POSTS)
    import_table(project, path, corpus="gas", mapping=MAPPING, progress=progress)
    assert progress.stages == [
        "reading posts.csv", "checking rows", "reading dates", "writing 3 rows to the project"
    ]
    assert progress.done == 6


def test_metric_values_as_exports_write_them():
    written = ["1234", "1 234", "1\u00a0234", "1,234", "12,345,678", "1,5", "1.5", "1,234.5", "1.234,5",
               "1.234.567", "1.2K", "3,4 тыс.", "2 млн", "15к", "-3", "", None, "много", "1,2,3", "1.2.3"]
    values, bad = parse_metric_values(pd.Series(written, dtype="str"))
    assert values[:15].tolist() == [1234, 1234, 1234, 1234, 12345678, 1.5, 1.5, 1234.5, 1234.5, 1234567, 1200,
                                    3400, 2_000_000, 15000, -3]
    assert bad.tolist() == [False] * 17 + [True] * 3


# --- the command line ---------------------------------------------------------------------------


def test_cli_prints_counts_and_the_rejects_path(cli, project, tmp_path):
    rows = POSTS + [["104", "qazaq_news", "Ұлан", "кеше", "Мәтін.", "5", "1", ""]]
    path = _write_csv(tmp_path / "posts.csv", rows)
    result = cli("import", "table", path, "--corpus", "gas", "--platform", "telegram", "-p", project.path,
                 "--map", "external_id=id,channel=канал,author=автор,created_at=күні,text=мәтін",
                 "--map", "metric.views=Просмотры")
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "Imported" in out and "(CSV, utf-8, semicolon-separated)" in out
    assert "read 4 imported 3 duplicates 0 rejected 1 metric snapshots 3" in out
    (rejects,) = (project.path / "imports").iterdir()
    assert f"  rejected rows: {rejects}\n" in result.stdout
    again = cli("import", "table", path, "--corpus", "gas", "--platform", "telegram", "-p", project.path,
                "--map", "external_id=id,text=мәтін,created_at=күні")
    assert "read 4 imported 0 duplicates 3 rejected 1" in " ".join(again.stdout.split())


def test_cli_map_file_with_a_comma_and_a_space_in_a_column_name(cli, project, tmp_path):
    header = ["Номер", "Дата, время", "Текст сообщения"]
    rows = [["7", "22.11.2024 14:05", "Қала әкімі жауап берді"]]
    path = _write_csv(tmp_path / "export.csv", rows, header=header, delimiter=",")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "external_id: Номер\ncreated_at: Дата, время\ntext: Текст сообщения\n", encoding="utf-8"
    )
    result = cli("import", "table", path, "--corpus", "gas", "--map-file", mapping, "-p", project.path)
    assert result.exit_code == 0, result.stderr
    docs = _documents(project)
    assert docs.loc["7", "text"] == "Қала әкімі жауап берді"
    assert docs.loc["7", "created_at"].isoformat() == "2024-11-22T09:05:00+00:00"


def test_cli_errors_exit_2_with_the_message(cli, project, tmp_path):
    path = _write_csv(tmp_path / "posts.csv", POSTS + [["101", "x", "y", "кеше", "z", "1", "1", ""]])
    missing = cli("import", "table", path, "--corpus", "gas", "--map", "text=message", "-p", project.path)
    assert missing.exit_code == 2
    assert "has no column text='message'. Its columns are: 'id', 'канал'" in " ".join(missing.stderr.split())
    strict = cli("import", "table", path, "--corpus", "gas", "--strict", "-p", project.path,
                 "--map", "external_id=id,text=мәтін,created_at=күні")
    assert strict.exit_code == 2 and "--strict refused the file and nothing was written" in strict.stderr
    no_map = cli("import", "table", path, "--corpus", "gas", "-p", project.path)
    assert no_map.exit_code == 2 and "--map text=message,created_at=date" in no_map.stderr
    observed = cli("import", "table", path, "--corpus", "gas", "--map", "text=мәтін", "--observed-at", "кеше",
                   "-p", project.path)
    assert observed.exit_code == 2 and "--observed-at 'кеше': expected a date and time" in observed.stderr
    assert project.log() == []


# --- review H11 --------------------------------------------------------------------------------


def test_a_negative_metric_is_rejected_with_its_row_and_column(project, tmp_path):
    # review H11.1: a LiveDune file with Лайки = -5 stored likes = -5; no metric can be negative
    header = ["Дата публикации", "Текст", "Лайки", "Комментарии", "Просмотры"]
    rows = [
        ["05.01.2022 10:00", "Жаңаөзенде жиын басталды", "12", "3", "100"],
        ["05.01.2022 11:00", "Алматыда адамдар көп", "-5", "1", "200"],
        ["05.01.2022 12:00", "Ақтөбеде де митинг", "4", "0", "-1,5K"],
        ["05.01.2022 13:00", "Шымкентте тыныш", "0", "", "0"],
    ]
    path = _write_csv(tmp_path / "livedune.csv", rows, header=header)
    result = import_table(project, path, corpus="qantar", layout="livedune")
    assert (result.read, result.imported, result.rejected) == (4, 2, 2)
    rejects = _rejects(result)
    assert [(r["row"], r["field"], r["value"]) for r in rejects] == [
        ("3", "metric.likes", "-5"), ("4", "metric.views", "-1,5K"),
    ]
    assert rejects[0]["reason"].startswith("a count cannot be negative (column 'Лайки')")
    assert rejects[1]["reason"].startswith("a count cannot be negative (column 'Просмотры')")
    with project.store.read() as con:
        assert con.execute("SELECT count(*), min(value) FROM document_metrics").fetchone() == (5, 0)
    with pytest.raises(InputError, match=r"row 3, metric.likes: '-5' — a count cannot be negative"):
        import_table(project, path, corpus="qantar", layout="livedune", strict=True)


def test_a_named_layout_lists_a_missing_header_once_with_its_keys_and_leaves_out_mapped_keys(project, tmp_path):
    # review H11.2: facebook needs 'URL' for url and external_id; the message said "no column 'URL', 'URL'"
    header = ["Post Created", "Page Name", "Message", "Likes", "Comments", "Shares", "Total Interactions"]
    rows = [["2022-01-05 10:03:01 EST", "Qantar", "Алматыда митинг", "3", "1", "0", "4"]]
    path = _write_csv(tmp_path / "fb.csv", rows, header=header, delimiter=",")
    with pytest.raises(InputError) as caught:
        import_table(project, path, corpus="x", layout="facebook")
    message = str(caught.value)
    assert "it has no column 'URL' (url, external_id). Its columns are:" in message
    assert message.count("'URL'") == 1
    with pytest.raises(InputError) as caught:
        import_table(project, path, corpus="x", layout="facebook", mapping={"external_id": "Page Name"})
    assert "it has no column 'URL' (url). Its columns are:" in str(caught.value)
