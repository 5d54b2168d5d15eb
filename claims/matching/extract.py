"""What the engine reads out of one claim: words, places, actors, event date, figures, cues.

`extract_features` is a pure function over plain values: the text, the published date, the
event window and entities a researcher recorded (they win over what the text suggests), and a
`Gazetteer`. Its `Features` serialise to JSON, so they are computed once per claim and stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import snowballstemmer

from claims.matching import lexicon as lx
from claims.matching.entities import Entity, Gazetteer, Mention, Token, prepare, tokenize

_ARABIC = re.compile("[\u0600-\u06ff]")
_ENTITY_TOKEN = re.compile(r"[pa]-?\d+")  # "p85": a place, "a2": an actor (is_entity_token)
_EN_STEM = snowballstemmer.stemmer("english")
_AR_STEM = snowballstemmer.stemmer("arabic")
_SENTENCE_END = re.compile(r"[.!?؟\n;؛]+")
_EN_DENIAL = re.compile(lx.EN_DENIAL, re.I)
_EN_FOILED = re.compile(lx.EN_FOILED, re.I)
_CLAUSE_END = re.compile(r"[,;.!?\n،؛]")
_EN_GAIN = re.compile(lx.EN_CONTROL_GAIN)
_EN_LOSS = re.compile(lx.EN_CONTROL_LOSS)
_EN_ZERO = re.compile(lx.EN_ZERO)
# Places that are too wide to tell two events apart.
TRIGRAM_TEXT_LIMIT = 1500
WIDE_ACTOR_KINDS = frozenset({"government", "coalition", "political_body", "organisation"})
# Armed forces: two of one side and kind are often one formation named two ways ("Iranian
# militias" / "Fatemiyoun", "the SDF" / "the Deir ez-Zor Military Council").
FORCE_KINDS = frozenset({"militia", "armed_group", "state_forces"})
WIDE_PLACE_KINDS = frozenset({"region", "governorate", "district", "river"})

_CONCEPT_EN = {stem: name for name, (en, _) in lx.CONCEPTS.items() for stem in en}
_CONCEPT_AR = {word: name for name, (_, ar) in lx.CONCEPTS.items() for word in ar}
_CATEGORY_EN = {stem: name for name, (en, _) in lx.FIGURE_CATEGORIES.items() for stem in en}
_CATEGORY_AR = {word: name for name, (_, ar) in lx.FIGURE_CATEGORIES.items() for word in ar}
_SUBJECT_EN = {stem: name for name, (en, _) in lx.FIGURE_SUBJECTS.items() for stem in en}
_SUBJECT_AR = {word: name for name, (_, ar) in lx.FIGURE_SUBJECTS.items() for word in ar}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of one normalised word, English or Arabic (proclitics and article removed)."""
    if _ARABIC.match(word):
        return _AR_STEM.stemWord(arabic_core(word))
    return _EN_STEM.stemWord(word)


def _domain_concepts() -> None:
    """The bilingual domain lexicon, by English stem and Arabic word; the first list wins."""
    for name, (en, ar) in lx.DOMAIN_CONCEPTS.items():
        for word in en:
            _CONCEPT_EN.setdefault(stem(word), name)
        for word in ar:
            _CONCEPT_AR.setdefault(word, name)


