"""Comparing two claims: do they concern the same event, and do they agree?

`compare` is a pure function of two `Features`. It scores how likely the two concern one event
(wording, places, actors, event dates, figures) and decides the relation, with reasons a reviewer
can check:

* duplicate: the same text;
* contradicts: the same event, and one denies it, or their figures cannot both be right, or
  actors of different sides take the same place at the same time, or a side takes and loses it;
* corroborates: the same event and nothing that conflicts;
* related: probably the same place and time, but not clearly the same event;
* unrelated: different events, including look-alikes at another place or another time.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

from claims.matching.extract import Control, Features, FigureMention, is_entity_token, is_foiled, opposites
from claims.matching.lexicon import EVENT_CONCEPTS

Weight = Callable[[str], float]
OPPOSITES = opposites()

T_DUPLICATE_TEXT = 0.9
T_CONTRADICTS = 0.42
T_CORROBORATES = 0.5
T_RELATED = 0.38
MAX_DAYS_APART = 30
MAX_DAYS_LOOKING_BACK = 120
# Event dates the claim states (recorded with it, or read from its text), not its publication's.
STATED_DATES = frozenset({"recorded", "text"})
# Days between two recorded event days that make two events (a day or two is a slip of a night).
MIN_DAYS_APART_RECORDED = 3
CITY_KINDS = frozenset({"city"})
AREA_KINDS = frozenset({"city", "town", "village", "neighbourhood", "camp"})
CITY_PLACE = 0.5
# Two armed forces of one side and kind ("Fatemiyoun" / "Iranian militias", "the SDF" / "the Deir
# ez-Zor Military Council"): often one formation named two ways, less sure than the same actor.
FORCE_ACTOR = 0.75
# "X will attend" / "X will not attend": a negation contradicts only when the rest is alike.
T_NEGATED_WORDING = 0.4
W_TEXT, W_PLACE, W_DATE, W_ACTOR = 0.5, 0.2, 0.18, 0.12
CROSS_LANGUAGE_DISCOUNT = 0.65
CROSS_LANGUAGE_PENALTY = 0.05
PRIORITY_BONUS = {"contradicts": 0.1, "duplicate": 0.05}


@dataclass(frozen=True)
class Verdict:
    relation: str  # corroborates, contradicts, related, duplicate, unrelated
    score: float  # 0..1: how likely the two concern the same event
    reasons: tuple[str, ...]
    wording: float = 0.0  # 0..1: how alike the two texts are, whatever they report

    @property
    def priority(self) -> float:
        """Order of a claim's suggestions: a contradiction is what a reviewer must see first."""
        return self.score + PRIORITY_BONUS.get(self.relation, 0.0)


@lru_cache(maxsize=100_000)
def default_weight(token: str) -> float:
    """Token weights without corpus statistics: names and numbers say more than words."""
    if is_entity_token(token):
        return 2.5
    if token.startswith("#"):
        return 1.5
    if token.startswith("c:"):
        return 0.5
    return 1.0


def weighted_dice(a: Iterable[str], b: Iterable[str], weight: Weight) -> float:
    a, b = set(a), set(b)
    total = sum(weight(t) for t in a) + sum(weight(t) for t in b)
    if not total:
        return 0.0
    return 2 * sum(weight(t) for t in a & b) / total


def weighted_cosine(a: Iterable[str], b: Iterable[str], weight: Weight) -> float:
    """Cosine of two word sets, each word weighted (by rarity): TF-IDF cosine without counts."""
    a, b = set(a), set(b)
    squares = {t: weight(t) ** 2 for t in a | b}
    norm = math.sqrt(sum(squares[t] for t in a) * sum(squares[t] for t in b))
    return sum(squares[t] for t in a & b) / norm if norm else 0.0


def default_cosine(a: Features, b: Features) -> float:
    """weighted_cosine(a.tokens, b.tokens, default_weight), each claim's side summed once."""
    norm = math.sqrt(a.square_weights * b.square_weights)
    return sum(default_weight(t) ** 2 for t in a.tokens & b.tokens) / norm if norm else 0.0


