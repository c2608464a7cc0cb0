"""Competency questions on statement-level sourcing, treaty life and disputes: SPARQL over the graph
gives the answer the paper gives.

Each test names the lines of ../shared/sources/turkey-azerbaijan-1990-1993.txt it rests on.
They run on both local stores, so the data answers the same on rdflib and on Oxigraph.
"""

from __future__ import annotations

from rdflib import URIRef

from conftest import select
from ittifak.query.named import shorten
from ittifak.query.run import run_named


def supporting(store, resource, prop, value):
    """The sources and passages of the attestation of one statement, as CURIEs."""
    rows = select(store, f"""
        SELECT ?s WHERE {{ ?a itt:attestationOf {resource} ; itt:attestedProperty {prop} .
          {{ ?a itt:attestedValue {value} }} UNION {{ ?a itt:attestedObject {value} }}
          ?a itt:citedSource|itt:statedIn ?s }}""")
    return {shorten(str(s)) for s, in rows}


# --- statement-level sourcing ------------------------------------------------------------------

def test_what_supports_each_date_ozal_is_attested_at(store):
    # L208-212: Özal chairs the council whose decree Kahveci signs in Ekim 1991; L230 cites it as
    # BCA 695-241-3 of 25.10.1991 (the other two documents of that block are dated 1992)
    assert supporting(store, "post:turgut-ozal--president", "itt:attestedDate", '"1991-10"^^xsd:gYearMonth') == {
        "doc:bca-30-18-1-2-695-241-3", "passage:paper-L204-232"}
    # L745-753: the first summit, Ekim 1992 in Ankara, where Özal spoke (BCA 825-762-5; Derman, 2022)
    assert supporting(store, "post:turgut-ozal--president", "itt:attestedDate", '"1992-10"^^xsd:gYearMonth') == {
        "doc:bca-30-18-1-2-825-762-5", "work:derman-2022", "passage:paper-L732-753"}
    # L331-345: his 1993 visit to Azerbaijan, in the paragraph closed by four works
    assert supporting(store, "post:turgut-ozal--president", "itt:attestedDate", '"1993"^^xsd:gYear') == {
        "work:cevikel-2023", "work:dadashova-2024", "work:gokturk-cetinkaya-2020", "work:oztig-2018",
        "passage:paper-L323-345"}


def test_a_post_cites_nothing_its_statements_do_not(store):
    # Özal, President: 13 sources and 6 passages (L204-232, L323-345, L467-485, L732-753,
    # L1136-1164, L1275-1303); together the attestations use every one of them, and no other
    rows = select(store, """
        SELECT DISTINCT ?s WHERE { ?a itt:attestationOf post:turgut-ozal--president ;
          itt:citedSource|itt:statedIn ?s }""")
    own = select(store, """
        SELECT DISTINCT ?s WHERE { post:turgut-ozal--president itt:citedSource|itt:statedIn ?s }""")
    assert {str(s) for s, in rows} == {str(s) for s, in own}
    assert len(own) == 13 + 6


def test_a_document_written_before_the_fact_does_not_support_it(store):
    # L1154-1164: Gorbachev resigned in Aralık 1991; the block cites BCA 681-182-10 (01.05.1991)
    # and BCA 748-458-10 (12.06.1993): only the later one can support that date
    assert supporting(store, "post:mihail-gorbacov--soviet-leader", "itt:attestedDate",
                      '"1991-12"^^xsd:gYearMonth') == {"doc:bca-30-18-1-2-748-458-10", "passage:paper-L1136-1164"}


def test_who_signed_the_trade_agreement_rests_on_three_works(store):
    # L651-653: Demirel signed for Turkey; L667-669: (Aslanlı, 2018; Bilgin, 2023; … İşbirliği, 1993)
    assert supporting(store, "signature:1992-trade-economic-cooperation--suleyman-demirel", "itt:signatory",
                      "<https://w3id.org/ittifak/id/person/suleyman-demirel>") == {
        "work:aslanli-2018", "work:bilgin-2023", "work:tc-azerbaycan-isbirligi-1993", "passage:paper-L645-669"}
    # L645: signed on 2 Kasım 1992, in the same passage
    assert supporting(store, "agreement:1992-trade-economic-cooperation", "itt:signedOn", '"1992-11-02"^^xsd:date') == {
        "work:aslanli-2018", "work:bilgin-2023", "work:tc-azerbaycan-isbirligi-1993", "passage:paper-L645-669"}


