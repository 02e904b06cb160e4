"""Headings and labels in the brief's languages, and localized dates."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

LABELS = {
    "id": {
        "brief": "Ringkasan Situasi",
        "bluf": "Inti Persoalan",
        "developments": "Perkembangan Utama",
        "window": "Periode liputan",
        "sources": "Sumber",
        "source_count": "{n} artikel dari {m} sumber",
        "engine": "Mesin",
        "generated": "Dibuat",
        "appendix": "Lampiran: Sumber dan Kutipan",
        "quotes_used": "Kutipan yang digunakan",
        "verification": "Verifikasi Kutipan",
        "verification_text": "{checked} kalimat diperiksa terhadap teks sumber: {supported} didukung, {dropped} dibuang.",
        "skipped": "Masukan yang dilewati",
        "undated": "tanpa tanggal",
        "page_word": "Halaman",
        "of_word": "dari",
        "uncited": "tidak dikutip",
        "empty": "Tidak ada liputan baru dalam periode ini.",
        "citation_note": "Setiap kalimat didukung kutipan langsung dari sumber bertanda [n]; lihat Lampiran.",
        "quotation_note": "Kalimat miring dalam tanda kutip adalah kalimat sumber yang dikutip apa adanya.",
    },
    "en": {
        "brief": "Situation Brief",
        "bluf": "Bottom Line Up Front",
        "developments": "Key Developments",
        "window": "Coverage window",
        "sources": "Sources",
        "source_count": "{n} articles from {m} outlets",
        "engine": "Engine",
        "generated": "Generated",
        "appendix": "Appendix: Sources and Quotes",
        "quotes_used": "Quotes used",
        "verification": "Citation Verification",
        "verification_text": "{checked} sentences checked against the source text: {supported} supported, {dropped} dropped.",
        "skipped": "Skipped inputs",
        "undated": "undated",
        "page_word": "Page",
        "of_word": "of",
        "uncited": "not cited",
        "empty": "No new reporting in this window.",
        "citation_note": "Every sentence is backed by verbatim quotes of the source marked [n]; see the Appendix.",
        "quotation_note": "Sentences in italics and quotation marks are source sentences quoted verbatim.",
    },
}


def labels(language: str) -> dict[str, str]:
    """The label set for a brief language (English for anything unknown)."""
    return LABELS.get(language, LABELS["en"])


def long_date(day: dt.date, language: str) -> str:
    """'Rabu, 20 September 2023' / 'Wednesday, 20 September 2023'."""
    locale = "id" if language == "id" else "en_GB"
    return format_date(day, format="full", locale=locale)


def short_date(day: dt.date | None, language: str) -> str:
    """'20 Sep 2023' in the brief language, or the word for undated."""
    if day is None:
        return labels(language)["undated"]
    return format_date(day, format="d MMM y", locale="id" if language == "id" else "en")
