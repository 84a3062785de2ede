"""`dauys import docs`: real .txt, .md, .html, .docx and .pdf files built in the tests."""

from __future__ import annotations

import io
import json
import os
import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import docx
import matplotlib
import numpy as np
import pandas as pd
import pypdf
import pytest
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from dauys.errors import InputError
from dauys.ingest.docs import DocumentProblem, date_in_name, extract_document, import_docs

JOLDAU_KK = (
    "Қазақстан халқына Жолдау\n"
    "\n"
    "Құрметті отандастар!\n"
    "Біз әділетті және құқықтық мемлекет құру жолындамыз.\n"
    "\n"
    "Әр азаматтың үні естілуі тиіс. Ғылым мен білім — өңірлердің болашағы."
)
POSLANIE_RU = (
    "Послание Президента народу Казахстана\n"
    "\n"
    "Уважаемые соотечественники!\n"
    "\n"
    "Мы продолжаем политическую модернизацию. Слышащее государство — это ответ на запросы граждан."
)
ARTICLE_HTML = """<!DOCTYPE html>
<html lang="kk">
<head>
<meta charset="utf-8">
<title>Жаңа әкім тағайындалды | Ақорда жаңалықтары</title>
<meta property="og:title" content="Жаңа әкім тағайындалды">
<meta property="og:site_name" content="Ақорда жаңалықтары">
<meta property="article:published_time" content="2023-05-12T14:30:00+06:00">
<link rel="canonical" href="https://news.example.kz/kk/2023/05/akim">
<style>.menu { color: red }</style>
<script>var tracking = "жасырын код";</script>
</head>
<body>
<nav class="menu"><ul><li><a href="/">Басты бет</a></li><li><a href="/sayasat">Саясат</a></li></ul></nav>
<main>
<article>
<h1>Жаңа әкім тағайындалды</h1>
<p>Мемлекет басшысы Қасым-Жомарт Тоқаев облыс әкімін тағайындау туралы жарлыққа қол қойды.
Жаңа әкім өңірдің әлеуметтік-экономикалық дамуына ерекше назар аударатынын мәлімдеді.</p>
<p>Ол бұған дейін облыстық мәслихаттың хатшысы қызметін атқарған. Тұрғындар жаңа басшыдан
жолдардың жөнделуін және ауыз судың сапасын жақсартуды күтеді.</p>
<p>Президент ашықтық пен есептілік қағидаттарын ұстануды тапсырды: «Халықтың үні естілуі тиіс».</p>
<div style="display:none">Жасырын жарнама мәтіні</div>
</article>
<section class="comments" id="comments">
<h3>Пікірлер (2)</h3>
<div class="comment"><span class="author">Айгүл</span><p>Өте жақсы жаңалық, күтеміз!</p></div>
<div class="comment"><span class="author">Бауыржан</span><p>Тағы бір әкім, бәрі бұрынғыдай болады.</p></div>
</section>
</main>
<footer><p>© 2023 Ақорда жаңалықтары. Барлық құқықтар қорғалған.</p></footer>
</body>
</html>
"""


# --- fixture builders ---------------------------------------------------------------------------

