"""The content analysis of annual addresses, end to end from the command line: a folder of official-style
Kazakh and Russian texts, top-30 lemmas per address, the matrix with its average column, the heat map.

This is the study of PRODUCT.md ("content analysis of official texts"): lowercase, stopwords out,
inflected forms grouped under their lemma, the top words of each address, a document-term matrix with
an average column and a heat map to compare how priorities shift by year.
"""

from __future__ import annotations

import struct

import dauys

ADDRESSES = {
    "address-2019-kk.txt": (
        "Құрметті отандастар! Біздің басты мақсатымыз – халықтың әл-ауқатын арттыру. Экономиканы әртараптандыру "
        "жалғасады. Ауыл шаруашылығына қолдау көрсетіледі. Ауылдардағы жолдар жөнделеді. Халыққа сапалы "
        "білім мен денсаулық сақтау қызметі қолжетімді болады. Экономиканың өсуі халықтың табысын арттырады."
    ),
    "address-2020-ru.txt": (
        "Уважаемые соотечественники! Главная задача – рост доходов граждан. Мы продолжим диверсификацию "
        "экономики. Экономика должна создавать рабочие места. Государство поддержит малый бизнес. "
        "Рабочие места в регионах – приоритет. Поддержка бизнеса и граждан будет адресной."
    ),
    "address-2021-kk.txt": (
        "Мемлекеттік қызметтің сапасы артуы тиіс. Мемлекет азаматтарға қызмет етеді. Жастарға арналған "
        "бағдарламалар кеңейеді. Жастардың жұмысқа орналасуы – басты міндет. Мемлекеттік тіл – біздің "
        "бірлігіміздің негізі. Ауылдарда жастарға баспана беріледі."
    ),
    "address-2022-ru.txt": (
        "Справедливость – основа нашей политики. Справедливое распределение доходов – задача государства. "
        "Реформы продолжатся. Граждане получат новые возможности. Реформа судов укрепит справедливость. "
        "Государство слышит граждан."
    ),
}


def _png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_addresses_study_from_the_command_line(cli, tmp_path):
    folder = tmp_path / "addresses"
    folder.mkdir()
    for name, text in ADDRESSES.items():
        (folder / name).write_text(text, encoding="utf-8")
    project_path = tmp_path / "study"
    assert cli("init", project_path).exit_code == 0
    result = cli("import", "docs", folder, "--corpus", "addresses", "--date-from-name", "%Y", "-p", project_path)
    assert result.exit_code == 0, result.output

    result = cli("analyze", "top-terms", "--by", "year", "--n", "30", "-p", project_path)
    assert result.exit_code == 0, result.output
    project = dauys.open_project(project_path)
    top = project.results()[-1].frame()
    assert sorted(top["group"].unique()) == ["2019", "2020", "2021", "2022"]
    counted = {(g, t): c for g, t, c in zip(top["group"], top["term"], top["count"], strict=True)}
    # inflected forms counted under one lemma, in both languages
    assert counted[("2019", "экономика")] == 2  # Экономиканы, Экономиканың
    assert counted[("2019", "халық")] == 3     # халықтың, Халыққа, халықтың
    assert counted[("2020", "экономика")] == 2  # экономики, Экономика
    assert counted[("2021", "жас")] == 3       # Жастарға, Жастардың, жастарға
    assert counted[("2022", "справедливость")] == 2
    assert counted[("2022", "государство")] == 2
    # stopwords out: біздің, мен, и, в are not counted
    assert not {"біздің", "мен", "и", "в"} & set(top["term"])
    assert (top.groupby("group")["rank"].max() <= 30).all()

    result = cli("analyze", "term-matrix", "--by", "year", "--n", "30", "-p", project_path)
    assert result.exit_code == 0, result.output
    saved = project.results()[-1]
    matrix = saved.frame()
    assert list(matrix.columns) == ["term", "2019", "2020", "2021", "2022", "average"]
    years = matrix[["2019", "2020", "2021", "2022"]]
    assert (abs(years.mean(axis=1) - matrix["average"]) < 1e-9).all()
    assert matrix["average"].is_monotonic_decreasing
    # a term of one address only is 0 in the others: the matrix is the union of each year's top 30
    row = matrix.set_index("term").loc["справедливость"]
    assert row["2022"] > 0 and row["2019"] == row["2020"] == row["2021"] == 0
    assert set(top["term"]) == set(matrix["term"])

    heat_map = tmp_path / "heat-map.png"
    result = cli("export", heat_map, "--result", saved.id, "--lang", "kk", "-p", project_path)
    assert result.exit_code == 0, result.output
    width, height = _png_size(heat_map)
    assert width > 600 and height > 1000  # one row per term: tall

    result = cli("report", "--lang", "ru", "-p", project_path)
    assert result.exit_code == 0, result.output
    html = (project_path / "reports" / "report-ru.html").read_text(encoding="utf-8")
    assert "Матрица терминов со средним столбцом" in html and "справедливость" in html
