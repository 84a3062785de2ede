"""Reading timestamps: every form exports use, Almaty's offsets before and after 1 March 2024, bad values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dauys.errors import InputError
from dauys.ingest.dates import check_date_format, date_format_hint, parse_timestamps

ALMATY = ZoneInfo("Asia/Almaty")


def _parse(values, date_format="auto", tz="Asia/Almaty"):
    utc, offset, bad = parse_timestamps(pd.Series(values), date_format=date_format, tz=tz)
    times = [None if pd.isna(t) else t.isoformat() for t in utc]
    return times, [None if pd.isna(o) else int(o) for o in offset], bad.tolist()


@pytest.mark.parametrize(
    ("value", "utc", "offset"),
    [
        ("22.11.2024", "2024-11-21T19:00:00+00:00", 300),
        ("22.11.2024 14:05", "2024-11-22T09:05:00+00:00", 300),
        ("22.11.2024 14:05:09", "2024-11-22T09:05:09+00:00", 300),
        ("2.3.2024 9:05", "2024-03-02T04:05:00+00:00", 300),
        ("  22.11.2024 14:05  ", "2024-11-22T09:05:00+00:00", 300),
        ("2024-11-22T14:05:09+05:00", "2024-11-22T09:05:09+00:00", 300),
        ("2024-11-22T14:05:09+0300", "2024-11-22T11:05:09+00:00", 180),
        ("2024-11-22T14:05:09-03:30", "2024-11-22T17:35:09+00:00", -210),
        ("2024-11-22T14:05:09Z", "2024-11-22T14:05:09+00:00", 0),
        ("2024-11-22 14:05:09 UTC", "2024-11-22T14:05:09+00:00", 0),
        ("2024-11-22T14:05:09.250+06:00", "2024-11-22T08:05:09.250000+00:00", 360),
        ("2024-11-22T14:05", "2024-11-22T09:05:00+00:00", 300),
        ("2024-11-22", "2024-11-21T19:00:00+00:00", 300),
        ("45618.5", "2024-11-22T07:00:00+00:00", 300),
        ("45618,5", "2024-11-22T07:00:00+00:00", 300),
        ("1732262700", "2024-11-22T08:05:00+00:00", 0),
        ("1732262700.5", "2024-11-22T08:05:00.500000+00:00", 0),
        ("1732262700123", "2024-11-22T08:05:00.123000+00:00", 0),
    ],
)
def test_every_form_of_auto(value, utc, offset):
    assert _parse([value]) == ([utc], [offset], [False])


def test_almaty_was_utc_plus_6_until_1_march_2024_and_utc_plus_5_since():
    utc, offsets, bad = _parse(
        ["29.02.2024 12:00", "01.03.2024 12:00", "2023-07-01T08:00", "15.01.2005 10:00", "29.02.2024 23:30"]
    )
    assert offsets == [360, 300, 360, 360, 360]
    assert utc[:4] == [
        "2024-02-29T06:00:00+00:00", "2024-03-01T07:00:00+00:00", "2023-07-01T02:00:00+00:00",
        "2005-01-15T04:00:00+00:00",
    ]
    # 23:00-24:00 on 29 February happened twice; the first (UTC+6) is taken, as zoneinfo's fold=0 does
    assert utc[4] == datetime(2024, 2, 29, 23, 30, tzinfo=ALMATY).astimezone(UTC).isoformat()
    assert not any(bad)


def test_other_time_zones_and_utc():
    assert _parse(["22.11.2024 14:05"], tz="Asia/Aqtobe")[1] == [300]
    assert _parse(["22.11.2024 14:05"], tz="Europe/Moscow") == (["2024-11-22T11:05:00+00:00"], [180], [False])
    assert _parse(["22.11.2024 14:05"], tz="UTC") == (["2024-11-22T14:05:00+00:00"], [0], [False])


def test_bad_values_are_flagged_and_missing_ones_are_not():
    utc, offsets, bad = _parse(
        ["31.02.2024", "22.11.2024 24:00", "22.13.2024", "кеше", "вчера в 14:05", "2024-11-22T14:05+19:00",
         "", "   ", None, "123", "22.11.2024 14:05 junk"]
    )
    assert bad == [True, True, True, True, True, True, False, False, False, True, True]
    assert utc == [None] * 11 and offsets == [None] * 11


def test_slash_dates_are_read_day_first_or_month_first_for_the_whole_column():
    day_first = _parse(["22/11/2024", "01/02/2024 10:00"])[0]
    assert day_first == ["2024-11-21T19:00:00+00:00", "2024-02-01T04:00:00+00:00"]
    month_first = _parse(["11/22/2024", "01/02/2024 10:00"])[0]
    assert month_first == ["2024-11-21T19:00:00+00:00", "2024-01-02T04:00:00+00:00"]
    undecidable = _parse(["01/02/2024", "03/04/2024"])[0]  # Kazakhstan writes the day first
    assert undecidable == ["2024-01-31T18:00:00+00:00", "2024-04-02T19:00:00+00:00"]
    # a column with both a day above 12 first and a day above 12 second cannot be read both ways
    assert _parse(["22/11/2024", "11/22/2024"])[2] == [False, True]


def test_twelve_hour_clock():
    utc, _, bad = _parse(
        ["11/22/2024 2:05 PM", "11/22/2024 12:30 am", "11/22/2024 12:00 PM", "11/22/2024 13:00 PM"]
    )
    assert utc[:3] == ["2024-11-22T09:05:00+00:00", "2024-11-21T19:30:00+00:00", "2024-11-22T07:00:00+00:00"]
    assert bad == [False, False, False, True]


def test_explicit_forms_read_only_their_own_shape():
    assert _parse(["45618.5", "22.11.2024"], "excel") == (["2024-11-22T07:00:00+00:00", None], [300, None],
                                                          [False, True])
    assert _parse(["1732262700", "45618"], "unix") == (
        ["2024-11-22T08:05:00+00:00", "1970-01-01T12:40:18+00:00"], [0, 0], [False, False]
    )
    assert _parse(["2024-11-22T14:05+05:00", "22.11.2024"], "iso")[2] == [False, True]


def test_strftime_patterns():
    utc, offsets, bad = _parse(["22/11/2024 14:05", "31/02/2024 10:00", "2024-11-22"], "%d/%m/%Y %H:%M")
    assert utc[0] == "2024-11-22T09:05:00+00:00" and offsets[0] == 300 and bad == [False, True, True]
    utc, offsets, bad = _parse(
        ["22 Nov 2024 14:05 +0600", "22 Nov 2024 14:05 +0500", "x"], "%d %b %Y %H:%M %z"
    )
    assert utc[:2] == ["2024-11-22T08:05:00+00:00", "2024-11-22T09:05:00+00:00"]
    assert offsets[:2] == [360, 300] and bad == [False, False, True]


def test_numbers_and_datetimes_as_input():
    utc, offsets, bad = _parse([45618.5, np.nan, 1732262700])
    assert utc == ["2024-11-22T07:00:00+00:00", None, "2024-11-22T08:05:00+00:00"] and bad == [False] * 3
    assert _parse([20241122], "%Y%m%d")[0] == ["2024-11-21T19:00:00+00:00"]  # a pattern reads the digits
    assert _parse([45618.5], "iso")[2] == [True]
    naive = pd.Series(pd.to_datetime(["2024-02-29 12:00", None]))
    utc, offset, bad = parse_timestamps(naive)
    assert utc[0].isoformat() == "2024-02-29T06:00:00+00:00" and offset[0] == 360 and pd.isna(utc[1])
    aware = pd.Series(pd.to_datetime(["2024-11-22T14:05:00+03:00"]))
    utc, offset, bad = parse_timestamps(aware)
    assert utc[0].isoformat() == "2024-11-22T11:05:00+00:00" and offset[0] == 180


def test_result_keeps_the_index_and_dtypes():
    values = pd.Series(["22.11.2024", "бүгін"], index=[10, 20])
    utc, offset, bad = parse_timestamps(values)
    assert list(utc.index) == list(offset.index) == list(bad.index) == [10, 20]
    assert str(utc.dtype) == "datetime64[us, UTC]" and str(offset.dtype) == "Int32" and bad.dtype == bool


def test_values_of_one_column_may_mix_forms():
    utc, _, bad = _parse(["22.11.2024 14:05", "2024-11-22T14:05:00+05:00", "45618.58680555556", "1732266300"])
    assert set(utc) == {"2024-11-22T09:05:00+00:00"} and bad == [False] * 4


def test_unknown_date_format_and_time_zone_are_refused():
    with pytest.raises(InputError, match="--date-format 'dd.mm.yyyy' is not understood"):
        check_date_format("dd.mm.yyyy")
    with pytest.raises(InputError, match="--tz 'Almaty' is not a time zone name"):
        parse_timestamps(pd.Series(["22.11.2024"]), tz="Almaty")
    assert "--date-format" in date_format_hint("auto") and "%d/%m/%Y" in date_format_hint("%d/%m/%Y")


LAYOUTS = (
    "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%-d.%-m.%Y %H:%M"
)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2035, 12, 31)),
                  st.sampled_from(LAYOUTS), st.sampled_from([None, -210, 0, 180, 300, 360, 345])),
        min_size=1, max_size=30,
    )
)
def test_parsing_agrees_with_zoneinfo(items):
    values, expected_utc, expected_offsets = [], [], []
    for moment, layout, offset in items:
        moment = moment.replace(microsecond=0)
        if "%S" not in layout:
            moment = moment.replace(second=0)
        text = moment.strftime(layout)
        if offset is not None and layout.startswith("%Y"):
            text += f"{'+' if offset >= 0 else '-'}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"
            aware = moment.replace(tzinfo=UTC) - timedelta(minutes=offset)
            expected_offsets.append(offset)
        else:
            aware = moment.replace(tzinfo=ALMATY, fold=0)
            if aware.astimezone(UTC).astimezone(ALMATY).replace(tzinfo=None) != moment:
                continue  # a local time that did not exist (clocks moved forward); tested apart
            expected_offsets.append(int(aware.utcoffset().total_seconds() // 60))
        values.append(text)
        expected_utc.append(aware.astimezone(UTC).isoformat())
    utc, offsets, bad = _parse(values)
    assert utc == expected_utc and offsets == expected_offsets and not any(bad)