def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _set_mtime(path: Path, when: datetime) -> Path:
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def write_docx(path: Path, *, title: str = "", created: datetime | None = None, author: str = "") -> Path:
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = author
    if created is not None:
        document.core_properties.created = created
    document.add_heading("Әділетті Қазақстан: жаңа кезең", level=1)
    document.add_paragraph("Құрметті қазақстандықтар! Бүгін біз маңызды реформалар туралы сөйлесеміз.")
    document.add_paragraph("")
    document.add_paragraph("Уважаемые соотечественники! Реформы будут продолжены.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Өңір"
    table.cell(0, 1).text = "Тұрғындар саны"
    table.cell(1, 0).text = "Алматы облысы"
    table.cell(1, 1).text = "1 500 000"
    document.add_paragraph("Қорытынды: бірлік пен келісім.")
    document.save(path)
    return path


def _pdf_bytes(pages: list[list[str]] | None, metadata: dict) -> bytes:
    buffer = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Sans"}):
        with PdfPages(buffer, metadata=metadata) as pdf:
            for lines in pages or [[]]:
                figure = Figure(figsize=(8.27, 11.69))
                if pages is None:  # a scan: one picture, no text
                    figure.figimage(np.random.default_rng(3).random((200, 150)), xo=40, yo=40)
                for i, line in enumerate(lines):
                    figure.text(0.08, 0.92 - 0.04 * i, line, fontsize=11)
                pdf.savefig(figure)
    return buffer.getvalue()


def write_pdf(path: Path, pages: list[list[str]] | None, *, title: str | None = None,
              created: datetime | str | None = None) -> Path:
    """A PDF with a real text layer (matplotlib, TrueType DejaVu Sans), or an image-only one (pages=None).

    ``created`` as a string is written verbatim as /CreationDate (to write one without an offset).
    """
    metadata = {"Title": title, "CreationDate": created if isinstance(created, datetime) else None}
    data = _pdf_bytes(pages, metadata)
    if isinstance(created, str):
        writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
        writer.add_metadata({"/CreationDate": created})
        buffer = io.BytesIO()
        writer.write(buffer)
        data = buffer.getvalue()
    path.write_bytes(data)
    return path


ADDRESS_PAGES = [
    ["Қазақстан халқына Жолдау", "Құрметті отандастар! Біз әділетті мемлекет құрамыз.",
     "Уважаемые соотечественники! Мы строим справедливое государство."],
    ["Екінші бөлім: өңірлердің дамуы, ауыл шаруашылығы және ғылым.", "Һ һ Ұ ұ Ү ү Ө ө Ң ң Ғ ғ Қ қ Ә ә І і"],
]


@pytest.fixture
def folder(tmp_path) -> Path:
    """A folder of speeches and news in every supported format, with the usual clutter."""
    root = tmp_path / "joldau"
    (root / "kk").mkdir(parents=True)
    (root / "ru").mkdir()
    (root / ".git").mkdir()
    (root / ".git" / "notes.txt").write_text("жасырын", encoding="utf-8")
    _set_mtime(_write(root / "kk" / "joldau.txt", JOLDAU_KK.replace("\n", "\r\n").encode()),
               datetime(2023, 9, 1, 4, 0, tzinfo=UTC))
    _set_mtime(_write(root / "ru" / "poslanie.txt", POSLANIE_RU.encode("cp1251")),
               datetime(2024, 3, 15, 6, 0, tzinfo=UTC))
    (root / "kk" / "tezis.md").write_text(
        "Кіріспе сөз\n\n# Жастар саясаты\n\n**Жастар** — елдің [болашағы](https://example.kz).\n",
        encoding="utf-8",
    )
    (root / "kk" / "akim.html").write_text(ARTICLE_HTML, encoding="utf-8")
    write_docx(root / "reforma.docx", title="Әділетті Қазақстан", author="Баспасөз қызметі",
               created=datetime(2022, 3, 16, 5, 0))
    write_pdf(root / "address.pdf", ADDRESS_PAGES, title="Қазақстан халқына Жолдау",
              created=datetime(2021, 9, 1, 4, 0, tzinfo=UTC))
    (root / "broken.docx").write_bytes(random.Random(7).randbytes(400))
    write_pdf(root / "scan.pdf", None)
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (root / "budget.xlsx").write_bytes(b"PK")
    (root / ".draft.txt").write_text("жоба", encoding="utf-8")
    (root / "~$reforma.docx").write_bytes(b"lock")
    return root


# --- formats ------------------------------------------------------------------------------------

def test_txt_utf8_kazakh_keeps_paragraphs_and_reads_the_file_time(tmp_path):
    path = tmp_path / "joldau.txt"
    path.write_text("\n" + JOLDAU_KK.replace("\n", "\r\n") + "\r\n\r\n\r\n", encoding="utf-8", newline="")
    _set_mtime(path, datetime(2023, 9, 1, 4, 0, 30, tzinfo=UTC))
    doc = extract_document(path)
    assert doc.text == JOLDAU_KK
    assert doc.title == "Қазақстан халқына Жолдау"
    assert doc.date_source == "file_mtime" and doc.meta["date_source"] == "file_mtime"
    assert doc.date == datetime(2023, 9, 1, 4, 0, 30, tzinfo=UTC)
    assert doc.date.utcoffset() == timedelta(hours=6)  # Almaty wall clock before March 2024
    assert doc.meta == {"file": "joldau.txt", "extension": ".txt", "bytes": path.stat().st_size,
                        "encoding": "utf-8", "date_source": "file_mtime"}


@pytest.mark.parametrize(
    ("encoding", "text", "expected_encoding"),
    [
        ("cp1251", POSLANIE_RU, "cp1251"),
        ("utf-8-sig", POSLANIE_RU, "utf-8-sig"),
        ("utf-16", JOLDAU_KK, "utf-16"),
        ("kz1048", JOLDAU_KK, "kz1048"),
    ],
)
def test_txt_encodings(tmp_path, encoding, text, expected_encoding):
    path = tmp_path / "text.txt"
    path.write_bytes(text.encode(encoding))
    doc = extract_document(path)
    assert doc.text == text
    assert doc.meta["encoding"] == expected_encoding
    assert doc.title == text.split("\n")[0]


def test_markdown_heading_is_the_title_and_markup_goes(tmp_path):
    path = tmp_path / "tezis.md"
    path.write_text(
        "Кіріспе сөз\n\n# Жастар *саясаты*\n\n**Жастар** — елдің [болашағы](https://example.kz).\n\n"
        "> Білім — _бәсекеге_ қабілеттіліктің негізі.\n",
        encoding="utf-8",
    )
    doc = extract_document(path)
    assert doc.title == "Жастар саясаты"
    assert doc.text == ("Кіріспе сөз\n\nЖастар саясаты\n\nЖастар — елдің болашағы.\n\n"
                        "Білім — бәсекеге қабілеттіліктің негізі.")


def test_markdown_front_matter_gives_title_date_and_author(tmp_path):
    path = tmp_path / "post.md"
    path.write_text(
        "---\ntitle: Тіл туралы заң\ndate: 2022-06-05T09:30:00+06:00\nauthor: Айнұр Сәрсенова\n---\n"
        "# Басқа тақырып\n\nМемлекеттік тілдің мәртебесі көтеріледі.\n",
        encoding="utf-8",
    )
    doc = extract_document(path)
    assert doc.title == "Тіл туралы заң"
    assert doc.author == "Айнұр Сәрсенова"
    assert doc.date == datetime(2022, 6, 5, 3, 30, tzinfo=UTC) and doc.date_source == "metadata"
    assert "title:" not in doc.text and doc.text.startswith("Басқа тақырып")


def test_html_full_keeps_all_visible_text(tmp_path):
    path = tmp_path / "akim.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    doc = extract_document(path, html="full")
    for visible in ("Басты бет", "Мемлекет басшысы Қасым-Жомарт Тоқаев", "Айгүл", "Тағы бір әкім",
                    "Барлық құқықтар қорғалған"):
        assert visible in doc.text
    for invisible in ("жасырын код", "color: red", "Жасырын жарнама", "Ақорда жаңалықтары</title>"):
        assert invisible not in doc.text
    # source line breaks inside a paragraph are spaces; paragraphs are separated by a blank line
    assert "қол қойды. Жаңа әкім өңірдің" in doc.text
    assert "Басты бет\nСаясат\n\n" in doc.text
    assert doc.title == "Жаңа әкім тағайындалды"
    assert doc.date == datetime(2023, 5, 12, 14, 30, tzinfo=timezone(timedelta(hours=6)))
    assert doc.date_source == "metadata"
    assert doc.meta["url"] == "https://news.example.kz/kk/2023/05/akim"
    assert doc.meta["sitename"] == "Ақорда жаңалықтары"


def test_html_main_drops_menus_comments_and_footer(tmp_path):
    path = tmp_path / "akim.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    doc = extract_document(path, html="main")
    assert "Қасым-Жомарт Тоқаев облыс әкімін тағайындау туралы жарлыққа қол қойды." in doc.text
    assert "«Халықтың үні естілуі тиіс»" in doc.text
    for boilerplate in ("Басты бет", "Саясат", "Айгүл", "Тағы бір әкім", "Пікірлер", "Барлық құқықтар"):
        assert boilerplate not in doc.text
    assert "\n\nОл бұған дейін" in doc.text
    assert doc.title == "Жаңа әкім тағайындалды"


def test_html_in_windows_1251_without_metadata_date(tmp_path):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
            "<title>Послание Президента</title></head><body><p>Уважаемые соотечественники!</p>"
            "<p>Сегодня мы обсуждаем реформы.</p></body></html>")
    path = _write(tmp_path / "poslanie.htm", page.encode("cp1251"))
    _set_mtime(path, datetime(2020, 1, 1, tzinfo=UTC))
    doc = extract_document(path)
    assert doc.text == "Уважаемые соотечественники!\n\nСегодня мы обсуждаем реформы."
    assert doc.title == "Послание Президента"
    assert doc.date_source == "file_mtime" and "url" not in doc.meta


