"""Turkish-aware matching: one name, however it is cased or typed."""

import pytest
from rdflib import XSD, Literal

from ittifak.core.text import match_key, slug, tr_lower
from ittifak.validation.literals import ill_typed


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


def test_dotless_and_dotted_i_fold_to_the_same_ascii_i_in_python():
    # The paper writes "Mutalıbov" (dotless ı) and "İslam" (dotted capital İ); a user types
    # "mutalibov" and "islam". Without the ı → i fold, these keys would differ.
    assert match_key("Mutalıbov") == match_key("MUTALIBOV") == match_key("mutalibov") == "mutalibov"
    assert match_key("İslam") == match_key("islam") == "islam"
    assert match_key("ISPARTA") == "isparta"  # I lowers to ı by Turkish rules, then folds to i
    assert tr_lower("IĞDIR") == "ığdır" and match_key("IĞDIR") == "igdir"


@pytest.mark.parametrize(("lexical", "datatype", "bad"), [
    ("1992", "gYear", False), ("-0044", "gYear", False), ("1992Z", "gYear", False),
    ("19x2", "gYear", True), ("92", "gYear", True), ("1992-11", "gYear", True),
    ("1992-11", "gYearMonth", False), ("1992-01+03:00", "gYearMonth", False),
    ("1992-13", "gYearMonth", True), ("1992-00", "gYearMonth", True), ("1992-1", "gYearMonth", True),
    ("1992-11-02", "date", False), ("1990-06-31", "date", True),  # the paper's "31 Haziran 1990"
])
def test_partial_dates_are_checked_by_their_own_rules(lexical, datatype, bad):
    """rdflib leaves gYear/gYearMonth unchecked (ill_typed is None): the validator checks them."""
    assert ill_typed(Literal(lexical, datatype=XSD[datatype])) is bad
