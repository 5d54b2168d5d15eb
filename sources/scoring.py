"""Source reliability and independent corroboration: pure functions over plain data.

No ORM in here. Services and selectors read rows, turn them into the dataclasses below and call:

* `voice_of` / `count_voices`: independence. A voice is a network (two outlets of one network are
  one voice); a source without a network is a voice of its own; a relay speaks with its origin's
  voice, never its own. The claim's own voice is left out.
* `RelayIndex.detect`: does a claim's text say it repeats another source ("according to SANA",
  "al-Masdar said", "نقلاً عن سانا")? Names and aliases are matched after `normalize_text`, next
  to a cue, so a plain mention of a source is no relay.
* `track_record`: a Beta posterior of how often a source's reviewed claims hold up.
* `suggest_credibility`: an Admiralty credibility 1-6 for a claim, with a sentence that says why.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from claims.matching.normalize import normalize_text

# --- independence ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceInfo:
    """What scoring needs of a source."""

    id: int
    name: str
    stance: str = "unknown"
    network_id: int | None = None
    network_name: str = ""
    grade: str = "F"


@dataclass(frozen=True)
class Report:
    """A claim as the others see it: who published it, and whom it relays, if anyone."""

    claim_id: int
    source: SourceInfo
    relayed_from: SourceInfo | None = None

    @property
    def speaker(self) -> SourceInfo:
        """Whose voice this is: the origin for a relay, else the publisher."""
        return self.relayed_from or self.source


def voice_of(source: SourceInfo) -> str:
    """The independence key of a source: its network, or the source itself if it has none."""
    return f"network:{source.network_id}" if source.network_id is not None else f"source:{source.id}"


def voice_label(source: SourceInfo) -> str:
    return source.network_name or source.name


@dataclass
class Voice:
    """One independent voice and the reports that make it up."""

    key: str
    label: str
    reports: list[Report] = field(default_factory=list)

    @property
    def sources(self) -> list[SourceInfo]:
        """Distinct publishers, in order of appearance."""
        seen: dict[int, SourceInfo] = {}
        for report in self.reports:
            seen.setdefault(report.source.id, report.source)
        return list(seen.values())

    @property
    def speakers(self) -> list[SourceInfo]:
        """Distinct sources speaking (origins of relays, publishers otherwise)."""
        seen: dict[int, SourceInfo] = {}
        for report in self.reports:
            seen.setdefault(report.speaker.id, report.speaker)
        return list(seen.values())

    @property
    def best_grade(self) -> str:
        """The best Admiralty grade among the voice's speakers (A best, F unknown)."""
        return min((s.grade for s in self.speakers), key=grade_rank, default="F")

    @property
    def stances(self) -> list[str]:
        return list(dict.fromkeys(s.stance for s in self.speakers))


@dataclass
class VoiceCount:
    """Reports grouped into independent voices, and those left out with the reason."""

    voices: list[Voice]
    excluded: list[tuple[Report, str]]

    @property
    def count(self) -> int:
        return len(self.voices)

    @property
    def source_count(self) -> int:
        return len({r.source.id for v in self.voices for r in v.reports})


def count_voices(subject: Report, reports: Iterable[Report]) -> VoiceCount:
    """Group the reports into independent voices, leaving out the subject's own voice.

    A report speaks with its origin's voice when it is a relay; two reports of one network are
    one voice; the subject claim's own voice (its network, or its origin's if it is a relay)
    never corroborates or contradicts it.
    """
    own = voice_of(subject.speaker)
    voices: dict[str, Voice] = {}
    excluded: list[tuple[Report, str]] = []
    for report in reports:
        if report.claim_id == subject.claim_id:
            continue
        key = voice_of(report.speaker)
        if key == own:
            if report.source.id == subject.source.id:
                reason = "same source as this claim"
            elif report.relayed_from is not None:
                reason = f"relays {report.relayed_from.name}, whose voice is this claim's own"
            else:
                reason = f"same network as this claim ({voice_label(subject.speaker)})"
            excluded.append((report, reason))
            continue
        voice = voices.setdefault(key, Voice(key=key, label=voice_label(report.speaker)))
        voice.reports.append(report)
    return VoiceCount(voices=list(voices.values()), excluded=excluded)


# --- relays ------------------------------------------------------------------------------------

