"""`ittifak serve`: resources and the ontology by content negotiation, pages, named queries.

Expected answers come from the paper's data: TİKA is organisation:tika in data/organisations.ttl
(lines 226-235: labels "TİKA"@tr / "TIKA"@en, altLabel "EKETİB", founded "1992-01-27", passages
paper-L724-732 …, read from the paper's lines 724-728, "Türkiye İş birliği ve Kalkınma Ajansı
(TİKA) diğer adı ile … (EKETİB) 27 Ocak 1992"). The Trade and Economic Cooperation Agreement
was signed "1992-11-02" (data/agreements.ttl:455, passage paper-L262-282).
"""

from __future__ import annotations

import json

import httpx
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDFS, SKOS

from conftest import paper_lines
from ittifak.portal.conneg import negotiate, parse_accept

ID = "https://w3id.org/ittifak/id/"
ITT = Namespace("https://w3id.org/ittifak/ontology#")
TIKA = URIRef(ID + "organisation/tika")


def get(base, path, accept=None, **params):
    return httpx.get(base + path, headers={"Accept": accept} if accept else {}, params=params, timeout=30)


def test_accept_parsing_honours_q_values_and_specificity():
    assert parse_accept("text/turtle;q=0.5, application/ld+json") == [("text", "turtle", 0.5),
                                                                     ("application", "ld+json", 1.0)]
    offers = ["text/html", "text/turtle", "application/ld+json"]
    assert negotiate("text/turtle;q=0.5, application/ld+json", offers) == "application/ld+json"
    assert negotiate("text/*;q=0.3, text/turtle;q=0.9, */*;q=0.1", offers) == "text/turtle"
    assert negotiate("*/*, text/html;q=0", offers) == "text/turtle"  # html refused, first other offer
    assert negotiate(None, offers) == "text/html"
    assert negotiate("image/png", offers) is None
    assert negotiate("text/turtle;q=0", offers) is None


