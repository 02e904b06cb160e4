"""What a sentence does with its quote's action and certainty: opposite actions, dropped hedges. Pure.

`action_mismatch`: the sentence states an action whose opposite its quotes state, and not the action
itself (won for "kalah", naik for "turun", released for "ditangkap"), in either language. The pairs
are a curated news list: the lexical data has synonyms but no antonyms. A negated word ("tidak
menang") is left to the negation check.

`hedge_dropped`: the quotes report an allegation (diduga, dikabarkan, reportedly) and the sentence
states it without one; or they report a plan or expectation (berencana, akan, plans to, will) and the
sentence states it as done (telah, has, moved).
"""

from __future__ import annotations

import functools
import re

from briefing.lexicon import en_lemmas, id_candidates, irregular_verb
from briefing.names import TOKEN, table_key
from briefing.text import FAILURES, NEGATORS

# One pair a line: English words | Indonesian forms  <>  English words | Indonesian forms.
# An English word marked ^ means the other side in the passive ("was defeated" = lost).
# Indonesian forms are matched as listed, most specific first (mengalahkan before kalah).
_PAIRS = """
win won victory triumph beat^ defeat^ overcome conquer edge | menang kemenangan memenangkan memenangi mengalahkan menaklukkan taklukkan menundukkan juara unggul atas <> lose lost loss defeat | kalah kekalahan dikalahkan ditaklukkan takluk tumbang keok tersingkir
lead ahead | unggul memimpin keunggulan <> trail behind | tertinggal ketinggalan
rise rose increase grow climb gain jump soar surge up | naik kenaikan meningkat peningkatan bertambah menguat tumbuh melonjak melambung <> fall fell decrease decline drop shrink slump plunge slide down weaken | turun penurunan menurun berkurang melemah anjlok merosot susut terkoreksi
arrest detain capture jail imprison | tangkap ditangkap menangkap penangkapan ditahan menahan penahanan diamankan dibekuk diringkus <> release free acquit | bebas dibebaskan membebaskan pembebasan dilepaskan melepaskan
approve accept endorse pass ratify grant | setuju menyetujui disetujui persetujuan mengabulkan dikabulkan menerima diterima mengesahkan disahkan <> reject refuse deny veto dismiss | tolak menolak ditolak penolakan
agree | sepakat setuju bersepakat <> disagree | tidak sepakat
support back endorse defend | dukung mendukung didukung dukungan membela <> oppose against | menentang ditentang menolak melawan
praise commend applaud hail | puji memuji dipuji pujian mengapresiasi <> criticize criticise condemn slam blast | kritik mengkritik dikritik kritikan kecam mengecam dikecam kecaman
buy purchase acquire | beli membeli dibeli pembelian <> sell | jual menjual dijual penjualan
open launch start begin | buka membuka dibuka pembukaan <> close shut end | tutup menutup ditutup penutupan
import | impor mengimpor diimpor <> export | ekspor mengekspor diekspor
hire appoint recruit | rekrut merekrut angkat mengangkat diangkat lantik melantik dilantik <> fire dismiss sack | pecat memecat dipecat memberhentikan diberhentikan
enter join | masuk memasuki bergabung <> leave exit quit | keluar meninggalkan hengkang
arrive come | datang tiba kedatangan <> depart leave | berangkat pergi keberangkatan
add | tambah menambah ditambah menambahkan <> remove cut reduce | kurangi mengurangi dikurangi memangkas dipangkas hapus menghapus dihapus
profit surplus | untung keuntungan laba surplus <> loss deficit | rugi kerugian merugi defisit
cheap | murah <> expensive | mahal
high | tinggi <> low | rendah
survive | selamat <> die | tewas meninggal
succeed | berhasil sukses <> fail | gagal kegagalan
embrace hug | berpelukan memeluk dipeluk <> quarrel clash | bersitegang bertengkar cekcok ribut
allow permit | izinkan mengizinkan diizinkan membolehkan dibolehkan <> ban forbid prohibit bar | larang melarang dilarang larangan
confirm | membenarkan dibenarkan mengonfirmasi mengkonfirmasi <> deny | membantah dibantah bantahan menyangkal
extend prolong | memperpanjang diperpanjang perpanjangan <> end terminate | mengakhiri diakhiri memutus diputus
attend | hadir menghadiri dihadiri <> skip miss absent | absen mangkir
accept | menerima diterima <> decline | menolak
build construct erect | bangun membangun dibangun pembangunan mendirikan didirikan <> demolish dismantle destroy raze | bongkar membongkar dibongkar menghancurkan dihancurkan merobohkan dirobohkan
expand widen | memperluas diperluas perluasan <> abolish eliminate scrap | meniadakan ditiadakan menghapuskan dihapuskan
continue keep resume | melanjutkan dilanjutkan berlanjut terus <> stop halt cease suspend | berhenti menghentikan dihentikan terhenti
develop promote | mengembangkan dikembangkan memajukan <> oppose obstruct hinder | menentang ditentang menghambat dihambat
overestimate overrate | melebih-lebihkan <> underestimate underrate belittle | meremehkan diremehkan
harden strengthen | mengeraskan dikeraskan memperkuat diperkuat <> soften weaken | melunakkan dilunakkan memperlemah diperlemah
help aid | membantu dibantu menolong ditolong <> hinder hamper disturb disrupt | mengganggu diganggu menghambat dihambat
admit acknowledge | mengakui diakui <> deny | membantah dibantah menyangkal disangkal
"""
_SPACED_HYPHEN = re.compile(r"(\w+)\s+-\s+(\w+)")  # IndoSum writes "disebut - sebut"
_BAKAL_CALON = re.compile(r"(?i)\bbakal\s+(?=calon\b)")
_PASSIVE_AUX = frozenset("was were been being is are be get got gets getting".split())

