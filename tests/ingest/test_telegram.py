"""``import_telegram`` and ``dauys import telegram``: Telegram Desktop JSON exports into the store."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from conftest import DATA

from dauys.errors import InputError
from dauys.ingest import telegram as telegram_module
from dauys.ingest.telegram import bare_chat_id, import_telegram, plain_text

SINGLE = DATA / "telegram" / "single_channel.json"
ACCOUNT = DATA / "telegram" / "account_export.json"


def _docs(project):
    return project.documents().set_index("external_id")


def _metrics(project) -> dict[tuple[str, str], list[float]]:
    with project.store.read() as con:
        rows = con.execute(
            "SELECT d.external_id, m.metric, m.value FROM document_metrics m JOIN documents d ON d.id = m.document_id "
            "ORDER BY m.observed_at, m.source_id"
        ).fetchall()
    out: dict[tuple[str, str], list[float]] = {}
    for external_id, metric, value in rows:
        out.setdefault((external_id, metric), []).append(value)
    return out


def _single_without(tmp_path, key: str):
    """The single-chat export with ``key`` taken out of every message."""
    export = json.loads(SINGLE.read_text(encoding="utf-8"))
    for message in export["messages"]:
        message.pop(key, None)
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    return path


def test_single_chat_export_becomes_documents_channel_and_metrics(project):
    result = import_telegram(project, SINGLE)
    assert (result.read, result.imported, result.rejected, result.service_skipped) == (5, 5, 0, 1)
    assert result.warning is None and [c.name for c in result.chats] == ["Жаңаөзен хабары"]
    docs = _docs(project)
    assert sorted(docs.index) == [f"1500000001/{i}" for i in (2, 3, 4, 5, 6)]  # service message 1 skipped
    assert set(docs["platform"]) == {"telegram"} and set(docs["corpus"]) == {"telegram"}
    # list-form text with entities: hashtag and the visible text of a link kept, the link target in meta
    assert docs.loc["1500000001/3", "text"] == "Жаңаөзенде алаңға адамдар жиналды #Жаңаөзен видео"
    meta3 = json.loads(docs.loc["1500000001/3", "meta"])
    assert meta3["links"] == ["https://example.kz/video/3"] and meta3["media_type"] == "photo"
    assert meta3["edited"] == "2022-01-02T10:01:00" and meta3["edited_at"] == "2022-01-02T04:01:00+00:00"
    meta4 = json.loads(docs.loc["1500000001/4", "meta"])
    assert meta4 == {"forwarded_from": "Алматы жаңалықтары", "signature": "Редактор"}
    assert docs.loc["1500000001/5", "text"] == "" and json.loads(docs.loc["1500000001/5", "meta"]) == {
        "media_type": "video_file"}
    # date_unixtime is UTC; the offset is that of the exporting machine's wall clock (Almaty, UTC+6)
    assert docs.loc["1500000001/2", "created_at"].isoformat() == "2021-12-30T06:15:00+00:00"
    assert set(docs["created_offset_min"]) == {360}
    # a reply within the chat is linked to its parent
    assert docs.loc["1500000001/6", "parent_external_id"] == "1500000001/4"
    assert docs.loc["1500000001/6", "parent_id"] == docs.loc["1500000001/4", "id"]
    # authors are pseudonymised
    assert docs["author_key"].str.startswith("u_").all() and "channel1500000001" not in set(docs["author_key"])
    metrics = _metrics(project)
    assert metrics[("1500000001/2", "views")] == [1520.0] and metrics[("1500000001/2", "forwards")] == [12.0]
    assert metrics[("1500000001/2", "reactions")] == [45.0]  # 40 + 5
    assert metrics[("1500000001/4", "replies")] == [1.0] and metrics[("1500000001/2", "replies")] == [0.0]
    assert metrics[("1500000001/4", "reactions")] == [0.0]  # no reactions key in a chat that has reactions
    with project.store.read() as con:
        channel = con.execute("SELECT handle, title, meta FROM channels").fetchall()
    assert channel == [("Жаңаөзен хабары", "Жаңаөзен хабары",
                        '{"telegram_id": "1500000001", "type": "public_channel"}')]
    entry = project.log()[-1]
    assert entry["step"] == "import.telegram" and entry["counts"]["service_skipped"] == 1
    assert entry["params"]["layout"] == "chat" and entry["params"]["naive_dates_tz"] == "Asia/Almaty"


def test_account_export_reads_every_chat_counts_replies_and_adds_snapshots_for_changed_views(project):
    import_telegram(project, SINGLE)
    result = import_telegram(project, ACCOUNT, corpus="telegram")
    assert [(c.name, c.id, c.messages, c.service) for c in result.chats] == [
        ("Ақтөбе чаты", "1600000002", 4, 1), ("Жаңаөзен хабары", "1500000001", 2, 0)]
    assert (result.read, result.imported, result.duplicates) == (6, 5, 1)  # message 2 was already there
    docs = _docs(project)
    assert docs.loc["1600000002/12", "text"] == "Иә, @marina_k рас."
    assert docs.loc["1600000002/11", "parent_id"] == docs.loc["1600000002/10", "id"]
    assert docs.loc["1600000002/10", "author_key"] == docs.loc["1600000002/12", "author_key"]
    assert docs.loc["1600000002/10", "author_key"] != docs.loc["1600000002/11", "author_key"]
    metrics = _metrics(project)
    assert metrics[("1600000002/10", "replies")] == [2.0] and metrics[("1600000002/11", "replies")] == [1.0]
    assert metrics[("1500000001/2", "views")] == [1520.0, 1700.0]  # a new snapshot for the changed count
    assert "1600000002/13" not in docs.index  # the pinned-message notice is a service message
    assert project.log()[-1]["params"]["layout"] == "account"
    # the contacts and personal information of the account export are not read into the project
    assert "Дәурен" not in " ".join(docs["text"]) or "+77010000000" not in " ".join(docs["text"])
    assert not any("+77010000000" in str(v) for v in docs["meta"].dropna())


def test_reimporting_the_same_export_adds_nothing(project):
    import_telegram(project, SINGLE)
    again = import_telegram(project, SINGLE)
    assert (again.imported, again.duplicates, again.metric_snapshots) == (0, 5, 0)
    assert len(project.documents()) == 5


def test_keep_authors_stores_from_id(project):
    import_telegram(project, ACCOUNT, keep_authors=True)
    assert set(project.documents()["author_key"]) == {"user7001", "user7002", "channel1500000001"}


def test_truncated_export_imports_the_complete_messages_and_warns(project, tmp_path):
    data = SINGLE.read_bytes()
    cut = data.index(b'"id": 5') + 3  # inside message 5
    broken = tmp_path / "result.json"
    broken.write_bytes(data[:cut])
    result = import_telegram(project, broken)
    assert result.imported == 3 and sorted(_docs(project).index) == ["1500000001/2", "1500000001/3",
                                                                     "1500000001/4"]
    assert result.warning is not None and "breaks off at byte" in result.warning
    assert f"of {cut:,}" in result.warning and "4 complete messages" in result.warning  # 1 service + 3
    entry = project.log()[-1]
    assert entry["params"]["warning"] == result.warning and entry["counts"]["broken_at_byte"] > 0


def test_invalid_json_in_the_middle_reports_its_byte_offset(project, tmp_path):
    data = SINGLE.read_text(encoding="utf-8")
    at = data.index('"id": 4')
    damaged = data[:at] + '"id": 4,, ' + data[at + len('"id": 4,'):]
    path = tmp_path / "result.json"
    path.write_text(damaged, encoding="utf-8")
    result = import_telegram(project, path)
    assert result.imported == 2
    offset = len(data[:at].encode("utf-8")) + len('"id": 4,')
    assert f"byte {offset:,}" in result.warning and "invalid JSON" in result.warning


def test_a_broken_message_object_is_rejected_with_its_position(project, tmp_path):
    export = json.loads(SINGLE.read_text(encoding="utf-8"))
    export["messages"][2]["id"] = "үш"  # message 3 of the chat, the third object of the file
    del export["messages"][4]["date"], export["messages"][4]["date_unixtime"]
    export["messages"].append({"id": 9, "type": "message", "date": "вчера", "text": "Кеше"})
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    result = import_telegram(project, path)
    assert (result.imported, result.rejected) == (3, 3)
    with open(result.rejects_path, encoding="utf-8-sig", newline="") as fh:
        rejects = list(csv.DictReader(fh))
    assert [(r["row"], r["field"]) for r in rejects] == [("3", "id"), ("5", "date"), ("7", "date")]
    assert "message 3 of chat 'Жаңаөзен хабары'" in rejects[0]["reason"] and rejects[0]["value"] == '"үш"'
    assert "unreadable date" in rejects[2]["reason"]


def test_a_file_broken_before_any_message_writes_nothing(project, tmp_path):
    path = tmp_path / "result.json"
    path.write_text('{"name": "Жаңаөзен хабары", "type": "public_channel", "id": 15', encoding="utf-8")
    with pytest.raises(InputError, match=r"before any message; nothing was imported"):
        import_telegram(project, path)
    assert len(project.documents()) == 0 and project.log() == []


@pytest.mark.parametrize(("content", "message"), [
    ("", "is empty"),
    ("[1, 2]", "does not start with a JSON object"),
    ('{"name": "x", "list": []}', "not a Telegram export"),
])
def test_files_that_are_not_exports_are_refused(project, tmp_path, content, message):
    path = tmp_path / "result.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        import_telegram(project, path)


def test_reading_across_many_small_blocks_gives_the_same_documents(project, tmp_path, monkeypatch):
    monkeypatch.setattr(telegram_module, "READ_BLOCK", 7)  # every value crosses block ends
    path = tmp_path / "result.json"
    path.write_bytes(b"\xef\xbb\xbf" + ACCOUNT.read_bytes())  # with a byte-order mark
    result = import_telegram(project, path)
    assert (result.read, result.imported) == (6, 6)
    assert _docs(project).loc["1600000002/10", "text"] == "Ақтөбеден жазамын: алаңда мыңдаған адам."


def test_scrub_on_import_replaces_phone_numbers_and_counts_them(project):
    result = import_telegram(project, SINGLE, scrub=True)
    assert _docs(project).loc["1500000001/6", "text"] == "Байланыс қалпына келді. Хабарласыңыз: [PHONE]"
    assert result.scrubbed == {"iin": 0, "phone": 1, "email": 0, "documents": 1}
    assert project.log()[-1]["counts"]["scrubbed_phone"] == 1


def test_dates_without_unixtime_are_read_in_the_project_time_zone(project, tmp_path):
    import_telegram(project, _single_without(tmp_path, "date_unixtime"))
    assert _docs(project).loc["1500000001/2", "created_at"].isoformat() == "2021-12-30T06:15:00+00:00"


def test_helpers():
    assert bare_chat_id(-1001500000001) == bare_chat_id(1500000001) == "1500000001"
    assert plain_text([{"type": "bold", "text": "Назар"}, " аударыңыз"]) == ("Назар аударыңыз", [])


def test_cli_imports_a_folder_with_result_json(cli, project, tmp_path):
    folder = tmp_path / "ChatExport_2022-01-12"
    folder.mkdir()
    shutil.copy(SINGLE, folder / "result.json")
    out = cli("import", "telegram", folder, "--project", project.path, "--scrub")
    assert out.exit_code == 0, out.stdout
    printed = " ".join(out.stdout.split())
    assert "imported 5" in printed and "service messages skipped 1" in printed
    assert "1 phone numbers" in printed
    broken = tmp_path / "broken.json"
    broken.write_bytes(SINGLE.read_bytes()[:-40])
    out = cli("import", "telegram", broken, "--project", project.path, "--corpus", "again")
    assert out.exit_code == 0 and "warning: the file breaks off at byte" in " ".join(out.stdout.split())


def test_an_invalid_byte_in_the_middle_is_refused_with_its_offset(project, tmp_path):
    data = SINGLE.read_bytes()
    at = data.index("Тұрғындар".encode())
    path = tmp_path / "result.json"
    path.write_bytes(data[:at] + b"\xff" + data[at + 1:])
    with pytest.raises(InputError, match=rf"not UTF-8 text at byte {at:,}"):
        import_telegram(project, path)
    assert project.log() == []


def test_the_demo_export_imports_completely(project):
    from dauys.demo import demo_data

    result = import_telegram(project, demo_data() / "telegram" / "result.json", scrub=True)
    assert result.warning is None and result.rejected == 0 and result.service_skipped == 11
    assert [c.name for c in result.chats] == ["Жаңаөзен хабары", "Ақтөбе тұрғындары | Жители Актобе"]
    assert 150 <= result.imported <= 300 and result.scrubbed["phone"] >= 1
    docs = project.documents()
    local = docs["created_at"].dt.tz_convert("Asia/Almaty").dt.date.astype(str)
    assert not local.between("2022-01-05", "2022-01-10").any()  # the internet was cut
    assert (local.between("2022-01-01", "2022-01-04")).sum() >= 10
    text = " ".join(docs["text"])
    assert all(word in text for word in ("#Жаңаөзен", "Алматыда", "Ақтөбеден", "в Жанаозене", "Жаңаөзенде"))
    assert docs["parent_id"].notna().sum() >= 20


def test_text_entities_alone_are_read_as_the_text(project, tmp_path):
    import_telegram(project, _single_without(tmp_path, "text"))
    assert _docs(project).loc["1500000001/3", "text"] == "Жаңаөзенде алаңға адамдар жиналды #Жаңаөзен видео"


def test_a_failure_after_the_documents_are_written_leaves_no_documents(project, monkeypatch):
    def broken(con, chats):
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 5  # written, not committed
        raise RuntimeError("disk full while writing the channel titles")

    monkeypatch.setattr(telegram_module, "_write_channel_titles", broken)
    with pytest.raises(RuntimeError, match="channel titles"):
        import_telegram(project, SINGLE)
    with project.store.read() as con:
        counts = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "channels",
                                                                                    "document_metrics")]
    assert counts == [0, 0, 0]
    assert not [e for e in project.log() if e["step"] == "import.telegram"]
    monkeypatch.undo()
    assert import_telegram(project, SINGLE).imported == 5  # nothing half-written stands in the way


# --- reading many messages at once ----------------------------------------------------------------------------
def _varied_export(path, *, chats: int = 3, per_chat: int = 700, indent=None, separators=None):
    """An account export of every kind of message the reader handles, in the layout json.dumps gives with
    ``indent`` and ``separators``; returns the (position, field) of each message that must be rejected."""
    import random

    rng = random.Random(2026)
    texts = ["Жаңаөзенде бейбіт жиын өтті.", "В Алматы снова отключили газ.", "Ақтөбеде митинг 👍"]
    rejected: list[tuple[int, str]] = []
    listed, position = [], 0
    for c in range(chats):
        messages: list = []
        for i in range(per_chat):
            position += 1
            when = 1_641_000_000 + 97 * (c * per_chat + i)
            message: dict = {"id": i + 1, "type": "message", "date": "2022-01-01T06:00:00", "date_unixtime": str(when),
                             "from": f"Қолданушы {i % 40}", "from_id": f"user{i % 40}", "text": rng.choice(texts)}
            kind = rng.randrange(24)
            if 8 <= kind <= 12 and i % 25:  # these send a batch to the message-by-message reading: now and then
                kind = 24
            if kind == 0:
                message = {"id": i + 1, "type": "service", "date": "2022-01-01T06:00:00", "actor": "Арна",
                           "action": "pin_message"}
            elif kind == 1:
                message["text"] = [rng.choice(texts) + " ", {"type": "hashtag", "text": "#Қаңтар"}, " ",
                                   {"type": "text_link", "text": "толығырақ", "href": f"https://example.kz/{i}"}]
            elif kind == 2:
                del message["text"]
                message["text_entities"] = [{"type": "plain", "text": "Тек entities"}]
            elif kind == 3:
                message.update(photo="photos/p.jpg", edited="2022-01-02T00:00:00", edited_unixtime="1641081600")
            elif kind == 4:
                message.update(forwarded_from="Басқа арна", author="Редактор", media_type="voice_message")
            elif kind == 5:
                message.update(reply_to_message_id=max(1, i - 3), views=120, forwards=3,
                               reactions=[{"type": "emoji", "count": 4, "emoji": "👍"}, {"count": True}])
            elif kind == 6:
                message.update(reply_to_message_id=7, reply_to_peer_id=999)
            elif kind == 7:
                message["views"] = 2**60 + 1  # not exact as a float: read as _number reads it
            elif kind == 8:
                del message["date_unixtime"]  # the date alone, in the project's time zone
            elif kind == 9 and i % 5 == 0:
                message["id"] = f"{i}"
                rejected.append((position, "id"))
            elif kind == 10 and i % 5 == 0:
                del message["date"], message["date_unixtime"]
                rejected.append((position, "date"))
            elif kind == 11 and i % 7 == 0:
                message = [i]
                rejected.append((position, "message"))
            elif kind == 12:
                message["date_unixtime"] = "вчера"  # not a number: the date decides
            elif kind == 13:
                message.update(views=1.5, forwards=False, reply_to_message_id=True)
            elif kind == 14:
                del message["from_id"]
            messages.append(message)
        listed.append({"name": f"Арна {c}", "type": "public_channel", "id": 1_700_000_000 + c, "messages": messages})
    export = {"about": "test", "chats": {"about": "", "list": listed}, "left_chats": {"list": []}}
    path.write_text(json.dumps(export, ensure_ascii=False, indent=indent, separators=separators), encoding="utf-8")
    return rejected


def _read(path, monkeypatch, *, batches: bool):
    """What the reader takes from ``path``: columns, rejects, chats, counts and where the file broke off."""
    from dauys.progress import SILENT

    monkeypatch.setattr(telegram_module, "BATCH_CHARS", telegram_module.BATCH_CHARS if batches else 0)
    decoded = []
    batch = telegram_module._JsonStream.batch

    def counting(self):
        got = batch(self)
        if got is not None:
            decoded.append(len(got[0]))
        return got

    monkeypatch.setattr(telegram_module._JsonStream, "batch", counting)
    columnar = telegram_module._ExportReader._columnar

    def counting_columns(self, index, chat, messages):
        read = columnar(self, index, chat, messages)
        decoded.append(-len(messages) if read else 0)  # negative: read column by column
        return read

    monkeypatch.setattr(telegram_module._ExportReader, "_columnar", counting_columns)
    broken = None
    with open(path, "rb") as fh:
        reader = telegram_module._ExportReader(telegram_module._JsonStream(fh, path), path, SILENT)
        try:
            reader.read()
        except telegram_module._Broken as exc:
            broken = (exc.offset, exc.problem)
    monkeypatch.undo()
    chats = [(c.name, c.id, c.type, c.messages, c.service) for c in reader.chats]
    return (reader.columns.table(), reader.rejects, chats, reader.service, reader.position, broken), decoded


@pytest.mark.parametrize("layout", [{"indent": 1}, {}, {"separators": (",", ":")}],
                         ids=["telegram-desktop", "spaced", "compact"])
def test_messages_decoded_in_batches_read_as_one_by_one(tmp_path, monkeypatch, layout):
    path = tmp_path / "result.json"
    _varied_export(path, **layout)
    batched, decoded = _read(path, monkeypatch, batches=True)
    single, none = _read(path, monkeypatch, batches=False)
    assert not any(none)
    assert sum(n for n in decoded if n > 0) > 1500 and -sum(n for n in decoded if n < 0) > 500
    assert batched[0].equals(single[0]) and batched[1:] == single[1:]
    assert batched[-1] is None and batched[0].num_rows > 1500


def test_a_batched_read_rejects_and_keeps_what_it_should(project, tmp_path):
    path = tmp_path / "result.json"
    expected = _varied_export(path, indent=1)
    result = import_telegram(project, path)
    with open(result.rejects_path, encoding="utf-8-sig", newline="") as fh:
        rejects = [(int(r["row"]), r["field"]) for r in csv.DictReader(fh)]
    assert rejects == expected and result.rejected == len(expected) >= 5
    docs = _docs(project)
    assert result.imported == len(docs) == result.read - result.rejected
    meta = docs["meta"].dropna().map(json.loads)
    assert any("links" in m for m in meta) and any(m.get("media_type") == "photo" for m in meta)
    assert any(m.get("reply_to_peer_id") == 999 for m in meta)
    assert (docs["text"] == "Тек entities").sum() > 10
    expected_replies: dict[str, int] = {}
    for chat in json.loads(path.read_text(encoding="utf-8"))["chats"]["list"]:
        for m in chat["messages"]:
            target = m.get("reply_to_message_id") if isinstance(m, dict) and "reply_to_peer_id" not in m else None
            if type(target) is int and type(m["id"]) is int and ("date" in m or "date_unixtime" in m):
                key = f"{chat['id']}/{target}"
                expected_replies[key] = expected_replies.get(key, 0) + 1
    replies = {k: v[-1] for (k, metric), v in _metrics(project).items() if metric == "replies" and v[-1]}
    expected_replies = {k: n for k, n in expected_replies.items() if k in docs.index}  # not to a service message
    assert replies == expected_replies and len(replies) > 50


@pytest.mark.parametrize("share", [0.13, 0.5, 0.77, 0.999])
def test_a_file_cut_anywhere_breaks_off_at_the_same_byte_with_batches(tmp_path, monkeypatch, share):
    whole = tmp_path / "whole.json"
    _varied_export(whole, indent=1)
    data = whole.read_bytes()
    cut = tmp_path / "result.json"
    cut.write_bytes(data[: int(len(data) * share)])
    batched, decoded = _read(cut, monkeypatch, batches=True)
    single, _ = _read(cut, monkeypatch, batches=False)
    assert min(decoded) < 0 and batched[0].equals(single[0]) and batched[1:] == single[1:]
    assert batched[-1] is not None and batched[-1][1].startswith("the file ends inside")


def test_invalid_json_inside_a_batch_is_placed_exactly(tmp_path, monkeypatch):
    path = tmp_path / "result.json"
    _varied_export(path, indent=1)
    text = path.read_text(encoding="utf-8")
    at = text.index('"id": 400,', len(text) // 2)
    path.write_text(text[:at] + '"id": 400,, ' + text[at + len('"id": 400,'):], encoding="utf-8")
    batched, decoded = _read(path, monkeypatch, batches=True)
    single, _ = _read(path, monkeypatch, batches=False)
    assert min(decoded) < 0 and batched[0].equals(single[0]) and batched[1:] == single[1:]
    offset = len(text[:at].encode("utf-8")) + len('"id": 400,')
    assert batched[-1][0] == offset and "invalid JSON" in batched[-1][1]
