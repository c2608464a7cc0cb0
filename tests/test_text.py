"""Turkish-aware matching: one name, however it is cased or typed."""

from ittifak.core.text import match_key, slug, tr_lower


def test_tika_is_one_name():
    assert match_key("TİKA") == match_key("Tika") == match_key("tika")


def test_dotless_i_lowercases_by_turkish_rules():
    assert tr_lower("KIRGIZİSTAN") == "kırgızistan"


def test_elcibey_typed_without_turkish_letters():
    assert match_key("ELÇİBEY") == match_key("Elcibey")


def test_different_names_stay_apart():
    assert match_key("Faik Koç") != match_key("Ergün Koç")


def test_slug_folds_turkish_letters():
    assert slug("Şakir Dorukkaya") == "sakir-dorukkaya"
    assert slug("İsmail Dinçer") == "ismail-dincer"