def test_docx_paragraphs_tables_title_and_created_date(tmp_path):
    path = write_docx(tmp_path / "reforma.docx", title="Әділетті Қазақстан", author="Баспасөз қызметі",
                      created=datetime(2022, 3, 16, 5, 0))
    doc = extract_document(path)
    assert doc.text == (
        "Әділетті Қазақстан: жаңа кезең\n\n"
        "Құрметті қазақстандықтар! Бүгін біз маңызды реформалар туралы сөйлесеміз.\n\n"
        "Уважаемые соотечественники! Реформы будут продолжены.\n\n"
        "Өңір\tТұрғындар саны\nАлматы облысы\t1 500 000\n\n"
        "Қорытынды: бірлік пен келісім."
    )
    assert doc.title == "Әділетті Қазақстан"
    assert doc.author == "Баспасөз қызметі"
    assert doc.date == datetime(2022, 3, 16, 5, 0, tzinfo=UTC) and doc.date_source == "metadata"


def test_docx_without_title_uses_the_first_heading_and_ignores_the_template_date(tmp_path):
    path = _set_mtime(write_docx(tmp_path / "draft.docx"), datetime(2021, 12, 16, 6, 0, tzinfo=UTC))
    doc = extract_document(path)
    assert doc.title == "Әділетті Қазақстан: жаңа кезең"
    # python-docx's blank template claims 2013-12-23 and author "python-docx": neither is real
    assert doc.date_source == "file_mtime" and doc.date == datetime(2021, 12, 16, 6, 0, tzinfo=UTC)
    assert doc.author is None