def char_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Cosine of two sets of character trigrams: spelling, word order and hashtags aside."""
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def _days_apart(a: tuple, b: tuple) -> int:
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


@lru_cache(maxsize=4096)
def _fmt_day(window: tuple) -> str:
    start, end = window
    if start == end:
        return f"{start:%-d %b %Y}"
    return f"{start:%-d %b}–{end:%-d %b %Y}"


def _figure_text(f: FigureMention) -> str:
    return f.text


def _control_conflicts(a: Features, b: Features) -> list[str]:
    reasons = []

    def near(x: Control, y: Control) -> list[int]:
        shared = set(x.places) & set(y.places)
        if not shared:
            shared = {p for p in x.places if p in b.place_context} | {
                p for p in y.places if p in a.place_context
            }
        return sorted(shared)

    for x in a.control:
        for y in b.control:
            shared = near(x, y)
            if not shared or not x.side or not y.side:
                continue
            names = ", ".join(a.places.get(p) or b.places.get(p) or str(p) for p in shared)
            actors = " vs ".join(sorted((x.actor, y.actor)))
            if x.gain and y.gain and x.side != y.side:
                reasons.append(f"control of {names}: {actors}")
            elif x.gain != y.gain and x.side == y.side:
                texts = " vs ".join(f"“{t}”" for t in sorted((x.text, y.text)))
                reasons.append(f"control of {names} reversed: {texts}")
    return reasons


def _sites(c: Features) -> set[int]:
    """The claim's places narrower than a city: villages, fields, camps, depots."""
    return {p for p in c.specific_places if c.place_kinds.get(p) not in CITY_KINDS}


def _control_agrees(a: Features, b: Features) -> str:
    """Both claims say the same side took the same place: "regime forces entered al-Bokmal and
    expelled the mercenaries" / "the army restored security to the whole of Albu Kamal"."""
    for x in a.control:
        for y in b.control:
            shared = set(x.places) & set(y.places)
            if shared and x.gain and y.gain and x.side and x.side == y.side:
                names = ", ".join(sorted(a.places.get(p) or b.places.get(p) or str(p) for p in shared))
                return f"both say {x.actor if x.actor == y.actor else f'{x.actor} / {y.actor}'} took {names}"
    return ""


# How far apart the places of two claims are, where neither names a place in the other's.
ELSEWHERE, UNPLACED, NEARBY = "elsewhere", "unplaced", "nearby"


def _how_far(a: Features, spec_a: AbstractSet[int], b: Features, spec_b: AbstractSet[int]) -> str:
    """ELSEWHERE: two places of one kind (two oil fields, two towns) or two areas of other kinds
    (a village and a neighbourhood) that neither claim puts in the other's: two events.
    NEARBY: a city named alone, which also stands for the country around it ("SDF positions near
    Deir ez-Zor", "the Hajin pocket ... from al-Bukamal"), and a place in its governorate.
    UNPLACED: an area and a site the gazetteer may not know lies in it (the Jemyan checkpoint,
    in al-Sina'a): evidence against, not a verdict."""
    kinds_a = {a.place_kinds.get(p, "") for p in spec_a}
    kinds_b = {b.place_kinds.get(p, "") for p in spec_b}
    if kinds_a & kinds_b:
        return ELSEWHERE
    if kinds_a <= CITY_KINDS or kinds_b <= CITY_KINDS:
        # Places and what they lie in: sharing more than the country, they share a governorate.
        return NEARBY if len(a.place_context & b.place_context) >= 2 else ELSEWHERE
    return ELSEWHERE if kinds_a <= AREA_KINDS and kinds_b <= AREA_KINDS else UNPLACED


def _antonyms(a: Features, b: Features) -> str:
    """A word of one claim whose opposite is in the other, and not in the first as well."""
    (ups_a, downs_a), (ups_b, downs_b) = a.opposite_sides, b.opposite_sides
    for i in sorted((ups_a & downs_b) | (ups_b & downs_a)):  # the first row that applies
        up, down = OPPOSITES[i]
        for first, second in ((a, b), (b, a)):
            x, y = first.tokens & up, second.tokens & down
            if x and y and not (first.tokens & down) and not (second.tokens & up):
                return f"“{min(x)}” / “{min(y)}”"
    return ""


def _totals_of(part: FigureMention, figures: Iterable[FigureMention]) -> list[FigureMention]:
    """The claim's counts of all ("57 killed") that a count of some ("14 soldiers") is part of."""
    if not part.subject:
        return [part]
    return [part] + [t for t in figures if t.category == part.category and not t.subject and t.low > part.low]


