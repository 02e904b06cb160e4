"""Publication dates in Indonesian and English text: forms, invalid dates, relative words, header first."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from briefing.dates import clock_parts, date_from_text, find_dates, parse_date_value, periods

D = dt.date


@pytest.mark.parametrize(("text", "expected"), [
    ("Rabu, 14 September 2022 - 01:44 WIB", D(2022, 9, 14)),
    ("Selasa, 19 September 2023", D(2023, 9, 19)),
    ("Konfirmasitimes.com-Jakarta (04/10/2020).", D(2020, 10, 4)),
    ("YEREVAN - Armenia , pada Selasa (13/9/2022), meminta bantuan", D(2022, 9, 13)),
    ("Jakarta, Senin 23 / 12 / 2017", D(2017, 12, 23)),
    ("19.09.2023", D(2023, 9, 19)),
    ("Jumat, 9 Nopember 2018", D(2018, 11, 9)),
    ("14 Agt 2022", D(2022, 8, 14)),
    ("1 Mei 2021", D(2021, 5, 1)),
    ("17 Agustus 1945", D(1945, 8, 17)),
    ("September 19, 2023", D(2023, 9, 19)),
    ("Sept. 19, 2023", D(2023, 9, 19)),
    ("Tue, 19 Sep 2023 08:00:00 GMT", D(2023, 9, 19)),
    ("2023-09-19", D(2023, 9, 19)),
    ("Published 2023-09-19T10:00:00+07:00", D(2023, 9, 19)),
])
def test_find_dates_reads_each_form(text, expected):
    assert [day for _, day in find_dates(text)] == [expected]


@pytest.mark.parametrize("text", [
    "31/02/2020",          # no 31 February
    "30 Februari 2021",
    "2023-13-01",
    "12/31/2020",          # month-first is not an Indonesian form, and month 31 does not exist
    "29/02/2023",          # not a leap year
    "1 Januari 1850",      # outside the years news can carry
    "20 September",        # no year: not a full date
    "September 2023",      # no day
    "pukul 20.00 WIB",
    "sebanyak 2.000 orang",
    "kemarin", "yesterday", "hari ini", "today", "2 hari yang lalu", "3 days ago", "besok", "last week",
])
def test_find_dates_ignores_invalid_and_partial_dates(text):
    assert find_dates(text) == []


@pytest.mark.parametrize("text", [
    "kemarin", "Kemarin sore", "yesterday", "hari ini", "today", "now", "2 hari yang lalu", "3 days ago",
    "minggu lalu", "last Monday", "31/02/2020", "bukan tanggal",
])
def test_parse_date_value_never_turns_relative_or_invalid_words_into_a_date(text):
    assert parse_date_value(text) is None


def test_find_dates_positions_in_text_order():
    text = "Rabu (14/9/2022). Perang pada 27 September 2020 dan gencatan senjata 2020-11-10."
    assert find_dates(text) == [(6, D(2022, 9, 14)), (30, D(2020, 9, 27)), (69, D(2020, 11, 10))]


@pytest.mark.parametrize(("value", "expected"), [
    (None, None),
    ("", None),
    (D(2023, 9, 19), D(2023, 9, 19)),
    (dt.datetime(2023, 9, 19, 23, 30), D(2023, 9, 19)),
    ("2023-09-19", D(2023, 9, 19)),
    ("2023-09-19T01:44:00+07:00", D(2023, 9, 19)),
    ("  2023-09-19  ", D(2023, 9, 19)),
    ("Rabu, 14 September 2022 - 01:44 WIB", D(2022, 9, 14)),
    ("(04/10/2020)", D(2020, 10, 4)),
    ("September 19, 2023", D(2023, 9, 19)),
])
def test_parse_date_value(value, expected):
    assert parse_date_value(value) == expected


def test_header_date_is_preferred_over_later_body_dates():
    header = "Bentrok dengan Azerbaijan\nRabu, 14 September 2022 - 01:44 WIB"
    body = "Pada 1 Januari 2023 terjadi sesuatu. Lalu pada 2 Februari 2023 lagi."
    assert date_from_text(header, body) == (D(2022, 9, 14), "header")


def test_first_header_date_wins():
    assert date_from_text("Kamis, 7 Maret 2024 (diperbarui 8 Maret 2024)", "") == (D(2024, 3, 7), "header")


def test_latest_body_date_when_header_has_none():
    body = "Perang 27 September 2020 berakhir. Pada 13/9/2022 bentrokan baru. Sejak 1994 tidak ada damai."
    assert date_from_text("Judul tanpa tanggal", body) == (D(2022, 9, 13), "body")


@pytest.mark.parametrize(("header", "body"), [
    ("Judul", "Kemarin pasukan menyerang. Hari ini situasi tenang."),
    ("Title", "Yesterday troops attacked, and on 20 September they withdrew."),
    ("", ""),
])
def test_no_date_stated_means_none_never_today(header, body):
    assert date_from_text(header, body) == (None, None)


@pytest.mark.parametrize(("quote", "parts"), [
    ("sekitar pukul 19:41 WIB", {19, 41, 7}),
    ("pada Jumat pukul 20.36 WIB", {20, 36, 8}),
    ("at 7:41 pm", {7, 41}),
    ("16.45 WITA", {16, 45, 4}),
    ("sedikitnya 6.500 orang dan 2,5 persen", set()),  # thousands and decimals are no clock
    ("skor 21.13 saja", set()),  # no pukul, no time zone: not a time
])
def test_clock_parts(quote, parts):
    assert clock_parts(quote) == {Decimal(p) for p in parts}


@pytest.mark.parametrize(("text", "found"), [
    ("pada kuartal kedua tahun 2017", {("q", 2)}),
    ("in the third quarter of 2017", {("q", 3)}),
    ("Q4 results and semester I", {("q", 4), ("h", 1)}),
    ("triwulan III", {("q", 3)}),
    ("no period here, 2 quarters", set()),
])
def test_periods(text, found):
    assert periods(text) == found