def test_pdf_text_layer_in_kazakh_and_russian(tmp_path):
    path = write_pdf(tmp_path / "address.pdf", ADDRESS_PAGES, title="Қазақстан халқына Жолдау",
                     created=datetime(2021, 9, 1, 4, 0, tzinfo=UTC))
    doc = extract_document(path)
    assert doc.text == (
        "Қазақстан халқына Жолдау\nҚұрметті отандастар! Біз әділетті мемлекет құрамыз.\n"
        "Уважаемые соотечественники! Мы строим справедливое государство.\n\n"
        "Екінші бөлім: өңірлердің дамуы, ауыл шаруашылығы және ғылым.\nҺ һ Ұ ұ Ү ү Ө ө Ң ң Ғ ғ Қ қ Ә ә І і"
    )
    assert doc.title == "Қазақстан халқына Жолдау"
    assert doc.date == datetime(2021, 9, 1, 4, 0, tzinfo=UTC) and doc.date_source == "metadata"
    assert doc.meta["pages"] == 2 and doc.meta["pages_without_text"] == 0


def test_pdf_date_without_offset_is_read_in_the_time_zone(tmp_path):
    path = write_pdf(tmp_path / "sez.pdf", [["Сөз сөйлеу мәтіні", "Жаңа Қазақстан"]],
                     title="Microsoft Word - sez.docx", created="D:20240315100000")
    doc = extract_document(path)
    assert doc.title == "Сөз сөйлеу мәтіні"  # a converter's placeholder title is not a title
    assert doc.date.astimezone(UTC) == datetime(2024, 3, 15, 5, 0, tzinfo=UTC)  # UTC+5 since March 2024
    moscow = extract_document(path, tz="Europe/Moscow")
    assert moscow.date.astimezone(UTC) == datetime(2024, 3, 15, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: write_pdf(p / "scan.pdf", None), "no text layer; it needs OCR first"),
        (lambda p: _write(p / "broken.docx", random.Random(7).randbytes(400)),
         "is not a readable .docx file"),
        (lambda p: _write(p / "broken.pdf", b"%PDF-1.4\n" + random.Random(8).randbytes(300)),
         "is not a readable PDF"),
        (lambda p: _write(p / "empty.txt", b"  \r\n"), "is empty"),
        (lambda p: _write(p / "blank.html", b"<html><body><script>x()</script></body></html>"),
         "holds no text"),
    ],
)
def test_unreadable_files_say_why(tmp_path, make, reason):
    path = make(tmp_path)
    with pytest.raises(DocumentProblem) as caught:
        extract_document(path)
    assert reason in caught.value.reason
    assert str(path) in str(caught.value)