@lru_cache(maxsize=200_000)
def arabic_core(word: str) -> str:
    """An Arabic word without its glued conjunction, preposition and article: "وبالقصف" -> "قصف"."""
    for prefix in ("وبال", "وال", "بال", "فال", "كال", "لل", "ال"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    if len(word) > 4 and word[0] in "وبفل":
        return word[1:]
    return word


@lru_cache(maxsize=200_000)
def arabic_forms(word: str) -> frozenset[str]:
    """An Arabic word, without its prefixes, and without a pronoun suffix: "سيطرتها" -> "سيطره"."""
    core = arabic_core(word)
    forms = {word, core}
    for suffix in ("هما", "هم", "ها", "ه", "ون", "ين", "ات", "وا"):
        if core.endswith(suffix) and len(core) - len(suffix) >= 3:
            base = core[: -len(suffix)]
            forms.add(base)
            if suffix in ("ها", "هم", "هما") and base.endswith("ت"):
                forms.add(base[:-1] + "ه")  # "سيطرتها" -> "سيطره" (ta marbuta before a pronoun)
    return frozenset(forms)


_domain_concepts()


@dataclass(frozen=True)
class FigureMention:
    category: str  # killed, wounded, detained, displaced, casualties, strikes
    low: int
    high: float  # math.inf for "at least"
    subject: str  # civilians, fighters, soldiers or ""
    text: str  # as written
    includes: str = ""  # a total of groups ("57 soldiers and fighters"): the groups, space-separated

    def compatible(self, other: FigureMention) -> bool | None:
        """True when the two can both be right, False when they cannot, None when not comparable."""
        if self.category != other.category:
            return None
        for zero, total in ((self, other), (other, self)):
            if zero.high == 0 and zero.subject and total.low > 0 and zero.subject in total.includes.split():
                return False  # "no soldiers were killed" / "57 soldiers and fighters killed"
        if self.subject and other.subject and self.subject != other.subject:
            return None
        if bool(self.subject) != bool(other.subject):
            # A count of some ("43 fighters") against a count of all ("57 killed"): the part
            # can be smaller, never larger.
            part, whole = (self, other) if self.subject else (other, self)
            return part.low <= whole.high * 1.12 + 2 and not (whole.high == 0 and part.low > 0)
        low, high = max(self.low, other.low), min(self.high, other.high)
        if low <= high:
            return True
        # Reports round and update: 57 vs 55 is the same count, 57 vs 23 is not; and
        # "nobody was killed" never agrees with a death.
        if self.high == 0 or other.high == 0:
            return False
        gap = low - high
        return gap <= max(1.0, 0.1 * low)

    def agrees(self, other: FigureMention) -> bool:
        """Compatible, and close enough to say the same: "at least 57" / "57", "dozens" / "57";
        not "at least 4" / "14", which can both be right of any two events."""
        return bool(self.compatible(other)) and self.close_to(other)

    def close_to(self, other: FigureMention) -> bool:
        """Of two compatible counts: is either open-ended (or a part of the other's whole) only
        with lower bounds within a factor of two?"""
        if math.isinf(self.high) or math.isinf(other.high) or bool(self.subject) != bool(other.subject):
            return min(self.low, other.low) * 2 >= max(self.low, other.low)
        return True


@dataclass(frozen=True)
class Control:
    """Who a sentence says holds a place: `side` gains it (or loses it when `gain` is False)."""

    side: str
    actor: str
    places: tuple[int, ...]
    gain: bool
    text: str


@lru_cache(maxsize=1)
def opposites() -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """lexicon.OPPOSITES as pairs of stem sets, built once."""
    return lx.opposite_table()


@lru_cache(maxsize=1)
def _opposite_rows() -> dict[str, tuple[tuple[int, ...], tuple[int, ...]]]:
    """opposites() turned round: for each stem, the rows it is on the first side of, and the
    rows it is on the second side of."""
    rows: dict[str, tuple[list[int], list[int]]] = {}
    for i, sides in enumerate(opposites()):
        for side, stems in enumerate(sides):
            for stem in stems:
                rows.setdefault(stem, ([], []))[side].append(i)
    return {stem: (tuple(first), tuple(second)) for stem, (first, second) in rows.items()}


def is_entity_token(token: str) -> bool:
    """ "p85" (a place) or "a2" (an actor); ids may be negative for an unsaved gazetteer."""
    # The first letter first: most words are told apart without the pattern.
    return token[:1] in ("p", "a") and _ENTITY_TOKEN.fullmatch(token) is not None


@lru_cache(maxsize=100_000)
def is_anchor_token(token: str) -> bool:
    """A name, a count or an event concept: what two languages can share. Cached: a claim's
    tokens are mostly the workspace's common vocabulary."""
    return token.startswith(("c:", "#")) or is_entity_token(token)


def negations(norm: str) -> frozenset[str]:
    """The negating words of a normalised text, as written. "No fewer than 12" and "ما لا يقل عن
    12" ("not less than 12": at least 12) qualify a count: they negate nothing."""
    for qualifier in lx.QUALIFIERS_AT_LEAST:
        if qualifier in norm:
            norm = re.sub(rf"(?<!\w){re.escape(qualifier)}(?!\w)", " ", norm)
    return frozenset(w for w in norm.split() if w in lx.NEGATIONS)


def char_grams(text: str) -> Iterator[str]:
    """The character 3- to 5-grams within the words of a normalised text (its first
    TRIGRAM_TEXT_LIMIT characters), each word padded with a space: " haj", "jin ". What
    Features.char_counts counts, and claims.services.grams counts across a workspace (its SQL
    cuts them the same way)."""
    for word in text[:TRIGRAM_TEXT_LIMIT].split():
        padded = f" {word} "
        yield from (padded[i : i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1))


@dataclass(frozen=True)
class Features:
    language: str
    tokens: frozenset[str]
    places: Mapping[int, str]  # id -> name, as found or recorded
    place_kinds: Mapping[int, str]  # id -> kind (city, oil_field, ...)
    wide_places: frozenset[int]  # the ones too wide to identify an event (a governorate)
    place_context: frozenset[int]  # places and the places they lie in
    actors: Mapping[int, str]
    wide_actors: frozenset[int]  # states and governments: named in too many events to tell them apart
    sides: frozenset[str]
    event: tuple[dt.date, dt.date] | None
    event_how: str  # recorded, text, published or ""
    figures: tuple[FigureMention, ...] = ()
    denial: str = ""
    negations: frozenset[str] = frozenset()  # "not", "لم", ... as written
    control: tuple[Control, ...] = ()
    text_hash: str = ""
    length: int = 0
    # The kinds of armed force named, by side: "regime/militia" for Fatemiyoun or "Iranian
    # militias", "sdf/armed_group" for the SDF or the Deir ez-Zor Military Council.
    forces: frozenset[str] = frozenset()
    denied_sides: frozenset[str] = frozenset()  # whose positions the denial says were not hit
    spellings: tuple[str, ...] = field(default=())  # "Dier Ezzor -> Deir ez-Zor", for reasons
    # The normalised text, for character similarity. Not stored with the features: the claim's
    # text_normalized is passed back in by from_json.
    text: str = field(default="", compare=False)

    @cached_property
    def specific_places(self) -> frozenset[int]:
        """The places named that are not wide (a governorate, a country): where it happened."""
        return frozenset(self.places) - self.wide_places

    @cached_property
    def specific_actors(self) -> frozenset[int]:
        """The actors named that are not wide (a whole side or coalition)."""
        return frozenset(self.actors) - self.wide_actors

    @cached_property
    def anchor_tokens(self) -> frozenset[str]:
        """Names, counts and event concepts: what two languages can share."""
        return frozenset(filter(is_anchor_token, self.tokens))

    @cached_property
    def lexical_tokens(self) -> frozenset[str]:
        return self.tokens - self.anchor_tokens

    @cached_property
    def event_kinds(self) -> frozenset[str]:
        """The kinds of event the claim names (lexicon.EVENT_KINDS)."""
        return frozenset(
            kind for token in self.tokens if token[:2] == "c:" and (kind := lx.EVENT_KINDS.get(token[2:]))
        )

    @cached_property
    def opposite_sides(self) -> tuple[frozenset[int], frozenset[int]]:
        """Which rows of opposites() the claim has a word of: on their first side, on their second."""
        rows = _opposite_rows()
        ups: set[int] = set()
        downs: set[int] = set()
        for token in self.tokens:
            if (found := rows.get(token)) is not None:
                ups.update(found[0])
                downs.update(found[1])
        return frozenset(ups), frozenset(downs)

    @cached_property
    def square_weights(self) -> float:
        """The sum of the squared default weights (score.default_weight) of the tokens: the
        claim's side of a word cosine, computed once. The weights are multiples of 1/4, so the
        sum is exact whatever the order."""
        from claims.matching.score import default_weight

        return sum(default_weight(t) ** 2 for t in self.tokens)

    @cached_property
    def trigrams(self) -> frozenset[str]:
        text = f" {self.text[:TRIGRAM_TEXT_LIMIT]} "
        return frozenset(map("".join, zip(text, text[1:], text[2:], strict=False)))  # 3x faster than slices

    @cached_property
    def char_counts(self) -> Mapping[str, int]:
        """How often each character 3- to 5-gram occurs within the words of the normalised text
        (each word padded with a space: " haj", "jin "): for ranking a question's candidates
        (find_similar). Within words, so "the border" and "border the" share all of theirs."""
        return Counter(char_grams(self.text))

    @cached_property
    def word_counts(self) -> Mapping[str, int]:
        """How often each word of the normalised text occurs, stopwords and all: for ranking a
        question's candidates (find_similar)."""
        return Counter(self.text[:TRIGRAM_TEXT_LIMIT].split())

    @cached_property
    def word_pairs(self) -> frozenset[str]:
        """Neighbouring words of the normalised text ("border wall"): for ranking a question's
        candidates (find_similar)."""
        words = self.text[:TRIGRAM_TEXT_LIMIT].split()
        return frozenset(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))

    def to_json(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "tokens": sorted(self.tokens),
            "places": {str(k): v for k, v in self.places.items()},
            "place_kinds": {str(k): v for k, v in self.place_kinds.items()},
            "wide_places": sorted(self.wide_places),
            "place_context": sorted(self.place_context),
            "actors": {str(k): v for k, v in self.actors.items()},
            "wide_actors": sorted(self.wide_actors),
            "sides": sorted(self.sides),
            "event": [self.event[0].isoformat(), self.event[1].isoformat()] if self.event else None,
            "event_how": self.event_how,
            "figures": [
                [f.category, f.low, None if math.isinf(f.high) else f.high, f.subject, f.text]
                + ([f.includes] if f.includes else [])
                for f in self.figures
            ],
            "denial": self.denial,
            "negations": sorted(self.negations),
            "control": [[c.side, c.actor, list(c.places), c.gain, c.text] for c in self.control],
            "text_hash": self.text_hash,
            "length": self.length,
            "forces": sorted(self.forces),
            "denied_sides": sorted(self.denied_sides),
            "spellings": list(self.spellings),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], text: str = "") -> Features:
        event = data.get("event")
        return cls(
            language=data.get("language", ""),
            tokens=frozenset(data.get("tokens", ())),
            places={int(k): v for k, v in data.get("places", {}).items()},
            place_kinds={int(k): v for k, v in data.get("place_kinds", {}).items()},
            wide_places=frozenset(data.get("wide_places", ())),
            place_context=frozenset(data.get("place_context", ())),
            actors={int(k): v for k, v in data.get("actors", {}).items()},
            wide_actors=frozenset(data.get("wide_actors", ())),
            sides=frozenset(data.get("sides", ())),
            event=(dt.date.fromisoformat(event[0]), dt.date.fromisoformat(event[1])) if event else None,
            event_how=data.get("event_how", ""),
            figures=tuple(
                FigureMention(c, low, math.inf if high is None else high, s, t, *rest)
                for c, low, high, s, t, *rest in data.get("figures", ())
            ),
            denial=data.get("denial", ""),
            negations=frozenset(data.get("negations", ())),
            control=tuple(Control(s, a, tuple(p), g, t) for s, a, p, g, t in data.get("control", ())),
            text_hash=data.get("text_hash", ""),
            length=data.get("length", 0),
            forces=frozenset(data.get("forces", ())),
            denied_sides=frozenset(data.get("denied_sides", ())),
            spellings=tuple(data.get("spellings", ())),
            text=text,
        )


