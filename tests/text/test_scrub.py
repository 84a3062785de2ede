"""Scrubbing IINs, phone numbers and e-mails: the rules, on import, and in stored texts (``dauys text scrub``)."""

from __future__ import annotations

import csv

import pytest

from dauys.ingest.table import import_table
from dauys.store.filters import DocumentFilter
from dauys.text.pipeline import build_token_table
from dauys.text.scrub import iin_checksum, is_valid_iin, scrub_documents, scrub_text

VALID_IIN = "900101300017"         # born 1 January 1990, 20th century male; checksum from weights 1..11
SECOND_PASS_IIN = "850715400004"   # the first weighted sum gives 10, the second weights 3..11,1,2 give 4
NEVER_VALID = "85071540003"        # both weighted sums give 10: no IIN starts with these 11 digits


def test_iin_checksum_both_passes_and_the_impossible_case():
    assert iin_checksum(VALID_IIN[:11]) == 7 and is_valid_iin(VALID_IIN)
    assert iin_checksum(SECOND_PASS_IIN[:11]) == 4 and is_valid_iin(SECOND_PASS_IIN)
    assert iin_checksum(NEVER_VALID) is None
    assert not any(is_valid_iin(NEVER_VALID + str(d)) for d in range(10))


@pytest.mark.parametrize(("value", "why"), [
    ("900101300018", "wrong control digit"),
    ("901301300017", "month 13"),
    ("900230300010", "30 February"),
    ("900101700017", "century digit 7"),
    ("123456789012", "an order number"),
    ("90010130001", "11 digits"),
])
def test_numbers_that_are_not_iins(value, why):
    assert not is_valid_iin(value), why


def test_a_leap_day_is_a_date_only_in_a_leap_year():
    base = "000229" + "5" + "0001"  # 29 February 2000, 21st century
    assert is_valid_iin(base + str(iin_checksum(base)))
    base = "010229" + "5" + "0001"  # 29 February 2001 does not exist
    assert iin_checksum(base) is not None and not is_valid_iin(base + str(iin_checksum(base)))


def test_kazakh_text_with_an_iin_an_order_number_phones_and_emails():
    text = (f"Менің ЖСН: {VALID_IIN}, тапсырыс нөмірі 123456789012. Хабарласыңыз +7 701 234 56 78 немесе "
            "8 (727) 123-45-67, 87011234567, +7(7172)55-66-77; пошта: aigerim.s@mail.kz, Алматыда.")
    scrubbed = scrub_text(text)
    assert scrubbed.text == (
        "Менің ЖСН: [IIN], тапсырыс нөмірі 123456789012. Хабарласыңыз [PHONE] немесе [PHONE], [PHONE], "
        "[PHONE]; пошта: [EMAIL], Алматыда."
    )
    assert scrubbed.counts == {"iin": 1, "phone": 4, "email": 1} and scrubbed.changed


@pytest.mark.parametrize("phone", [
    "+77012345678", "+7 701 234 5678", "+7-701-234-56-78", "8 701 234 56 78", "8(701)2345678", "+7 (727) 2 55 66 77",
    "8 7172 55-66-77", "+7 912 345 67 89",
])
def test_phone_writings(phone):
    assert scrub_text(f"Тел.: {phone}.").text == "Тел.: [PHONE]."


@pytest.mark.parametrize("text", [
    "Сумма 8 800 000 тенге",           # 8 followed by too few digits
    "Звоните 8 800 555 35 35",         # a Russian toll-free number: 8 without a 7 after it
    "1986 жылғы 17 желтоқсан",
    "ID 7012345678",                   # a bare ten-digit number
    "Тапсырыс 123456789012 дайын",
])
def test_what_stays(text):
    assert scrub_text(text).text == text


@pytest.mark.parametrize(("text", "expected"), [
    (f"ИИН{VALID_IIN}", "ИИН[IIN]"),                     # a label glued to the number (review R1)
    (f"ЖСН:{VALID_IIN}.", "ЖСН:[IIN]."),
    (f"IIN{VALID_IIN} / ЖСН-{SECOND_PASS_IIN}", "IIN[IIN] / ЖСН-[IIN]"),
    ("тел87011234567, Тел+7 701 234 56 78", "тел[PHONE], Тел[PHONE]"),
    (f"SKU1{VALID_IIN} және {VALID_IIN}0", f"SKU1{VALID_IIN} және {VALID_IIN}0"),  # inside longer numbers
])
def test_identifiers_glued_to_a_label_are_scrubbed(text, expected):
    assert scrub_text(text).text == expected