def test_encrypted_pdf_is_refused_but_an_owner_only_lock_is_read(tmp_path):
    source = write_pdf(tmp_path / "open.pdf", ADDRESS_PAGES)
    locked = pypdf.PdfWriter(clone_from=source)
    locked.encrypt("құпия", algorithm="RC4-128")
    locked.write(tmp_path / "locked.pdf")
    with pytest.raises(DocumentProblem, match="encrypted with a password"):
        extract_document(tmp_path / "locked.pdf")
    restricted = pypdf.PdfWriter(clone_from=source)
    restricted.encrypt("", owner_password="иесі", algorithm="RC4-128")
    restricted.write(tmp_path / "restricted.pdf")
    assert "Біз әділетті мемлекет құрамыз" in extract_document(tmp_path / "restricted.pdf").text


def test_html_main_without_main_text_suggests_full(tmp_path):
    path = tmp_path / "footer.html"
    path.write_text(
        "<html><body><footer><p>© 2023 Ақорда жаңалықтары. Барлық құқықтар қорғалған.</p></footer>"
        "</body></html>",
        encoding="utf-8",
    )
    with pytest.raises(DocumentProblem, match="try --html full"):
        extract_document(path, html="main")
    assert extract_document(path, html="full").text == "© 2023 Ақорда жаңалықтары. Барлық құқықтар қорғалған."


# --- dates from names ---------------------------------------------------------------------------

def test_date_in_name_patterns():
    almaty = "Asia/Almaty"
    assert date_in_name("poslanie_2019-09-02.docx", "%Y-%m-%d", almaty) == datetime(
        2019, 9, 1, 18, 0, tzinfo=UTC)
    assert date_in_name("address-2021.txt", "%Y", almaty).year == 2021
    assert date_in_name("scan_20240301.pdf", "%Y%m%d", almaty).utcoffset() == timedelta(hours=5)
    assert date_in_name("scan_20240229.pdf", "%Y%m%d", almaty).utcoffset() == timedelta(hours=6)
    assert date_in_name("joldau 05.01.22 kk.txt", "%d.%m.%y", almaty).date().isoformat() == "2022-01-05"
    # digits around the match belong to a longer number: not a year
    assert date_in_name("scan_20240301.pdf", "%Y", almaty) is None
    # the first match that is a real date wins
    assert date_in_name("2021-02-30_2021-03-01.txt", "%Y-%m-%d", almaty).day == 1
    assert date_in_name("без_даты.txt", "%Y-%m-%d", almaty) is None


@pytest.mark.parametrize(
    ("pattern", "message"),
    [("%m-%d", "has no year"), ("%Y-%B", "unsupported directive %B"), ("%Y-%Y", "repeats %Y")],
)
def test_bad_name_patterns_are_refused(pattern, message):
    with pytest.raises(InputError, match=message):
        date_in_name("poslanie_2019-09-02.docx", pattern)


# --- importing a folder -------------------------------------------------------------------------

class Recorder:
    def __init__(self):
        self.stages: list[tuple[str, float | None]] = []
        self.done = 0.0

    def stage(self, description: str, total: float | None = None) -> None:
        self.stages.append((description, total))

    def advance(self, amount: float = 1) -> None:
        self.done += amount


def _documents(project) -> pd.DataFrame:
    frame = project.documents(columns="title, text, author_key, created_at, created_offset_min, url, meta")
    frame["meta"] = frame["meta"].map(json.loads)
    frame["file"] = frame["meta"].map(lambda m: m["file"])
    return frame.set_index("file")