_ALLEGE = {
    "id": frozenset("""diduga dugaan disangka disangkakan ditengarai disinyalir dikabarkan kabarnya konon
                       disebut-sebut diisukan isunya rumor dirumorkan dituding dituduh menduga diyakini""".split()),
    "en": frozenset("""allegedly alleged reportedly reported suspected rumoured rumored purportedly accused
                       apparently believed suspicion allegation allegations possibly rumour rumours rumor rumors
                       speculation likely may might""".split()),
}
# Plans in a quote: only the markers that always look ahead ("segera", "berpotensi" often do not).
_PLAN = {
    "id": frozenset("""akan bakal berencana rencana rencananya direncanakan merencanakan hendak berniat
                       ditargetkan menargetkan dijadwalkan terjadwal diharapkan mengusulkan diusulkan wacana
                       mewacanakan bersiap diperkirakan diprediksi""".split()),
    "en": frozenset("""will would 'll plan plans planned planning intend intends intended aim aims set
                       scheduled expected expect expects hope hopes propose proposes proposed could may might
                       likely upcoming seek seeks going prepare prepares preparing soon forecast projected
                       want wants target targets""".split()),
}
_DONE = {
    "id": frozenset("telah sudah sempat berhasil akhirnya resmi terbukti rampung selesai".split()),
    "en": frozenset("has have had already did finally completed officially proven proved confirmed".split()),
}


@functools.cache
def _table() -> tuple[dict[str, dict[str, frozenset[int]]], dict[int, int], dict[str, frozenset[int]]]:
    """Word → side numbers per language, each side's opposite, and the opposite in the passive of ^ words."""
    words: dict[str, dict[str, set[int]]] = {"en": {}, "id": {}}
    opposite: dict[int, int] = {}
    passive: dict[str, set[int]] = {}
    lines = [line for line in _PAIRS.strip().splitlines() if line.strip()]
    for number, line in enumerate(lines):
        sides = line.split("<>")
        for offset, side in enumerate(sides):
            side_id = 2 * number + offset
            opposite[side_id] = 2 * number + 1 - offset
            english, _, indonesian = side.partition("|")
            for word in english.split():
                if word.endswith("^"):
                    passive.setdefault(word[:-1], set()).add(2 * number + 1 - offset)
                words["en"].setdefault(word.rstrip("^"), set()).add(side_id)
            for form in indonesian.split():
                words["id"].setdefault(form, set()).add(side_id)
    frozen = {lang: {w: frozenset(v) for w, v in table.items()} for lang, table in words.items()}
    return frozen, opposite, {w: frozenset(v) for w, v in passive.items()}