# --- dates -------------------------------------------------------------------------------------

_EN_DAY_MONTH = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + "|".join(lx.EN_MONTHS) + r")\b(?:\s+(\d{4}))?"
)
_EN_MONTH_DAY = re.compile(
    r"\b(" + "|".join(lx.EN_MONTHS) + r")\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:\s+(\d{4}))?"
)
_EN_MONTH_YEAR = re.compile(r"\b(" + "|".join(lx.EN_MONTHS) + r")\s+(?:of\s+)?(\d{4})\b")  # "January of 2013"
_ISO = re.compile(r"\b(\d{4})\s(\d{1,2})\s(\d{1,2})\b")  # 2017-11-08 after normalize_text
_AR_MONTH_NAMES = "|".join(sorted(lx.AR_MONTHS, key=len, reverse=True))
_AR_DAY_MONTH = re.compile(
    r"\b(\d{1,2})\s+(?:من\s+)?(?:شهر\s+)?(" + _AR_MONTH_NAMES + r")(?:\s+(?:عام\s+)?(\d{4}))?"
)
_AR_MONTH_YEAR = re.compile(  # "كانون الثاني من عام 2013"
    r"\b(?:شهر\s+)?(" + _AR_MONTH_NAMES + r")\s+(?:من\s+)?(?:عام\s+|سنه\s+)?(\d{4})"
)


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_window(year: int, month: int) -> tuple[dt.date, dt.date] | None:
    if not 1900 <= year <= 2100:
        return None
    start = dt.date(year, month, 1)
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return start, end


def _year_for(month: int, day: int, published: dt.date | None) -> int | None:
    """The year of "8 November" in a text published on `published`: the last one not after it."""
    if published is None:
        return None
    candidate = _make_date(published.year, month, day)
    if candidate is None:
        return None
    return published.year if candidate <= published + dt.timedelta(days=1) else published.year - 1