def test_import_folder(project, folder):
    progress = Recorder()
    result = import_docs(project, folder, corpus="joldau", date_from_name="%Y", progress=progress)

    assert (result.read, result.imported, result.duplicates, result.rejected) == (8, 6, 0, 2)
    assert result.skipped_by_extension == {".jpg": 1, ".xlsx": 1}
    assert result.skipped_hidden == 3  # .git/, .draft.txt, ~$reforma.docx
    assert result.skipped == 5
    assert progress.stages == [("Reading documents", 8)] and progress.done == 8

    rejects = pd.read_csv(result.rejects_path, encoding="utf-8-sig")
    assert result.rejects_path.parent == project.path / "imports"
    assert rejects.to_dict("list") == {
        "row": [2, 8], "field": ["file", "file"], "value": ["broken.docx", "scan.pdf"],
        "reason": [rejects["reason"][0], "has no text layer; it needs OCR first (for example with ocrmypdf)"],
    }
    assert rejects["reason"][0].startswith("is not a readable .docx file")

    docs = _documents(project)
    assert sorted(docs.index) == ["address.pdf", "kk/akim.html", "kk/joldau.txt", "kk/tezis.md",
                                  "reforma.docx", "ru/poslanie.txt"]
    kk = docs.loc["kk/joldau.txt"]
    assert kk["text"] == JOLDAU_KK and kk["title"] == "Қазақстан халқына Жолдау"
    assert kk["created_at"] == datetime(2023, 9, 1, 4, 0, tzinfo=UTC) and kk["created_offset_min"] == 360
    assert kk["meta"]["date_source"] == "file_mtime" and kk["meta"]["extension"] == ".txt"
    ru = docs.loc["ru/poslanie.txt"]
    assert ru["text"] == POSLANIE_RU and ru["meta"]["encoding"] == "cp1251"
    assert ru["created_offset_min"] == 300  # Almaty is UTC+5 since 1 March 2024
    assert docs.loc["kk/tezis.md", "title"] == "Жастар саясаты"
    page = docs.loc["kk/akim.html"]
    assert page["url"] == "https://news.example.kz/kk/2023/05/akim" and "Айгүл" in page["text"]
    assert page["created_at"] == datetime(2023, 5, 12, 8, 30, tzinfo=UTC)
    assert page["created_offset_min"] == 360
    word = docs.loc["reforma.docx"]
    assert word["title"] == "Әділетті Қазақстан" and "Алматы облысы\t1 500 000" in word["text"]
    assert word["author_key"] and word["author_key"] != "Баспасөз қызметі"  # pseudonymised
    pdf = docs.loc["address.pdf"]
    assert pdf["meta"]["pages"] == 2 and pdf["meta"]["bytes"] == (folder / "address.pdf").stat().st_size
    assert pdf["created_at"] == datetime(2021, 9, 1, 4, 0, tzinfo=UTC)

    run = project.log()[-1]
    assert run["step"] == "import.docs"
    assert run["params"]["corpus"] == "joldau" and run["params"]["date_from_name"] == "%Y"
    assert run["params"]["html"] == "full" and run["params"]["recursive"] is True
    assert run["counts"]["read"] == 8 and run["counts"]["skipped_by_extension"] == {".jpg": 1, ".xlsx": 1}
    with project.store.read() as con:
        kind, location, file_hash = con.execute("SELECT kind, location, file_hash FROM sources").fetchone()
    assert (kind, location) == ("docs", str(folder.resolve())) and len(file_hash) == 64


def test_reimporting_the_same_folder_adds_nothing(project, folder):
    first = import_docs(project, folder, corpus="joldau")
    second = import_docs(project, folder, corpus="joldau")
    assert first.imported == 6
    assert (second.imported, second.duplicates, second.rejected) == (0, 6, 2)
    assert project.status()["total_documents"] == 6
    with project.store.read() as con:
        hashes = [h for (h,) in con.execute("SELECT file_hash FROM sources ORDER BY id").fetchall()]
    assert hashes[0] == hashes[1]