def test_money_figures_rest_on_the_document_not_on_the_summary(store):
    # L588-600: 8 milyon dolar, 30 milyon ruble, cited to BCA 681-182-10 (01.05.1991); the
    # conclusion (L1183-1189, Kuduban 2017; Yeşilot 2010) names the Caspian wells but gives no figure
    for prop, value in (("itt:investment", "8000000"), ("itt:volume", "30000000")):
        assert supporting(store, "project:caspian-wells-rework", prop, value) == {
            "doc:bca-30-18-1-2-681-182-10", "passage:paper-L580-600"}
    # L414 (Table 1): Pirinç 30 Ton 39.126.000, under the source line L438-439
    assert supporting(store, "aid:1990-food-medicine--rice", "itt:value", "39126000") == {
        "doc:bca-30-18-1-2-654-61-6", "passage:paper-L408-439"}


def test_every_attested_date_signature_signing_date_and_amount_has_an_attestation(store):
    rows = select(store, """
        SELECT ?r ?p ?v WHERE {
          { ?r itt:attestedDate|itt:signatory|itt:signedOn ?v . ?r ?p ?v .
            FILTER(?p IN (itt:attestedDate, itt:signatory, itt:signedOn)) }
          UNION
          { ?r ?p ?amount . ?amount schema:value|schema:minValue|schema:maxValue ?v .
            FILTER(?p IN (itt:credit, itt:investment, itt:cost, itt:volume, itt:capacity, itt:target,
                          itt:value, itt:hasQuantity, itt:statedTotalValue, itt:statedTotalQuantity)) }
          FILTER NOT EXISTS { ?a itt:attestationOf ?r ; itt:attestedProperty ?p .
                              { ?a itt:attestedValue ?v } UNION { ?a itt:attestedObject ?v } }
        }""")
    assert rows == []


def test_statement_sources_query_answers_by_a_turkish_name(store):
    # the named query, with the post named as the paper spells it
    result = run_named(store, "statement-sources", lang="tr", resource="turgut özal, cumhurbaşkanı")
    rows = [dict(zip(result.variables, row)) for row in result.rows]
    dates = {str(r["value"]) for r in rows if str(r["property"]).endswith("#attestedDate")}
    assert dates == {"1991-10", "1992-10", "1993"}
    sources = {str(r["source"]) for r in rows if str(r["value"]) == "1991-10" and r["what"].toPython() == "source"}
    assert sources == {"https://w3id.org/ittifak/id/doc/bca-30-18-1-2-695-241-3"}
    assert all(isinstance(r["attestation"], URIRef) for r in rows)


# --- treaty life: each party's signature with its own date and place ---------------------------

def test_each_party_signs_with_its_own_date_and_place(store):
    rows = select(store, """
        SELECT ?who ?date ?place WHERE { ?instrument itt:hasSignature ?s .
          ?s itt:signatory/rdfs:label ?who . FILTER(LANG(?who) = "tr")
          OPTIONAL { ?s itt:signedOn ?date }
          OPTIONAL { ?s itt:signedAt/rdfs:label ?place . FILTER(LANG(?place) = "tr") } }""")
    signed = {str(who): (date and str(date), place and str(place)) for who, date, place in rows}
    # L645-653: signed 2 Kasım 1992, by Demirel for Turkey and Elçibey for Azerbaijan
    assert signed["Süleyman Demirel"] == ("1992-11-02", None)
    assert signed["Ebulfez Elçibey"] == ("1992-11-02", None)
    # L1025-1029: Çetin signed the protocol in Bakü, meeting Sadıkov there; no day is given
    assert signed["Hikmet Çetin"] == (None, "Bakü")
    # L212: Kahveci's urgent signature of the decree, Ekim 1991
    assert signed["Adnan Kahveci"] == ("1991-10", None)
    # L895-899: Şıvgın and Kasımov signed the health protocol; the paper dates and places neither
    assert signed["Halil Şıvgın"] == (None, None) and signed["Talat Kasımov"] == (None, None)


def test_where_a_signature_was_made_rests_on_its_document(store):
    # L1025-1029, cited at L1041-1043 to BCA 714-312-2 (14.04.1992)
    assert supporting(store, "signature:1992-visa-exemption-protocol--hikmet-cetin", "itt:signedAt",
                      "<https://w3id.org/ittifak/id/place/baku>") == {
        "doc:bca-30-18-1-2-714-312-2", "passage:paper-L1017-1043"}


# --- treaty life: provisions with their own IRIs, kinds and sources ----------------------------