def _breakdown_agrees(
    f: FigureMention, f_figures: Iterable[FigureMention], g: FigureMention, g_figures: Iterable[FigureMention]
) -> bool:
    """Two counts that disagree, but one (or both) is a part of a total whose number agrees
    with the other claim: "at least 50 pro-government fighters" / "57: 14 soldiers and 43
    militiamen". Parts are labelled differently from report to report; the totals decide. The
    numbers must agree, not only fit as part and whole: 23 militiamen / 57 in all still conflict."""
    if not (f.subject or g.subject):
        return False
    return any(
        replace(x, subject="").compatible(replace(y, subject=""))
        for x in _totals_of(f, f_figures)
        for y in _totals_of(g, g_figures)
        if x is not f or y is not g
    )


MIN_SHARED_FOR_SWAP = 3


def _one_word_swapped(a: Features, b: Features) -> str:
    """The same sentence with one word put in another's place: "killed five women" / "killed
    five children", "talks in Geneva resumed" / "talks in Geneva collapsed". Rewrites that
    contradict often change just that; paraphrases change more. Names and numbers are judged
    elsewhere (places, actors, figures), so only words count here."""
    first, second = a.lexical_tokens, b.lexical_tokens
    only_a, only_b = first - second, second - first
    if len(only_a) != 1 or len(only_b) != 1 or len(first & second) < MIN_SHARED_FOR_SWAP:
        return ""
    names_a = {t for t in a.anchor_tokens if not t.startswith("c:")}
    if names_a != {t for t in b.anchor_tokens if not t.startswith("c:")}:
        return ""  # another name or number changed too: judged by places, actors and figures
    x, y = min(only_a), min(only_b)
    if x[:4] == y[:4]:
        return ""  # two forms of one word the stemmer kept apart
    return "“" + "” / “".join(sorted((x, y))) + "”"


def _figure_conflicts(a: Features, b: Features) -> tuple[list[str], list[str]]:
    """(agreements, conflicts) between the two claims' figures, the same either way round.

    A figure conflicts when the other claim counts the same thing (same category, and the same
    victims or unnamed ones) and none of its counts can be reconciled with it.
    """
    agree: list[str] = []
    conflicts: list[str] = []
    for first, second in ((a, b), (b, a)):
        for f in first.figures:
            comparable = [
                (g, ok)
                for g in second.figures
                if (ok := f.compatible(g)) is not None
                and (ok or not _breakdown_agrees(f, first.figures, g, second.figures))
            ]
            agreeing = [g for g, ok in comparable if ok and f.close_to(g)]
            pair = sorted((f.text, (agreeing or [g for g, _ in comparable] or [f])[0].text))
            if agreeing:
                agree.append(f"figures agree: “{pair[0]}” / “{pair[1]}”")
            elif comparable and not any(ok for _, ok in comparable):
                conflicts.append(f"figures disagree: “{pair[0]}” vs “{pair[1]}”")
    return list(dict.fromkeys(agree)), list(dict.fromkeys(conflicts))


def _wording(a: Features, b: Features, weight: Weight) -> tuple[float, float, float]:
    """How alike the two texts are: (words, characters, the two together). Across languages
    only names, numbers and event words can meet, discounted: names alone agree more easily
    than whole sentences."""
    if a.language != b.language:
        return 0.0, 0.0, CROSS_LANGUAGE_DISCOUNT * weighted_cosine(a.anchor_tokens, b.anchor_tokens, weight)
    words = default_cosine(a, b) if weight is default_weight else weighted_cosine(a.tokens, b.tokens, weight)
    chars = char_similarity(a.trigrams, b.trigrams)
    return words, chars, (words + chars) / 2


