"""markdown: the brief as Markdown, with the PDF's sections, marks, markers and sources; article text stays text."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from markdown_it import MarkdownIt

from briefing.chunking import chunk_articles
from briefing.engines.extractive import ExtractiveEngine
from briefing.i18n import labels, long_date
from briefing.ingest import ingest
from briefing.markdown import md_escape, render_markdown
from briefing.model import Article, Brief, Citation, Section, Sentence, Skipped, Verification, Window
from briefing.render import source_order
from briefing.structure import extra_sections
from briefing.verify import verify_sections

NOW = dt.datetime(2023, 9, 20, 10, 0, tzinfo=dt.timezone.utc)
WINDOW = Window(dt.date(2023, 9, 19), dt.date(2023, 9, 20))
# CommonMark plus the GFM extensions a reader's viewer is likely to have.
MD = MarkdownIt("commonmark").enable(["strikethrough", "table"])
HOSTILE = ("Pasukan *bold* maju <script>alert(1)</script> ke [link](http://x) dan # heading, lalu _miring_ "
           "`kode` ~~coret~~ a | b &amp; ![gambar](x.png) \\ selesai.")


def article(aid: str, text: str, published: dt.date | None = dt.date(2023, 9, 20), title: str | None = None,
            source: str | None = None, url: str | None = None) -> Article:
    """A cleaned article built in code."""
    return Article(id=aid, text=text, path=f"in/{aid}.txt", language="id", title=title or f"Judul {aid}",
                   source=source, url=url, published=published)


def cite(a: Article, quote: str) -> Citation:
    """A citation of `quote` at its place in `a`."""
    start = a.text.index(quote)
    return Citation(a.id, quote, start, start + len(quote))


def make_brief(sections: list[Section], articles: list[Article], language: str = "id", **fields) -> Brief:
    """A brief built in code, as the pipeline would hand it to render."""
    n = sum(len(s.sentences) for s in sections)
    base = dict(title="Ringkasan Situasi: Uji", topic="Uji", window=WINDOW, language=language, engine="extractive",
                model=None, generated_at=NOW, articles=articles, skipped=[], sections=sections,
                verification=Verification(checked=n + 1, supported=n, unsupported=1, dropped=1))
    return Brief(**{**base, **fields})


A = article("a", "Pasukan bergerak ke perbatasan pada pagi hari. Pemerintah membantah laporan itu kemarin. "
            "Serangan di kota itu menewaskan 200 orang pada 2023.", title="Serangan *besar*", source="Kompas",
            url="https://example.com/a_b")
B = article("b", "Serangan di kota itu menewaskan 250 orang pada 2023. Perdana Menteri Armenia Nikol Pashinyan "
            "berbicara. Warga mengungsi ke utara.", dt.date(2023, 9, 19), title="Berita B")
C = article("c", "Serangan di kota itu menewaskan 200 orang pada 2023, kata saksi.", dt.date(2023, 9, 19))


def structured_brief(language: str = "id", **fields) -> Brief:
    """A brief with one sentence of every kind the sections print."""
    denial = "Pemerintah membantah laporan itu kemarin."
    bluf = [Sentence(denial, [cite(A, denial)], quotation=True),
            Sentence("Pasukan bergerak ke perbatasan.", [cite(A, "Pasukan bergerak ke perbatasan pada pagi hari.")])]
    timeline = [Sentence("Warga mengungsi ke utara.", [cite(B, "Warga mengungsi ke utara.")],
                         meta={"date": "2023-09-18", "date_basis": "event"}),
                Sentence("Pasukan bergerak ke perbatasan pada pagi hari.",
                         [cite(A, "Pasukan bergerak ke perbatasan pada pagi hari.")],
                         meta={"date": "2023-09-20", "date_basis": "article"})]
    actor = [Sentence("Nikol Pashinyan \u2014 Perdana Menteri Armenia",
                      [cite(B, "Perdana Menteri Armenia Nikol Pashinyan")],
                      meta={"actor": "Nikol Pashinyan", "role": "Perdana Menteri", "role_en": "Prime Minister",
                            "qualifier": "Armenia", "described_en": "Prime Minister of Armenia", "articles": 1})]
    toll_a = "Serangan di kota itu menewaskan 200 orang pada 2023."
    figures = [Sentence(toll_a, [cite(A, toll_a), cite(C, C.text), cite(B, toll_a.replace("200", "250"))],
                        meta={"figure": {"kind": "deaths", "value": 200.0, "unit": "orang pada", "display": "200"},
                              "corroborated_by": ["a", "c"],
                              "conflicts_with": [{"article": "b", "value": 250.0, "display": "250"}]})]
    changes = [Sentence("Warga mengungsi ke utara.", [cite(B, "Warga mengungsi ke utara.")],
                        meta={"change": "new_article", "article": "b", "title": "Berita B"})]
    words = labels(language)
    sections = [Section("bluf", words["bluf"], bluf), Section("timeline", words["timeline"], timeline),
                Section("actors", words["actors"], actor), Section("figures", words["figures"], figures),
                Section("changes", words["changes"], changes)]
    return make_brief(sections, [A, B, C], language, **fields)


def section_bullets(md: str, title: str) -> list[str]:
    """The bullet lines under the `## title` heading."""
    block = md.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]
    return [line[2:] for line in block.splitlines() if line.startswith("- ")]


def markers(line: str) -> list[int]:
    """The citation markers at the end of a line."""
    tail = re.search(r"((?:\[\d+\])+)$", line)
    return [int(n) for n in re.findall(r"\d+", tail.group(1))] if tail else []


def test_title_date_line_and_headings():
    brief = structured_brief(classification="UNCLASSIFIED // FOR INTERNAL USE")
    md = render_markdown(brief)
    lines = md.splitlines()
    assert lines[:5] == ["# Ringkasan Situasi: Uji", "", "**UNCLASSIFIED // FOR INTERNAL USE**", "",
                         f"**{long_date(WINDOW.end, 'id')}** · Periode liputan: 19 Sep 2023 – 20 Sep 2023 · "
                         "3 artikel dari 3 sumber · extractive"]
    assert long_date(WINDOW.end, "id") == "Rabu, 20 September 2023"
    assert re.findall(r"^## (.+)$", md, re.M) == ["Inti Persoalan", "Kronologi", "Aktor", "Angka Kunci",
                                                  "Perubahan Sejak Ringkasan Sebelumnya", "Verifikasi Kutipan",
                                                  "Lampiran: Sumber dan Kutipan"]
    assert "\n8 kalimat diperiksa terhadap teks sumber: 7 didukung, 1 dibuang.\n" in md
    assert md.endswith("\n") and not md.endswith("\n\n")


def test_sentences_marks_and_markers():
    md = render_markdown(structured_brief())
    assert section_bullets(md, "Inti Persoalan") == [
        "*\u201cPemerintah membantah laporan itu kemarin.\u201d* [1]", "Pasukan bergerak ke perbatasan. [1]"]
    assert section_bullets(md, "Kronologi") == [
        "**18 Sep 2023** Warga mengungsi ke utara. [2]",
        "**20 Sep 2023**\\* Pasukan bergerak ke perbatasan pada pagi hari. [1]"]
    assert "\\* tanggal terbit artikel (teks tidak menyebut tanggal peristiwa)" in md
    assert section_bullets(md, "Aktor") == ["**Nikol Pashinyan** \u2014 Perdana Menteri Armenia [2]"]
    assert section_bullets(md, "Angka Kunci") == [
        "**200** (korban tewas): Serangan di kota itu menewaskan 200 orang pada 2023. \u2714 (2) "
        "\u26a0 sumber lain menyebut: 250 [2]; [1][2][3]"]
    assert "\u2714 (n) = dikuatkan oleh n artikel independen · \u26a0 = sumber berbeda angka" in md
    assert section_bullets(md, "Perubahan Sejak Ringkasan Sebelumnya") == [
        "**BARU** **Berita B**: Warga mengungsi ke utara. [2]"]


def test_english_labels_roles_and_dates():
    md = render_markdown(structured_brief("en"))
    assert "\n**Wednesday, 20 September 2023** · Coverage window: 19 Sep 2023 – 20 Sep 2023 · " \
           "3 articles from 3 outlets · extractive\n" in md
    assert section_bullets(md, "Actors") == ["**Nikol Pashinyan** \u2014 Prime Minister of Armenia [2]"]
    assert section_bullets(md, "Key Figures")[0].startswith("**200** (deaths): Serangan di kota itu")
    assert "\u26a0 another source says: 250 [2];" in md
    assert section_bullets(md, "Changes Since the Previous Brief")[0].startswith("**NEW** **Berita B**:")
    assert section_bullets(md, "Timeline")[0] == "**18 Sep 2023** Warga mengungsi ke utara. [2]"


def test_markers_follow_the_source_numbering_on_the_seeds(seeds_dir):
    articles = ingest(seeds_dir).articles
    sections = ExtractiveEngine().draft(articles, chunk_articles(articles), "id")
    used = {(c.article, c.start) for s in sections for x in s.sentences for c in x.citations}
    sections, tally = verify_sections(sections + extra_sections(articles, "id", used), articles, "id")
    brief = make_brief(sections, articles, window=Window(dt.date(2020, 1, 1), dt.date(2023, 12, 31)),
                       verification=tally)
    md = render_markdown(brief)
    number = {a.id: i for i, a in enumerate(source_order(brief), start=1)}
    for section in sections:
        bullets = section_bullets(md, section.title)
        assert len(bullets) == len(section.sentences)
        for bullet, sentence in zip(bullets, section.sentences):
            assert markers(bullet) == sorted({number[c.article] for c in sentence.citations})
    figures = section_bullets(md, "Angka Kunci")
    assert [b.split(":")[0] for b in figures[:2]] == ["**6.500** (korban tewas)",
                                                      "**2.000** (pasukan penjaga perdamaian)"]
    assert all(" \u2714 (2) [" in b for b in figures[:2])
    appendix = md.split("\n## Lampiran: Sumber dan Kutipan\n", 1)[1]
    titles = re.findall(r"^(\d+)\. \*\*(.+?)\*\* — ", appendix, re.M)
    assert [(int(n), t) for n, t in titles] == [(i, md_escape(a.title)) for i, a in enumerate(source_order(brief), 1)]


def test_sources_appendix_with_quotes_and_offsets():
    md = render_markdown(structured_brief())
    appendix = md.split("\n## Lampiran: Sumber dan Kutipan\n", 1)[1].strip().splitlines()
    assert appendix == [
        "1. **Serangan \\*besar\\*** — Kompas · 20 Sep 2023 · https://example.com/a\\_b",
        "   > \u201cPasukan bergerak ke perbatasan pada pagi hari.\u201d (0–46)",
        "   > \u201cPemerintah membantah laporan itu kemarin.\u201d (47–88)",
        "   > \u201cSerangan di kota itu menewaskan 200 orang pada 2023.\u201d (89–141)",
        "2. **Berita B** — 19 Sep 2023",
        "   > \u201cSerangan di kota itu menewaskan 250 orang pada 2023.\u201d (0–52)",
        "   > \u201cPerdana Menteri Armenia Nikol Pashinyan\u201d (53–92)",
        "   > \u201cWarga mengungsi ke utara.\u201d (104–129)",
        "3. **Judul c** — 19 Sep 2023",
        "   > \u201cSerangan di kota itu menewaskan 200 orang pada 2023, kata saksi.\u201d (0–64)",
    ]


def test_uncited_articles_are_listed_as_not_cited():
    extra = article("z", "Teks lain yang tidak dikutip sama sekali dalam ringkasan ini.", None, title="Tanpa kutipan")
    brief = structured_brief()
    brief.articles.append(extra)
    md = render_markdown(brief)
    assert md.rstrip().endswith("4. **Tanpa kutipan** — tanpa tanggal\n   (tidak dikutip)")


@pytest.mark.parametrize("text", [
    HOSTILE,
    "# Judul palsu",
    "- butir palsu",
    "+ butir palsu",
    "1. daftar palsu",
    "2022) daftar palsu",
    "---",
    "> kutipan palsu",
    "<b>tebal</b> dan <img src=x onerror=alert(1)>",
    "[teks][1] dan [1]: http://evil.example",
    "<http://evil.example> dan https://evil.example",
    "    kode berindentasi",
    "Baris satu\n\n# Baris dua\n- tiga",
    "&lt;script&gt; &copy; &#42;",
    "a\\*b\\",
    "",
])
def test_article_text_never_becomes_markup(text):
    rendered = MD.render(md_escape(text))
    plain = html.escape(" ".join(text.split()), quote=True).replace("&#x27;", "'")
    assert rendered == (f"<p>{plain}</p>\n" if plain else "")


def test_hostile_article_text_in_a_whole_brief():
    bad = article("x", HOSTILE + " Kalimat kedua yang biasa saja.", title="<script>judul</script> *x*",
                  source="[sumber](http://evil)")
    sentence = Sentence(HOSTILE, [cite(bad, HOSTILE)])
    brief = make_brief([Section("bluf", "Inti # Persoalan", [sentence])], [bad], model="gpt_4o*mini",
                       classification="<b>RAHASIA</b>")
    md = render_markdown(brief)
    tokens = [t for t in MD.parse(md) for t in ([t] + (t.children or []))]
    types = {t.type for t in tokens}
    assert not types & {"html_inline", "html_block", "link_open", "image", "code_inline", "code_block", "em_open",
                        "s_open", "hr", "table_open"}
    assert sum(t.type == "ordered_list_open" for t in tokens) == 1  # the sources appendix
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h1", "h2", "h2", "h2"]
    rendered = MD.render(md)
    assert "<script>" not in rendered and "<a " not in rendered and "<b>" not in rendered
    assert "&lt;script&gt;judul&lt;/script&gt; *x*" in rendered
    assert "extractive · gpt_4o*mini" in rendered


def test_empty_brief_says_so():
    brief = make_brief([], [], verification=Verification(), skipped=[Skipped("in/kosong.txt", "empty file")])
    md = render_markdown(brief)
    assert "\nTidak ada liputan baru dalam periode ini.\n" in md
    assert "\n### Masukan yang dilewati\n\n- in/kosong.txt \u2014 empty file\n" in md
    assert md.rstrip().endswith("## Lampiran: Sumber dan Kutipan")


def test_no_changes_note_when_a_previous_brief_had_nothing_new():
    brief = structured_brief(previous={"date": "2023-09-19"})
    brief.sections = [s for s in brief.sections if s.key != "changes"]
    assert "\nTidak ada perubahan sejak ringkasan sebelumnya.\n" in render_markdown(brief)
    assert "perubahan sejak ringkasan sebelumnya" not in render_markdown(structured_brief()).lower().replace(
        "## perubahan sejak ringkasan sebelumnya", "")
