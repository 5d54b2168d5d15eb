import pytest

from claims.matching.normalize import guess_language, normalize_name, normalize_text


@pytest.mark.parametrize(
    "variants",
    [
        ["Deir ez-Zor", "Deir Ezzor", "Dayr az-Zawr", "Dier Ezzor", "Deir-ez-Zor", "Deir al-Zour"],
        ["al-Bukamal", "Albu Kamal", "al-Bokmal", "Albukamal"],
        ["al-Mayadeen", "Mayadin", "al-Mayadin"],
        ["Hezbollah", "Hizbollah", "Hizballah"],
        ["دير الزور", "دَيْرُ الزُّور"],
    ],
)
def test_transliteration_variants_share_one_name_key(variants: list[str]) -> None:
    keys = {normalize_name(variant) for variant in variants}
    assert len(keys) == 1, dict(zip(variants, map(normalize_name, variants), strict=True))


def test_different_oil_fields_keep_different_keys() -> None:
    assert normalize_name("al-Omar oil field") != normalize_name("al-Tanak oil field")


def test_arabic_text_folds_hamza_alef_ta_marbuta_diacritics_and_tatweel() -> None:
    assert normalize_text("أعلنَ الجيشُ سيطرتهُ على مدينةِ البوكمـــال") == "اعلن الجيش سيطرته علي مدينه البوكمال"
    assert normalize_text("إدلب") == normalize_text("ادلب")


def test_latin_text_folds_case_accents_and_punctuation() -> None:
    assert normalize_text("Al-Bukamal: ISIS RETOOK the town!") == "al bukamal isis retook the town"
    assert normalize_text("Talai'e") == "talaie"


def test_language_is_guessed_from_script() -> None:
    assert guess_language("قوات سوريا الديمقراطية") == "ar"
    assert guess_language("Syrian Democratic Forces") == "en"
    assert guess_language("2017") == ""
