"""Loading: good files load; bad files are named with their line and nothing is half-loaded."""

from __future__ import annotations

import pytest
from rdflib import Graph

from ittifak.core.errors import InputError
from ittifak.core.load import parse_file
from ittifak.store import open_store


@pytest.fixture(params=["memory", "oxigraph"])
def store(request):
    return open_store(request.param)


def test_malformed_turtle_names_file_and_line(tmp_path, store):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e "unterminated\n',
                   encoding="utf-8")
    with pytest.raises(InputError) as err:
        store.load([bad])
    assert str(bad) in str(err.value)
    assert ":3" in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        parse_file(Graph(), tmp_path / "nope.ttl")


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        parse_file(Graph(), empty)


def test_wrong_extension(tmp_path):
    odd = tmp_path / "data.txt"
    odd.write_text("<http://a> <http://b> <http://c> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown RDF file extension"):
        parse_file(Graph(), odd)


def test_not_utf8_names_line(tmp_path):
    latin = tmp_path / "latin.ttl"
    latin.write_bytes(b'<http://a> <http://b> "ok" .\n<http://a> <http://b> "T\xfcrkiye" .\n')
    with pytest.raises(InputError, match=r"latin.ttl:2: not UTF-8"):
        parse_file(Graph(), latin)


def test_an_escaped_lone_surrogate_is_malformed_on_both_stores(tmp_path, store):
    # rdflib made "\uD800" a lone surrogate, and `ittifak centrality --format json` crashed
    # printing it (UnicodeEncodeError); Oxigraph refused it
    ttl = tmp_path / "half.ttl"
    ttl.write_text('<http://a> <http://b> "ok \\\\uD800" .\n<http://a> <http://b> "x \\uD800 y" .\n',
                   encoding="utf-8")
    with pytest.raises(InputError, match=r"half.ttl:2: malformed RDF"):
        store.load([ttl])


def test_an_escaped_backslash_before_u_is_no_surrogate(tmp_path):
    ttl = tmp_path / "backslash.ttl"
    ttl.write_text('<http://a> <http://b> "C:\\\\uD800" .\n', encoding="utf-8")
    assert parse_file(Graph(), ttl) == 1


def test_turkish_letters_survive_both_stores(tmp_path, store):
    ttl = tmp_path / "tr.ttl"
    text = "İ ı Ş ş Ğ ğ Ç ç Ö ö Ü ü"
    ttl.write_text(f'<http://example.org/x> <http://www.w3.org/2000/01/rdf-schema#label> "{text}"@tr .\n',
                   encoding="utf-8")
    store.load([ttl])
    rows = store.query("SELECT ?l WHERE { ?s ?p ?l }").rows
    assert str(rows[0][0]) == text