@pytest.mark.parametrize("accept, media", [
    ("text/turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    ("application/n-triples", "application/n-triples"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("text/turtle;q=0.4, application/ld+json;q=0.8", "application/ld+json"),
    ("application/rdf+xml;q=0.9, text/turtle", "text/turtle"),
])
def test_a_resource_is_served_in_the_format_asked_for_and_parses(base, accept, media):
    r = get(base, "/id/organisation/tika", accept)
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    assert "Accept" in r.headers["vary"]
    rdflib_format = {"text/turtle": "turtle", "application/ld+json": "json-ld",
                     "application/n-triples": "nt", "application/rdf+xml": "xml"}[media]
    g = Graph().parse(data=r.content, format=rdflib_format)
    # data/organisations.ttl:227-228, the paper's lines 724-726
    assert (TIKA, RDFS.label, Literal("TİKA", lang="tr")) in g
    assert (TIKA, SKOS.altLabel, Literal("EKETİB", lang="tr")) in g
    assert (TIKA, ITT.statedIn, URIRef(ID + "passage/paper-L724-732")) in g
    # what links to it comes too: the 1994 pre-protocol names TİKA as a party (paper line 769)
    assert (URIRef(ID + "agreement/1994-trt-tika-pre-protocol"), ITT.party, TIKA) in g


def test_html_is_the_default_and_406_when_nothing_fits(base):
    assert get(base, "/id/organisation/tika").headers["content-type"].startswith("text/html")
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert get(base, "/id/organisation/tika", browser).headers["content-type"].startswith("text/html")
    refused = get(base, "/id/organisation/tika", "image/png, text/turtle;q=0")
    assert refused.status_code == 406
    assert refused.headers["vary"] == "Accept"
    assert "text/turtle" in refused.text and refused.text.startswith("error: ")


def test_the_representation_is_named_and_can_be_asked_for_by_extension(base):
    r = get(base, "/id/organisation/tika", "text/turtle")
    assert r.headers["content-location"] == "/id/organisation/tika.ttl"
    by_name = get(base, "/id/organisation/tika.jsonld")
    assert by_name.headers["content-type"].startswith("application/ld+json")
    assert any(node.get("@id") == str(TIKA) for node in json.loads(by_name.text))


def test_unknown_resources_are_404(base):
    r = get(base, "/id/organisation/no-such-thing")
    assert r.status_code == 404 and "no-such-thing" in r.text


def test_the_ontology_negotiates_too(base):
    g = Graph().parse(data=get(base, "/ontology", "text/turtle").text, format="turtle")
    assert (ITT.citedSource, RDFS.label, Literal("kaynak", lang="tr")) in g
    assert get(base, "/ontology", "application/ld+json;q=0.2, application/n-triples;q=0.1") \
        .headers["content-type"].startswith("application/ld+json")
    assert get(base, "/ontology", "text/csv").status_code == 406
    page = get(base, "/ontology").text
    assert 'id="itt-PublicAgency"' in page


def test_resource_page_shows_names_facts_dates_sources_passages_and_links(base):
    page = get(base, "/id/organisation/tika").text
    for text in ("TİKA", "TIKA", "EKETİB", "Türkiye İş birliği ve Kalkınma Ajansı",
                 "27 Ocak 1992", "27 January 1992",            # itt:foundingDate "1992-01-27"
                 'href="/id/state/turkey"',                    # itt:inPolity, linked
                 'href="/id/doc/bca-30-18-1-2-825-762-5"',     # itt:citedSource
                 "satır 724–732", "lines 724–732",             # itt:statedIn paper-L724-732
                 'href="/id/agreement/1994-trt-tika-pre-protocol"',  # what links here
                 "SELECT ?this ?p ?o WHERE { ?this ?p ?o }"):  # the SPARQL behind the page
        assert text in page, text


@pytest.mark.parametrize("path, tr, en", [
    ("agreement/1992-trade-economic-cooperation", "2 Kasım 1992", "2 November 1992"),   # agreements.ttl:455
    ("agreement/1990-turkey-ussr-cultural-scientific-exchange", "Haziran 1990", "June 1990"),  # :211
])
def test_dates_are_shown_at_their_precision(base, path, tr, en):
    page = get(base, "/id/" + path).text
    assert f'lang="tr">{tr}<' in page and f'lang="en">{en}<' in page
    facts = page[page.index('<table class="facts">'):page.index("</table>")]  # attestations' labels may hold ISO dates
    assert "1992-11-02" not in facts and "1990-06<" not in facts


def test_durations_read_as_words(base):
    page = get(base, "/id/agreement/1992-trade-economic-cooperation").text  # P10Y, P5Y: agreements.ttl:457-458
    assert 'lang="tr">10 yıl<' in page and 'lang="en">10 years<' in page
    assert 'lang="tr">5 yıl<' in page and 'lang="en">5 years<' in page


def test_class_indexes_have_counts_and_link_their_members(base, portal):
    home = get(base, "/").text
    people = next(c for c in portal.classes() if c.local == "Person")
    assert people.count == 48  # README: 48 people
    assert 'href="/class/Person"' in home and f">{people.count}<" in home
    page = get(base, "/class/Person").text
    assert 'href="/id/person/suleyman-demirel"' in page
    assert get(base, "/class/NoSuchClass").status_code == 404


def test_named_queries_are_urls_with_bound_parameters(base):
    r = get(base, "/queries/agreements", "text/csv", year="1992")
    assert r.status_code == 200
    assert f"{ID}agreement/1992-trade-economic-cooperation" in r.text
    assert f"{ID}agreement/1992-visa-exemption-protocol" in r.text      # signed "1992" (agreements.ttl:354)
    assert "1990-turkey-ussr" not in r.text
    html = get(base, "/queries/agreements", year="1992").text
    assert 'href="/id/agreement/1992-trade-economic-cooperation"' in html


def test_named_query_errors_are_one_line_and_values_are_never_pasted(base):
    unknown = get(base, "/queries/agreements", bogus="1")
    assert unknown.status_code == 400
    assert unknown.text.strip() == ("error: unknown parameter 'bogus' for query agreements "
                                    "(its parameters: domain, lang, party, year)")
    hostile = get(base, "/queries/actor-links", "text/csv", actor='x" } ; DROP ALL ; { "')
    assert hostile.status_code == 400 and len(hostile.text.strip().splitlines()) == 1
    assert get(base, "/queries/no-such-query").status_code == 404


def test_the_passage_a_page_cites_is_where_the_paper_says_it(base):
    """TİKA's page cites lines 724–732; those lines of the paper name TİKA, EKETİB and the date."""
    page = get(base, "/id/organisation/tika").text
    assert 'href="/id/passage/paper-L724-732"' in page
    passage = get(base, "/id/passage/paper-L724-732", "text/turtle").text
    assert "lineStart" in passage and "724" in passage and "732" in passage
    text = paper_lines(724, 732)  # skips when the paper is absent
    assert "(TİKA)" in text and "(EKETİB)" in text and "27 Ocak 1992" in text