def _event_dates(
    a: Features, b: Features, shared_places: int, wording: Callable[[], tuple[float, float, float]]
) -> tuple[float | None, bool, str]:
    """The event dates' evidence: (their score, None where they say nothing; whether they are
    two events; the reason to show). `wording` is asked only for pairs whose dates are far apart."""
    if not (a.event and b.event):
        return None, False, ""
    first, second = sorted((a.event, b.event))
    gap = _days_apart(first, second)
    widest = max((a.event[1] - a.event[0]).days, (b.event[1] - b.event[0]).days)
    stated = a.event_how in STATED_DATES and b.event_how in STATED_DATES
    # Two reports whose event days were recorded days apart report two events: a town sees
    # another raid, another landmine, within the week. A day read from a text is not enough
    # ("SOHR said on Saturday", "the next day" of an event it does not date).
    recorded = a.event_how == b.event_how == "recorded"
    days_apart = widest <= 1 and recorded and gap >= MIN_DAYS_APART_RECORDED
    time_conflict = False
    date: float | None
    if gap == 0:
        # A month-wide window overlapping says less than the same day.
        date = 1.0 if widest <= 4 else 0.6
    elif gap <= 2:
        date = 0.8
    elif gap <= 7 and not days_apart:
        date = 0.5
    elif gap <= MAX_DAYS_APART and not days_apart:
        date = 0.2
    else:
        date = 0.0
        # A claim dated only by its publication may look back on an earlier, dated event
        # ("Nasrallah never revealed the key clause of his deal", weeks after the deal):
        # naming the same specific places within a season, its date says nothing.
        later, earlier = (a, b) if a.event == second else (b, a)
        looking_back = (
            later.event_how == "published"
            and earlier.event_how in STATED_DATES
            and gap <= MAX_DAYS_LOOKING_BACK
            and shared_places >= 2
        )
        if looking_back:
            date = None
        # Publication dates stand in for event dates, except for a re-post of the same text
        # later on: that is still the same event.
        time_conflict = (
            widest <= 62
            and not looking_back
            and (stated or not all(x >= T_DUPLICATE_TEXT for x in wording()[:2]))
        )
    if time_conflict:
        return date, True, f"events {gap} days apart ({_fmt_day(first)} / {_fmt_day(second)})"
    if gap <= 7:
        when = _fmt_day(first) if first == second else f"{_fmt_day(first)} / {_fmt_day(second)}"
        return date, False, f"event dates {'match' if gap == 0 else f'{gap} days apart'}: {when}"
    return date, False, ""


