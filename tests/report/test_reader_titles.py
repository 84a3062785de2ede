"""Result headings in the reader's language: a view's reader title, or the analysis's name in that language."""

from __future__ import annotations

from dauys.report.charts import reader_title
from dauys.report.methods import analysis_label


def test_an_analysis_with_its_plain_title_is_named_in_the_reader_language():
    # comment_threads saves its class title ("Comment threads"): readers of kk and ru get its label
    assert reader_title("comment_threads", {}, "Comment threads", "en") == "Comment threads"
    for lang in ("kk", "ru"):
        shown = reader_title("comment_threads", {}, "Comment threads", lang)
        assert shown == analysis_label("comment_threads", lang) and shown != "Comment threads"


def test_an_unknown_analysis_keeps_its_saved_title():
    assert reader_title("no_such_analysis", {}, "Saved title", "kk") == "Saved title"
