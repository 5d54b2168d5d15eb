"""Finding gazetteer places and actors in a claim's text, across spellings and scripts.

`Gazetteer` is built from plain `Entity` values (the services read them from the database) and
finds mentions in three steps, longest name first:

1. the alias as written, after `normalize_text` ("Deir Ezzor", "دير الزور", "بدير الزور");
2. the transliteration key of `normalize_name` ("Dayr az-Zawr", "Albukamal", "Deir-ez-Zor");
3. a fuzzy match of that key against every alias key (rapidfuzz), for variants nobody entered
   ("Dier Ezzor", "al-Boukamal"), only for capitalised Latin names, where a typo is likely and
   an ordinary word is not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from claims.matching.lexicon import words
from claims.matching.normalize import normalize_name, normalize_text

# Words that open a name but are also ordinary English: a match must not start or consist of them.
_LATIN_STOP = words(
    """
    a an the of in on at to by for from with and or is are was were be been as it its this that near
    after before under over into onto via per than who which said says
    """
)
_NAME_PARTICLES = words(
    """
    al el ad ar as az ash at an ez es ed er abu albu bin ibn bani
    """
)
# One-letter Arabic proclitics (and, with, for, so, like) glued to the next word: "بدير الزور".
_ARABIC_PROCLITICS = "وبلفك"
_ARABIC = re.compile("[\u0600-\u06ff]")
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*", re.UNICODE)
_JOINER = re.compile(r"[ \t\u00a0]*-?[ \t\u00a0]*")
FUZZY_CUTOFF = 88.0


@dataclass(frozen=True)
class Entity:
    """A place or an actor as the engine sees it: no ORM, just what matching needs."""

    id: int
    kind: str  # "place" or "actor"
    name: str
    category: str = ""  # the place's kind (oil_field, town, ...) or the actor's kind
    parent_id: int | None = None  # places: the place it lies in
    side: str = ""  # actors: the side of the war it fights on (regime, sdf, is, ...)
    aliases: tuple[str, ...] = ()

    @property
    def ref(self) -> str:
        return f"{self.kind[0]}{self.id}"


def matching_text(text: str) -> str:
    """The text as the engine compares it: prepared, every word normalised, one space between."""
    return " ".join(token.norm for token in tokenize(prepare(text)))


@dataclass(frozen=True)
class Mention:
    entity: Entity
    surface: str  # the words as written in the text
    start: int  # index of the first token
    end: int  # index after the last token
    how: str  # "alias", "spelling" or "fuzzy"


@dataclass(frozen=True)
class Token:
    raw: str  # as written
    norm: str  # normalize_text of it
    start: int  # character offset
    joined: bool = True  # only spaces or a hyphen between it and the word before


_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_GLUED_DIGITS = re.compile("([\u0600-\u065f\u066a-\u06ff])([0-9\u0660-\u0669])")  # letter, then digit
_THOUSANDS = re.compile(r"(\d)[,\u066c](\d{3})\b")
_DASHES = re.compile("[\u2010-\u2015\u2212\u00ad]")
_LINKS = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*", re.I)
# A handle names the account, often the person a claim is about: "@realDonaldTrump" is read as
# its words ("real Donald Trump", split like a hashtag), not dropped with the links.
_HANDLES = re.compile(r"@(\w+)")


def prepare(text: str) -> str:
    """The text the engine reads: NFKC, no links, handles as words, no Arabic vowel marks or
    tatweel, one kind of hyphen. Token offsets refer to this text."""
    text = unicodedata.normalize("NFKC", text)
    text = _LINKS.sub(" ", text)
    text = _HANDLES.sub(r" \1", text)
    text = _MARKS.sub("", text)
    text = _GLUED_DIGITS.sub(r"\1 \2", text)  # "و43": and 43
    text = _THOUSANDS.sub(r"\1\2", text)  # "50,000": one number
    return _DASHES.sub("-", text)


def tokenize(text: str) -> list[Token]:
    """Words of a prepared text with their normalised form; hyphens and punctuation split words."""
    return list(_tokenized(text))


@lru_cache(maxsize=512)
def _tokenized(text: str) -> tuple[Token, ...]:
    """tokenize, remembered for the last texts: a check tokenizes each claim's text twice, for
    its derived fields (matching_text) and for its features, a batch of 200 claims one after
    the other."""
    tokens: list[Token] = []
    previous_end = 0
    for match in _WORD.finditer(text):
        raw = match.group()
        norm = _word_norm(raw)
        if norm:
            joined = bool(tokens) and _JOINER.fullmatch(text[previous_end : match.start()]) is not None
            tokens.append(Token(raw=raw, norm=norm, start=match.start(), joined=joined))
            previous_end = match.end()
    return tuple(tokens)


@lru_cache(maxsize=50_000)
def _word_norm(raw: str) -> str:
    """A word's normalised form (normalize_text, spaces dropped): remembered, since the same
    words recur from text to text ("the", "killed", "Deir")."""
    return normalize_text(raw).replace(" ", "")


def _looks_like_name(span: Sequence[Token]) -> bool:
    """Capitalised words, with lower-case articles between them: "Deir ez-Zor", "Albu Kamal"."""
    if not span[0].raw[:1].isupper() or not span[-1].raw[:1].isupper():
        return False
    if span[-1].norm in _LATIN_STOP or (len(span) > 1 and span[0].norm in _LATIN_STOP):
        return False
    return all(t.raw[:1].isupper() or t.norm in _NAME_PARTICLES for t in span)


def _arabic_variants(word: str) -> list[str]:
    """The word and, for glued proclitics, the word without them ("وبالبوكمال" -> "البوكمال")."""
    variants = [word]
    if len(word) > 3 and word[0] in _ARABIC_PROCLITICS:
        variants.append(word[1:])
        if word.startswith("لل"):
            variants.append("ال" + word[2:])  # "للبوكمال": li + al- with the alef dropped
        if len(word) > 4 and word[1] in _ARABIC_PROCLITICS and word[2:].startswith("ال"):
            variants.append(word[2:])
    return variants


@dataclass
class Gazetteer:
    entities: Sequence[Entity]
    max_words: int = 0
    _by_alias: dict[str, list[Entity]] = field(default_factory=dict)
    _by_key: dict[str, list[Entity]] = field(default_factory=dict)
    _acronyms: dict[str, str] = field(default_factory=dict)
    _lowercase: set[str] = field(default_factory=set)
    _keys: list[str] = field(default_factory=list)
    _first_words: set[str] = field(default_factory=set)
    _parents: dict[int, int] = field(default_factory=dict)
    by_id: dict[tuple[str, int], Entity] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for entity in self.entities:
            self.by_id[(entity.kind, entity.id)] = entity
            if entity.kind == "place" and entity.parent_id is not None:
                self._parents[entity.id] = entity.parent_id
            for alias in {entity.name, *entity.aliases}:
                norm = normalize_text(alias)
                if not norm:
                    continue
                words = norm.split()
                self.max_words = max(self.max_words, len(words))
                joined = " ".join(words)
                self._add(self._by_alias, joined, entity)
                self._first_words.add(words[0])
                if not _ARABIC.search(alias) and not any(ch.isupper() for ch in alias):
                    self._lowercase.add(joined)  # "regime forces", "the industrial city"
                stripped = alias.strip()
                if stripped.isupper() and len(stripped) <= 5 and not _ARABIC.search(alias):
                    # Acronyms ("IS", "SDF") match only in capitals: "is" is a verb.
                    self._acronyms[joined] = stripped
                    continue
                if not _ARABIC.search(alias) and len(norm.replace(" ", "")) >= 5:
                    self._add(self._by_key, normalize_name(alias), entity)
        self._keys = [key for key in self._by_key if len(key) >= 4]

    def lineage(self, place_id: int) -> list[int]:
        """The place and every place it lies in, nearest first."""
        chain = [place_id]
        while (parent := self._parents.get(chain[-1])) is not None and parent not in chain:
            chain.append(parent)
        return chain

    @staticmethod
    def _add(index: dict[str, list[Entity]], key: str, entity: Entity) -> None:
        bucket = index.setdefault(key, [])
        if entity not in bucket:
            bucket.append(entity)

    def find(self, text: str) -> list[Mention]:
        """Mentions of gazetteer entries in the text, longest first, never overlapping."""
        return self.find_in_tokens(tokenize(prepare(text)))

    def find_in_tokens(self, tokens: Sequence[Token]) -> list[Mention]:
        mentions: list[Mention] = []
        i = 0
        while i < len(tokens):
            found = self._match_at(tokens, i)
            if found is None:
                i += 1
                continue
            mentions.extend(found)
            i = found[0].end
        return mentions

    def _match_at(self, tokens: Sequence[Token], i: int) -> list[Mention] | None:
        first = tokens[i]
        if first.norm in _LATIN_STOP and first.norm not in self._acronyms:
            return None
        arabic = bool(_ARABIC.match(first.norm))
        firsts = _arabic_variants(first.norm) if arabic else [first.norm]
        if (arabic or not first.raw[:1].isupper()) and self._first_words.isdisjoint(firsts):
            # No alias begins with the word, and no name can (only a capitalised Latin word
            # begins a spelling or a misspelling of one): most words of a text, at once.
            return None
        for n in range(min(self.max_words, len(tokens) - i), 0, -1):
            span = tokens[i : i + n]
            if not all(t.joined for t in span[1:]):
                continue
            rest = [t.norm for t in span[1:]]
            surface = " ".join(t.raw for t in span)
            for head in firsts:
                phrase = " ".join([head, *rest])
                entities = self._by_alias.get(phrase)
                if entities and self._case_ok(phrase, surface, arabic):
                    return [Mention(e, surface, i, i + n, "alias") for e in entities]
            if arabic or not _looks_like_name(span):
                continue
            key = normalize_name(surface)
            entities = self._by_key.get(key)
            if entities:
                return [Mention(e, surface, i, i + n, "spelling") for e in entities]
            if n <= 3 and len(key) >= 5 and len(surface) >= 6:
                best = process.extractOne(key, self._keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
                # Misspellings keep the first letter ("Dier", "Albukamel"); "Britain" is not "Basira".
                if best is not None and best[0][0] == key[0]:
                    return [Mention(e, surface, i, i + n, "fuzzy") for e in self._by_key[best[0]]]
        return None

    def _case_ok(self, phrase: str, surface: str, arabic: bool) -> bool:
        if arabic:
            return True
        acronym = self._acronyms.get(phrase)
        if acronym is not None:
            return surface.replace(" ", "") == acronym.replace(" ", "")
        # A Latin name is written with a capital somewhere ("al-Omar", "Deir ez-Zor"), unless
        # the gazetteer itself spells it in lower case ("regime forces").
        return phrase in self._lowercase or any(ch.isupper() for ch in surface)


def entity_names(entities: Iterable[Entity]) -> str:
    return ", ".join(sorted({e.name for e in entities}))