def compare(
    a: Features, b: Features, weight: Weight = default_weight, *, suggestable_only: bool = False
) -> Verdict:
    """The relation of two claims with its score and reasons; compare(a, b) == compare(b, a).

    `suggestable_only`: a pair that cannot be suggested comes back as soon as that is known,
    unrelated, with the reasons found so far: at another place or time with score 0.0 (before
    its wording is measured: half of a check's comparisons at 100,000 claims), with a score
    below T_RELATED and no duplicate with that score. The engine's checks never store or show
    those.
    """
    reasons: list[str] = []
    same_language = a.language == b.language
    if not same_language:
        reasons.append(f"across languages ({'/'.join(sorted((a.language, b.language)))})")

    # Places.
    spec_a = a.specific_places
    spec_b = b.specific_places
    shared_places = spec_a & spec_b
    contained = (spec_a & b.place_context) | (spec_b & a.place_context)
    # Where both name the same city, the places each names in it say where: a bombing in
    # al-Jubaylah and one in Hawijat Saqr, Deir ez-Zor, are two bombings.
    sites_a, sites_b = spec_a - shared_places, spec_b - shared_places
    in_one_city = (
        bool(shared_places)
        and all(a.place_kinds.get(p) in CITY_KINDS for p in shared_places)
        and not ((sites_a & b.place_context) or (sites_b & a.place_context))
    )
    place_conflict = False
    apart = (
        _how_far(a, sites_a, b, sites_b)
        if sites_a and sites_b and (in_one_city or not (shared_places or contained))
        else ""
    )
    if apart in (ELSEWHERE, UNPLACED):
        place = 0.0
        place_conflict = apart == ELSEWHERE
        names_apart = " vs ".join(
            sorted(", ".join(sorted(c.places[p] for p in sites)) for c, sites in ((a, sites_a), (b, sites_b)))
        )
        reasons.append(f"{'different' if place_conflict else 'other'} places: {names_apart}")
    elif shared_places:
        # A city hosts many events at once; a village, a field or a neighbourhood few.
        wide = all(
            a.place_kinds.get(p) in CITY_KINDS or b.place_kinds.get(p) in CITY_KINDS for p in shared_places
        )
        place = CITY_PLACE if wide else 1.0
        names = sorted({a.places.get(p) or b.places[p] for p in shared_places})
        reasons.append(f"same place: {', '.join(names)}")
    elif contained:
        place = 0.6
        names = sorted({a.places.get(p) or b.places.get(p, "") for p in contained})
        reasons.append(f"place within the other's: {', '.join(n for n in names if n)}")
    elif spec_a and spec_b:
        place = 0.2  # NEARBY: a city and a place in its governorate
    elif area := a.places.keys() & b.places.keys():
        place = 0.35
        reasons.append(f"same area: {', '.join(sorted(a.places[p] for p in area))}")
    else:
        place = None  # one of them names no place: no evidence either way

    # The wording, computed once, where a decision needs it: most pairs a check compares turn
    # out to be at another place or time, which no wording changes.
    measured: list[tuple[float, float, float]] = []

    def measure() -> tuple[float, float, float]:
        if not measured:
            measured.append(_wording(a, b, weight))
        return measured[0]

    date, time_conflict, date_reason = _event_dates(a, b, len(shared_places), measure)
    if suggestable_only and (place_conflict or time_conflict):
        # Never suggested, whatever the wording: ranked below every pair that can be.
        return Verdict("unrelated", 0.0, tuple(reasons))
    words, chars, text = measure()

    # Actors.
    shared_actors = a.specific_actors & b.specific_actors
    if shared_actors:
        actor = 1.0
        reasons.append(f"same actors: {', '.join(sorted(a.actors[x] for x in shared_actors))}")
    elif a.forces & b.forces:
        actor = FORCE_ACTOR
        reasons.append(f"same kind of force: {', '.join(sorted(a.forces & b.forces))}")
    elif a.sides & b.sides:
        actor = 0.5
    elif a.specific_actors and b.specific_actors:
        actor = 0.1
    else:
        actor = None

    # Event dates.
    if date_reason:
        reasons.append(date_reason)

    # Evidence a claim does not carry is left out, not guessed: two headlines without places or
    # dates are judged on their wording alone.
    parts = [(W_TEXT, text), (W_PLACE, place), (W_DATE, date), (W_ACTOR, actor)]
    known = [(w, v) for w, v in parts if v is not None]
    score = sum(w * v for w, v in known) / sum(w for w, _ in known)
    agree, conflicts = _figure_conflicts(a, b)
    if agree or conflicts:
        # Both count the same thing (the dead, the wounded, the strikes): a sign of one event,
        # whether the counts agree or not.
        score += 0.05
        reasons.extend(agree)
    if took := _control_agrees(a, b):
        score += 0.05
        reasons.append(took)
    if suggestable_only:
        final = round(min(1.0, max(0.0, score - (0.0 if same_language else CROSS_LANGUAGE_PENALTY))), 3)
        duplicate = (bool(a.text_hash) and a.text_hash == b.text_hash) or (
            words >= T_DUPLICATE_TEXT and chars >= T_DUPLICATE_TEXT
        )
        if final < T_RELATED and not duplicate:
            return Verdict("unrelated", final, tuple(reasons), round(text, 3))
    nearby_denial = False
    if bool(a.denial) != bool(b.denial) and is_foiled(a.denial or b.denial):
        denier, other = (a, b) if a.denial else (b, a)
        # "Army units repelled an attack on the airport" and "IS attacked the airport" tell one
        # attack from two sides; "... and seized the checkpoint" says it did not fail.
        attacked = set(denier.places) | denier.place_context
        taken = [c for c in other.control if c.gain and attacked & set(c.places)]
        if taken:
            conflicts.append(f"one says the attack failed: “{denier.denial}”, the other: “{taken[0].text}”")
    elif bool(a.denial) != bool(b.denial):
        denier, other = (a, b) if a.denial else (b, a)
        # A denial names what it denies: "the Ayyash depots were not hit". When it names a site,
        # a village or a field, and the other claim names other ones (sharing a city at most),
        # it denies a nearby event, not this one ("explosions rocked the Talaie camp").
        named, elsewhere = _sites(denier), _sites(other)
        # It also names the kind of event it denies ("did not carry out any strikes"): a report
        # of another kind of event (a town taken, a siege broken) is not what it denies.
        denied_kinds = {t for t in denier.tokens if t.startswith("c:") and t[2:] in EVENT_CONCEPTS}
        if denier.denied_sides and other.sides and not denier.denied_sides & other.sides:
            # "Russian jets did not strike SDF positions" says nothing of a report in which the
            # SDF does not appear ("Russian airstrikes helped the army break the siege").
            nearby_denial = True
            whose = ", ".join(sorted(denier.denied_sides))
            reasons.append(f"one denies an attack on positions of another side ({whose})")
        elif denied_kinds and not denied_kinds & other.tokens:
            nearby_denial = True
            kinds = ", ".join(sorted(k[2:] for k in denied_kinds))
            reasons.append(f"one denies another kind of event ({kinds})")
        elif not named or not elsewhere or named & (set(other.places) | other.place_context):
            conflicts.append(f"one denies it: “{denier.denial}”")
        else:
            denied_at = ", ".join(sorted(denier.places[p] for p in named))
            nearby_denial = True
            reasons.append(f"one denies an event at {denied_at}, which the other does not name")
    elif same_language and words >= T_NEGATED_WORDING and bool(a.negations) != bool(b.negations):
        # Near-identical wording, and one says "not": "X will attend" / "X will not attend".
        conflicts.append(f"one is negated: “{' '.join(sorted(a.negations ^ b.negations))}”")
    kinds_a, kinds_b = a.event_kinds, b.event_kinds
    other_kinds = bool(kinds_a and kinds_b and not kinds_a & kinds_b)
    if other_kinds:
        kinds_named = sorted(" and ".join(sorted(kinds)) for kinds in (kinds_a, kinds_b))
        reasons.append(f"different kinds of event: {' / '.join(kinds_named)}")
    opposed = _antonyms(a, b)
    if opposed:
        conflicts.append(f"opposite words: {opposed}")
    elif same_language and (swapped := _one_word_swapped(a, b)):
        conflicts.append(f"one word swapped: {swapped}")
    conflicts.extend(_control_conflicts(a, b))
    conflicts.extend(_control_conflicts(b, a))
    conflicts = list(dict.fromkeys(conflicts))
    spellings = sorted({*a.spellings, *b.spellings})
    if spellings:
        reasons.append("spellings read as: " + "; ".join(spellings))
    reasons.insert(0, f"wording {text:.2f}")
    wording = round(text, 3)
    if not same_language:
        # Across languages the wording is names, numbers and concepts only: the pair is less
        # certain than a same-language pair with the same evidence.
        score -= CROSS_LANGUAGE_PENALTY
    score = round(min(1.0, max(0.0, score)), 3)

    if place_conflict or time_conflict:
        return Verdict("unrelated", round(score * 0.5, 3), tuple(reasons), wording)
    same_text = bool(a.text_hash) and a.text_hash == b.text_hash
    if not conflicts and (same_text or (words >= T_DUPLICATE_TEXT and chars >= T_DUPLICATE_TEXT)):
        return Verdict("duplicate", max(0.95, score), ("same text", *reasons[1:]), wording)
    if conflicts and score >= T_CONTRADICTS:
        return Verdict("contradicts", score, tuple(conflicts + reasons), wording)
    if score >= T_CORROBORATES and not nearby_denial and not other_kinds:
        return Verdict("corroborates", score, tuple(reasons), wording)
    if score >= T_RELATED:
        return Verdict("related", score, tuple(conflicts + reasons), wording)
    return Verdict("unrelated", score, tuple(reasons), wording)