# Cues before a name: "according to (the state agency) SANA", "نقلا عن سانا", "ذكرت وكالة سانا".
_CUES_BEFORE = (
    "according to",
    "citing",
    "quoting",
    "cited by",
    "quoted by",
    "reported by",
    "via",
    "نقلا عن",
    "وفقا ل",
    "وفقا",
    "بحسب",
    "حسب",
    "ذكرت",
    "ذكر",
    "افادت",
    "اوردت",
    "نقلت",
    "قال",
    "قالت",
)
_CUE_WORDS_BEFORE = tuple(tuple(cue.split()) for cue in _CUES_BEFORE)
_CUE_FIRST = frozenset(cue[0] for cue in _CUE_WORDS_BEFORE)
# Cues after a name: "al-Masdar said", "SANA reported", "SOHR said on Saturday", "A SANA reporter said".
_CUES_AFTER = ("said", "says", "reported", "reports", "stated", "claimed", "told", "wrote", "quoted")
# Words that may stand between a cue and the name: articles, the kind of outlet, its attributes.
_FILLER_WORDS = """the a an its state official pro assad government regime run owned based britain uk
london syrian russian kurdish news agency agencys site website outlet channel tv television daily
newspaper monitor monitoring group observatory media network account statement reporter reporters
correspondent correspondents source sources of
وكالة موقع قناة صحيفة المرصد مرصد مراسل مراسلو شبكة الرسمية السورية الروسية الموالي الموالية
الأنباء للأنباء أنباء الإخبارية"""
_FILLERS = frozenset(normalize_text(_FILLER_WORDS).split())
_MAX_FILLERS = 5
# Arabic one-letter prefixes glued to the next word: لـ, بـ, و, ف.
_ARABIC_PREFIXES = ("ل", "ب", "و", "ف")


@dataclass(frozen=True)
class RelayMatch:
    source_id: int
    phrase: str  # the normalised words that say so, e.g. "according to sana"
    cue: str = ""  # the same words as the text writes them, e.g. "according to SANA"


