"""Headings and labels in the brief's languages, and localized dates."""

from __future__ import annotations

import datetime as dt

from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

LABELS = {
    "id": {
        "chart_caption": "Jumlah artikel per periode dalam jendela liputan; titik merah: peristiwa dalam kronologi.",
        "article_date_note": "tanggal terbit artikel (teks tidak menyebut tanggal peristiwa)",
        "figure": "Angka",
        "figure_kind": "Jenis",
        "figure_statement": "Pernyataan sumber",
        "figure_status": "Sumber",
        "kind_deaths": "korban tewas",
        "kind_peacekeepers": "pasukan penjaga perdamaian",
        "kind_troops": "tentara",
        "kind_evacuees": "orang dievakuasi",
        "kind_injured": "korban luka",
        "kind_money": "nilai uang",
        "kind_settlements": "permukiman",
        "kind_percent": "persen",
        "conflicting": "sumber lain menyebut",
        "legend_corroborated": "dikuatkan oleh n artikel independen",
        "legend_conflicting": "sumber berbeda angka",
        "legend_single": "satu sumber",
        "change_new_article": "BARU",
        "change_new_event": "PERISTIWA BARU",
        "change_figure": "ANGKA BERUBAH",
        "no_changes": "Tidak ada perubahan sejak ringkasan sebelumnya.",
        "brief": "Ringkasan Situasi",
        "bluf": "Inti Persoalan",
        "developments": "Perkembangan Utama",
        "timeline": "Kronologi",
        "actors": "Aktor",
        "figures": "Angka Kunci",
        "outlook": "Yang Perlu Dicermati",
        "changes": "Perubahan Sejak Ringkasan Sebelumnya",
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
        "llm_fallback": "Model tidak menghasilkan kalimat yang lolos pemeriksaan ({rejected} fakta dibuang karena "
                        "kutipannya tidak ada dalam artikel), jadi inti persoalan dan perkembangan utama adalah "
                        "kalimat sumber pilihan mesin ekstraktif, dikutip apa adanya.",
        "citation_note": "Setiap kalimat didukung kutipan langsung dari sumber bertanda [n]; lihat Lampiran.",
        "quotation_note": "Kalimat miring dalam tanda kutip adalah kalimat sumber yang dikutip apa adanya.",
        "v_checked": "Kalimat diperiksa",
        "v_supported": "Didukung kutipan",
        "v_rejected": "Ditolak (bertentangan)",
        "v_unconfirmed": "Belum terkonfirmasi luring",
        "v_judged": "dikonfirmasi penilai",
        "v_fell_back": "dibuang/diganti",
        "v_repaired": "Diperbaiki",
        "v_quoted": "Diganti kalimat sumber",
        "v_dropped": "Dibuang",
        "v_reason": "Alasan penolakan",
        "v_sentences": "Kalimat",
        "reason_no_citation": "Tanpa kutipan",
        "reason_unknown_article": "Artikel yang dikutip tidak ada",
        "reason_trivial_quote": "Kutipan terlalu pendek atau kosong makna",
        "reason_wrong_article": "Kutipan berasal dari artikel lain",
        "reason_quote_not_found": "Kutipan tidak ditemukan di sumber",
        "reason_bad_offsets": "Posisi kutipan salah",
        "reason_number_mismatch": "Angka tidak sesuai kutipan",
        "reason_date_mismatch": "Tanggal tidak sesuai kutipan",
        "reason_name_mismatch": "Nama tidak ada dalam kutipan",
        "reason_negation_mismatch": "Negasi tidak sesuai kutipan",
        "reason_low_overlap": "Isi kalimat tidak tercakup kutipan",
        "reason_judge_rejected": "Ditolak penilai LLM",
        "reason_action_mismatch": "Tindakan berlawanan dengan kutipan",
        "reason_hedge_dropped": "Dugaan atau rencana ditulis sebagai fakta",
        "reason_name_unconfirmed": "Nama ada di artikel, tidak di kutipan",
    },
    "en": {
        "chart_caption": "Articles per period in the coverage window; red dots: events in the timeline.",
        "article_date_note": "article's publication date (the text gives no event date)",
        "figure": "Figure",
        "figure_kind": "What",
        "figure_statement": "Source statement",
        "figure_status": "Sources",
        "kind_deaths": "deaths",
        "kind_peacekeepers": "peacekeepers",
        "kind_troops": "troops",
        "kind_evacuees": "evacuated",
        "kind_injured": "injured",
        "kind_money": "money",
        "kind_settlements": "settlements",
        "kind_percent": "percent",
        "conflicting": "another source says",
        "legend_corroborated": "corroborated by n independent articles",
        "legend_conflicting": "sources differ",
        "legend_single": "single source",
        "change_new_article": "NEW",
        "change_new_event": "NEW EVENT",
        "change_figure": "FIGURE CHANGED",
        "no_changes": "No changes since the previous brief.",
        "brief": "Situation Brief",
        "bluf": "Bottom Line Up Front",
        "developments": "Key Developments",
        "timeline": "Timeline",
        "actors": "Actors",
        "figures": "Key Figures",
        "outlook": "What to Watch",
        "changes": "Changes Since the Previous Brief",
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
        "llm_fallback": "The model gave no sentence that could be checked ({rejected} facts thrown away because "
                        "their quotes are not in the articles), so the bottom line and developments are source "
                        "sentences picked by the extractive engine and quoted verbatim.",
        "citation_note": "Every sentence is backed by verbatim quotes of the source marked [n]; see the Appendix.",
        "quotation_note": "Sentences in italics and quotation marks are source sentences quoted verbatim.",
        "v_checked": "Sentences checked",
        "v_supported": "Supported by quotes",
        "v_rejected": "Rejected (contradiction)",
        "v_unconfirmed": "Unconfirmed offline",
        "v_judged": "confirmed by the judge",
        "v_fell_back": "dropped/quoted",
        "v_repaired": "Repaired",
        "v_quoted": "Replaced by the source sentence",
        "v_dropped": "Dropped",
        "v_reason": "Reason for rejection",
        "v_sentences": "Sentences",
        "reason_no_citation": "No citation",
        "reason_unknown_article": "Cited article not found",
        "reason_trivial_quote": "Quote too short or empty of content",
        "reason_wrong_article": "Quote comes from another article",
        "reason_quote_not_found": "Quote not found in the source",
        "reason_bad_offsets": "Quote offsets wrong",
        "reason_number_mismatch": "Number not in the quotes",
        "reason_date_mismatch": "Date not in the quotes",
        "reason_name_mismatch": "Name not in the quotes",
        "reason_negation_mismatch": "Negation differs from the quotes",
        "reason_low_overlap": "Sentence says more than its quotes",
        "reason_judge_rejected": "Rejected by the LLM judge",
        "reason_action_mismatch": "Opposite action to its quotes",
        "reason_hedge_dropped": "Allegation or plan stated as fact",
        "reason_name_unconfirmed": "Name in the article, not in the quote",
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


def format_number(value: Decimal | float, language: str) -> str:
    """'6.500' / '6,500'; '99,999' / '99.999'."""
    return format_decimal(value, locale="id" if language == "id" else "en", decimal_quantization=False)