# Ranking a question's candidates (find_similar): BM25-style word overlap and rarity-weighted
# character 3-5-grams, with word counts and word pairs mixed in. Not used for verdicts, which
# stay symmetric. The weights were chosen on the CheckThat! train queries (README).
BM25_K1, BM25_B = 1.2, 0.75
# Words against character n-grams: 0.5 until the n-grams were weighed by their rarity in the
# whole workspace; with that, 0.4 on CheckThat! train (2021 0.855 -> 0.858, 2020 0.865 -> 0.867).
W_RANK_WORDS = 0.4
W_RANK_COUNTS = 0.2
W_RANK_PAIRS = 0.1


def bm25_overlap(query: Iterable[str], doc: Iterable[str], weight: Weight, average_length: float) -> float:
    """How much of the question's weighted words a claim holds, BM25-style, 0..1.

    Each shared word counts its weight (rarity); a claim longer than the average is discounted
    (b), a shorter one favoured, so a short fact-check that holds the question's rare words ranks
    above a long text that holds them among many others. 1.0 is the question against a claim of
    its own length holding all its words.
    """
    q, d = set(query), set(doc)
    if not q or not d:
        return 0.0

    def saturation(length: int) -> float:
        return (BM25_K1 + 1) / (1 + BM25_K1 * (1 - BM25_B + BM25_B * length / max(1.0, average_length)))

    best = sum(weight(t) for t in q) * saturation(len(q))
    return min(1.0, sum(weight(t) for t in q & d) * saturation(len(d)) / best) if best else 0.0


def _document_frequencies(pool: Iterable[Iterable[str]]) -> tuple[Counter[str], int]:
    """How many of the pool's texts hold each term, and how many texts there are."""
    counts: Counter[str] = Counter()
    texts = 0
    for terms in pool:
        texts += 1
        counts.update(set(terms))
    return counts, texts


def ngram_weights(pool: Iterable[Iterable[str]]) -> Weight:
    """Weights of character n-grams by their rarity among a pool of texts (the candidates):
    " th" and "the" say little, "ayy" (Ayyash) much."""
    counts, texts = _document_frequencies(pool)
    return counted_ngram_weights(counts, texts, unseen=0)