_TOKEN = re.compile(r"\S+")
_SUBWORD = re.compile(r"[^\W_]+|_+", re.UNICODE)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) without punctuation or symbols at either end: "(via" gives "via"."""
    while start < end - 1 and unicodedata.category(text[start])[0] in "PS":
        start += 1
    while end > start + 1 and unicodedata.category(text[end - 1])[0] in "PS":
        end -= 1
    return start, end


def _word_spans(text: str) -> list[tuple[int, int]] | None:
    """Where each word of `normalize_text(text).split()` is in `text`, as (start, end) offsets.

    Tokens between spaces are normalised one by one; a token that normalises to several words
    ("al-Masdar", "SANA,the") is cut where it has non-word characters. None when the words cannot
    be traced back (a normalisation that does not keep to the tokens).
    """
    spans: list[tuple[int, int]] = []
    for token in _TOKEN.finditer(text):
        count = len(normalize_text(token.group()).split())
        whole = [_trim(text, token.start(), token.end())] * count
        if count <= 1:
            spans.extend(whole)
            continue
        parts = [
            (token.start() + part.start(), token.start() + part.end())
            for part in _SUBWORD.finditer(token.group())
        ]
        if len(parts) == count and all(len(normalize_text(text[a:b]).split()) == 1 for a, b in parts):
            spans.extend(parts)
        else:
            spans.extend(whole)
    return spans if len(spans) == len(normalize_text(text).split()) else None


def quote_words(text: str, start: int, end: int) -> str:
    """The text as written behind its normalised words [start, end), without punctuation at either
    end ("(via SOHR)" gives "via SOHR"); "" when they cannot be traced back."""
    spans = _word_spans(text)
    if spans is None or not 0 <= start < end <= len(spans):
        return ""
    return text[spans[start][0] : spans[end - 1][1]]


@dataclass
class RelayIndex:
    """Source names and aliases as word sequences, for spotting relays in a text.

    Build it once per request or import (`RelayIndex.build`), then call `detect` per claim.
    """

    names: dict[tuple[str, ...], int] = field(default_factory=dict)
    longest: int = 1
    # First words of the names: most words of a text start none, and are passed over at once.
    first_words: set[str] = field(default_factory=set)

    @classmethod
    def build(cls, names: Iterable[tuple[int, str]], *, normalized: bool = False) -> RelayIndex:
        """From (source id, name) pairs; `normalized=True` when they are `normalize_text` already."""
        index = cls()
        for source_id, name in names:
            words = tuple((name if normalized else normalize_text(name)).split())
            # One-letter "names" would fire on anything; a name claimed by two sources is ambiguous.
            if not words or (len(words) == 1 and len(words[0]) < 2):
                continue
            if index.names.get(words, source_id) != source_id:
                index.names[words] = -1
                continue
            index.names[words] = source_id
            index.longest = max(index.longest, len(words))
            index.first_words.add(words[0])
        return index

    def _name_at(self, words: Sequence[str], start: int) -> tuple[int, int] | None:
        """The source whose name starts at words[start] (longest first): (source id, length)."""
        word = words[start]
        if (
            word not in self.first_words
            and word[:-1] not in self.first_words
            and word[1:] not in self.first_words
        ):
            return None
        for length in range(min(self.longest, len(words) - start), 0, -1):
            candidate = tuple(words[start : start + length])
            source_id = self.names.get(candidate)
            if source_id is None:
                # "SANA's reporter": a Latin possessive s on the name's last word.
                last = candidate[-1]
                if last.endswith("s") and last.isascii():
                    source_id = self.names.get((*candidate[:-1], last[:-1]))
            if source_id is None and words[start][:1] in _ARABIC_PREFIXES and len(words[start]) > 2:
                # "لسانا", "لوكالة": a one-letter prefix glued to the name.
                source_id = self.names.get((words[start][1:], *candidate[1:]))
            if source_id is not None and source_id != -1:
                return source_id, length
        return None

    def _is_filler(self, word: str) -> bool:
        bare = word[1:] if word[:1] in _ARABIC_PREFIXES and len(word) > 2 else word
        return word in _FILLERS or bare in _FILLERS or word in _ARABIC_PREFIXES

    def _name_after(self, words: Sequence[str], start: int) -> tuple[int, int] | None:
        """A name at words[start], or after a few filler words: (source id, index past the name)."""
        for position in range(start, min(start + _MAX_FILLERS + 1, len(words))):
            found = self._name_at(words, position)
            if found is not None:
                return found[0], position + found[1]
            if not self._is_filler(words[position]):
                return None
        return None

    def detect(self, text: str, *, own_source_id: int | None = None) -> RelayMatch | None:
        """The first source the text says it repeats, other than its own publisher; or None."""
        words = normalize_text(text).split()
        for position in range(len(words)):
            # "according to (the pro-Assad site) al-Masdar", "نقلا عن (وكالة) سانا", "وقال المرصد"
            first = words[position]
            glued = first[1:] if first[:1] in ("و", "ف") and len(first) > 3 else first
            cues = _CUE_WORDS_BEFORE if first in _CUE_FIRST or glued in _CUE_FIRST else ()
            for cue_words in cues:
                end = position + len(cue_words)
                if cue_words[0] not in (first, glued) or tuple(words[position + 1 : end]) != cue_words[1:]:
                    continue
                found = self._name_after(words, end)
                if found and found[0] != own_source_id:
                    return RelayMatch(
                        found[0],
                        " ".join(words[position : found[1]]),
                        quote_words(text, position, found[1]),
                    )
            # "al-Masdar said", "SANA reported", "a SANA reporter said", "SOHR's correspondent said"
            named = self._name_at(words, position)
            if named and named[0] != own_source_id:
                after = position + named[1]
                verb = after
                while verb < len(words) and verb - after < 2 and self._is_filler(words[verb]):
                    verb += 1
                if verb < len(words) and words[verb] in _CUES_AFTER:
                    return RelayMatch(
                        named[0],
                        " ".join(words[position : verb + 1]),
                        quote_words(text, position, verb + 1),
                    )
        return None


# --- track record ------------------------------------------------------------------------------

PRIOR = (2.0, 2.0)  # Beta(2, 2): before any reviewed claim, a source is right about half the time.
INTERVAL = 0.90  # the central credible interval shown


@dataclass(frozen=True)
class RecordCounts:
    corroborated: int = 0
    contested: int = 0
    refuted: int = 0
    unverifiable: int = 0

    @property
    def reviewed(self) -> int:
        return self.corroborated + self.contested + self.refuted + self.unverifiable


@dataclass(frozen=True)
class TrackRecord:
    counts: RecordCounts
    alpha: float
    beta: float
    mean: float
    low: float
    high: float

    @property
    def evidence(self) -> float:
        """How many claims' worth of evidence moved the estimate (contested counts as half each way)."""
        return self.alpha + self.beta - sum(PRIOR)


def beta_interval(alpha: float, beta: float, mass: float = INTERVAL) -> tuple[float, float]:
    """The central credible interval of Beta(alpha, beta) holding `mass` of the probability."""
    from scipy.special import betaincinv

    tail = (1 - mass) / 2
    return float(betaincinv(alpha, beta, tail)), float(betaincinv(alpha, beta, 1 - tail))