def provisions(store, agreement):
    rows = select(store, f"""
        SELECT ?p ?kind ?first ?last WHERE {{ {agreement} itt:hasProvision ?p .
          ?p itt:provisionType ?kind ; itt:statedIn [ itt:lineStart ?first ; itt:lineEnd ?last ] }}""")
    return {shorten(str(p)): (str(k).rsplit("/", 1)[-1], int(a), int(b)) for p, k, a, b in rows}


def test_the_trade_agreement_provides_principles_cooperation_and_exchange(store):
    # L655-667: independence and free market, the Treaty of Kars, kinship (principles); cooperation
    # in many fields and economic partnerships; sharing information through the press
    kinds = sorted(k for k, _, _ in provisions(store, "agreement:1992-trade-economic-cooperation").values())
    assert kinds == ["cooperation", "cooperation", "exchange", "principle", "principle", "principle"]


def test_how_the_education_agreement_ends_and_where_the_paper_says_so(store):
    # L1109-1113: five years, three months' notice, renewed each year unless objected to; the
    # paragraph is cited to BCA 715-318-2 (26.05.1992)
    found = provisions(store, "agreement:1992-education-science-cooperation")
    terms = [p for p, (kind, _, _) in found.items() if kind == "term"]
    assert terms == ["provision:1992-education-science-cooperation--13"]
    assert found[terms[0]][1:] == (1099, 1115)
    (source,), = select(store, "SELECT ?s WHERE { <https://w3id.org/ittifak/id/provision/"
                               "1992-education-science-cooperation--13> itt:citedSource ?s }")
    assert shorten(str(source)) == "doc:bca-30-18-1-2-715-318-2"
    # thirteen provisions over four paragraphs, L1050-1065, L1069-1079, L1083-1095, L1099-1115
    assert len(found) == 13 and {first for _, first, _ in found.values()} == {1050, 1069, 1083, 1099}


def test_who_pays_for_trt_in_azerbaijan(store):
    # L807-811: TİKA pays 4.900.000.00 dolar over five years for the equipment (BCA 825-762-5)
    rows = run_named(store, "agreement-provisions", agreement="agreement:trt-broadcasting-memorandum",
                     type="funding").rows
    assert len(rows) == 1
    assert "TİKA" in str(rows[0][5])


# --- disputes: the disputed property, typed readings, the reading adopted ----------------------

def test_every_conflict_names_what_is_disputed(store):
    rows = select(store, """
        SELECT ?c ?p WHERE { ?c a itt:SourceConflict . OPTIONAL { ?c itt:disputedProperty ?p } }""")
    assert len(rows) == 13 and all(p is not None for _, p in rows)


def test_which_year_gorbachev_resigned_and_which_reading_the_data_follows(store):
    rows = select(store, """
        SELECT ?v ?adopted WHERE {
          ?c itt:conflictAbout <https://w3id.org/ittifak/id/event/1991-12-gorbachev-resignation> ;
             itt:disputedProperty itt:date ; itt:hasReading ?r .
          ?r itt:readingTypedValue ?v .
          BIND(EXISTS { ?c itt:adoptedReading ?r } AS ?adopted) }""")
    readings = {(str(v), v.datatype.rsplit("#", 1)[-1], bool(a.toPython())) for v, a in rows}
    # L1154-1156: "Aralık 1991’de istifa etti" (adopted); L1287-1293: "resigned in 1990"
    assert readings == {("1991-12", "gYearMonth", True), ("1990", "gYear", False)}


def test_the_impossible_day_has_no_typed_value_and_the_month_is_adopted(store):
    # L849: "31 Haziran 1990": no xsd:date can hold it; the data carries 1990-06
    rows = select(store, """
        SELECT ?printed ?v ?adopted WHERE {
          ?c itt:conflictAbout agreement:1990-turkey-ussr-cultural-scientific-exchange ;
             itt:disputedProperty itt:signedOn ; itt:hasReading ?r .
          ?r itt:readingValue ?printed . OPTIONAL { ?r itt:readingTypedValue ?v }
          BIND(EXISTS { ?c itt:adoptedReading ?r } AS ?adopted) }""")
    assert {(str(p), v and str(v), bool(a.toPython())) for p, v, a in rows} == {
        ("31 Haziran 1990", None, False), ("Haziran 1990", "1990-06", True)}


def test_table_one_total_read_two_ways(store):
    # L431-434: "Toplam 90" (as printed, adopted); L414-427: rows that add up to 120 tonnes
    result = run_named(store, "source-conflicts", type="total-mismatch")
    rows = [dict(zip(result.variables, row)) for row in result.rows]
    got = {(int(r["typedValue"].toPython()), r["adopted"] == r["reading"]) for r in rows}
    assert got == {(90, True), (120, False)}
