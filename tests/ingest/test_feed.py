"""`dauys import feed`: RSS 2.0, RSS 1.0 and Atom feeds from files and from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest
from conftest import DATA

from dauys.errors import InputError
from dauys.ingest.docs import import_docs
from dauys.ingest.feed import canonical_url, import_feed, parse_feed
from dauys.report.methods import methods_text

FEEDS = DATA / "feeds"
KAZ_RSS = FEEDS / "kaz-akparat-rss2.xml"
RU_ATOM = FEEDS / "ru-vesti-atom.xml"
RU_1251 = FEEDS / "ru-uralsk-cp1251.xml"
KAZ_RDF = FEEDS / "kaz-baspasoz-rdf.xml"
PROBLEMS = FEEDS / "kaz-akparat-problems.xml"
MALFORMED = FEEDS / "malformed.xml"
FRONT_PAGE = FEEDS / "kaz-akparat-front-page.html"

NEW_ITEM = """    <item>
      <title>Петропавлда су деңгейі төмендей бастады</title>
      <link>https://kaz.akparat.example/kk/news/su-tomendedi?utm_source=rss</link>
      <guid isPermaLink="false">48250</guid>
      <pubDate>Sun, 07 Apr 2024 08:00:00 +0500</pubDate>
      <description><![CDATA[<p>Есіл өзеніндегі су деңгейі бір тәулікте 12 сантиметрге төмендеді.</p>]]></description>
    </item>