def test_emails_latin_and_cyrillic_but_not_handles():
    scrubbed = scrub_text("Жазыңыз: info@dala-habar.kz, приемная@минтруда.каз; Telegram: @dala_habar")
    assert scrubbed.text == "Жазыңыз: [EMAIL], [EMAIL]; Telegram: @dala_habar"
    assert scrubbed.counts["email"] == 2


def _posts(tmp_path):
    path = tmp_path / "posts.csv"
    rows = [
        ["1", "Жаңаөзенде жиын. Үйлестіруші: +7 705 111 22 33", "05.01.2022 10:00"],
        ["2", f"Менің ЖСН {VALID_IIN}, көмектесіңіздер", "05.01.2022 11:00"],
        ["3", "Заказ №123456789012 доставлен в Актобе", "05.01.2022 12:00"],
        ["4", "Алматыда тыныш", "05.01.2022 13:00"],
    ]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "text", "date"])
        writer.writerows(rows)
    return path


MAPPING = {"external_id": "id", "text": "text", "created_at": "date"}


def test_scrub_on_table_import_counts_in_the_ledger(project, tmp_path):
    result = import_table(project, _posts(tmp_path), corpus="posts", mapping=MAPPING, scrub=True)
    assert result.imported == 4
    texts = project.documents().set_index("external_id")["text"]
    assert texts["1"] == "Жаңаөзенде жиын. Үйлестіруші: [PHONE]"
    assert texts["2"] == "Менің ЖСН [IIN], көмектесіңіздер" and texts["3"].startswith("Заказ №123456789012")
    counts = project.log()[-1]["counts"]
    assert (counts["scrubbed_iin"], counts["scrubbed_phone"], counts["scrubbed_email"]) == (1, 1, 0)
    assert counts["scrubbed_documents"] == 2 and project.log()[-1]["params"]["scrub"] is True


def test_scrubbing_stored_texts_rewrites_them_in_one_run_and_makes_their_tokens_stale(project, tmp_path):
    import_table(project, _posts(tmp_path), corpus="posts", mapping=MAPPING)
    first = build_token_table(project, workers=1)
    assert first.documents == 4
    result = scrub_documents(project, DocumentFilter(corpus=("posts",)))
    assert (result.checked, result.changed, result.counts) == (4, 2, {"iin": 1, "phone": 1, "email": 0})
    entry = project.log()[-1]
    assert entry["step"] == "text.scrub" and entry["id"] == result.run_id and entry["counts"]["changed"] == 2
    texts = project.documents().set_index("external_id")["text"]
    assert texts["2"] == "Менің ЖСН [IIN], көмектесіңіздер"
    again = build_token_table(project, workers=1)  # only the two changed documents are processed again
    assert (again.documents, again.up_to_date) == (2, 2)
    with project.store.read() as con:
        forms = {r[0] for r in con.execute(f"SELECT form FROM {project.tokens_sql(con)} t").fetchall()}
    assert VALID_IIN not in forms and "705" not in forms
    assert scrub_documents(project).run_id is None  # nothing left: no second run
    assert project.log()[-1]["step"] == "text.process"


def test_cli_text_scrub(cli, project, tmp_path):
    import_table(project, _posts(tmp_path), corpus="posts", mapping=MAPPING)
    out = cli("text", "scrub", "--corpus", "posts", "--project", project.path)
    assert out.exit_code == 0
    printed = " ".join(out.stdout.split())
    assert "Checked 4 documents: 2 changed (1 IINs, 1 phone numbers, 0 e-mails replaced)" in printed
    out = cli("import", "table", _posts(tmp_path), "--corpus", "again", "--map", "text=text,created_at=date",
              "--scrub", "--project", project.path)
    assert out.exit_code == 0 and "scrubbed" in " ".join(out.stdout.split())


def test_cli_text_scrub_on_an_empty_selection_says_so(cli, project, tmp_path):
    # review R1: a misspelt --corpus printed "Checked 0 documents" and exited 0
    import_table(project, _posts(tmp_path), corpus="posts", mapping=MAPPING)
    out = cli("text", "scrub", "--corpus", "psots", "--project", project.path)
    assert out.exit_code == 2
    printed = " ".join((out.stdout + (out.stderr or "")).split())
    assert "the selection has no documents (filter: corpus ['psots'])" in printed
    assert [entry["step"] for entry in project.log()] == ["import.table"]
