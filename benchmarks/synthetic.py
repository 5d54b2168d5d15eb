#!/usr/bin/env python
"""Realistic synthetic claims for speed benchmarks of the claim-matching engine (10k, 100k, 1M claims).

A matching engine is only measured honestly on input shaped like the real thing: many reports of the
same incident that do not share a sentence. So this module does not emit independent random rows. It
first draws EVENTS -- an air strike, the capture of a place, clashes, an explosion or IED, a raid with
arrests, a killing, a displacement, a protest -- each with a main place and 1-3 actors from the
gazetteer (gazetteer/data/eastern_syria.json), a true date between 2014-01-01 and 2024-12-31 and
casualty or head-count figures. Each event is then reported by 1-6 different sources (about 3 on
average), which gives clusters of same-event claims, and each source tells it in its own words:

* one of many English and Arabic templates per kind of event (about a quarter of claims are Arabic;
  each source writes mostly in one language);
* names as the canonical gazetteer name, a transliteration or Arabic alias, or a typo-like variant
  ("Dier Ezzor", "al Mayadeen", "Busayra", hamza and ta marbuta dropped in Arabic);
* figures as "57", "at least 57", "more than 50", "around 60", "dozens of", number words, Arabic
  agreement ("57 مدنياً", "ثلاثة مدنيين", "عشرات المدنيين") and Arabic-Indic digits ("٥٧");
* dates: published is the event date plus 0-3 days; the text may say "on Sunday", "yesterday",
  "two days ago", "a day after the attack", "on 8 November 2017" or "في 8 تشرين الثاني".

About 5% of claims deny the event ("X denied that ..."), about 5% give conflicting figures and about
3% name a different actor (in control, or behind the attack). The "event" field of every claim is the
event number: ground truth for measuring how well the engine clusters claims. The importer ignores it.

Sources and networks are invented (about 20 networks for the default 60 sources, several sources per
network, one stance per network; stances in the importer's spelling, so the wire stance is
"wire_agency"). The output is deterministic for a given seed: a smaller count is an exact prefix of a
larger one. Memory stays flat (claims are yielded one by one, ~25 MB peak RSS at any count), and
1,000,000 claims (~380 MB of JSONL) take about 13 seconds on one core.

    python benchmarks/synthetic.py 100000 -o /tmp/claims-100k.jsonl
    python benchmarks/synthetic.py 1000 --seed 3 | head
    python -c "from benchmarks.synthetic import generate_claims; print(next(generate_claims(1)))"

Each line is one claim in the import format of `manage.py import_claims`: id, text, source, stance,
network, language, published, event_date (omitted for ~30%), places (~60%), actors (~50%), event.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import string
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from random import Random
from typing import Any, TextIO

__all__ = ["generate_claims", "write_jsonl"]

GAZETTEER = Path(__file__).resolve().parents[1] / "gazetteer" / "data" / "eastern_syria.json"
FIRST_DAY = date(2014, 1, 1)
LAST_DAY = date(2024, 12, 31)
# The importer's spelling of the stances (sources.models.Stance); "wire_agency" is the wire stance.
STANCES = (
    "state_media",
    "pro_government",
    "partisan",
    "belligerent",
    "independent_monitor",
    "independent_media",
    "wire_agency",
)

# Shares of claims with a twist (cumulative thresholds on one draw) and with optional fields.
DENY, CONFLICTING_FIGURES, OTHER_ACTOR = 0.05, 0.10, 0.13
EVENT_DATE_SHARE, PLACES_SHARE = 0.70, 0.60
ACTORS_SHARE = 0.545  # of claims that name an actor (~92%): ~50% of all claims
# Claims per event, 1..6 (mean 3.16), and days from event to publication, 0..3.
CLAIMS_PER_EVENT_CUM = (14, 36, 62, 80, 92, 100)
DELAY_CUM = (40, 75, 90, 100)

# ----------------------------------------------------------------------------------------------
# Gazetteer entities and their name variants
# ----------------------------------------------------------------------------------------------


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


# Aliases that are adjectives, people or not an actor as a sentence subject ("American", "ANHA reporters").
_UNUSABLE_ALIASES = frozenset(
    {
        "American",
        "Americans",
        "the Americans",
        "America",
        "Iranians",
        "the Iranians",
        "Saudi",
        "the Saudis",
        "Russian airstrikes",
        "ANHA reporters",
        "tribal figures",
        "Hamdan Airport Road",
        "Abu Khashab front",
        "power station north of Deir ez-Zor",
        "al-Azba Company",
    }
)
_LATIN_SWAPS = (
    ("ei", "ie"),
    ("ie", "ei"),
    ("ou", "u"),
    ("oo", "ou"),
    ("ee", "i"),
    ("ss", "s"),
    ("aa", "a"),
    ("ah", "a"),
    ("ay", "ai"),
    ("dh", "d"),
    ("q", "k"),
    ("kk", "k"),
)


def _latin_typos(names: Sequence[str], *, known: frozenset[str], transpose: bool) -> tuple[str, ...]:
    """Typo-like spellings: swapped vowels, dropped hyphens and articles, one transposed letter."""
    out: dict[str, None] = {}
    for name in names:
        if name.isupper() or len(name) < 4:
            continue
        variants = [name.replace("-", " "), name.replace("-", "")]
        if name.startswith("al-"):
            variants += ["Al-" + name[3:], "el-" + name[3:], "Al " + name[3:]]
        variants += [name.replace(old, new, 1) for old, new in _LATIN_SWAPS if old in name]
        if transpose:
            words = name.split(" ")
            longest = max(range(len(words)), key=lambda i: len(words[i]))
            word = words[longest]
            if len(word) >= 7 and word.isalpha():
                i = len(word) // 2
                words[longest] = word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
                variants.append(" ".join(words))
        for variant in variants:
            if variant != name and variant not in known and len(variant) >= 3:
                out[variant] = None
    return tuple(list(out)[:10])


def _arabic_typos(names: Sequence[str], *, known: frozenset[str]) -> tuple[str, ...]:
    """Common Arabic orthographic variants: bare alif for hamza, ه for final ة, ى/ي, no article."""
    out: dict[str, None] = {}
    for name in names:
        variants = [name.translate(str.maketrans("أإآ", "ااا"))]
        words = name.split(" ")
        if words[-1].endswith("ة"):
            variants.append(" ".join([*words[:-1], words[-1][:-1] + "ه"]))
        if words[-1].endswith("ي"):
            variants.append(" ".join([*words[:-1], words[-1][:-1] + "ى"]))
        if words[0].startswith("ال") and len(words[0]) > 4:
            variants.append(" ".join([words[0][2:], *words[1:]]))
        for variant in variants:
            if variant != name and variant not in known:
                out[variant] = None
    return tuple(list(out)[:6])


@dataclass(frozen=True, slots=True)
class _Entity:
    name: str
    kind: str
    parent: str | None
    latin: tuple[str, ...]  # Latin aliases
    latin_typos: tuple[str, ...]
    arabic: tuple[str, ...]  # Arabic-script aliases
    arabic_typos: tuple[str, ...]


def _entity(entry: dict[str, Any], *, actor: bool) -> _Entity:
    name: str = entry["name"]
    aliases = [a for a in entry.get("aliases", []) if a not in _UNUSABLE_ALIASES]
    latin = tuple(a for a in aliases if not _is_arabic(a))
    arabic = tuple(a for a in aliases if _is_arabic(a))
    known = frozenset([name, *aliases])
    return _Entity(
        name=name,
        kind=entry.get("kind") or "",
        parent=entry.get("parent"),
        latin=latin,
        latin_typos=_latin_typos([name, *latin[:3]], known=known, transpose=actor),
        arabic=arabic,
        arabic_typos=_arabic_typos(arabic[:3], known=known),
    )


@cache
def _gazetteer() -> tuple[dict[str, _Entity], dict[str, _Entity]]:
    data: dict[str, list[dict[str, Any]]] = json.loads(GAZETTEER.read_text(encoding="utf-8"))
    places = {e["name"]: _entity(e, actor=False) for e in data["places"]}
    actors = {e["name"]: _entity(e, actor=True) for e in data["actors"]}
    return places, actors


# ----------------------------------------------------------------------------------------------
# Counted nouns and figures
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Noun:
    en_sg: str
    en_pl: str
    ar_one: str  # "one X"
    ar_sg: str  # genitive singular after 100, 200, ...
    ar_acc: str  # accusative singular after 11-99
    ar_pl: str  # plural after 3-10
    ar_dual: str
    ar_def: str  # definite plural after عشرات / مئات; empty: "العشرات"
    ar_masc: bool  # masculine nouns take number words with ة


CIVILIANS = _Noun("civilian", "civilians", "مدني", "مدني", "مدنياً", "مدنيين", "مدنيين", "المدنيين", True)
FIGHTERS = _Noun("fighter", "fighters", "مقاتل", "مقاتل", "مقاتلاً", "مقاتلين", "مقاتلين", "المقاتلين", True)
PEOPLE = _Noun("person", "people", "شخص", "شخص", "شخصاً", "أشخاص", "شخصين", "الأشخاص", True)
OTHERS = _Noun("other", "others", "آخر", "آخرين", "آخرين", "آخرين", "آخرين", "", True)
SUSPECTS = _Noun("suspect", "suspects", "شخص", "شخص", "شخصاً", "أشخاص", "شخصين", "الأشخاص", True)
YOUNG_MEN = _Noun("young man", "young men", "شاب", "شاب", "شاباً", "شبان", "شابين", "الشبان", True)
FAMILIES = _Noun("family", "families", "عائلة", "عائلة", "عائلة", "عائلات", "عائلتين", "العائلات", False)
PROTESTERS = _Noun(
    "protester", "protesters", "متظاهر", "متظاهر", "متظاهراً", "متظاهرين", "متظاهرين", "المتظاهرين", True
)

_EN_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
)  # fmt: skip
_AR_WORDS = {3: "ثلاثة", 4: "أربعة", 5: "خمسة", 6: "ستة", 7: "سبعة", 8: "ثمانية", 9: "تسعة", 10: "عشرة"}
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _lower_bound(n: int) -> int:
    """A round number below n for "more than 50"."""
    step = 10 if n < 200 else 50 if n < 1000 else 100
    return (n - 1) // step * step


def _rounded(n: int) -> int:
    step = 10 if n < 200 else 50 if n < 1000 else 100
    return max(step, (n + step // 2) // step * step)


def _magnitude(n: int) -> int:
    return 2 if n >= 2000 else 1 if n >= 200 else 0


_EN_VAGUE = ("dozens of", "hundreds of", "thousands of")
_AR_VAGUE = ("عشرات", "مئات", "آلاف")


def _ar_agree(n: int, noun: _Noun) -> str:
    """The noun form an Arabic cardinal n takes."""
    tail = n % 100
    if 3 <= tail <= 10:
        return noun.ar_pl
    if 11 <= tail <= 99:
        return noun.ar_acc
    if n == 2:
        return noun.ar_pl
    return noun.ar_sg


# ----------------------------------------------------------------------------------------------
# Templates
# ----------------------------------------------------------------------------------------------
# Placeholders: {a} main actor (perpetrator, new controller, raider, protest organisers), {b} second
# actor (target, loser, victims' side, protest target), {c} supporting actor inside {sup}, {d} the
# denier, {p} place phrase, {k} killed, {w} wounded, {x} arrested / displaced / protesters,
# {when} a date phrase with its leading space (often empty), {noun} the incident, {after} "a day after".

_FIELDS_PARSER = string.Formatter()


@dataclass(frozen=True, slots=True)
class _Template:
    text: str
    fields: frozenset[str]
    figures: bool  # states a count that a conflicting claim can contradict
    attributed: bool  # already names who says it: no "local sources said" appended


_ATTRIBUTION_MARKERS = (" said", "reported", "denied", "dismissed", "أفادت", "مصادر", "نفى")


def _templates(texts: Sequence[str]) -> tuple[_Template, ...]:
    out = []
    for text in texts:
        fields = frozenset(f for _, f, _, _ in _FIELDS_PARSER.parse(text) if f)
        out.append(
            _Template(
                text=text,
                fields=fields,
                figures=bool(fields & {"k", "w", "x"}),
                attributed=any(m in text for m in _ATTRIBUTION_MARKERS),
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _KindSpec:
    name: str
    weight: int
    place_kinds: tuple[str, ...]
    a_pool: tuple[str, ...]  # duplicates weight a name
    b_pool: tuple[str, ...]
    c_pool: tuple[str, ...]
    c_share: float
    killed_mean: float  # 0: no deaths reported
    victims: tuple[_Noun, ...]
    extra: tuple[int, float, tuple[_Noun, ...]] | None  # minimum, mean above it, nouns
    en: tuple[str, ...]
    ar: tuple[str, ...]
    en_deny: tuple[str, ...]
    ar_deny: tuple[str, ...]
    en_noun: str
    ar_noun: str  # definite, attaches to ب
    deny_b: bool = False  # the losing / targeted side denies, not the main actor
    generic_deny: bool = True  # the generic "denied any involvement" wordings fit this kind
    en_after: str = ""  # "the attack" in "a day after the attack"; empty: no aftermath reports


_POPULATED = ("city", "town", "village", "neighbourhood", "camp")
_SITES = ("oil_field", "gas_field", "military_site", "facility", "border_crossing")
_AREAS = ("district", "governorate", "region")

_IS = "Islamic State"
_SDF = "Syrian Democratic Forces"
_DMC = "Deir ez-Zor Military Council"
_SAA = "Syrian Arab Army"
_IRAN_MIL = "Iranian-backed militias"
_COALITION = "Global Coalition"
_TRIBES = ("Deir ez-Zor tribes", "Akidat", "Baggara", "Shaitat")
_GROUND = (
    _IS, _IS, _SDF, _SDF, _DMC, _SAA, _SAA, "National Defence Forces", _IRAN_MIL, _IRAN_MIL, "Hezbollah",
    "Fatemiyoun", "Zainabiyoun", "Popular Mobilization Forces", "47th Regiment",
    "Islamic Revolutionary Guard Corps", "Free Syrian Army", "Syrian National Army", "Pro-Assad forces",
    "People's Protection Units",
)  # fmt: skip
_AIR = (
    _COALITION, _COALITION, "Russian Aerospace Forces", "Russian Aerospace Forces", "Syrian Arab Air Force",
    "United States", "Turkey",
)  # fmt: skip
_SUPPORT = (
    _COALITION,
    "Russian Aerospace Forces",
    "Islamic Revolutionary Guard Corps",
    "Hezbollah",
    "Russia",
)

_GENERIC_EN_DENY = (
    "{d} denied any involvement in the {noun} in {p}{when}, calling the reports fabricated",
    "A spokesman for {d} dismissed reports of the {noun} in {p}{when} as lies",
)
_GENERIC_AR_DENY = (
    "نفى مصدر في {d} صحة الأنباء عن {noun} في {p}{when}، واصفاً إياها بالملفقة",
    "نفى متحدث باسم {d} أي علاقة له ب{noun} في {p}{when}",
)

_KIND_SPECS = (
    _KindSpec(
        name="air_strike",
        weight=20,
        place_kinds=_POPULATED + _SITES + _AREAS,
        a_pool=_AIR,
        b_pool=(
            _IS,
            _IS,
            _IRAN_MIL,
            _IRAN_MIL,
            "Hezbollah",
            "Fatemiyoun",
            "Islamic Revolutionary Guard Corps",
            _SDF,
            _SAA,
            "Popular Mobilization Forces",
            "Pro-Assad forces",
            "National Defence Forces",
        ),
        c_pool=(),
        c_share=0.0,
        killed_mean=9,
        victims=(CIVILIANS, CIVILIANS, FIGHTERS, PEOPLE),
        extra=None,
        en=(
            "Warplanes of {a} struck positions of {b} near {p}{when}, killing {k}",
            "Air strikes attributed to {a} hit {p}{when}; {k} were killed and {w} wounded",
            "{k} were killed in an air raid by {a} on {b} positions in {p}{when}",
            "{a} carried out an air strike on a headquarters of {b} in {p}{when}, "
            "leaving {k} dead and {w} wounded",
            "A drone strike by {a} targeted a vehicle carrying {b} members near {p}{when}, killing {k}",
        ),
        ar=(
            "شنّت طائرات {a} غارات جوية على مواقع {b} في {p}{when}، ما أسفر عن مقتل {k}",
            "مقتل {k} وإصابة {w} بغارات جوية نفذتها طائرات {a} على {p}{when}",
            "قصف جوي لطائرات {a} يستهدف مقراً لعناصر {b} في {p}{when} ويودي بحياة {k}",
        ),
        en_deny=("{d} denied{when} that its aircraft had struck {p}, saying no civilians were hit",),
        ar_deny=("نفى مصدر في {d} تنفيذ أي غارات جوية على {p}{when}",),
        en_noun="air strike",
        ar_noun="الغارة الجوية",
        en_after="the attack",
    ),
    _KindSpec(
        name="capture",
        weight=12,
        place_kinds=("city", "town", "village", "neighbourhood", *_SITES),
        a_pool=(*_GROUND, *_TRIBES[:2]),
        b_pool=(*_GROUND, *_TRIBES[:2]),
        c_pool=_SUPPORT,
        c_share=0.35,
        killed_mean=14,
        victims=(FIGHTERS,),
        extra=None,
        en=(
            "{a}{sup} took control of {p} after clashes with {b}{when}",
            "{a} captured {p} from {b}{when}, killing {k}",
            "{b} withdrew from {p}{when}, leaving the area under the control of {a}",
            "{p} is now fully under the control of {a}, after {b} fighters pulled out{when}",
            "{a} announced{when} the capture of {p} from {b} after a battle that left {k} dead",
        ),
        ar=(
            "سيطرة {a}{sup} على {p}{when} بعد اشتباكات عنيفة مع {b}",
            "أفادت مصادر محلية بانسحاب {b} من {p}{when} ودخول {a} إلى المنطقة",
            "معارك عنيفة تنتهي بسيطرة {a} على {p}{when} ومقتل {k} من {b}",
        ),
        en_deny=("{d} denied{when} that {p} had fallen to {a}, saying its fighters still held their ground",),
        ar_deny=("نفى مصدر في {d} سقوط {p} بيد {a}{when}، مؤكداً أن المقاتلين ما زالوا في مواقعهم",),
        en_noun="takeover",
        ar_noun="السيطرة على المنطقة",
        deny_b=True,
        generic_deny=False,
    ),
    _KindSpec(
        name="clashes",
        weight=18,
        place_kinds=_POPULATED + _SITES + ("region",),
        a_pool=(*_GROUND, *_TRIBES),
        b_pool=(*_GROUND, *_TRIBES),
        c_pool=_SUPPORT,
        c_share=0.2,
        killed_mean=8,
        victims=(FIGHTERS, FIGHTERS, PEOPLE),
        extra=None,
        en=(
            "Heavy clashes broke out between {a} and {b} in {p}{when}, leaving {k} dead",
            "{k} were killed in fighting between {a} and {b}{sup} around {p}{when}",
            "Fighting between {a} and {b} in {p} continued{when}, leaving {k} dead and {w} wounded",
            "{a} attacked positions of {b} near {p}{when}; the fighting killed {k} and wounded {w}",
        ),
        ar=(
            "اندلعت اشتباكات عنيفة بين {a} و{b} في {p}{when}، أسفرت عن مقتل {k}",
            "مقتل {k} في معارك بين {a} و{b}{sup} قرب {p}{when}",
        ),
        en_deny=("{d} denied{when} that there had been any fighting with {b} in {p}",),
        ar_deny=("نفى مصدر في {d} وقوع أي اشتباكات مع {b} في {p}{when}",),
        en_noun="clashes",
        ar_noun="الاشتباكات",
        en_after="the fighting",
    ),
    _KindSpec(
        name="explosion",
        weight=14,
        place_kinds=_POPULATED + _SITES,
        a_pool=(_IS, _IS, _IS, _IS, _IRAN_MIL, "Kurdistan Workers' Party"),
        b_pool=(_SDF, _SDF, _SAA, _COALITION, "National Defence Forces", _DMC, _IRAN_MIL),
        c_pool=(),
        c_share=0.0,
        killed_mean=5,
        victims=(CIVILIANS, PEOPLE, FIGHTERS),
        extra=None,
        en=(
            "An IED targeted a patrol of {b} near {p}{when}, killing {k}",
            "A car bomb exploded in {p}{when}, killing {k} and wounding {w}; {a} claimed responsibility",
            "{a} claimed responsibility for a bomb attack on {b} in {p}{when} that left {k} dead",
            "A landmine left behind by {a} exploded near {p}{when}, killing {k}",
            "An explosion hit a checkpoint of {b} in {p}{when}, killing {k} and wounding {w}",
        ),
        ar=(
            "انفجار عبوة ناسفة بدورية لعناصر {b} قرب {p}{when}، ما أدى إلى مقتل {k}",
            "مقتل {k} وإصابة {w} بانفجار سيارة مفخخة في {p}{when}، ونُسب الهجوم إلى {a}",
        ),
        en_deny=("{d} denied{when} any role in the explosion in {p}",),
        ar_deny=("نفى مصدر في {d} أي دور في التفجير الذي شهدته {p}{when}",),
        en_noun="bombing",
        ar_noun="التفجير",
        en_after="the blast",
    ),
    _KindSpec(
        name="raid",
        weight=12,
        place_kinds=_POPULATED,
        a_pool=(
            _SDF,
            _SDF,
            _COALITION,
            _SAA,
            _DMC,
            _IRAN_MIL,
            "Islamic Revolutionary Guard Corps",
            "National Defence Forces",
            "People's Protection Units",
        ),
        b_pool=(_IS, _IS, _IS, _IS, "Free Syrian Army", _SDF, _IRAN_MIL, "Kurdistan Workers' Party"),
        c_pool=(_COALITION,),
        c_share=0.25,
        killed_mean=0,
        victims=(),
        extra=(2, 12, (SUSPECTS, PEOPLE, YOUNG_MEN)),
        en=(
            "{a}{sup} raided {p}{when} and arrested {x} accused of links to {b}",
            "{x} were detained during a raid by {a} on {p}{when}",
            "{a} launched a security operation in {p}{when} against cells of {b}, detaining {x}",
            "Residents of {p} said {a} arrested {x}{when} in a sweep targeting suspected {b} members",
        ),
        ar=(
            "حملة دهم واعتقالات من قبل {a} في {p}{when} طالت {x} بتهمة الانتماء إلى {b}",
            "اعتقال {x} على يد {a}{sup} خلال حملة مداهمات في {p}{when}",
        ),
        en_deny=("{d} denied{when} arresting civilians in {p}, saying only wanted men had been detained",),
        ar_deny=("نفى مصدر في {d} اعتقال مدنيين في {p}{when}، مؤكداً أن الحملة استهدفت مطلوبين فقط",),
        en_noun="arrest campaign",
        ar_noun="حملة الاعتقالات",
    ),
    _KindSpec(
        name="killing",
        weight=10,
        place_kinds=_POPULATED,
        a_pool=(_IS, _IS, _IS, _IRAN_MIL, _SDF, _SAA, "National Defence Forces"),
        b_pool=(
            _SDF,
            _SDF,
            "Deir ez-Zor Civil Council",
            _DMC,
            "National Defence Forces",
            *_TRIBES,
            "Autonomous Administration of North and East Syria",
            "Pro-Assad forces",
        ),
        c_pool=(),
        c_share=0.0,
        killed_mean=1.2,
        victims=(CIVILIANS, PEOPLE),
        extra=None,
        en=(
            "Gunmen believed to belong to {a} assassinated a commander of {b} in {p}{when}",
            "A senior member of {b} was shot dead in {p}{when}; local sources blamed {a} for the killing",
            "{a} executed {k} in {p}{when}, accusing them of collaborating with {b}",
            "Unknown gunmen killed {k} affiliated with {b} in {p}{when}",
        ),
        ar=(
            "اغتيال قيادي في {b} برصاص مسلحين مجهولين في {p}{when}، "
            "ومصادر محلية تتهم {a} بالوقوف وراء العملية",
            "إعدام {k} على يد {a} في {p}{when} بتهمة التعامل مع {b}",
        ),
        en_deny=("{d} denied{when} that its members had killed anyone in {p}",),
        ar_deny=("نفى مصدر في {d} أي مسؤولية عن عمليات القتل في {p}{when}",),
        en_noun="assassination",
        ar_noun="عملية الاغتيال",
    ),
    _KindSpec(
        name="displacement",
        weight=6,
        place_kinds=("city", "town", "village", "neighbourhood", "district", "region"),
        a_pool=("Russian Aerospace Forces", _SAA, _SAA, _SDF, _IS, "Turkey", _COALITION, _IRAN_MIL),
        b_pool=_GROUND,
        c_pool=(),
        c_share=0.0,
        killed_mean=0,
        victims=(),
        extra=(10, 400, (FAMILIES, FAMILIES, CIVILIANS)),
        en=(
            "{x} fled {p}{when} amid fighting between {a} and {b}",
            "Shelling by {a} forced {x} to leave {p}{when}",
            "Residents of {p} reported{when} that {x} had been displaced by {a} operations",
        ),
        ar=(
            "نزوح {x} من {p}{when} جراء المعارك بين {a} و{b}",
            "موجة نزوح جديدة من {p}{when} بسبب قصف {a}، وشملت {x}",
        ),
        en_deny=("{d} denied{when} that residents had been forced to leave {p}",),
        ar_deny=("نفى مصدر في {d} إجبار الأهالي على مغادرة {p}{when}",),
        en_noun="forced displacement of residents",
        ar_noun="تهجير الأهالي",
    ),
    _KindSpec(
        name="protest",
        weight=8,
        place_kinds=_POPULATED,
        a_pool=_TRIBES,
        b_pool=(
            _SDF,
            _SDF,
            _IRAN_MIL,
            "Syrian government",
            "Autonomous Administration of North and East Syria",
            "Deir ez-Zor Civil Council",
            _COALITION,
            "Turkey",
        ),
        c_pool=(),
        c_share=0.0,
        killed_mean=0,
        victims=(),
        extra=(30, 700, (PROTESTERS,)),
        en=(
            "{x} protested in {p}{when} against the presence of {b}",
            "{a} led protests in {p}{when}, demanding the withdrawal of {b}",
            "Demonstrators in {p} denounced abuses by {b}{when}; {x} joined the protest, organisers said",
            "{x} took to the streets of {p}{when} after a call by {a} to protest against {b}",
        ),
        ar=(
            "خرج {x} في مظاهرة في {p}{when} احتجاجاً على ممارسات {b}",
            "احتجاجات لأبناء {a} في {p}{when} للمطالبة بخروج {b}",
        ),
        en_deny=("{d} denied{when} that its forces had fired on protesters in {p}",),
        ar_deny=("نفى مصدر في {d} إطلاق النار على المتظاهرين في {p}{when}",),
        en_noun="crackdown on protesters",
        ar_noun="قمع المتظاهرين",
        deny_b=True,
    ),
)

# Reports of the death toll a day or more later ("a day after the attack").
_EN_AFTERMATH = (
    "The death toll from the {noun} in {p} has risen to {k}, {after}",
    "Medical sources in {p} said {k} had died {after}",
)
_AR_AFTERMATH = ("ارتفعت حصيلة ضحايا {noun} في {p} إلى {k}، {after}",)
_EN_AFTER = ("", "a day after", "two days after", "three days after")
_AR_AFTER = ("", "بعد يوم من الهجوم", "بعد يومين من الهجوم", "بعد ثلاثة أيام من الهجوم")

_EN_SUPPORT = (", backed by {c},", ", supported by {c},", " with support from {c}")
_AR_SUPPORT = (" بدعم من {c}", " بمساندة {c}")
_EN_ATTRIBUTION = (
    ", local sources said",
    ", activists reported",
    ", according to residents",
    ", a monitoring group said",
    ", according to a statement",
    ", sources on the ground said",
)
_AR_ATTRIBUTION = (
    "، بحسب مصادر محلية",
    "، وفق ناشطين",
    "، وفقاً لمراسلين محليين",
    "، بحسب بيان",
    "، وفق شبكات محلية",
)

# Labels an actor's enemies use, not the actor itself ("Daesh mercenaries", "Assad regime").
_HOSTILE_LABELS = ("mercenar", "gangs", "regime", "Daesh", "Da'esh", "Daish", "مرتزقة", "داعش", "نظام")

# Sides of the war: an event's two actors come from different sides, a supporting actor from the
# main actor's side. Tribes and actors not listed here can be on any side.
_SIDES = {
    "government": (
        "Syrian Arab Army", "Syrian Arab Air Force", "Syrian government", "Pro-Assad forces",
        "National Defence Forces", "Russia", "Russian Aerospace Forces", "Iran",
        "Islamic Revolutionary Guard Corps", "Iranian-backed militias", "Hezbollah", "Fatemiyoun",
        "Zainabiyoun", "Popular Mobilization Forces", "47th Regiment",
    ),
    "sdf": (
        "Syrian Democratic Forces", "Deir ez-Zor Military Council", "People's Protection Units",
        "Kurdistan Workers' Party", "Global Coalition", "United States",
        "Autonomous Administration of North and East Syria", "Syrian Democratic Council",
        "Deir ez-Zor Civil Council",
    ),
    "opposition": ("Free Syrian Army", "Syrian National Army", "Turkey", "Syrian Interim Government"),
    "jihadist": ("Islamic State",),
}  # fmt: skip
_CAMP = {name: side for side, names in _SIDES.items() for name in names}

# Who speaks for an actor when it denies (half of the time; otherwise the actor itself).
_SPOKESMAN = {
    "Syrian Arab Air Force": "Syrian government",
    "Syrian Arab Army": "Syrian government",
    "Pro-Assad forces": "Syrian government",
    "National Defence Forces": "Syrian government",
    "Russian Aerospace Forces": "Russia",
    "Iranian-backed militias": "Iran",
    "Fatemiyoun": "Islamic Revolutionary Guard Corps",
    "People's Protection Units": "Syrian Democratic Forces",
    "Deir ez-Zor Military Council": "Syrian Democratic Forces",
}

# ----------------------------------------------------------------------------------------------
# Dates
# ----------------------------------------------------------------------------------------------

_EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_AR_WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)  # fmt: skip
_AR_MONTHS_LEVANT = (
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
    "تشرين الثاني", "كانون الأول",
)  # fmt: skip
_AR_MONTHS = (
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر",
    "ديسمبر",
)  # fmt: skip
_EN_RELATIVE = (
    (" on {w}", " today", " this morning", " on {w} morning", " earlier today"),
    (" yesterday", " on {w}", " late on {w}", " overnight", " on {w} evening"),
    (" on {w}", " two days ago", " earlier this week"),
    (" on {w}", " three days ago", " last {w}"),
)
_AR_RELATIVE = (
    (" اليوم", " اليوم {w}", " فجر اليوم", " صباح اليوم"),
    (" أمس", " أمس {w}", " مساء أمس", " يوم {w}", " ليل أمس"),
    (" يوم {w}", " قبل يومين", " أول أمس"),
    (" يوم {w}", " قبل ثلاثة أيام", " يوم {w} الماضي"),
)


@dataclass(frozen=True, slots=True)
class _Day:
    iso: str
    weekday: int
    en_absolute: tuple[str, ...]
    ar_absolute: tuple[str, ...]


def _day(d: date) -> _Day:
    w, m = d.weekday(), d.month - 1
    ar_dates = (
        f" في {d.day} {_AR_MONTHS_LEVANT[m]}",
        f" في {d.day} {_AR_MONTHS_LEVANT[m]} {d.year}",
        f" يوم {_AR_WEEKDAYS[w]} {d.day} {_AR_MONTHS_LEVANT[m]}",
        f" بتاريخ {d.day}/{d.month}/{d.year}",
        f" في {d.day} {_AR_MONTHS[m]} {d.year}",
    )
    return _Day(
        iso=d.isoformat(),
        weekday=w,
        en_absolute=(
            f" on {d.day} {_EN_MONTHS[m]} {d.year}",
            f" on {_EN_MONTHS[m]} {d.day}",
            f" on {d.day} {_EN_MONTHS[m]}",
            f" on {_EN_MONTHS[m]} {d.day}, {d.year}",
            f" on {_EN_WEEKDAYS[w]}, {d.day} {_EN_MONTHS[m]}",
        ),
        ar_absolute=ar_dates + tuple(s.translate(_ARABIC_INDIC) for s in ar_dates[:3]),
    )


# ----------------------------------------------------------------------------------------------
# Sources
# ----------------------------------------------------------------------------------------------

_NETWORK_WORDS = (
    "Manara", "Sawt", "Bawaba", "Raya", "Qafila", "Mirsad", "Wamid", "Athar", "Sada", "Nabd", "Hadath",
    "Rased", "Nafidha", "Jisr", "Diwan", "Bayan", "Ufuq", "Mizan", "Ruwad", "Qalam", "Shuruq", "Marsad",
    "Dalil", "Basira", "Jusur", "Anwar", "Fajr", "Sahm", "Ishara", "Waha",
)  # fmt: skip
_NETWORK_SUFFIX = {
    "state_media": "Public Broadcasting",
    "pro_government": "Media Group",
    "partisan": "Press Network",
    "belligerent": "Media Office",
    "independent_monitor": "Monitor",
    "independent_media": "Media Collective",
    "wire_agency": "Wire Service",
}
_OUTLETS = ("News", "TV", "Post", "24", "Telegram", "FM", "Agency", "Observer", "Voice", "Daily", "Online")
# Stances of networks in turn (20 networks for the default 60 sources), and how much each writes in Arabic.
_STANCE_CYCLE = (
    "independent_media", "partisan", "belligerent", "independent_monitor", "pro_government", "state_media",
    "wire_agency", "partisan", "independent_media", "belligerent", "pro_government", "independent_media",
    "state_media", "partisan", "independent_monitor", "belligerent", "wire_agency", "pro_government",
    "independent_media", "partisan",
)  # fmt: skip
_ARABIC_SHARE = {
    "state_media": 0.55,
    "pro_government": 0.40,
    "partisan": 0.25,
    "belligerent": 0.25,
    "independent_monitor": 0.15,
    "independent_media": 0.12,
    "wire_agency": 0.03,
}


@dataclass(frozen=True, slots=True)
class _Source:
    name: str
    stance: str
    network: str
    arabic_share: float


def _sources(rng: Random, count: int) -> tuple[_Source, ...]:
    n_networks = max(1, round(count / 3))
    words = list(_NETWORK_WORDS)
    rng.shuffle(words)
    networks: list[tuple[str, str, str]] = []  # word, name, stance
    for i in range(n_networks):
        word = words[i % len(words)] + ("" if i < len(words) else f" {i // len(words) + 1}")
        stance = _STANCE_CYCLE[i % len(_STANCE_CYCLE)]
        networks.append((word, f"{word} {_NETWORK_SUFFIX[stance]}", stance))
    members = list(range(n_networks)) + [rng.randrange(n_networks) for _ in range(count - n_networks)]
    used: dict[int, int] = {}
    out = []
    for network in members[:count]:
        word, name, stance = networks[network]
        nth = used.get(network, 0)
        used[network] = nth + 1
        outlet = _OUTLETS[nth % len(_OUTLETS)]
        if nth >= len(_OUTLETS):
            outlet += f" {nth // len(_OUTLETS) + 1}"
        out.append(_Source(f"{word} {outlet}", stance, name, _ARABIC_SHARE[stance]))
    return tuple(out)


# ----------------------------------------------------------------------------------------------
# Events and claims
# ----------------------------------------------------------------------------------------------

_PLACE_KIND_WEIGHT = {
    "city": 6, "town": 6, "village": 5, "neighbourhood": 3, "camp": 2, "oil_field": 3, "gas_field": 2,
    "military_site": 3, "facility": 2, "border_crossing": 2, "district": 1, "governorate": 1, "region": 1,
}  # fmt: skip
# Places under these count as eastern Syria; others (Damascus, Idlib, Gaziantep) are rare.
_EAST = frozenset(
    {
        "Deir ez-Zor Governorate",
        "al-Hasakah Governorate",
        "Raqqa Governorate",
        "Homs Governorate",
        "Northeast Syria",
        "al-Jazeera region",
        "Syrian Desert",
        "Khabur valley",
        "Syria-Iraq border",
        "al-Qaim",
    }
)
_NO_PARENT_PHRASE = frozenset({"Syria", "Iraq"})


@dataclass(frozen=True, slots=True)
class _Kind:
    spec: _KindSpec
    places: tuple[_Entity, ...]
    place_cum: tuple[float, ...]
    a_pool: tuple[_Entity, ...]
    b_pool: tuple[_Entity, ...]
    c_pool: tuple[_Entity, ...]
    en: tuple[_Template, ...]
    en_figures: tuple[_Template, ...]
    en_actor: tuple[_Template, ...]
    ar: tuple[_Template, ...]
    ar_figures: tuple[_Template, ...]
    ar_actor: tuple[_Template, ...]
    en_deny: tuple[_Template, ...]
    ar_deny: tuple[_Template, ...]


@dataclass(frozen=True, slots=True)
class _Event:
    number: int
    kind: _Kind
    place: _Entity
    a: _Entity
    b: _Entity
    c: _Entity | None
    day: int  # index into the day table
    killed: int
    wounded: int
    extra: int
    victims: _Noun
    extra_noun: _Noun


class _Generator:
    def __init__(self, seed: int, sources: int) -> None:
        if sources < 1:
            raise ValueError("sources must be at least 1")
        self.rng = Random(seed)
        self.random = self.rng.random
        places, actors = _gazetteer()
        self.places, self.actors = places, actors
        self.sources = _sources(self.rng, sources)
        span = (LAST_DAY - FIRST_DAY).days + 1
        self.n_days = span
        self.days = tuple(_day(FIRST_DAY + timedelta(days=i)) for i in range(span + len(DELAY_CUM)))
        self.kinds = tuple(self._kind(spec) for spec in _KIND_SPECS)
        kind_cum, total = [], 0
        for kind in self.kinds:
            total += kind.spec.weight
            kind_cum.append(total)
        self.kind_cum = tuple(kind_cum)
        self.en_aftermath = _templates(_EN_AFTERMATH)
        self.ar_aftermath = _templates(_AR_AFTERMATH)

    # -- set-up --------------------------------------------------------------------------------

    def _eastern(self, place: _Entity) -> bool:
        seen = 0
        current: _Entity | None = place
        while current is not None and seen < 12:
            if current.name in _EAST:
                return True
            current = self.places.get(current.parent) if current.parent else None
            seen += 1
        return False

    def _pool(self, names: Sequence[str]) -> tuple[_Entity, ...]:
        pool = tuple(self.actors[n] for n in names if n in self.actors)
        if names and not pool:  # a gazetteer without these names: any armed actor
            kinds = {"armed_group", "militia", "state_forces", "coalition"}
            pool = tuple(a for a in self.actors.values() if a.kind in kinds) or tuple(self.actors.values())
        return pool

    def _kind(self, spec: _KindSpec) -> _Kind:
        candidates = (
            [
                p
                for p in self.places.values()
                if p.kind in spec.place_kinds and p.parent is not None and p.kind in _PLACE_KIND_WEIGHT
            ]
            or [p for p in self.places.values() if p.parent is not None]
            or list(self.places.values())
        )
        cum, total = [], 0.0
        for place in candidates:
            total += _PLACE_KIND_WEIGHT.get(place.kind, 1) * (1.0 if self._eastern(place) else 0.1)
            cum.append(total)
        en, ar = _templates(spec.en), _templates(spec.ar)
        return _Kind(
            spec=spec,
            places=tuple(candidates),
            place_cum=tuple(cum),
            a_pool=self._pool(spec.a_pool),
            b_pool=self._pool(spec.b_pool),
            c_pool=self._pool(spec.c_pool),
            en=en,
            en_figures=tuple(t for t in en if t.figures) or en,
            en_actor=tuple(t for t in en if "a" in t.fields) or en,
            ar=ar,
            ar_figures=tuple(t for t in ar if t.figures) or ar,
            ar_actor=tuple(t for t in ar if "a" in t.fields) or ar,
            en_deny=_templates(spec.en_deny + (_GENERIC_EN_DENY if spec.generic_deny else ())),
            ar_deny=_templates(spec.ar_deny + (_GENERIC_AR_DENY if spec.generic_deny else ())),
        )

    # -- events --------------------------------------------------------------------------------

    def _pick_against(self, pool: Sequence[_Entity], enemy: _Entity, *avoid: _Entity) -> _Entity:
        """An actor from `pool` on another side than `enemy` (any other actor if none is found)."""
        camp = _CAMP.get(enemy.name)
        choice = enemy
        for attempt in range(16):
            choice = pool[int(self.random() * len(pool))]
            if choice is enemy or choice in avoid:
                continue
            if camp is None or _CAMP.get(choice.name) != camp or attempt >= 12:
                return choice
        return choice

    def _pick_ally(self, pool: Sequence[_Entity], friend: _Entity, enemy: _Entity) -> _Entity | None:
        camp = _CAMP.get(friend.name)
        allies = [
            x for x in pool if camp and _CAMP.get(x.name) == camp and x is not friend and x is not enemy
        ]
        return allies[int(self.random() * len(allies))] if allies else None

    def event(self, number: int) -> _Event:
        rng, random = self.rng, self.random
        kind = rng.choices(self.kinds, cum_weights=self.kind_cum)[0]
        spec = kind.spec
        place = rng.choices(kind.places, cum_weights=kind.place_cum)[0]
        a = kind.a_pool[int(random() * len(kind.a_pool))]
        b = self._pick_against(kind.b_pool, a)
        c = self._pick_ally(kind.c_pool, a, b) if kind.c_pool and random() < spec.c_share else None
        killed = wounded = extra = 0
        if spec.killed_mean:
            killed = min(900, 1 + int(rng.expovariate(1 / spec.killed_mean)))
            wounded = 1 + int(killed * (0.3 + 2 * random()))
        victims = spec.victims[int(random() * len(spec.victims))] if spec.victims else PEOPLE
        extra_noun = PEOPLE
        if spec.extra:
            low, mean, nouns = spec.extra
            extra = min(20_000, low + int(rng.expovariate(1 / mean)))
            extra_noun = nouns[int(random() * len(nouns))]
        return _Event(
            number=number,
            kind=kind,
            place=place,
            a=a,
            b=b,
            c=c,
            day=int(random() * self.n_days),
            killed=killed,
            wounded=wounded,
            extra=extra,
            victims=victims,
            extra_noun=extra_noun,
        )

    # -- wording -------------------------------------------------------------------------------

    def name(self, entity: _Entity, arabic: bool) -> str:
        r = self.random()
        if arabic:
            if not entity.arabic:
                return entity.name
            if r < 0.88 or not entity.arabic_typos:
                return entity.arabic[int(self.random() * len(entity.arabic))]
            return entity.arabic_typos[int(self.random() * len(entity.arabic_typos))]
        if r < 0.3 or not entity.latin:
            return entity.name
        if r < 0.87 or not entity.latin_typos:
            return entity.latin[int(self.random() * len(entity.latin))]
        return entity.latin_typos[int(self.random() * len(entity.latin_typos))]

    def own_name(self, actor: _Entity, arabic: bool) -> str:
        """How an actor names itself (in a denial): a variant without a hostile label."""
        for _ in range(4):
            text = self.name(actor, arabic)
            if not any(marker in text for marker in _HOSTILE_LABELS):
                return text
        if arabic:
            return next((n for n in actor.arabic if not any(m in n for m in _HOSTILE_LABELS)), actor.name)
        return actor.name

    def place_phrase(self, place: _Entity, arabic: bool) -> str:
        text = self.name(place, arabic)
        if self.random() < 0.25 and place.parent and place.parent not in _NO_PARENT_PHRASE:
            parent = self.places.get(place.parent)
            if parent is not None:
                if arabic and parent.arabic:
                    return f"{text} ب{self.name(parent, True)}"
                if not arabic:
                    return f"{text}, {self.name(parent, False)}"
        return text

    def en_count(self, n: int, noun: _Noun) -> str:
        r = self.random()
        if n == 1:
            return ("one " if r < 0.6 else "a ") + noun.en_sg
        if n >= 24 and r < 0.12:
            return f"{_EN_VAGUE[_magnitude(n)]} {noun.en_pl}"
        if r < 0.42:
            return f"at least {n:,} {noun.en_pl}"
        if r < 0.54 and n > 10:
            return f"more than {_lower_bound(n):,} {noun.en_pl}"
        if r < 0.62 and n > 14:
            return f"{'around' if r < 0.58 else 'some'} {_rounded(n):,} {noun.en_pl}"
        if n <= 12 and r > 0.7:
            return f"{_EN_WORDS[n]} {noun.en_pl}"
        return f"{n:,} {noun.en_pl}"

    def ar_count(self, n: int, noun: _Noun) -> str:
        r = self.random()
        if n == 1:
            return noun.ar_one
        if n == 2:
            return noun.ar_dual
        if n >= 24 and r < 0.12:
            vague = _AR_VAGUE[_magnitude(n)]
            return f"{vague} {noun.ar_def}" if noun.ar_def else "ال" + vague
        if n <= 10 and noun.ar_masc and r > 0.75:
            return f"{_AR_WORDS[n]} {noun.ar_pl}"
        prefix, shown = "", n
        if r < 0.35:
            prefix = "ما لا يقل عن "
        elif r < 0.47 and n > 10:
            prefix, shown = "أكثر من ", _lower_bound(n)
        elif r < 0.55 and n > 14:
            prefix, shown = "نحو ", _rounded(n)
        digits = str(shown).translate(_ARABIC_INDIC) if self.random() < 0.3 else str(shown)
        return f"{prefix}{digits} {_ar_agree(shown, noun)}"

    def when(self, day: int, delay: int, arabic: bool) -> str:
        r = self.random()
        if r < 0.6:
            return ""
        info = self.days[day]
        if r < 0.8:
            options = (_AR_RELATIVE if arabic else _EN_RELATIVE)[delay]
            phrase = options[int(self.random() * len(options))]
            return phrase.format(w=(_AR_WEEKDAYS if arabic else _EN_WEEKDAYS)[info.weekday])
        absolute = info.ar_absolute if arabic else info.en_absolute
        return absolute[int(self.random() * len(absolute))]

    # -- claims --------------------------------------------------------------------------------

    def claim(self, number: int, event: _Event, source: _Source) -> dict[str, object]:
        random = self.random
        kind, spec = event.kind, event.kind.spec
        arabic = random() < source.arabic_share
        r = random() * 100
        delay = 0 if r < DELAY_CUM[0] else 1 if r < DELAY_CUM[1] else 2 if r < DELAY_CUM[2] else 3
        twist = random()
        a, b, c = event.a, event.b, event.c
        killed, wounded, extra = event.killed, event.wounded, event.extra
        denier: _Entity | None = None
        if twist < DENY:
            denier = b if spec.deny_b else a
            spokesman = _SPOKESMAN.get(denier.name)
            if spokesman in self.actors and random() < 0.5:
                denier = self.actors[spokesman]
            pool = kind.ar_deny if arabic else kind.en_deny
        elif twist < CONFLICTING_FIGURES:
            factor = 0.3 + 0.4 * random() if random() < 0.5 else 1.5 + 1.5 * random()
            killed, wounded, extra = (self._conflicting(v, factor) for v in (killed, wounded, extra))
            pool = kind.ar_figures if arabic else kind.en_figures
        elif twist < OTHER_ACTOR:
            a = self._pick_against(kind.a_pool, b, a)
            pool = kind.ar_actor if arabic else kind.en_actor
        elif delay and spec.en_after and killed and random() < 0.3:
            pool = self.ar_aftermath if arabic else self.en_aftermath
        else:
            pool = kind.ar if arabic else kind.en
        template = pool[int(random() * len(pool))]
        fields = template.fields

        values: dict[str, str] = {"p": self.place_phrase(event.place, arabic)}
        mentioned: list[str] = []
        if "a" in fields:
            values["a"] = self.name(a, arabic)
            mentioned.append(a.name)
        if "b" in fields:
            values["b"] = self.name(b, arabic)
            mentioned.append(b.name)
        if "d" in fields and denier is not None:
            values["d"] = self.own_name(denier, arabic)
            mentioned.append(denier.name)
        if "sup" in fields:
            values["sup"] = ""
            if c is not None and random() < 0.7:
                support = _AR_SUPPORT if arabic else _EN_SUPPORT
                values["sup"] = support[int(random() * len(support))].format(c=self.name(c, arabic))
                mentioned.append(c.name)
        count = self.ar_count if arabic else self.en_count
        if "k" in fields:
            values["k"] = count(killed, event.victims)
        if "w" in fields:
            values["w"] = count(wounded, OTHERS)
        if "x" in fields:
            values["x"] = count(extra, event.extra_noun)
        if "noun" in fields:
            values["noun"] = spec.ar_noun if arabic else spec.en_noun
        if "after" in fields:
            values["after"] = _AR_AFTER[delay] if arabic else f"{_EN_AFTER[delay]} {spec.en_after}"
        values["when"] = self.when(event.day, delay, arabic) if "when" in fields else ""

        text = template.text.format_map(values)
        if not template.attributed and random() < 0.35:
            attribution = _AR_ATTRIBUTION if arabic else _EN_ATTRIBUTION
            text += attribution[int(random() * len(attribution))]
        if arabic:
            text += "."
        else:
            text = text[0].upper() + text[1:] + "."

        claim: dict[str, object] = {
            "id": f"syn-{number}",
            "text": text,
            "source": source.name,
            "stance": source.stance,
            "network": source.network,
            "language": "ar" if arabic else "en",
            "published": self.days[event.day + delay].iso,
        }
        if random() < EVENT_DATE_SHARE:
            claim["event_date"] = self.days[event.day].iso
        if random() < PLACES_SHARE:
            claim["places"] = [event.place.name]
        if mentioned and random() < ACTORS_SHARE:
            claim["actors"] = list(dict.fromkeys(mentioned))
        claim["event"] = event.number
        return claim

    @staticmethod
    def _conflicting(value: int, factor: float) -> int:
        if not value:
            return 0
        changed = max(1, round(value * factor))
        return changed if changed != value else value + max(1, value // 2)

    def claims(self, count: int) -> Iterator[dict[str, object]]:
        rng = self.rng
        sizes = range(1, len(CLAIMS_PER_EVENT_CUM) + 1)
        n_sources = len(self.sources)
        number = event_number = 0
        while number < count:
            event_number += 1
            event = self.event(event_number)
            size = min(rng.choices(sizes, cum_weights=CLAIMS_PER_EVENT_CUM)[0], n_sources)
            # Draw the whole event even when `count` cuts it short: a smaller count is then an
            # exact prefix of a larger one with the same seed.
            for index in rng.sample(range(n_sources), size):
                if number == count:
                    return
                number += 1
                yield self.claim(number, event, self.sources[index])


def generate_claims(count: int, *, seed: int = 7, sources: int = 60) -> Iterator[dict[str, object]]:
    """Yield exactly `count` synthetic claims (import-format dicts), in clusters of same-event claims.

    Deterministic for a given (count, seed, sources); a larger count extends a smaller one. Each dict
    has id, text, source, stance, network, language, published, event (ground truth) and, for some,
    event_date, places and actors.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    return _Generator(seed, sources).claims(count)


def _write(out: TextIO, count: int, seed: int) -> None:
    encode = json.JSONEncoder(ensure_ascii=False).encode
    write = out.write
    for claim in generate_claims(count, seed=seed):
        write(encode(claim) + "\n")


def write_jsonl(path: Path, count: int, *, seed: int = 7) -> None:
    """Write `count` synthetic claims to `path` as JSON Lines (UTF-8), one claim per line."""
    with Path(path).open("w", encoding="utf-8") as out:
        _write(out, count, seed)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("count", type=int, help="number of claims")
    parser.add_argument("-o", "--output", type=Path, help="JSONL file to write (default: stdout)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("COUNT must not be negative")
    start = time.perf_counter()
    if args.output is None:
        if isinstance(sys.stdout, io.TextIOWrapper):
            sys.stdout.reconfigure(encoding="utf-8")
        try:
            _write(sys.stdout, args.count, args.seed)
            sys.stdout.flush()
        except BrokenPipeError:  # `| head`: the reader has gone, which is fine
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
    else:
        write_jsonl(args.output, args.count, seed=args.seed)
    seconds = time.perf_counter() - start
    print(f"{args.count:,} claims in {seconds:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
