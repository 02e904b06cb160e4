"""Opposite actions and dropped hedges, in both languages and across them."""

from __future__ import annotations

import pytest

from briefing.predicates import action_mismatch, hedge_dropped

WON_CUP = ("Timnas Jerman yang memenangkan Piala Konfederasi 2017 akan tampil di Rusia.", "id")
CHELSEA = ("Arsenal menaklukkan Chelsea 2-1 di final Piala FA.", "id")
ALLEGED = ("Dia diduga menerima uang suap dari proyek itu.", "id")
PLANNED = ("Jaksa Penuntut Umum (JPU) KPK berencana menghadirkan saksi pada sidang pekan depan.", "id")


@pytest.mark.parametrize(("text", "language", "quote", "expected"), [
    ("Germany, who lost the Confederations Cup final, will play in Russia.", "en", WON_CUP, True),
    ("Germany, who won the 2017 Confederations Cup, will play in Russia.", "en", WON_CUP, False),
    ("Timnas Jerman yang kalah di final Piala Konfederasi akan tampil di Rusia.", "id", WON_CUP, True),
    ("Arsenal lost to Chelsea in the FA Cup final.", "en", CHELSEA, True),
    ("Arsenal beat Chelsea 2-1 in the FA Cup final.", "en", CHELSEA, False),
    ("Chelsea lost 2-1 to Arsenal in the FA Cup final.", "en", CHELSEA, False),  # the same event, other subject
    ("Chelsea were beaten by Arsenal in the FA Cup final.", "en", CHELSEA, False),
    ("Harga minyak turun tajam.", "id", ("Harga minyak naik tajam pada Senin.", "id"), True),
    ("Oil prices rose sharply.", "en", ("Harga minyak naik tajam pada Senin.", "id"), False),
    ("Polisi membebaskan tersangka itu.", "id", ("Polisi menangkap tersangka itu di Bekasi.", "id"), True),
    ("DPR menolak rancangan itu.", "id", ("DPR tidak menolak rancangan itu.", "id"), False),  # negation's check
])
def test_action_mismatch(text, language, quote, expected):
    assert action_mismatch(text, language, [quote]) is expected


@pytest.mark.parametrize(("text", "language", "quote", "expected"), [
    ("Dia terbukti menerima uang suap dari proyek itu.", "id", ALLEGED, True),
    ("Dia diduga menerima suap dari proyek tersebut.", "id", ALLEGED, False),
    ("He allegedly took bribes from the project.", "en", ALLEGED, False),
    ("He took bribes from the project.", "en", ALLEGED, True),
    ("KPK prosecutors have brought the witness to court.", "en", PLANNED, True),
    ("KPK prosecutors plan to bring the witness next week.", "en", PLANNED, False),
    ("Jaksa KPK telah menghadirkan saksi di sidang.", "id", PLANNED, True),
    ("Jaksa KPK akan menghadirkan saksi di sidang pekan depan.", "id", PLANNED, False),
    ("The prospective governor candidate inaugurated the volunteers.", "en",
     ("Bakal calon gubernur Agus mengukuhkan relawan itu.", "id"), False),  # "bakal calon" plans nothing
])
def test_hedge_dropped(text, language, quote, expected):
    assert hedge_dropped(text, language, [quote]) is expected