def counted_ngram_weights(counts: Mapping[str, int], texts: int, *, unseen: int = 1) -> Weight:
    """Weights of character n-grams by how many of `texts` texts hold each (`counts`); by
    default counts made over a whole workspace instead of among the texts ranked: an n-gram that
    only the question and a few of its candidates hold is not rare for that if a tenth of the
    workspace holds it. An n-gram not in `counts` is held by `unseen` texts: one at most, by
    default (claims.services.grams keeps those that at least two claims hold). CheckThat! train,
    MAP@5: 2021 0.850 -> 0.855, 2020 0.857 -> 0.865 (README)."""
    size = 1 + texts

    def weight(ngram: str) -> float:
        return math.log(1 + size / (1 + counts.get(ngram, unseen)))

    return weight


def count_weights(pool: Iterable[Iterable[str]]) -> Weight:
    """Weights of words by their rarity among a pool of texts (the question and its candidates),
    smoothed so that a word every text holds still counts a little: 1 + ln((1 + n) / (1 + df))."""
    counts, size = _document_frequencies(pool)

    def weight(word: str) -> float:
        return 1.0 + math.log((1 + size) / (1 + counts.get(word, 0)))

    return weight


# A text's TF-IDF vector: its terms' dampened (1 + ln n), weighted counts, and their sum of squares.
Vector = tuple[dict[str, float], float]


def tfidf_vector(counts: Mapping[str, int], weight: Weight) -> Vector:
    terms = {word: (1.0 + math.log(n)) * weight(word) for word, n in counts.items()}
    return terms, sum(v * v for v in terms.values())


def vectors_cosine(a: Vector, b: Vector) -> float:
    (left, left_squares), (right, right_squares) = a, b
    if not left or not right:
        return 0.0
    norm = math.sqrt(left_squares * right_squares)
    return sum(v * right[word] for word, v in left.items() if word in right) / norm if norm else 0.0


def counts_cosine(a: Mapping[str, int], b: Mapping[str, int], weight: Weight) -> float:
    """Cosine of two texts' word counts, each count dampened (1 + ln n) and weighted (rarity):
    TF-IDF cosine. A word said three times weighs more than once, less than three times."""
    if not a or not b:
        return 0.0
    return vectors_cosine(tfidf_vector(a, weight), tfidf_vector(b, weight))


@dataclass(frozen=True)
class RankingPool:
    """What ranking one question's candidates weighs by, from the texts ranked (the question and
    its candidates): the rarity of character n-grams (within words; in the whole workspace where
    it was counted), words and word pairs among them, and their average length in words; and
    the question's own TF-IDF vectors, computed once for all its candidates (a third of ranking
    a question's 30 otherwise)."""

    question: Features
    chars: Weight
    words: Weight
    pairs: Weight
    average_length: float
    question_chars: Vector
    question_words: Vector

    @classmethod
    def of(
        cls, question: Features, candidates: Iterable[Features], *, chars: Weight | None = None
    ) -> RankingPool:
        """`chars`: the character n-grams' weights where they were counted over the whole
        workspace (counted_ngram_weights); by default their rarity among the texts ranked."""
        texts = [question, *candidates]
        others = texts[1:]
        if chars is None:
            chars = ngram_weights(t.char_counts for t in texts)
        words = count_weights(t.word_counts for t in texts)
        return cls(
            question=question,
            chars=chars,
            words=words,
            pairs=ngram_weights(t.word_pairs for t in texts),
            average_length=sum(len(t.tokens) for t in others) / len(others) if others else 1.0,
            question_chars=tfidf_vector(question.char_counts, chars),
            question_words=tfidf_vector(question.word_counts, words),
        )


class RankingMix(NamedTuple):
    """The weights of a candidate's ranking parts: BM25 words against character n-grams (the
    wording), then how much of the score goes to word counts and to word pairs."""

    words: float = W_RANK_WORDS
    counts: float = W_RANK_COUNTS
    pairs: float = W_RANK_PAIRS


DEFAULT_MIX = RankingMix()


class RankingParts(NamedTuple):
    """How alike a candidate is to a question, part by part (each 0..1): within one language
    BM25 words, character n-grams, word counts and word pairs; across languages the discounted
    wording of the verdict alone (`across`, None within one language)."""

    words: float
    chars: float
    counts: float
    pairs: float
    across: float | None

    def score(self, mix: RankingMix = DEFAULT_MIX) -> float:
        if self.across is not None:
            return self.across
        wording = mix.words * self.words + (1 - mix.words) * self.chars
        return (1 - mix.counts - mix.pairs) * wording + mix.counts * self.counts + mix.pairs * self.pairs