def track_record(counts: RecordCounts, prior: tuple[float, float] = PRIOR) -> TrackRecord:
    """How often a source is right, from its reviewed claims: a Beta posterior.

    Corroborated claims count as right, refuted ones as wrong, contested ones as half of each
    (the evidence points both ways), unverifiable ones not at all (they say nothing either way).
    With few claims the estimate stays near the prior's 0.5 and its interval stays wide.
    """
    alpha = prior[0] + counts.corroborated + counts.contested / 2
    beta = prior[1] + counts.refuted + counts.contested / 2
    low, high = beta_interval(alpha, beta)
    return TrackRecord(counts=counts, alpha=alpha, beta=beta, mean=alpha / (alpha + beta), low=low, high=high)


# --- credibility suggestion --------------------------------------------------------------------

GRADE_WEIGHT = {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.3, "E": 0.1, "F": 0.4}
CREDIBILITY_LABEL = {
    1: "confirmed",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "cannot be judged",
}


def grade_rank(grade: str) -> int:
    return "ABCDEF".find(grade) if grade in GRADE_WEIGHT else 5


@dataclass(frozen=True)
class Suggestion:
    credibility: int
    explanation: str
    corroborating: int  # independent voices
    contradicting: int

    @property
    def label(self) -> str:
        return CREDIBILITY_LABEL[self.credibility]


def _describe(count: VoiceCount) -> str:
    sources = count.source_count
    names = ", ".join(v.label for v in count.voices)
    return (
        f"{sources} source{'s' if sources != 1 else ''} in {count.count} "
        f"network{'s' if count.count != 1 else ''} ({names})"
    )


def _describe_against(count: VoiceCount) -> str:
    parts = []
    for voice in count.voices:
        speakers = ", ".join(
            f"{r.source.name} relaying {r.relayed_from.name}" if r.relayed_from else r.source.name
            for r in _distinct_reports(voice.reports)
        )
        stances = "/".join(voice.stances)
        parts.append(f"{speakers} ({stances}, grade {voice.best_grade})")
    return "; ".join(parts)


def _distinct_reports(reports: Sequence[Report]) -> list[Report]:
    seen: dict[tuple[int, int | None], Report] = {}
    for report in reports:
        key = (report.source.id, report.relayed_from.id if report.relayed_from else None)
        seen.setdefault(key, report)
    return list(seen.values())


def suggest_credibility(
    subject: Report, corroborating: Sequence[Report], contradicting: Sequence[Report]
) -> Suggestion:
    """An Admiralty credibility for a claim from the claims that corroborate or contradict it.

    Only independent voices count (see `count_voices`); each weighs by the best grade among
    its sources (A 1.0, B 0.8, C 0.6, D 0.3, E 0.1, F 0.4). Uncontradicted, two voices weighing
    1.2 or more confirm (1); one creditable voice makes it probably true (2); only weak ones,
    possibly true (3). Only contradicted: improbable (5) against a creditable voice, else
    doubtful (4). Both: the share of the weight that supports it decides, 2 at three quarters,
    3 at half, 4 at a quarter, 5 below. No independent voice either way: 6.
    """
    support = count_voices(subject, corroborating)
    against = count_voices(subject, contradicting)
    weight_for = sum(GRADE_WEIGHT.get(v.best_grade, 0.4) for v in support.voices)
    weight_against = sum(GRADE_WEIGHT.get(v.best_grade, 0.4) for v in against.voices)
    if not support.voices and not against.voices:
        credibility = 6
    elif not against.voices:
        if support.count >= 2 and weight_for >= 1.2:
            credibility = 1
        elif weight_for >= 0.6:
            credibility = 2
        else:
            credibility = 3
    elif not support.voices:
        credibility = 5 if weight_against >= 0.6 else 4
    else:
        share = weight_for / (weight_for + weight_against)
        credibility = 2 if share >= 0.75 else 3 if share >= 0.5 else 4 if share >= 0.25 else 5

    parts = []
    if support.voices:
        parts.append(f"corroborated by {_describe(support)}")
    if against.voices:
        parts.append(f"contradicted by {_describe_against(against)}")
    if not parts:
        parts.append("no independent source corroborates or contradicts it")
    left_out = len(support.excluded) + len(against.excluded)
    if left_out:
        parts.append(f"{left_out} not independent of it left out")
    explanation = f"{credibility} ({CREDIBILITY_LABEL[credibility]}): " + "; ".join(parts)
    return Suggestion(
        credibility=credibility,
        explanation=explanation,
        corroborating=support.count,
        contradicting=against.count,
    )