def test_date_from_name_and_html_main_in_an_import(project, tmp_path):
    root = tmp_path / "news"
    root.mkdir()
    (root / "akim_2023-05-10.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (root / "poslanie_2019-09-02.txt").write_text(POSLANIE_RU, encoding="utf-8")
    result = import_docs(project, root, corpus="news", html="main", date_from_name="%Y-%m-%d")
    assert result.imported == 2 and result.rejects_path is None
    docs = _documents(project)
    page = docs.loc["akim_2023-05-10.html"]
    assert "Айгүл" not in page["text"] and "Басты бет" not in page["text"]
    assert page["meta"]["date_source"] == "name"
    assert page["created_at"] == datetime(2023, 5, 9, 18, 0, tzinfo=UTC)
    assert docs.loc["poslanie_2019-09-02.txt", "created_at"] == datetime(2019, 9, 1, 18, 0, tzinfo=UTC)


def test_strict_refuses_the_folder_and_writes_nothing(project, folder):
    with pytest.raises(InputError) as caught:
        import_docs(project, folder, corpus="joldau", strict=True)
    message = str(caught.value)
    assert "2 of 8 files cannot be imported" in message
    assert "broken.docx: is not a readable .docx file" in message
    assert "scan.pdf: has no text layer; it needs OCR first" in message
    assert project.status()["total_documents"] == 0 and project.log() == []
    assert list((project.path / "imports").iterdir()) == []


def test_no_recursive_reads_only_the_top_folder(project, folder):
    result = import_docs(project, folder, corpus="joldau", recursive=False)
    assert result.read == 4 and result.imported == 2
    assert sorted(_documents(project).index) == ["address.pdf", "reforma.docx"]


def test_a_single_file(project, tmp_path):
    path = write_docx(tmp_path / "reforma.docx", title="Әділетті Қазақстан")
    result = import_docs(project, path, corpus="joldau")
    assert (result.read, result.imported) == (1, 1)
    assert list(_documents(project).index) == ["reforma.docx"]


def test_folder_problems(project, tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        import_docs(project, tmp_path / "жоқ", corpus="c")
    (tmp_path / "pictures").mkdir()
    (tmp_path / "pictures" / "photo.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(InputError, match=r"holds no documents to import \(dauys imports .docx, .htm, .html"):
        import_docs(project, tmp_path / "pictures", corpus="c")
    with pytest.raises(InputError, match="is not a supported document"):
        import_docs(project, tmp_path / "pictures" / "photo.jpg", corpus="c")
    with pytest.raises(InputError, match="--html 'clean'"):
        import_docs(project, tmp_path / "pictures", corpus="c", html="clean")
    with pytest.raises(InputError, match="not a time zone name"):
        import_docs(project, tmp_path / "pictures", corpus="c", tz="Asia/Astana-City")
    assert project.log() == []


def test_all_files_rejected_still_records_the_attempt(project, tmp_path):
    root = tmp_path / "scans"
    root.mkdir()
    write_pdf(root / "scan.pdf", None)
    result = import_docs(project, root, corpus="scans")
    assert (result.read, result.imported, result.rejected) == (1, 0, 1)
    assert result.rejects_path.name.startswith("scans-")
    assert project.log()[-1]["counts"]["rejected"] == 1


# --- command line -------------------------------------------------------------------------------

def test_cli_prints_counts_and_the_rejects_file(cli, project, folder):
    result = cli("import", "docs", folder, "--corpus", "joldau", "--project", project.path,
                 "--date-from-name", "%Y-%m-%d", "--html", "main")
    assert result.exit_code == 0, result.stderr
    assert ("Read 8 files into corpus 'joldau': 6 imported, 0 duplicates, 2 rejected, "
            "5 skipped (3 hidden, 1 .jpg, 1 .xlsx).") in result.stdout
    rejects = next((project.path / "imports").iterdir())
    assert f"Rejected files are listed in {rejects}" in result.stdout
    assert project.log()[-1]["params"]["html"] == "main"

    again = cli("import", "docs", folder, "--corpus", "joldau", "-p", project.path,
                "--date-from-name", "%Y-%m-%d", "--html", "main")
    assert "0 imported, 6 duplicates, 2 rejected" in again.stdout


def test_cli_strict_and_missing_folder_fail_with_a_message(cli, project, folder, tmp_path):
    strict = cli("import", "docs", folder, "--corpus", "joldau", "-p", project.path, "--strict")
    assert strict.exit_code == 2
    assert "--strict refuses the folder" in strict.stderr and "scan.pdf" in strict.stderr
    missing = cli("import", "docs", tmp_path / "жоқ", "--corpus", "joldau", "-p", project.path)
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    assert project.status()["total_documents"] == 0
