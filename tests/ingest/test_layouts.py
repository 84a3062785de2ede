"""Ready-made layouts of SMM-tool and platform exports: ``--layout``, recognition, almost-fit messages."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from dauys.errors import InputError
from dauys.ingest.layouts import almost_fitting, detect_layout, get_layout, layouts, zone_names_to_offsets
from dauys.ingest.table import import_table

LIVEDUNE = ["Дата публикации", "Тип поста", "Текст", "Лайки", "Комментарии", "Репосты", "Просмотры", "Охват",
            "Ссылка"]
LIVEDUNE_ROWS = [
    ["05.01.2022 10:15", "Фото", "Алматыда интернет жоқ, байланыс үзілді.", "1 200", "340", "55", "15 000", "9 800",
     "https://www.instagram.com/p/CYa1/"],
    ["06.01.2022 12:00", "Видео", "В Жанаозене снова вышли на площадь.", "2,5K", "410", "120", "31 000", "22 000",
     "https://www.instagram.com/p/CYb2/"],
]
CROWDTANGLE = ["Page Name", "User Name", "Facebook Id", "Post Created", "Type", "Total Interactions", "Likes",
               "Comments", "Shares", "Love", "Angry", "URL", "Message"]
CROWDTANGLE_ROWS = [
    ["Жаңаөзен жастары", "zhanaozen.jastary", "100064", "2022-01-02 21:30:00 EST", "Photo", "540", "300", "120", "70",
     "30", "20", "https://www.facebook.com/zhanaozen.jastary/posts/1", "Жаңаөзенде газ бағасы 120 теңге болды!"],
]


def _csv(path, header, rows, delimiter=","):
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_every_shipped_layout_loads_says_where_it_comes_from_and_is_recognised_by_its_own_headers():
    found = layouts()
    assert {"livedune", "popsters", "brand_analytics", "facebook", "instagram", "telegram_tgstat"} <= set(found)
    for layout in found.values():
        assert "text" in layout.required or "text" in layout.optional
        assert layout.note and ("NOT verified" in layout.note or "not re-checked" in layout.note)
        # a file with exactly the first accepted header of every key is recognised as this layout
        headers = [h[0] for h in layout.required.values()] + list(layout.detect)
        headers += [h[0] for h in layout.optional.values()]
        chosen, mapping = detect_layout(list(dict.fromkeys(headers)))
        assert chosen.name == layout.name, (layout.name, chosen.name)
        assert set(layout.required) <= set(mapping)


def test_layout_named_on_import_maps_russian_headers_and_keeps_the_rest_in_meta(project, tmp_path):
    path = _csv(tmp_path / "livedune.csv", LIVEDUNE, LIVEDUNE_ROWS, delimiter=";")
    result = import_table(project, path, corpus="insta", layout="livedune")
    assert (result.imported, result.rejected) == (2, 0)
    docs = project.documents().set_index("url")
    post = docs.loc["https://www.instagram.com/p/CYa1/"]
    assert post["text"] == "Алматыда интернет жоқ, байланыс үзілді." and post["platform"] == "instagram"
    assert post["created_at"].isoformat() == "2022-01-05T04:15:00+00:00"
    assert json.loads(post["meta"]) == {"Тип поста": "Фото"}
    with project.store.read() as con:
        likes = con.execute("SELECT value FROM document_metrics WHERE metric = 'likes' ORDER BY value").fetchall()
        names = {r[0] for r in con.execute("SELECT DISTINCT metric FROM document_metrics").fetchall()}
    assert likes == [(1200.0,), (2500.0,)] and names == {"likes", "comments", "shares", "views", "reach"}
    params = project.log()[-1]["params"]
    assert params["layout"] == "livedune" and params["layout_detected"] is False


def test_a_file_that_fits_a_layout_is_imported_with_it_without_a_mapping(project, tmp_path, cli):
    path = _csv(tmp_path / "crowdtangle.csv", CROWDTANGLE, CROWDTANGLE_ROWS)
    out = cli("import", "table", path, "--corpus", "fb", "--project", project.path)
    assert out.exit_code == 0, out.stderr
    assert "layout facebook (recognised from the columns), platform facebook" in " ".join(out.stdout.split())
    doc = project.documents().iloc[0]
    assert doc["external_id"] == "https://www.facebook.com/zhanaozen.jastary/posts/1"
    # CrowdTangle's zone name (EST, UTC-5) is read as an offset
    assert doc["created_at"].isoformat() == "2022-01-03T02:30:00+00:00" and doc["created_offset_min"] == -300
    assert project.log()[-1]["params"]["layout_detected"] is True


def test_a_file_that_fits_no_layout_lists_its_columns_and_what_the_nearest_layouts_miss(project, tmp_path):
    header = ["Дата публикации", "Текст", "Лайки", "Просмотры"]  # LiveDune without Комментарии
    path = _csv(tmp_path / "posts.csv", header, [["05.01.2022", "Ақтөбеден хабар", "3", "40"]])
    with pytest.raises(InputError) as caught:
        import_table(project, path, corpus="x")
    message = str(caught.value)
    assert "Its columns are: 'Дата публикации', 'Текст', 'Лайки', 'Просмотры'" in message
    assert "livedune (LiveDune posts export): missing 'Комментарии / Комментариев'" in message
    assert "telegram_tgstat" in message and "--layout NAME" in message
    assert project.log() == []


def test_a_named_layout_the_file_does_not_fit_says_which_column_is_missing_and_map_fills_it(project, tmp_path):
    header = ["Дата публикации", "Текст поста", "Нравится", "Комментарии"]
    path = _csv(tmp_path / "posts.csv", header, [["05.01.2022", "Жаңаөзенде жиын", "3", "1"]])
    with pytest.raises(InputError, match=r"does not fit the layout 'livedune'.*no column 'Лайки / Лайков'"):
        import_table(project, path, corpus="x", layout="livedune")
    result = import_table(project, path, corpus="x", layout="livedune", mapping={"metric.likes": "Нравится"})
    assert result.imported == 1
    with pytest.raises(InputError, match=r"not a known layout; the layouts are brand_analytics, facebook"):
        get_layout("hootsuite")


def test_a_header_two_keys_need_is_listed_once_with_both_keys(project, tmp_path):
    # review R1: facebook needs 'URL' for url and external_id; the message listed 'URL' twice
    path = _csv(tmp_path / "fb.csv", ["Post Created", "Page Name", "Message", "Likes"],
                [["2022-01-05 10:03:01 EST", "Qantar", "Алматыда митинг", "3"]])
    with pytest.raises(InputError) as caught:
        import_table(project, path, corpus="x")
    line = next(row for row in str(caught.value).splitlines() if row.strip().startswith("facebook"))
    assert line.count("'URL'") == 1 and "'URL' (url, external_id)" in line
    assert "'Total Interactions' (to recognise the layout)" in line


def test_almost_fitting_orders_by_fewest_missing():
    near = almost_fitting(["Post ID", "Description", "Publish time"])
    assert near[0][0].name == "instagram" and near[0][1] == [("url", "Permalink")]


def test_zone_names():
    values = zone_names_to_offsets(pd.Series(["2022-01-05 10:03:01 UTC", "2022-01-05 10:03"]))
    assert values.tolist() == ["2022-01-05 10:03:01+00:00", "2022-01-05 10:03"]


def test_layouts_command_lists_them(cli):
    out = cli("import", "layouts")
    assert out.exit_code == 0
    assert "livedune: LiveDune posts export" in out.stdout and "[unverified against a live export]" in out.stdout
    listed = cli("import", "table", "--list-layouts")
    assert listed.exit_code == 0 and "telegram_tgstat" in listed.stdout
