"""Text normalisation for matching across spellings and scripts.

Two levels:

* `normalize_text` folds a whole claim for search: case, Arabic letter variants, diacritics,
  tatweel, punctuation and white space. Words stay words.
* `normalize_name` folds a place or actor name further, so transliteration variants meet:
  "Deir ez-Zor", "Deir Ezzor", "Dayr az-Zawr" and "Dier Ezzor" all become "dirzr"-like keys.
  It is lossy on purpose and only used to compare names.
"""

from __future__ import annotations

import re
import unicodedata

# Arabic: alef forms to bare alef, ta marbuta to ha, alef maqsura to ya, hamza carriers to the
# letter they sit on; diacritics (harakat, shadda, sukun, superscript alef) and tatweel removed.
_ARABIC_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        "ء": "",
        "ـ": "",  # tatweel
        "گ": "ك",
        "ک": "ك",
        "ی": "ي",
        "٠": "0",
        "١": "1",
        "٢": "2",
        "٣": "3",
        "٤": "4",
        "٥": "5",
        "٦": "6",
        "٧": "7",
        "٨": "8",
        "٩": "9",
    }
)
_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_PUNCT = re.compile(r"[^\w\s]+", re.UNICODE)
_SPACE = re.compile(r"\s+")
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
_LATIN_LETTER = re.compile("[A-Za-z]")


def fold_arabic(text: str) -> str:
    return _ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_FOLD)


def strip_latin_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():  # no accent to strip: most Latin texts, at a tenth of the walk below
        return decomposed
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) or _ARABIC_LETTER.match(ch))


def normalize_text(text: str) -> str:
    """Fold a claim's text for search and comparison; keeps word boundaries."""
    text = unicodedata.normalize("NFKC", text)
    text = fold_arabic(text)
    text = strip_latin_accents(text).casefold()
    # Apostrophes and ayn/hamza marks inside transliterations ("Talai'e", "Da'esh") join the word.
    text = re.sub(r"[\u2018\u2019'`ʿʾ]", "", text)
    text = _PUNCT.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


# Latin transliteration variants of Arabic names, folded to one key. Order matters: longer
# patterns first. The result is a comparison key, never shown to anyone.
_LATIN_ARTICLE = re.compile(r"\b(?:a[lnrsdtz]|e[lnrsdtz]|u[lnrsdtz])[- ](?=\w)")
_LATIN_SWAPS: tuple[tuple[str, str], ...] = (
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ei", "i"),
    ("ey", "i"),
    ("ay", "i"),
    ("ai", "i"),
    ("ie", "i"),
    ("aw", "u"),
    ("dh", "z"),
    ("th", "t"),
    ("kh", "h"),
    ("gh", "g"),
    ("sh", "s"),
    ("q", "k"),
    ("ck", "k"),
    ("c", "k"),
    ("j", "g"),
    ("y", "i"),
    ("e", "a"),
    ("o", "u"),
    ("w", "u"),
)
_DOUBLED = re.compile(r"(\w)\1+")


def normalize_name(name: str) -> str:
    """A comparison key for a place or actor name, across transliterations and scripts."""
    text = normalize_text(name.replace("-", " - "))
    if _ARABIC_LETTER.search(text):
        # Arabic script: drop the article ال at word starts and all spaces.
        words = [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in text.split()]
        return "".join(words)
    text = " ".join(text.split())
    # "al-Bukamal", "el Bokmal", "ad-Dayr": drop the article, in its sun-letter forms too.
    text = _LATIN_ARTICLE.sub("", name_words_with_hyphens(name))
    text = normalize_text(text).replace(" ", "")
    for old, new in _LATIN_SWAPS:
        text = text.replace(old, new)
    # "Albu Kamal", "Albukamal": the article fused to the name.
    if text.startswith("al") and len(text) > 6:
        text = text[2:]
    # A consonant skeleton: vowels are where transliterations disagree most.
    skeleton = re.sub(r"[aiuh]", "", text[1:])
    text = _DOUBLED.sub(r"\1", text[:1] + skeleton)
    return text if len(text) >= 3 else _DOUBLED.sub(r"\1", normalize_text(name).replace(" ", ""))


def name_words_with_hyphens(name: str) -> str:
    """Lower-cased, accents off, hyphens kept so the article rule can see them."""
    text = strip_latin_accents(unicodedata.normalize("NFKC", name)).casefold()
    return re.sub(r"[\u2018\u2019'`ʿʾ]", "", text)


def script_of(text: str) -> str:
    """'arabic', 'latin' or 'mixed'/'' by which letters the text holds."""
    arabic = bool(_ARABIC_LETTER.search(text))
    latin = bool(_LATIN_LETTER.search(text))
    if arabic and latin:
        return "mixed"
    if arabic:
        return "arabic"
    if latin:
        return "latin"
    return ""


def guess_language(text: str) -> str:
    """'ar' for text that is mostly Arabic script, 'en' for Latin script, '' when unclear."""
    arabic = len(_ARABIC_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    if arabic == latin == 0:
        return ""
    return "ar" if arabic >= latin else "en"