def extract_event_window(norm: str, published: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The first date the normalised text names, absolute or relative to `published`."""
    found: list[tuple[int, tuple[dt.date, dt.date]]] = []

    def add(pos: int, start: dt.date | None, end: dt.date | None = None) -> None:
        if start is not None and 1990 <= start.year <= 2100:
            found.append((pos, (start, end or start)))

    for m in _ISO.finditer(norm):
        add(m.start(), _make_date(int(m[1]), int(m[2]), int(m[3])))
    for m in _EN_DAY_MONTH.finditer(norm):
        month, day = lx.EN_MONTHS[m[2]], int(m[1])
        year = int(m[3]) if m[3] else _year_for(month, day, published)
        if year:
            add(m.start(), _make_date(year, month, day))
    for m in _EN_MONTH_DAY.finditer(norm):
        month, day = lx.EN_MONTHS[m[1]], int(m[2])
        if m[2] and len(m[2]) <= 2:
            year = int(m[3]) if m[3] else _year_for(month, day, published)
            if year:
                add(m.start(), _make_date(year, month, day))
    for m in _AR_DAY_MONTH.finditer(norm):
        month, day = lx.AR_MONTHS[m[2]], int(m[1])
        year = int(m[3]) if m[3] else _year_for(month, day, published)
        if year:
            add(m.start(), _make_date(year, month, day))
    if not found:
        for m in _EN_MONTH_YEAR.finditer(norm):
            if window := _month_window(int(m[2]), lx.EN_MONTHS[m[1]]):
                add(m.start(), *window)
        for m in _AR_MONTH_YEAR.finditer(norm):
            if window := _month_window(int(m[2]), lx.AR_MONTHS[m[1]]):
                add(m.start(), *window)
    if found:
        return min(found, key=lambda item: item[0])[1]
    if published is None:
        return None
    return _relative_window(norm, published)


def _relative_window(norm: str, published: dt.date) -> tuple[dt.date, dt.date] | None:
    words = norm.split()
    text = f" {norm} "
    if any(
        f" {w} " in text
        for w in ("yesterday", "last night", "last nights", "overnight", "امس", "الليله الماضيه")
    ):
        day = published - dt.timedelta(days=1)
        return day, day
    if " today " in text or " this morning " in text or " tonight " in text or " اليوم " in text:
        return published, published
    for i, word in enumerate(words):
        core = arabic_core(word) if _ARABIC.match(word) else word
        weekday = None
        if word in lx.EN_WEEKDAYS:
            weekday = lx.EN_WEEKDAYS.index(word)
        elif word in lx.AR_WEEKDAYS or ("ال" + core) in lx.AR_WEEKDAYS:
            weekday = lx.AR_WEEKDAYS.index(word if word in lx.AR_WEEKDAYS else "ال" + core)
        if weekday is not None and (i == 0 or words[i - 1] not in ("next", "المقبل")):
            back = (published.weekday() - weekday) % 7
            day = published - dt.timedelta(days=back)
            return day, day
    if " last week " in text or " الاسبوع الماضي " in text:
        return published - dt.timedelta(days=7), published
    return None


# --- figures -----------------------------------------------------------------------------------


def _not_people(word: str) -> bool:
    if not word:
        return False
    return word in lx.NOT_PEOPLE or stem(word) in lx.NOT_PEOPLE or arabic_core(word) in lx.NOT_PEOPLE


def _number_at(words: Sequence[str], i: int) -> tuple[int, float, int] | None:
    """(low, high, width in words) for a count starting at words[i], or None."""
    word = words[i]
    two = " ".join(words[i : i + 2])
    vague = (two, 2) if two in lx.VAGUE_COUNTS else (word, 1) if word in lx.VAGUE_COUNTS else None
    if vague:
        low, high = lx.VAGUE_COUNTS[vague[0]]
        width = vague[1]
        # "a few hundred fighters", "several thousand": the vague count is of hundreds.
        scale = lx.EN_SCALE_WORDS.get(words[i + width]) if i + width < len(words) else None
        if scale and high < 100:
            return low * scale, high * scale, width + 1
        return low, high, width
    following = words[i + 1] if i + 1 < len(words) else ""
    if i + 2 < len(words) and _not_people(words[i + 2]) and not _subject_of(following):
        return None  # "10 bombed vehicles", "5 square km"
    if _not_people(following) or following in lx.EN_MONTHS or following in lx.AR_MONTHS:
        return None  # "97 percent", "10 km", "24 villages", "12 September"
    if i > 0 and (words[i - 1] in lx.EN_MONTHS or words[i - 1] in lx.AR_MONTHS):
        return None  # "September 12"
    if word.isascii() and word.isdigit() and len(word) <= 6:
        value = int(word)
        if 1900 <= value <= 2100 and following not in _CATEGORY_EN:
            # A year, but not "some 2,000 ISIS fighters": people counted right after it, and no
            # word before it that asks for a year ("in 2017", "since 2014", "عام 2013").
            counted = any(_subject_of(w) for w in words[i + 1 : i + 3])
            if not counted or (i > 0 and words[i - 1] in lx.BEFORE_A_YEAR):
                return None
        return value, value, 1
    if two in lx.EN_NUMBER_WORDS:
        value = lx.EN_NUMBER_WORDS[two]
        return value, value, 2
    named = lx.EN_NUMBER_WORDS.get(word) or lx.AR_NUMBER_WORDS.get(word)
    if named:
        return named, named, 1
    return None


def _qualify(words: Sequence[str], i: int, low: int, high: float) -> tuple[int, float]:
    before = " ".join(words[max(0, i - 4) : i])
    if low != high:
        return low, high
    if before.endswith(lx.QUALIFIERS_AT_LEAST):
        return low, math.inf
    if before.endswith(lx.QUALIFIERS_MORE_THAN):
        return low + 1, math.inf
    if before.endswith(lx.QUALIFIERS_AT_MOST):
        return 0, high
    if before.endswith(lx.QUALIFIERS_ABOUT):
        return int(low * 0.8), high * 1.2
    after = " ".join(words[i + 1 : i + 4])
    if any(f" {q}" in f" {after}" for q in lx.QUALIFIERS_AT_LEAST_AFTER):
        return low, math.inf  # "18 مقاتلا على الأقل", "18 fighters at least"
    return low, high


def _category_of(word: str) -> str:
    if _ARABIC.match(word):
        return _CATEGORY_AR.get(word) or _CATEGORY_AR.get(arabic_core(word), "")
    return _CATEGORY_EN.get(stem(word), "")


def _subject_of(word: str) -> str:
    if _ARABIC.match(word):
        core = arabic_core(word)
        # "مرتزقاً": the accusative ending after a number is not part of the word.
        return _SUBJECT_AR.get(word) or _SUBJECT_AR.get(core) or _SUBJECT_AR.get(core.removesuffix("ا"), "")
    return _SUBJECT_EN.get(stem(word), "")


_UNIT_EN = {stem: name for name, (en, _) in lx.UNIT_COUNTS.items() for stem in en}
_UNIT_AR = {word: name for name, (_, ar) in lx.UNIT_COUNTS.items() for word in ar}


def _unit_at(words: Sequence[str], i: int) -> tuple[str, int, int] | None:
    """(unit, value, width) for a number of things at words[i]: "40 villages", "3468 km2",
    "2000 square kilometres", "35 air raids", "35 غارة"; None otherwise."""
    word = words[i]
    if not (word.isascii() and word.isdigit() and len(word) <= 7) and word not in lx.EN_NUMBER_WORDS:
        return None
    value = int(word) if word.isdigit() else lx.EN_NUMBER_WORDS[word]
    j = i + 1
    if j < len(words) and words[j] in lx.UNIT_LEAD:
        j += 1
    if j >= len(words):
        return None
    after = words[j]
    if _ARABIC.match(after):
        unit = _UNIT_AR.get(after) or _UNIT_AR.get(arabic_core(after))
    else:
        unit = _UNIT_EN.get(stem(after))
        if unit is None and words[j - 1] == "square" and stem(after) in lx.SQUARE_KILOMETRES:
            unit = "area"
    if unit is None or (unit != "area" and 1900 <= value <= 2100):
        return None  # "in 2017 strikes": a year
    return unit, value, j - i + 1


def _concept_of(word: str) -> str:
    if _ARABIC.match(word):
        return _CONCEPT_AR.get(word) or next(
            (_CONCEPT_AR[f] for f in sorted(arabic_forms(word)) if f in _CONCEPT_AR), ""
        )
    return _CONCEPT_EN.get(stem(word), "")


def _duration_unit(word: str) -> tuple[int, int] | None:
    if _ARABIC.match(word):
        return lx.DURATION_UNITS.get(word) or lx.DURATION_UNITS.get(arabic_core(word))
    return lx.DURATION_UNITS.get(stem(word))


def _duration_at(words: Sequence[str], i: int) -> tuple[FigureMention, int] | None:
    """How long something lasted, in days, for a number at words[i], with its width: "an
    18-month siege", "the siege imposed ... for three years", "الحصار ... منذ ثلاث سنوات".

    Only the length of what lasts (a siege, a hold on a place, a detention) counts, and only
    when the text says it is a length: the unit joined to the thing ("18-month siege", "ten
    years in prison") or a word that asks how long ("for", "منذ", "لمدة"). "Three years ago"
    and "a week later" are points in time.
    """
    word = words[i]
    if word.isascii() and word.isdigit() and len(word) <= 4:
        value, width = int(word), 1
    elif (value := lx.EN_NUMBER_WORDS.get(word) or lx.AR_NUMBER_WORDS.get(word) or 0) and value > 1:
        width = 1
    else:
        return None
    j = i + width
    unit = _duration_unit(words[j]) if j < len(words) else None
    if unit is None:
        return None
    # "for three years ago" (sic) still asks how long; "three years ago" alone is a date.
    asked = any(w in lx.DURATION_BEFORE for w in words[max(0, i - 3) : i])
    if not asked and j + 1 < len(words) and words[j + 1] in lx.NOT_DURATION_AFTER:
        return None
    joined = [_concept_of(w) for w in words[j + 1 : j + 4]]
    before = [_concept_of(w) for w in words[max(0, i - 12) : i]] if asked else []
    subject = next((c for c in joined if c in lx.LASTING_CONCEPTS), "") or next(
        (c for c in reversed(before) if c in lx.LASTING_CONCEPTS), ""
    )
    if not subject:
        return None
    days, slack = unit
    low, high = _qualify(words, i, value, value)
    span = " ".join(words[max(0, i - 2) : j + 3])
    return FigureMention("lasted", max(0, low * days - slack), high * days + slack, subject, span), j - i + 1


def extract_figures(norm: str) -> tuple[FigureMention, ...]:
    """Counts with what they count: "at least 57 killed", "dozens of civilians", "لم يسقط قتلى".

    What is counted is the nearest category word (killed, wounded, ...) within eight words of
    the number, in either direction ("killing at least 57", "the death toll rose to 57", "23
    members of the militias were killed"); whom, the nearest subject word (civilians, fighters,
    soldiers) just after it.
    """
    words = norm.split()
    categories = [_category_of(w) for w in words]
    for j, word in enumerate(words):
        if word == "lives" and j >= 2 and words[j - 2] in ("lost", "claimed", "cost"):
            categories[j] = "killed"  # "dozens of civilians lost their lives"
    subjects = [_subject_of(w) for w in words]
    figures: list[FigureMention] = []
    seen: set[tuple[str, str]] = set()
    last_figure_at = -100
    i = 0
    while i < len(words):
        if duration := _duration_at(words, i):
            mention, width = duration
            if (mention.category, mention.subject) not in seen:
                seen.add((mention.category, mention.subject))
                figures.append(mention)
            i += width
            continue
        if unit := _unit_at(words, i):
            name, value, width = unit
            low, high = _qualify(words, i, value, value)
            if (name, "") not in seen:
                seen.add((name, ""))
                span = " ".join(words[max(0, i - 2) : i + width + 1])
                figures.append(FigureMention(name, low, high, "", span))
            i += width
            continue
        number = _number_at(words, i)
        zero = False
        if number is None:
            word = words[i]
            if word in ("no", "zero", "none") or (
                _ARABIC.match(word) and (word in lx.AR_ZERO or (word[0] == "و" and word[1:] in lx.AR_ZERO))
            ):
                zero = True
                number = (0, 0, 1)
            else:
                i += 1
                continue
        low, high, width = number
        if not zero:
            low, high = _qualify(words, i, low, high)
        reach = 3 if zero else 8
        if zero and "اي" in words[i + 1 : i + 5]:
            # "لم يسفر عن سقوط أي شهيد": no ... any martyr; the count is the word after "any".
            reach = words.index("اي", i + 1) - i + 2
        if (
            not zero
            and any(w in lx.TOLL_WORDS for w in words[max(0, i - 25) : i])
            and (i > 0 and words[i - 1] in ("to", "at", "الى", "reached", "بلغ", "بلغت"))
        ):
            categories_here = "killed"
        else:
            categories_here = ""
        nearby = [
            (abs(j - i), categories[j])
            for j in range(max(0, i - reach), min(len(words), i + width + reach))
            if categories[j] and not (j < i and zero)
        ]
        if categories_here:
            nearby = [(0, categories_here)]
        if not nearby and figures and i - last_figure_at <= 6:
            # "risen to 57: 14 soldiers and 43 members": the breakdown counts the same thing.
            nearby = [(0, figures[-1].category)]
        if not nearby and not zero and any(subjects[i + width : i + width + 3]):
            # "about 120 ISIS militants", "بضع مئات فقط من المقاتلين" (a few hundred, only, of
            # the fighters): a head count, whatever happened to them.
            nearby = [(0, "count")]
        if not nearby:
            i += width
            continue
        category = min(nearby)[1]
        subject = includes = ""
        for j in range(i + width, min(len(words), i + width + 4)):
            if _number_at(words, j) is not None:
                break  # "rose to 57: 14 soldiers and 43 members": 57 is the total
            if subjects[j]:
                subject = subjects[j]
                # "57 soldiers and allied fighters": a total of two groups, not a count of one
                # (but "14 soldiers and 43 members" counts each group on its own).
                joined = False
                for k in range(j + 1, min(len(words), j + 7)):
                    if _number_at(words, k) is not None:
                        break
                    joined = joined or words[k] == "and"
                    if joined and subjects[k] and subjects[k] != subject:
                        subject, includes = "", f"{subject} {subjects[k]}"
                        break
                break
        last_figure_at = i
        key = (category, subject)
        if key not in seen:
            seen.add(key)
            span = " ".join(words[max(0, i - 2) : i + width + 3])
            figures.append(FigureMention(category, low, high, subject, span, includes))
        i += width
    return tuple(figures)


# --- denial and control ------------------------------------------------------------------------


def extract_denial(norm: str) -> str:
    """The words that deny the event or call the report false, or ""."""
    return _find_denial(norm)[0]


def _find_denial(norm: str) -> tuple[str, int]:
    """The denial's words and the index of its first word in the normalised text ("", -1)."""
    if match := _EN_DENIAL.search(norm):
        return match.group(), norm[: match.start()].count(" ")
    words = norm.split()
    negated: set[int] = set()
    for i, word in enumerate(words):
        if i in negated:
            continue
        if word in lx.AR_NEGATIONS and i + 1 < len(words):
            nxt = words[i + 1]
            if nxt not in ("صحه", "اساس") and arabic_forms(nxt) & lx.AR_DENIAL:
                negated.add(i + 1)  # "لا ينفي": does not deny
                continue
            if nxt in ("صحه", "اساس") or (
                nxt.startswith(("ي", "ت", "ن")) and any(root in nxt for root in lx.AR_EVENT_ROOTS)
            ):
                # "لم تنفذ", "لم يشن", "لا صحة": a negated verb or a denial of truth.
                return " ".join(words[i : i + 3]), i
            continue
        core = arabic_core(word)
        if word in lx.AR_DENIAL or core in lx.AR_DENIAL:
            if "صحه" in (word, core):
                continue  # "صحة" alone is "health" or "truth"; "لا صحة" is caught above
            return " ".join(words[i : i + 3]), i
    return "", -1


def denied_targets(
    start: int, tokens: Sequence[Token], mentions: Sequence[Mention], text: str
) -> frozenset[str]:
    """The sides whose positions a denial says were not hit: "did not carry out any strikes on
    positions of the SDF", "denied that army units attacked SDF positions", "نفت ... أي غارات على
    مواقع قوات سوريا الديمقراطية". Read in the denial's own clause (up to the next comma or
    full stop), so "..., saying Russian jets hit only ISIS" names no target of the denial.
    `start` is the index of the denial's first word (_find_denial), -1 for none."""
    if start < 0:
        return frozenset()
    end = len(tokens)
    for j in range(start + 1, len(tokens)):
        previous = tokens[j - 1]
        if _CLAUSE_END.search(text[previous.start + len(previous.raw) : tokens[j].start]):
            end = j
            break
    sides: set[str] = set()
    for m in mentions:
        if m.entity.kind != "actor" or not m.entity.side or not start < m.start < end:
            continue
        after = tokens[m.end].norm if m.end < len(tokens) else ""
        before = [t.norm for t in tokens[max(0, m.start - 3) : m.start]]
        # "SDF positions", "positions of the SDF", "مواقع قسد" (the positions, then whose).
        if after in lx.POSITION_WORDS or (
            before
            and (
                before[-1] in lx.POSITION_WORDS
                or (before[-1] in ("of", "the") and lx.POSITION_WORDS & set(before))
            )
        ):
            sides.add(m.entity.side)
    return frozenset(sides)


def is_foiled(denial: str) -> bool:
    """Whether a claim's denial cue says an attack failed ("foiled", "أحبطت") rather than that
    the event did not happen."""
    first = denial.split()[0] if denial else ""
    if _ARABIC.match(first):
        return bool(arabic_forms(first) & lx.AR_FOILED)
    return _EN_FOILED.search(denial) is not None


def extract_control(
    tokens: Sequence[Token],
    mentions: Sequence[Mention],
    text: str,
    *,
    places: Iterable[Entity] = (),
    actors: Iterable[Entity] = (),
) -> tuple[Control, ...]:
    """Sentences that say an actor took (or lost) a place, with the side of that actor.

    `places` and `actors` are the claim's own (recorded, or found anywhere in its text). When a
    claim concerns one specific place and one side, "retook the city" and "managed to retake
    the town" are about that place, and that side did it, even if the sentence names neither.
    """
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]

    def sentence_of(position: int) -> int:
        return sum(1 for end in ends if end <= position)

    places_by_sentence: dict[int, list[Mention]] = {}
    sided: list[tuple[int, int, Mention]] = []  # (sentence, token index, mention)
    for mention in mentions:
        sentence = sentence_of(tokens[mention.start].start)
        if mention.entity.kind == "place" and mention.entity.category not in WIDE_PLACE_KINDS:
            places_by_sentence.setdefault(sentence, []).append(mention)
        elif mention.entity.side:
            sided.append((sentence, mention.start, mention))
    own_places = {e.id: e for e in places if e.category not in WIDE_PLACE_KINDS}
    own_places.update({m.entity.id: m.entity for ms in places_by_sentence.values() for m in ms})
    own_sides = {e.side: e for e in actors if e.side}
    own_sides.update({m.entity.side: m.entity for _, _, m in sided})
    # The one place and the one side the claim is about, for sentences that name neither.
    only_place = next(iter(own_places.values())) if len(own_places) == 1 else None
    only_side = next(iter(own_sides.values())) if len(own_sides) == 1 else None
    if not (places_by_sentence or only_place) or not (sided or only_side):
        return ()
    found: list[Control] = []
    mentioned = {i for m in mentions for i in range(m.start, m.end)}
    for index, token in enumerate(tokens):
        if index in mentioned:
            continue
        word = token.norm
        arabic = bool(_ARABIC.match(word))
        window = " ".join(t.norm for t in tokens[index : index + 3])
        gain = loss = False
        if arabic:
            forms = arabic_forms(word)
            gain = bool(forms & lx.AR_CONTROL_GAIN)
            loss = bool(forms & lx.AR_CONTROL_LOSS)
        else:
            gain = bool(_EN_GAIN.match(window))
            loss = bool(_EN_LOSS.match(window))
        if arabic and not gain and index + 1 < len(tokens):
            # "تعيد الأمن والاستقرار إلى", "أعادت السيطرة على": restoring security is taking it.
            gain = bool(arabic_forms(word) & lx.AR_RESTORE) and bool(
                arabic_forms(tokens[index + 1].norm) & lx.AR_RESTORED
            )
        if not (gain or loss):
            continue
        if index > 0 and tokens[index - 1].norm.isdigit():
            continue  # "70 captured": people, not a place
        sentence = sentence_of(token.start)
        place_ids = tuple(sorted({m.entity.id for m in places_by_sentence.get(sentence, ())}))
        if not place_ids:
            after_verb = {t.norm for t in tokens[index + 1 : index + 4]}
            if only_place is None or not after_verb & lx.PLACE_ANAPHORS:
                continue
            place_ids = (only_place.id,)
        same = [
            (i, m)
            for s, i, m in sided
            if s == sentence and (i == 0 or tokens[i - 1].norm not in lx.NOT_DOER_BEFORE)
        ]
        # The doer: the nearest actor before the verb; for "fell to X" / "handed over to X" /
        # "was captured by X", the actor right after; in Arabic (verb first), the actor after.
        after = [(i, m) for i, m in same if i > index]
        before = [(i, m) for i, m in same if i < index]
        # "was expelled from Markada by the SDF", "fell to the army", "handed over to X".
        passive = (
            not arabic
            and (
                (
                    index > 0
                    and index - 1 not in mentioned  # "IS withdrew": the group, not the verb
                    and tokens[index - 1].norm in ("was", "were", "been", "being", "is", "are")
                )
                or any(t.norm in ("by", "to") for t in tokens[index + 1 : index + 3])
            )
        )
        doer: Entity | Mention | None
        if not same and gain and only_side is not None:
            doer = only_side  # "the mercenaries ... managed to retake the city"
        elif arabic:
            # "الجيش ... تبسط سيطرتها" (subject first) or "سيطرت قوات سوريا الديمقراطية" (verb first).
            close_before = [m for i, m in before if index - m.end <= 1]
            close_after = [m for i, m in after if i - index <= 3]
            if close_before:
                doer = close_before[-1]
            elif close_after:
                doer = close_after[0]
            else:
                doer = before[-1][1] if before else None
        elif passive:
            by = [(i, m) for i, m in after if tokens[i - 1].norm in ("by", "to", "the")]
            doer = by[0][1] if by else None
        else:
            doer = before[-1][1] if before else None
        # "Four neighbourhoods have been regained": a place changed hands, by whom is not said.
        # Kept without a side: no rival or reversal claim rests on it, but it tells that the
        # place was taken ("the attack on them was repelled" cannot also be true).
        who = (doer if isinstance(doer, Entity) else doer.entity) if doer is not None else None
        found.append(
            Control(
                side=who.side if who else "",
                actor=who.name if who else "",
                places=place_ids,
                gain=gain,
                text=" ".join(t.raw for t in tokens[max(0, index - 3) : index + 5]),
            )
        )
    # "ISIS recaptured the positions it had lost": one side losing and regaining a place in one
    # claim is a sequence, and the claim's news is the regain.
    gained = {(c.side, c.places) for c in found if c.gain}
    return tuple(dict.fromkeys(c for c in found if c.gain or (c.side, c.places) not in gained))


# --- the whole claim ---------------------------------------------------------------------------


_CAMEL = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
PREFIX_TOKENS = False
BIGRAM_TOKENS = False


def content_tokens(tokens: Iterable[Token], skip: set[int]) -> set[str]:
    """Stems of the words that carry meaning, plus event concepts, word prefixes and word pairs.

    A prefix token ("~crimi") lets "crime" meet "criminal" where the stemmer keeps them apart;
    a pair token joins two neighbouring stems ("b:death_toll").
    """
    words: set[str] = set()
    previous = ""
    for index, token in enumerate(tokens):
        if index in skip:
            # A name says what happened too: "Russian warplanes", "الطيران الروسي" (a strike).
            word = token.norm
            concept = _CONCEPT_AR.get(word) if _ARABIC.match(word) else _CONCEPT_EN.get(stem(word))
            if concept in lx.EVENT_CONCEPTS:
                words.add(f"c:{concept}")
            previous = ""
            continue
        word = token.norm
        if any(ch.isdigit() for ch in word):
            previous = ""
            continue  # numbers count through their figures; "0ejtwjys1j" is a link's code
        arabic = bool(_ARABIC.match(word))
        if word in (lx.AR_STOPWORDS if arabic else lx.EN_STOPWORDS) or len(word) < 2:
            continue
        parts = [word]
        if not arabic and any(ch.isupper() for ch in token.raw[1:]) and not token.raw.isupper():
            # A hashtag or a handle: "#AustralianFires" is "australian fires".
            parts += [p.lower() for p in _CAMEL.findall(token.raw) if len(p) > 2]
        for part in parts:
            stemmed = stem(part)
            if arabic:
                concept = _CONCEPT_AR.get(part) or next(
                    (_CONCEPT_AR[f] for f in sorted(arabic_forms(part)) if f in _CONCEPT_AR), None
                )
            else:
                concept = _CONCEPT_EN.get(stemmed)
            if concept:
                words.add(f"c:{concept}")
            words.add(stemmed)
            if PREFIX_TOKENS and len(stemmed) >= 6:
                words.add(f"~{stemmed[:5]}")
        current = stem(word)
        if BIGRAM_TOKENS and previous:
            words.add(f"b:{previous}_{current}")
        previous = current
    return words


def extract_features(
    text: str,
    *,
    gazetteer: Gazetteer,
    published: dt.date | None = None,
    event: tuple[dt.date, dt.date] | None = None,
    places: Iterable[Entity] = (),
    actors: Iterable[Entity] = (),
    language: str = "",
) -> Features:
    text = prepare(text)
    tokens = tokenize(text)
    norm = " ".join(t.norm for t in tokens)
    mentions = gazetteer.find_in_tokens(tokens)
    in_mention = {i for m in mentions for i in range(m.start, m.end)}
    words = content_tokens(tokens, in_mention)

    place_entities = {m.entity.id: m.entity for m in mentions if m.entity.kind == "place"}
    actor_entities = {m.entity.id: m.entity for m in mentions if m.entity.kind == "actor"}
    place_entities.update({e.id: e for e in places})
    actor_entities.update({e.id: e for e in actors})
    context: set[int] = set()
    for entity in place_entities.values():
        context.update(gazetteer.lineage(entity.id))
    figures = extract_figures(norm)
    words.update(f"#{f.low}" for f in figures if f.low == f.high and f.low > 1 and f.category != "lasted")
    words.update(f"p{pid}" for pid in place_entities)
    words.update(f"a{aid}" for aid in actor_entities)

    how = "recorded" if event else ""
    if event is None:
        event = extract_event_window(norm, published)
        how = "text" if event else ""
    if event is None and published is not None:
        # Reports follow events by a few days: the window that ends on the published date.
        event, how = (published - dt.timedelta(days=3), published), "published"

    spellings = tuple(
        sorted({f"{m.surface} → {m.entity.name}" for m in mentions if m.how in ("spelling", "fuzzy")})
    )
    denial, denial_at = _find_denial(norm)
    return Features(
        language=language or ("ar" if len(_ARABIC.findall(text)) * 2 > len(text.strip()) else "en"),
        tokens=frozenset(words),
        places={pid: e.name for pid, e in place_entities.items()},
        place_kinds={pid: e.category for pid, e in place_entities.items()},
        wide_places=frozenset(pid for pid, e in place_entities.items() if e.category in WIDE_PLACE_KINDS),
        place_context=frozenset(context),
        actors={aid: e.name for aid, e in actor_entities.items()},
        wide_actors=frozenset(aid for aid, e in actor_entities.items() if e.category in WIDE_ACTOR_KINDS),
        sides=frozenset(e.side for e in actor_entities.values() if e.side),
        forces=frozenset(
            f"{e.side}/{e.category}" for e in actor_entities.values() if e.side and e.category in FORCE_KINDS
        ),
        event=event,
        event_how=how,
        figures=figures,
        denial=denial,
        denied_sides=denied_targets(denial_at, tokens, mentions, text),
        negations=negations(norm),
        control=extract_control(
            tokens, mentions, text, places=place_entities.values(), actors=actor_entities.values()
        ),
        text_hash=hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16],
        length=len(tokens),
        spellings=spellings,
        text=norm,
    )