def _side(tokens: list[str], i: int, language: str) -> frozenset[int]:
    """The sides of the pair table that word i states (none: empty)."""
    words = _table()[0][language]
    word = tokens[i]
    if language == "en":
        for lemma in sorted(en_lemmas(word), key=len, reverse=True):
            if lemma in words:
                passive = _table()[2].get(lemma)
                if passive is not None and word != lemma and _PASSIVE_AUX & set(tokens[max(0, i - 2):i]):
                    # "were defeated" lost; "were defeated by X" names the winner: who won is beyond a word check.
                    return frozenset() if "by" in tokens[i + 1:i + 2] else passive
                return words[lemma]
        return frozenset()
    return _id_side(word)


@functools.lru_cache(maxsize=65536)
def _id_side(word: str) -> frozenset[int]:
    """The side an Indonesian word states, its most specific listed form first."""
    words = _table()[0]["id"]
    for level in id_candidates(word):
        for form in level:
            if form in words:
                return words[form]
    return frozenset()


@functools.lru_cache(maxsize=16384)
def _sides(text: str, language: str) -> dict[int, str]:
    """Sides the text states, each with the name before it (its likely subject), leaving out negated words."""
    negated = _negated(text, language)
    written = TOKEN.findall(text)
    tokens = [t.lower() for t in written]
    found: dict[int, str] = {}
    for i in range(len(tokens)):
        if i in negated:
            continue
        for side in _side(tokens, i, language):
            found.setdefault(side, _subject(written, i))
    return found


def _subject(written: list[str], i: int) -> str:
    """The nearest capitalised word within six words before position i, as a name key ('' when none)."""
    word = next((w for w in reversed(written[max(0, i - 6):i]) if w[:1].isupper()), "")
    return table_key(word) or word.lower()  # Jerman and Germany are one subject


def action_mismatch(text: str, language: str, quotes: list[tuple[str, str]]) -> bool:
    """The sentence states an action whose opposite its quotes state about the same subject, and not the action."""
    stated = _sides(text, language)
    if not stated:
        return False
    quoted: dict[int, str] = {}
    for quote, lang in quotes:
        if lang in ("id", "en"):
            quoted.update(_sides(quote, lang))
    opposite = _table()[1]
    # "X beat Y" for "Y kalah dari X" is the same event told from the other side: different subjects.
    return any(opposite[side] in quoted and side not in quoted
               and (not subject or not quoted[opposite[side]] or subject == quoted[opposite[side]])
               for side, subject in stated.items())


def _negated(text: str, language: str) -> frozenset[int]:
    """Token positions right after a negation word (the word it negates, a modal between allowed)."""
    tokens = [t.lower() for t in TOKEN.findall(text)]
    out = set()
    for i, token in enumerate(tokens):
        if token in NEGATORS.get(language, ()) or token in FAILURES or (language == "en" and token.endswith("n't")):
            out.update(range(i + 1, min(i + 4, len(tokens))))
    return frozenset(out)


def _markers(text: str, language: str, table: dict[str, frozenset[str]]) -> bool:
    """Whether the text has a word of `table` in its language (or, for an unknown language, in either)."""
    tokens = _marker_tokens(text)
    langs = (language,) if language in table else ("id", "en")
    return any(tokens & table[lang] for lang in langs)


@functools.lru_cache(maxsize=16384)
def _marker_tokens(text: str) -> frozenset[str]:
    """The lower-case words of a text, hyphenated words rejoined ("disebut - sebut")."""
    # "bakal calon" is a prospective candidate, not a future event.
    text = _SPACED_HYPHEN.sub(r"\1-\2", _BAKAL_CALON.sub("calon", text.replace("\u2019", "'")))
    return frozenset(t.lower() for t in TOKEN.findall(text))


def _done(text: str, language: str) -> bool:
    """The sentence states something as done: telah/sudah, has/had, or an English past tense verb."""
    if _markers(text, language, _DONE):
        return True
    if language != "en":
        return False
    return any((t.endswith("ed") and len(t) > 4) or irregular_verb(t) for t in TOKEN.findall(text.lower()))


def hedge_dropped(text: str, language: str, quotes: list[tuple[str, str]]) -> bool:
    """The quotes allege or plan; the sentence states the allegation as fact or the plan as done."""
    for quote, lang in quotes:
        if _markers(quote, lang, _ALLEGE) and not _markers(text, language, _ALLEGE):
            return True
        plan_dropped = _markers(quote, lang, _PLAN) and not _markers(text, language, _PLAN)
        if plan_dropped and _done(text, language):
            return True
    return False
