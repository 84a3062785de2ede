"""Column mappings from --map and from YAML files, and the messages for mappings that cannot work."""

from __future__ import annotations

import pytest

from dauys.errors import InputError
from dauys.ingest.mapping import check_mapping, load_mapping_file, parse_mapping


def test_parse_mapping_reads_keys_columns_and_metrics():
    mapping = parse_mapping(" text = Мәтін , created_at=Күні,parent_id=reply_to,metric.views=Просмотры,")
    assert mapping == {
        "text": "Мәтін", "created_at": "Күні", "parent_id": "reply_to", "metric.views": "Просмотры",
    }


def test_a_column_name_may_hold_an_equals_sign():
    assert parse_mapping("text=a=b") == {"text": "a=b"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("text", r"'text' is not KEY=COLUMN. Write --map text=message"),
        ("text=msg,views=Просмотры", r"'views' is not a map key \(a metric is written metric.views\)"),
        ("text=msg,date=Күні", r"'date' is not a map key \(the date is created_at\)"),
        ("text=msg,id=id", r"'id' is not a map key \(an id is external_id\)"),
        ("text=msg,metric.=v", "'metric.' is not a map key"),
        ("created_at=date", "does not say which column holds the text; add text=COLUMN"),
        ("text=a,text=b", "text is given twice"),
        ("text=", "text needs a column name"),
        (" , ", "is empty; give at least text=COLUMN"),
    ],
)
def test_parse_mapping_refuses_with_a_message_that_says_what_to_do(text, message):
    with pytest.raises(InputError, match=message):
        parse_mapping(text)


def test_a_partial_mapping_may_lack_the_text():
    assert parse_mapping("metric.likes=Нравится", complete=False) == {"metric.likes": "Нравится"}
    with pytest.raises(InputError, match="does not say which column holds the text"):
        check_mapping({"metric.likes": "Нравится"})


def test_mapping_file_with_commas_and_spaces_in_column_names(tmp_path):
    path = tmp_path / "mapping.yaml"
    path.write_text(
        "text: Текст сообщения\n"
        "created_at: Дата, время\n"
        "author: 'Автор (ник)'\n"
        "metric.views: Просмотры\n"
        "metric:\n"
        "  likes: Ұнатулар саны\n"
        "  shares: 2024\n",
        encoding="utf-8",
    )
    assert load_mapping_file(path) == {
        "text": "Текст сообщения", "created_at": "Дата, время", "author": "Автор (ник)",
        "metric.views": "Просмотры", "metric.likes": "Ұнатулар саны", "metric.shares": "2024",
    }


def test_mapping_file_problems(tmp_path):
    with pytest.raises(InputError, match=r"--map-file .*absent.yaml does not exist"):
        load_mapping_file(tmp_path / "absent.yaml")
    with pytest.raises(InputError, match="is a folder"):
        load_mapping_file(tmp_path)
    broken = tmp_path / "broken.yaml"
    broken.write_text("text: Мәтін\ncreated_at: [Күні\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"is not valid YAML at line 3, column 1"):
        load_mapping_file(broken)
    listed = tmp_path / "list.yaml"
    listed.write_text("- text\n- Мәтін\n", encoding="utf-8")
    with pytest.raises(InputError, match="must be a YAML mapping of 'key: column' lines"):
        load_mapping_file(listed)
    empty = tmp_path / "empty.yaml"
    empty.write_text("# бос\n", encoding="utf-8")
    with pytest.raises(InputError, match="is empty"):
        load_mapping_file(empty)
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("text: Мәтін\nlikes: Лайктар\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"'likes' is not a map key \(a metric is written metric.likes\)"):
        load_mapping_file(unknown)
    nested = tmp_path / "nested.yaml"
    nested.write_text("text:\n  column: Мәтін\n", encoding="utf-8")
    with pytest.raises(InputError, match="text needs one column name"):
        load_mapping_file(nested)