def ranking_parts(query: Features, doc: Features, weight: Weight, pool: RankingPool) -> RankingParts:
    """ranking_score's parts, for weighing them otherwise (benchmarks/engine_quality.py's
    cross-validation of the mix)."""
    asked = query is pool.question
    query_chars = pool.question_chars if asked else None
    words, chars_alike, across = _wording_parts(
        query, doc, weight, pool.chars, pool.average_length, query_chars=query_chars
    )
    if across is not None:
        return RankingParts(0.0, 0.0, 0.0, 0.0, across)
    question_words = pool.question_words if asked else tfidf_vector(query.word_counts, pool.words)
    counts = vectors_cosine(question_words, tfidf_vector(doc.word_counts, pool.words))
    pairs = weighted_cosine(query.word_pairs, doc.word_pairs, pool.pairs)
    return RankingParts(words, chars_alike, counts, pairs, None)


def ranking_score(
    query: Features, doc: Features, weight: Weight, pool: RankingPool, mix: RankingMix = DEFAULT_MIX
) -> float:
    """How alike a claim is to a question, for ranking its candidates (0..1): ranking_similarity,
    with, within one language, the TF-IDF cosine of their word counts and the rarity-weighted
    cosine of their word pairs mixed in (CheckThat! train queries, find_similar's MAP@5: 2021
    0.831 -> 0.845, 2020 0.844 -> 0.854)."""
    return ranking_parts(query, doc, weight, pool).score(mix)


def _without_concepts(features: Features) -> frozenset[str]:
    return frozenset(t for t in features.tokens if not t.startswith("c:"))


def _wording_parts(
    query: Features,
    doc: Features,
    weight: Weight,
    chars: Weight,
    average_length: float,
    *,
    query_chars: Vector | None = None,
) -> tuple[float, float, float | None]:
    """(BM25 words, character n-grams, None) within one language; (0, 0, the verdict's wording,
    discounted) across languages, where only names, numbers and concepts meet."""
    if query.language != doc.language:
        return (
            0.0,
            0.0,
            CROSS_LANGUAGE_DISCOUNT * weighted_cosine(query.anchor_tokens, doc.anchor_tokens, weight),
        )
    # Within one language the words themselves meet; the cross-language concepts ("c:site",
    # "c:territory") would only repeat them, and weigh common ones twice.
    # Character 3-5-grams within words, counted and weighed by their rarity among the texts
    # ranked (TF-IDF cosine): spellings and word forms meet ("cigarettes", "cigs"). Counted within
    # words rather than as sets across them: CheckThat! train, MAP@5 2021 0.844 -> 0.850, 2020
    # 0.854 -> 0.859.
    words = bm25_overlap(_without_concepts(query), _without_concepts(doc), weight, average_length)
    chars_alike = vectors_cosine(
        query_chars or tfidf_vector(query.char_counts, chars), tfidf_vector(doc.char_counts, chars)
    )
    return words, chars_alike, None


def ranking_similarity(
    query: Features,
    doc: Features,
    weight: Weight,
    chars: Weight,
    average_length: float,
    *,
    query_chars: Vector | None = None,
) -> float:
    """How alike a claim is to a question, for ranking one question's candidates (0..1): its
    wording, words and character n-grams mixed (W_RANK_WORDS).

    Across languages only names, numbers and concepts meet: the verdict's wording is used.
    `query_chars`: the question's character n-gram vector (tfidf_vector), where already computed.
    """
    words, chars_alike, across = _wording_parts(
        query, doc, weight, chars, average_length, query_chars=query_chars
    )
    if across is not None:
        return across
    return W_RANK_WORDS * words + (1 - W_RANK_WORDS) * chars_alike


def idf_weight(counts: dict[str, int], total: int, default: float | None = None) -> Weight:
    """Token weights from how many claims carry each token (capped counts are fine).

    A token whose count is unknown (the other claim's words that the query does not share) gets
    the mean weight of the known ones.
    """
    known = {token: math.log(1 + total / max(1, count)) for token, count in counts.items()}
    fallback = default if default is not None else (sum(known.values()) / len(known) if known else 1.0)

    def weight(token: str) -> float:
        idf = known.get(token)
        if idf is None or is_entity_token(token):
            # Names weigh as names: their rarity is in the fallback, their kind in default_weight.
            return (idf if idf is not None else fallback) * default_weight(token)
        return idf * default_weight(token)

    return weight