"""


def _documents(project) -> pd.DataFrame:
    frame = project.documents(
        columns="external_id, platform, corpus, channel_id, title, text, url, author_key, lang, created_at, "
                "created_offset_min, meta"
    )
    frame["meta"] = frame["meta"].map(json.loads)
    return frame.set_index("external_id")


def _feed_with_items(tmp_path: Path, name: str, items: str, channel: str = "Ақпарат жаңалықтары") -> Path:
    path = tmp_path / name
    path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{channel}</title>'
        f"<link>https://kaz.akparat.example/</link><language>kk</language>\n{items}</channel></rss>\n",
        encoding="utf-8",
    )
    return path


def _nothing_written(project) -> None:
    assert project.log() == []
    assert project.status()["total_documents"] == 0
    assert not (project.path / "imports").exists() or list((project.path / "imports").iterdir()) == []


# --- a real HTTP server -------------------------------------------------------------------------

class FeedSite:
    """A news site on 127.0.0.1: ``routes`` maps a path to (status, headers, body, delay in seconds)."""

    def __init__(self):
        self.routes: dict[str, tuple[int, dict[str, str], bytes, float]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                site.requests.append((self.path, dict(self.headers)))
                status, headers, body, delay = site.routes.get(
                    self.path, (404, {"Content-Type": "text/html; charset=utf-8"}, "<h1>Бет табылмады</h1>".encode(), 0)
                )
                time.sleep(delay)
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                return None

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                return None  # a client that gave up waiting (the timeout test) is not an error here

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def serve(self, path: str, body: bytes, content_type: str = "application/rss+xml; charset=utf-8",
              status: int = 200, delay: float = 0) -> str:
        self.routes[path] = (status, {"Content-Type": content_type}, body, delay)
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 301) -> str:
        self.routes[path] = (status, {"Location": to}, b"", 0)
        return self.url(path)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    server = FeedSite()
    yield server
    server.close()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- files ----------------------------------------------------------------------------------------

def test_kazakh_rss_feed_from_a_file(project):
    result = import_feed(project, KAZ_RSS, corpus="su_tasqyny")

    assert (result.read, result.imported, result.duplicates, result.rejected) == (4, 4, 0, 0)
    assert (result.format, result.encoding, result.channel) == ("RSS 2.0", "utf-8", "Ақпарат жаңалықтары")
    assert result.rejects_path is None and result.warning is None and result.url is None
    docs = _documents(project)
    assert list(docs.index) == [  # oldest first
        "kaz.akparat.example:47002", "https://kaz.akparat.example/kk/news/otemaqy",
        "https://kaz.akparat.example/kk/news/aqtobe-su-basty", "kaz.akparat.example:48213",
    ]
    flood = docs.loc["kaz.akparat.example:48213"]
    assert flood["title"] == "Су тасқыны: Петропавлда 1200 адам эвакуацияланды"
    assert flood["text"] == (
        "Солтүстік Қазақстан облысында Есіл өзенінің деңгейі көтеріліп, Петропавлдың төменгі аудандарынан "
        "1200 адам көшірілді.\n\n"
        "Облыс әкімдігінің мәліметінше, уақытша орналастыру пункттерінде тұрғындарға ыстық тамақ пен "
        "дәрі-дәрмек беріліп жатыр.\n\n"
        "Су тасқыны туралы барлық жаңалықтар"
    )
    assert "trackRead" not in flood["text"] and "<p>" not in flood["text"]
    assert flood["url"] == "https://kaz.akparat.example/kk/news/su-tasqyny-petropavl"
    assert flood["meta"]["link"] == (
        "https://KAZ.akparat.example/kk/news/su-tasqyny-petropavl?utm_source=rss&utm_medium=feed"
    )
    assert flood["meta"]["guid"] == "48213" and flood["meta"]["text_from"] == "content"
    assert flood["meta"]["date_field"] == "published" and "updated" not in flood["meta"]
    assert flood["meta"]["categories"] == ["Су тасқыны", "Солтүстік Қазақстан облысы"]
    assert flood["meta"]["summary"].startswith("Солтүстік Қазақстан облысында Есіл өзенінің")
    assert (flood["platform"], flood["corpus"], flood["lang"]) == ("web", "su_tasqyny", "kk")
    assert flood["created_at"] == datetime(2024, 4, 6, 13, 30, tzinfo=UTC) and flood["created_offset_min"] == 300

    aqtobe = docs.loc["https://kaz.akparat.example/kk/news/aqtobe-su-basty"]
    assert aqtobe["text"] == (
        "Ақтөбе облысында су тасқынынан 30-дан астам елді мекен зардап шекті.\n\n"
        "Құтқарушылар түні бойы бөгеттерді нығайтты."
    )
    assert aqtobe["meta"]["text_from"] == "summary"
    assert aqtobe["meta"]["enclosures"] == ["https://kaz.akparat.example/media/aqtobe-su.jpg"]
    # offsets as written: +0500 after 1 March 2024, GMT, and +0600 before
    assert docs["created_offset_min"].tolist() == [360, 0, 300, 300]
    assert docs.loc["kaz.akparat.example:47002", "created_at"] == datetime(2024, 2, 29, 14, 0, tzinfo=UTC)

    # authors are pseudonyms; the same author gets the same key; no e-mail address is kept anywhere
    keys = docs["author_key"]
    assert keys.loc["kaz.akparat.example:48213"] == keys.loc["https://kaz.akparat.example/kk/news/otemaqy"]
    assert not keys.fillna("").str.contains("Айгүл|Ерлан|@").any()
    assert "redaksia@" not in docs.to_json(force_ascii=False, date_format="iso")

    with project.store.read() as con:
        channels = con.execute("SELECT platform, handle FROM channels").fetchall()
        metrics = con.execute("SELECT metric, value FROM document_metrics").fetchall()
        kind, location, file_hash = con.execute("SELECT kind, location, file_hash FROM sources").fetchone()
    assert channels == [("web", "Ақпарат жаңалықтары")]
    assert metrics == [("comments", 14.0)] and result.metric_snapshots == 1
    assert (kind, location) == ("feed", str(KAZ_RSS.resolve())) and len(file_hash) == 64


def test_keep_authors_and_a_channel_of_ones_own(project):
    import_feed(project, KAZ_RSS, corpus="su_tasqyny", channel="Ақпарат (қазақша)", keep_authors=True)
    docs = _documents(project)
    # the name only: RSS <author> is "e-mail (name)"
    assert set(docs["author_key"].dropna()) == {"Айгүл Сәрсенова", "Ерлан Қасымов"}
    with project.store.read() as con:
        assert con.execute("SELECT handle FROM channels").fetchall() == [("Ақпарат (қазақша)",)]
    assert project.log()[-1]["params"]["keep_authors"] is True


def test_atom_feed_in_russian(project):
    result = import_feed(project, RU_ATOM, corpus="pavodki")
    assert (result.format, result.read, result.imported) == ("Atom 1.0", 3, 3)
    docs = _documents(project)
    first = docs.loc["tag:ru.vesti-stepi.example,2024-04-06:/news/88411"]
    assert first["title"] == "Паводки: в Петропавловске эвакуированы 1200 человек"  # type="html" title
    assert first["text"] == (
        "Уровень воды в Ишиме продолжает расти, из низменных районов Петропавловска эвакуированы 1200 человек."
        "\n\nЖители жалуются, что о подтоплении их предупредили слишком поздно."
    )
    assert first["meta"]["summary"] == "Уровень воды в Ишиме продолжает расти."
    assert first["meta"]["date_field"] == "published" and first["meta"]["updated"] == "2024-04-07T08:00:00+05:00"
    assert first["meta"]["categories"] == ["Паводки", "Северо-Казахстанская область"]  # labels, not terms
    assert first["meta"]["language"] == "ru-RU" and first["lang"] == "ru"
    assert first["created_at"] == datetime(2024, 4, 6, 14, 5, tzinfo=UTC) and first["created_offset_min"] == 300

    second = docs.loc["tag:ru.vesti-stepi.example,2024-04-04:/news/88305"]  # xhtml content, <updated> only
    assert second["text"] == (
        "Семьи, чьё жильё пострадало, получат компенсацию в размере 100 МРП.\n\nКритики называют сумму "
        "недостаточной."
    )
    assert second["meta"]["date_field"] == "updated" and second["created_offset_min"] == 0
    assert docs.loc["tag:ru.vesti-stepi.example,2024-04-03:/kk/news/88290", "lang"] == "kk"  # entry xml:lang
    with project.store.read() as con:
        assert con.execute("SELECT handle FROM channels").fetchall() == [("Вести Степи — Новости Казахстана",)]
    assert "m.ivanova" not in docs.to_json(force_ascii=False, date_format="iso")


def test_rss_1_0_rdf_feed(project):
    result = import_feed(project, KAZ_RDF, corpus="su_tasqyny")
    assert (result.format, result.imported) == ("RSS 1.0", 1)
    doc = _documents(project).loc["https://baspasoz.example/2024/04/02/qostanai-su"]
    assert doc["text"] == "Тобыл өзенінің деңгейі бір тәулікте 40 сантиметрге көтерілді."
    assert doc["lang"] == "kk" and doc["meta"]["language"] == "kz"  # the country code Kazakh sites write
    assert doc["meta"]["categories"] == ["Су тасқыны"] and doc["meta"]["date_field"] == "updated"
    assert doc["created_at"] == datetime(2024, 4, 2, 3, 20, tzinfo=UTC) and doc["created_offset_min"] == 300
    assert doc["author_key"] is not None


def test_windows_1251_feed_and_dates_without_offsets(project):
    result = import_feed(project, RU_1251, corpus="pavodki")
    assert (result.encoding, result.imported, result.channel) == ("cp1251", 3, "Городские новости Уральска")
    docs = _documents(project)
    help_point = docs.loc["https://uralsk-news.example/news/2024/04/05/punkt-pomoshchi"]
    assert help_point["title"] == "В Уральске открыли пункт приёма гуманитарной помощи"
    assert "«всё, что соберём, отправим в район Бёрли»" in help_point["text"]
    # no zone: read in Asia/Almaty, which was UTC+5 in April 2024
    assert help_point["created_at"] == datetime(2024, 4, 5, 11, 20, tzinfo=UTC)
    assert help_point["created_offset_min"] == 300
    msk = docs.loc["https://uralsk-news.example/news/2024/04/04/uroven-urala"]
    assert msk["created_at"] == datetime(2024, 4, 4, 18, 10, tzinfo=UTC) and msk["created_offset_min"] == 180
    utc = docs.loc["https://uralsk-news.example/news/2024/02/20/damby"]  # -0000: UTC, sender's zone unknown
    assert utc["created_at"] == datetime(2024, 2, 20, 11, 0, tzinfo=UTC) and utc["created_offset_min"] == 0
    assert project.log()[-1]["params"]["encoding"] == "cp1251"


def test_the_time_zone_of_dates_without_offsets(project, tmp_path):
    items = "".join(
        f"<item><title>Хабар {n}</title><guid isPermaLink=\"false\">{n}</guid><pubDate>{when}</pubDate>"
        f"<description>Астанада {n}-ші жиналыс өтті.</description></item>\n"
        for n, when in ((1, "Thu, 29 Feb 2024 12:00:00"), (2, "Fri, 01 Mar 2024 12:00:00"))
    )
    path = _feed_with_items(tmp_path, "kun.xml", items)
    import_feed(project, path, corpus="almaty")
    docs = _documents(project)
    # Almaty's clocks went from UTC+6 to UTC+5 on 1 March 2024
    assert docs["created_offset_min"].tolist() == [360, 300]
    assert docs["created_at"].tolist() == [datetime(2024, 2, 29, 6, 0, tzinfo=UTC),
                                          datetime(2024, 3, 1, 7, 0, tzinfo=UTC)]

    other = _feed_with_items(tmp_path, "oral.xml", items, channel="Орал жаңалықтары")
    import_feed(project, other, corpus="oral", platform="oral-web", tz="Europe/Moscow")
    moscow = project.documents(columns="created_at, created_offset_min, platform")
    moscow = moscow[moscow["platform"] == "oral-web"]
    assert moscow["created_offset_min"].tolist() == [180, 180]
    assert moscow["created_at"].tolist()[0] == datetime(2024, 2, 29, 9, 0, tzinfo=UTC)
    with pytest.raises(InputError, match="not a time zone name"):
        import_feed(project, path, corpus="almaty", tz="Asia/Astana")


def test_reimporting_adds_nothing_and_newer_entries_are_added(project, tmp_path):
    first = import_feed(project, KAZ_RSS, corpus="su_tasqyny")
    again = import_feed(project, KAZ_RSS, corpus="su_tasqyny")
    assert (first.imported, again.imported, again.duplicates, again.metric_snapshots) == (4, 0, 4, 0)

    newer = tmp_path / "kaz-akparat-rss2.xml"
    source = KAZ_RSS.read_text(encoding="utf-8")
    newer.write_text(
        source.replace("    <item>\n", NEW_ITEM + "    <item>\n", 1).replace(
            "<slash:comments>14</slash:comments>", "<slash:comments>21</slash:comments>"
        ),
        encoding="utf-8",
    )
    later = import_feed(project, newer, corpus="su_tasqyny")
    assert (later.read, later.imported, later.duplicates) == (5, 1, 4)
    assert later.metric_snapshots == 1  # the comment count of the flood article changed
    assert project.status()["total_documents"] == 5
    assert "kaz.akparat.example:48250" in _documents(project).index
    with project.store.read() as con:
        counts = con.execute("SELECT value FROM document_metrics ORDER BY observed_at").fetchall()
    assert counts == [(14.0,), (21.0,)]


def test_bare_ids_of_two_sites_do_not_collide(project, tmp_path):
    import_feed(project, KAZ_RSS, corpus="su_tasqyny")
    other = tmp_path / "other.xml"
    other.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Өңір тынысы</title>'
        "<link>https://onir.example/</link><item><title>Қызылордада күріш егісі басталды</title>"
        '<guid isPermaLink="false">48213</guid><pubDate>Mon, 22 Apr 2024 09:00:00 +0500</pubDate>'
        "<description>Қызылорда облысында күріш егу науқаны басталды.</description></item></channel></rss>",
        encoding="utf-8",
    )
    result = import_feed(project, other, corpus="su_tasqyny")
    assert (result.imported, result.duplicates) == (1, 0)
    assert {"kaz.akparat.example:48213", "onir.example:48213"} <= set(_documents(project).index)


def test_entries_are_rejected_row_by_row(project):
    result = import_feed(project, PROBLEMS, corpus="su_tasqyny")
    assert (result.read, result.imported, result.duplicates, result.rejected) == (6, 2, 0, 4)
    assert sorted(_documents(project)["title"]) == ["Павлодарда жылу беру маусымы аяқталды",
                                                    "Семейде жаңа көпір ашылды"]
    assert result.rejects_path.name.startswith(f"kaz-akparat-problems-run{result.run_id}-")
    assert result.rejects_path.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM, so Excel shows Kazakh
    rejects = pd.read_csv(result.rejects_path, encoding="utf-8-sig", keep_default_na=False)
    assert rejects["row"].tolist() == [2, 3, 4, 5]
    assert rejects["field"].tolist() == ["published", "external_id", "text", "published"]
    reasons = rejects["reason"].tolist()
    assert reasons[0].startswith("no date: entry 'Күні көрсетілмеген хабарлама' has neither <pubDate>")
    assert reasons[1] == "duplicate id inside the feed (first at row 1)"
    assert reasons[2].startswith("no text: entry 'Мәтіні жоқ жаңалық'")
    assert rejects["value"].tolist()[3] == "кеше, 15:00" and reasons[3].startswith("unreadable date")
    assert project.log()[-1]["counts"]["rejected"] == 4


def test_a_feed_whose_entries_are_all_rejected_still_records_the_attempt(project, tmp_path):
    items = "<item><title>Күні жоқ хабар</title><description>Ауа райы туралы хабар.</description></item>"
    result = import_feed(project, _feed_with_items(tmp_path, "kunsiz.xml", items), corpus="su_tasqyny")
    assert (result.read, result.imported, result.rejected) == (1, 0, 1)
    assert result.channel == "Ақпарат жаңалықтары" and result.rejects_path.name.startswith("kunsiz-run")
    assert project.log()[-1]["counts"]["rejected"] == 1 and project.status()["total_documents"] == 0


def test_strict_refuses_the_feed_and_writes_nothing(project):
    with pytest.raises(InputError) as caught:
        import_feed(project, PROBLEMS, corpus="su_tasqyny", strict=True)
    message = str(caught.value)
    assert f"{PROBLEMS}: 4 of 6 entries cannot be imported, and --strict refuses the feed" in message
    assert "entry 2, published: no date" in message and "(value 'кеше, 15:00')" in message
    _nothing_written(project)
    assert import_feed(project, KAZ_RSS, corpus="su_tasqyny", strict=True).imported == 4


def test_a_feed_that_is_not_well_formed_but_readable_is_imported_with_a_warning(project, tmp_path):
    items = ('<item><title>Әкім&nbsp;қабылдау өткізді</title><guid isPermaLink="false">501</guid>'
             "<pubDate>Wed, 10 Apr 2024 15:00:00 +0500</pubDate>"
             "<description>Тұрғындар әкімге жол мен су мәселесін айтты.</description></item>")
    result = import_feed(project, _feed_with_items(tmp_path, "nbsp.xml", items), corpus="su_tasqyny")
    assert result.imported == 1
    assert result.warning.startswith("not well-formed XML (") and "undefined entity" in result.warning
    assert project.log()[-1]["params"]["warning"] == result.warning
    assert _documents(project)["title"].tolist() == ["Әкім қабылдау өткізді"]


def _undecodable(tmp_path: Path) -> Path:
    path = tmp_path / "bad-bytes.xml"
    text = KAZ_RSS.read_text(encoding="utf-8").replace("Ақпарат жаңалықтары", "Новости Казахстана", 1)
    path.write_bytes(text.encode("utf-8").replace("Новости".encode(), "Новости".encode("cp1251")))
    return path


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda tmp: tmp / "жоқ.xml", "жоқ.xml does not exist; give a feed file"),
        (lambda tmp: tmp, "is a folder; give one feed file"),
        (lambda tmp: (tmp / "empty.xml", (tmp / "empty.xml").write_bytes(b"  \n"))[0], "empty.xml is empty"),
        (_undecodable, "bad-bytes.xml: cannot be read as UTF-8 (byte "),
        (lambda tmp: MALFORMED, "malformed.xml is not a well-formed feed (line 7: unclosed token) and no entry"),
        (lambda tmp: FRONT_PAGE, "kaz-akparat-front-page.html is a web page (HTML), not an RSS or Atom feed; the "
                                 "page names its feed at /rss/kk.xml"),
        (lambda tmp: (tmp / "posts.json", (tmp / "posts.json").write_text('{"items": []}'))[0],
         "posts.json is not an RSS or Atom feed"),
        (lambda tmp: _feed_with_items(tmp, "bos.xml", ""), "bos.xml is a feed without entries"),
    ],
    ids=["missing", "folder", "empty", "undecodable", "malformed", "html", "json", "no-entries"],
)
def test_file_level_problems_write_nothing(project, tmp_path, make, message):
    with pytest.raises(InputError) as caught:
        import_feed(project, make(tmp_path), corpus="su_tasqyny")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    _nothing_written(project)


def test_option_problems(project):
    with pytest.raises(InputError, match="--corpus needs a name"):
        import_feed(project, KAZ_RSS, corpus=" ")
    with pytest.raises(InputError, match="--platform needs a name"):
        import_feed(project, KAZ_RSS, corpus="c", platform="")
    with pytest.raises(InputError, match="--timeout 0: give a positive number"):
        import_feed(project, "http://127.0.0.1:9/rss", corpus="c", timeout=0)
    _nothing_written(project)


def test_kz_1048_and_a_byte_order_mark(tmp_path):
    text = KAZ_RSS.read_text(encoding="utf-8")
    kz = text.replace('encoding="UTF-8"', 'encoding="KZ-1048"').encode("kz1048")
    assert parse_feed(kz).encoding == "kz1048"
    assert parse_feed(kz).entries[0]["title"] == "Су тасқыны: Петропавлда 1200 адам эвакуацияланды"
    bom = b"\xef\xbb\xbf" + text.encode("utf-8")
    assert parse_feed(bom).feed["title"] == "Ақпарат жаңалықтары"


# --- addresses ------------------------------------------------------------------------------------

def test_import_from_an_address(project, site):
    url = site.serve("/rss/kk.xml", KAZ_RSS.read_bytes())
    result = import_feed(project, url, corpus="su_tasqyny")
    assert (result.imported, result.url, result.feed) == (4, url, url)
    path, headers = site.requests[-1]
    assert path == "/rss/kk.xml"
    assert headers["User-Agent"].startswith("dauys/") and "rss+xml" in headers["Accept"]
    run = project.log()[-1]
    assert run["step"] == "import.feed" and run["params"]["url"] == url
    assert "httpx" in run["versions"] and "feedparser" in run["versions"]
    with project.store.read() as con:
        assert con.execute("SELECT kind, location FROM sources").fetchone() == ("feed", url)
    assert result.rejects_path is None

    again = import_feed(project, url, corpus="su_tasqyny")
    assert (again.imported, again.duplicates) == (0, 4)
    site.serve("/rss/kk.xml", KAZ_RSS.read_bytes().replace(b"    <item>\n", NEW_ITEM.encode() + b"    <item>\n", 1))
    assert import_feed(project, url, corpus="su_tasqyny").imported == 1


def test_redirects_are_followed_and_relative_links_resolved(project, site):
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Ақпарат жаңалықтары</title>'
        '<item><title>Атырауда жаңа мектеп ашылды</title><link>/kk/news/atyrau-mektep</link>'
        "<pubDate>Tue, 09 Apr 2024 10:00:00 +0500</pubDate>"
        "<description>Атырау қаласында 1200 орындық жаңа мектеп пайдалануға берілді.</description></item>"
        "</channel></rss>"
    ).encode()
    final = site.serve("/rss/kk-2024.xml", feed)
    site.redirect("/rss", site.url("/rss/kk.xml"), status=302)
    start = site.redirect("/rss/kk.xml", "/rss/kk-2024.xml", status=301)
    result = import_feed(project, site.url("/rss"), corpus="su_tasqyny")
    assert result.url == final and result.feed == site.url("/rss") and start != final
    assert [path for path, _ in site.requests] == ["/rss", "/rss/kk.xml", "/rss/kk-2024.xml"]
    doc = _documents(project)
    link = site.url("/kk/news/atyrau-mektep")
    assert doc.index.tolist() == [link] and doc["url"].tolist() == [link]
    assert result.channel == "Ақпарат жаңалықтары"
    assert project.log()[-1]["params"]["url"] == final


def test_the_encoding_a_feed_declares_wins_over_the_servers_charset(project, site):
    url = site.serve("/rss.xml", RU_1251.read_bytes(), content_type="text/html; charset=utf-8")
    result = import_feed(project, url, corpus="pavodki")
    assert (result.encoding, result.imported) == ("cp1251", 3)
    assert "Уральске" in " ".join(_documents(project)["title"])
    # a server default of windows-1251 in front of a UTF-8 feed would turn Kazakh letters into mojibake
    url = site.serve("/kk.xml", KAZ_RSS.read_bytes(), content_type="application/rss+xml; charset=windows-1251")
    result = import_feed(project, url, corpus="su_tasqyny")
    assert (result.encoding, result.channel) == ("utf-8", "Ақпарат жаңалықтары")
    undeclared = site.serve("/undeclared.xml", RU_1251.read_bytes().replace(b' encoding="windows-1251"', b""),
                            content_type="application/rss+xml; charset=windows-1251")
    assert import_feed(project, undeclared, corpus="pavodki").encoding == "cp1251"


def test_http_errors_and_failed_connections_write_nothing(project, site):
    missing = site.url("/rss/joq.xml")
    with pytest.raises(InputError, match=r"/rss/joq.xml: the server answered HTTP 404 Not Found; check the address"):
        import_feed(project, missing, corpus="su_tasqyny")
    broken = site.serve("/rss/broken.xml", b"", status=500)
    with pytest.raises(InputError, match="HTTP 500 Internal Server Error"):
        import_feed(project, broken, corpus="su_tasqyny")
    with pytest.raises(InputError, match="cannot connect .*; check the address and the internet connection"):
        import_feed(project, f"http://127.0.0.1:{_closed_port()}/rss", corpus="su_tasqyny")
    slow = site.serve("/rss/slow.xml", KAZ_RSS.read_bytes(), delay=2)
    with pytest.raises(InputError, match=r"no answer within 0.3 seconds; try again later or with a longer --timeout"):
        import_feed(project, slow, corpus="su_tasqyny", timeout=0.3)
    site.redirect("/loop", "/loop")
    with pytest.raises(InputError, match="redirects in a loop"):
        import_feed(project, site.url("/loop"), corpus="su_tasqyny")
    _nothing_written(project)


def test_a_web_page_instead_of_a_feed_names_the_feed_it_links(project, site):
    url = site.serve("/", FRONT_PAGE.read_bytes(), content_type="text/html; charset=utf-8")
    with pytest.raises(InputError) as caught:
        import_feed(project, url, corpus="su_tasqyny")
    assert str(caught.value) == (
        f"{url} is a web page (HTML), not an RSS or Atom feed; the page names its feed at "
        f"{site.url('/rss/kk.xml')}: import that address. To import saved article pages, use dauys import "
        "docs FOLDER --html main."
    )
    _nothing_written(project)


def test_passwords_and_keys_in_an_address_stay_out_of_the_project(project, site):
    site.serve("/rss/kk.xml?key=s3cret-token", KAZ_RSS.read_bytes())
    port = site.server.server_port
    url = f"http://reader:pa55word@127.0.0.1:{port}/rss/kk.xml?key=s3cret-token"
    result = import_feed(project, url, corpus="su_tasqyny")
    assert result.imported == 4 and result.feed == f"http://127.0.0.1:{port}/rss/kk.xml?key=[redacted]"
    assert site.requests[-1][1]["Authorization"].startswith("Basic ")
    with project.store.read() as con:
        stored = json.dumps(con.execute("SELECT * FROM sources").fetchall(), default=str)
        stored += json.dumps(con.execute("SELECT params FROM runs").fetchall())
    assert "s3cret" not in stored and "pa55word" not in stored
    assert "s3cret" not in methods_text(project)


# --- saved pages, the ledger, the methods text ---------------------------------------------------------

def test_canonical_url():
    assert canonical_url("https://KAZ.akparat.example:443/kk/news/48213?utm_source=rss&b=2&a=1") == (
        "https://kaz.akparat.example/kk/news/48213?a=1&b=2"
    )
    assert canonical_url("https://kaz.akparat.example/kk/жаңалық") == (
        "https://kaz.akparat.example/kk/%D0%B6%D0%B0%D2%A3%D0%B0%D0%BB%D1%8B%D2%9B"
    )
    assert canonical_url(" /kk/news/akim ") == "/kk/news/akim" and canonical_url("  ") is None


def test_saved_article_pages_join_their_feed_entries_by_url(project):
    import_feed(project, KAZ_RSS, corpus="su_tasqyny")
    import_docs(project, FEEDS / "saved-pages", corpus="su_tasqyny_pages", html="main")
    with project.store.read() as con:
        joined = con.execute(
            """SELECT f.external_id, f.title, length(p.text) > length(f.text), p.text
               FROM documents f JOIN documents p ON p.url = f.url
               WHERE f.platform = 'web' AND p.platform = 'docs'"""
        ).fetchall()
    assert len(joined) == 1
    external_id, title, longer, page_text = joined[0]
    assert (external_id, title) == ("kaz.akparat.example:48213", "Су тасқыны: Петропавлда 1200 адам эвакуацияланды")
    assert longer and "Түнгі сағат екіде ғана хабар берді" in page_text and "Басты бет" not in page_text


def test_the_ledger_and_the_methods_text_name_the_feed(project, site):
    import_feed(project, KAZ_RSS, corpus="su_tasqyny")
    url = site.serve("/atom.xml", RU_ATOM.read_bytes(), content_type="application/atom+xml")
    import_feed(project, url, corpus="pavodki")

    runs = project.log()
    assert [r["step"] for r in runs] == ["import.feed", "import.feed"]
    params = runs[0]["params"]
    assert params["feed"] == str(KAZ_RSS) and params["format"] == "RSS 2.0" and params["encoding"] == "utf-8"
    assert params["feed_title"] == "Ақпарат жаңалықтары" and params["site"] == "https://kaz.akparat.example/"
    assert (params["platform"], params["tz"], params["strict"]) == ("web", "Asia/Almaty", False)
    assert runs[0]["counts"] == {"read": 4, "imported": 4, "duplicates": 0, "rejected": 0, "metric_snapshots": 1}
    assert (runs[0]["n_in"], runs[0]["n_out"]) == (4, 4)

    english = methods_text(project, lang="en")
    assert "“kaz-akparat-rss2.xml” (corpus “su_tasqyny”, platform web)" in english
    assert str(KAZ_RSS.parent) not in english  # no local paths in a shared methods text
    assert f"“{url}” (corpus “pavodki”, platform web)" in english
    assert "Its documents date from 29 February 2024 to 6 April 2024." in english
    assert "From it, 3 records were read; 3 new documents were added to the project" in english
    russian = methods_text(project, lang="ru")
    assert "«kaz-akparat-rss2.xml» (корпус «su_tasqyny», платформа web)" in russian


# --- command line -------------------------------------------------------------------------------

def test_cli_imports_a_feed_file_and_prints_counts(cli, project):
    result = cli("import", "feed", PROBLEMS, "--corpus", "su_tasqyny", "--project", project.path)
    assert result.exit_code == 0, result.stderr
    assert (f"Imported {PROBLEMS} into corpus 'su_tasqyny' (RSS 2.0, utf-8, channel 'Ақпарат жаңалықтары')"
            in result.stdout)
    assert "read 6   imported 2   duplicates 0   rejected 4   metric snapshots 0" in result.stdout
    rejects = next((project.path / "imports").iterdir())
    assert f"rejected entries: {rejects}" in result.stdout

    again = cli("import", "feed", PROBLEMS, "--corpus", "su_tasqyny", "-p", project.path)
    assert "read 6   imported 0   duplicates 2   rejected 4" in again.stdout


def test_cli_options_and_an_address(cli, project, site):
    site.serve("/rss/kk.xml", KAZ_RSS.read_bytes())
    start = site.redirect("/feed", "/rss/kk.xml")
    result = cli("import", "feed", start, "--corpus", "su_tasqyny", "-p", project.path, "--platform", "news",
                 "--channel", "Ақпарат", "--tz", "Asia/Aqtobe", "--keep-authors", "--timeout", "5")
    assert result.exit_code == 0, result.stderr
    assert f"Imported {start} into corpus 'su_tasqyny' (RSS 2.0, utf-8, channel 'Ақпарат')" in result.stdout
    assert f"redirected to {site.url('/rss/kk.xml')}" in result.stdout
    assert "read 4   imported 4" in result.stdout
    params = project.log()[-1]["params"]
    assert (params["platform"], params["channel"], params["tz"], params["keep_authors"], params["timeout"]) == (
        "news", "Ақпарат", "Asia/Aqtobe", True, 5.0
    )
    assert "Айгүл Сәрсенова" in set(_documents(project)["author_key"])


def test_cli_refuses_with_a_one_line_message(cli, project, site, tmp_path):
    strict = cli("import", "feed", PROBLEMS, "--corpus", "su_tasqyny", "-p", project.path, "--strict")
    assert strict.exit_code == 2
    assert "--strict refuses the feed (nothing was written)" in strict.stderr
    missing = cli("import", "feed", site.url("/joq.xml"), "--corpus", "su_tasqyny", "-p", project.path)
    assert missing.exit_code == 2 and "HTTP 404 Not Found" in missing.stderr
    assert "Traceback" not in missing.stderr + missing.stdout
    malformed = cli("import", "feed", MALFORMED, "--corpus", "su_tasqyny", "-p", project.path)
    assert malformed.exit_code == 2 and "is not a well-formed feed" in malformed.stderr
    _nothing_written(project)
