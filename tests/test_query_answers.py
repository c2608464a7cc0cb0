"""Each named query answers as the paper does (../shared/sources/turkey-azerbaijan-1990-1993.txt,
lines cited as L…). Run on the embedded Oxigraph store; test_query_library shows the memory store
and a remote endpoint give the same answers."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from conftest import paper_lines
from ittifak.query.named import shorten
from ittifak.query.run import run_named


@pytest.fixture(scope="module")
def store(oxigraph_project):
    return oxigraph_project


def table(store, name, lang="en", **params):
    """The rows of a SELECT as dicts: IRIs as CURIEs, literals as their text."""
    result = run_named(store, name, lang=lang, **params)
    assert result.kind == "select"
    return [
        {var: (shorten(str(t)) if isinstance(t, URIRef) else None if t is None else str(t))
         for var, t in zip(result.variables, row)}
        for row in result.rows
    ]


def column(rows, var):
    return [r[var] for r in rows]


def listed(value):
    """A "; "-joined list as a set."""
    return set(value.split("; ")) if value else set()


def ask(store, name, **params):
    result = run_named(store, name, **params)
    assert result.kind == "ask"
    return result.boolean


# --------------------------------------------------------------- agreements and signatures


def test_agreements_of_1992(store):
    rows = table(store, "agreements", year="1992")
    by_iri = {r["agreement"]: r for r in rows}
    # L645: "2 Kasım 1992'de imzalanan Türkiye ve Azerbaycan Ticaret ve Ekonomik İş Birliği Anlaşması"
    assert by_iri["agreement:1992-trade-economic-cooperation"]["date"] == "1992-11-02"
    # L1050: education agreement signed 3 Mayıs 1992
    assert by_iri["agreement:1992-education-science-cooperation"]["date"] == "1992-05-03"
    assert all(r["date"].startswith("1992") for r in rows)
    # L651-653: signed for Turkey and for Azerbaijan
    assert listed(by_iri["agreement:1992-trade-economic-cooperation"]["parties"]) == {"Turkey", "Azerbaijan"}


def test_agreements_by_domain_and_party_in_turkish(store):
    rows = table(store, "agreements", lang="tr", domain="Ticaret", party="azerbaycan")
    trade = [r for r in rows if r["agreement"] == "agreement:1992-trade-economic-cooperation"]
    assert trade, "L645: the Trade and Economic Cooperation Agreement is a trade agreement with Azerbaijan"
    assert trade[0]["agreementLabel"] == "Türkiye ve Azerbaycan Ticaret ve Ekonomik İş Birliği Anlaşması"
    assert "Ticaret" in listed(trade[0]["domains"])
    assert "Türkiye ve Azerbaycan Ticaret ve Ekonomik İş Birliği Anlaşması" in paper_lines(645)


def test_agreements_of_1991(store):
    rows = table(store, "agreements", year="1991")
    # L973-975: the tourism cooperation agreement signed in Baku on 16 Mart 1991
    assert ("agreement:1991-tourism-cooperation", "1991-03-16") in {(r["agreement"], r["date"]) for r in rows}


def test_signatories_of_the_trade_agreement(store):
    rows = table(store, "agreement-signatories", agreement="Ticaret ve Ekonomik İş Birliği")
    # L651-653: "Anlaşmayı Türkiye adına Başbakan Süleyman Demirel, Azerbaycan adına ise anlaşmayı
    # Cumhurbaşkanı Ebulfez Elçibey imzalamıştır"; L645: 2 Kasım 1992
    assert {(r["signatory"], r["side"], r["office"], r["date"]) for r in rows} == {
        ("person:suleyman-demirel", "state:turkey", "office:prime-minister", "1992-11-02"),
        ("person:ebulfez-elcibey", "state:azerbaijan", "office:president", "1992-11-02"),
    }


def test_signatories_of_the_1990_protocol_and_the_health_protocol(store):
    rows = table(store, "agreement-signatories")
    pairs = {(r["signatoryLabel"], r["sideLabel"]) for r in rows}
    # L276-278: Pakdemirli for Turkey, Mutalıbov for the Azerbaijani Socialist Government
    assert ("Ekrem Pakdemirli", "Turkey") in pairs
    assert any(s.startswith("A. N. Mutal") and "Azerbaijan" in side for s, side in pairs)
    # L895-899: Şıvgın and Kasımov signed the health protocol
    signed = {r["signatory"] for r in rows}
    assert {"person:halil-sivgin", "person:talat-kasimov"} <= signed
    # L1027-1029: Hikmet Çetin signed the visa-exemption protocol for Turkey
    assert ("person:hikmet-cetin", "agreement:1992-visa-exemption-protocol") in {
        (r["signatory"], r["agreement"]) for r in rows}


def test_signatories_by_one_person(store):
    rows = table(store, "agreement-signatories", signatory="Elcibey")
    assert column(rows, "agreement") == ["agreement:1992-trade-economic-cooperation"]  # L653


@pytest.mark.parametrize(("signatory", "side", "expected"), [
    ("Süleyman Demirel", "Turkey", True),      # L651
    ("Süleyman Demirel", "Azerbaijan", False),  # L651-653: he signed for Turkey only
    ("ELÇİBEY", "Azerbaycan", True),            # L653
    ("Hikmet Çetin", "Turkey", True),           # L1027-1029
])
def test_signed_for(store, signatory, side, expected):
    assert ask(store, "signed-for", signatory=signatory, side=side) is expected


def test_signed_for_defaults_ask_about_demirel_and_turkey(store):
    assert ask(store, "signed-for") is True  # L651


def test_agreement_terms(store):
    rows = {r["agreement"]: r for r in table(store, "agreement-terms")}
    trade = rows["agreement:1992-trade-economic-cooperation"]
    # L647-651: nineteen articles, ten years, five more unless a party objects
    assert (trade["articles"], trade["duration"], trade["renewal"]) == ("19", "P10Y", "P5Y")
    visa = rows["agreement:1992-visa-exemption-protocol"]
    # L1029: eight articles; L1039-1041: indefinite, three months' notice
    assert (visa["articles"], visa["indefinite"], visa["notice"]) == ("8", "true", "P3M")
    education = rows["agreement:1992-education-science-cooperation"]
    # L1109-1111: five years, three months' notice
    assert (education["duration"], education["notice"]) == ("P5Y", "P3M")


def test_agreement_graph_of_the_trade_agreement(store):
    graph = run_named(store, "agreement-graph").graph
    itt = "https://w3id.org/ittifak/ontology#"
    agreement = URIRef("https://w3id.org/ittifak/id/agreement/1992-trade-economic-cooperation")
    assert str(graph.value(agreement, URIRef(itt + "signedOn"))) == "1992-11-02"  # L645
    assert int(graph.value(agreement, URIRef(itt + "articleCount"))) == 19  # L647
    # L657: "İki ülke 1921 yılında imzalanan Kars Anlaşması'na bağlı kalacak"
    assert (agreement, URIRef(itt + "restsOn"),
            URIRef("https://w3id.org/ittifak/id/agreement/1921-kars-treaty")) in graph
    signatories = set(graph.objects(None, URIRef(itt + "signatory")))
    assert {shorten(str(s)) for s in signatories} == {"person:suleyman-demirel", "person:ebulfez-elcibey"}
    assert {o.language for o in graph.objects() if isinstance(o, Literal) and o.language} == {"en"}


# --------------------------------------------------------------- time


def test_timeline(store):
    rows = table(store, "timeline")
    starts = {r["eventLabel"]: r["start"] for r in rows}
    # L732-733: TRT Avrasya began broadcasting on 19 Şubat 1992
    assert "1992-02-19" in [r["start"] for r in rows if "TRT Avrasya" in r["eventLabel"]]
    # L244-246: the Baku meeting planned for 13-17 Ocak 1991
    baku = next(r for r in rows if r["start"] == "1991-01-13")
    assert (baku["end"], baku["statusLabel"], baku["placeLabel"]) == ("1991-01-17", "Planned", "Baku")
    # L695: the Brussels conference of 7 Mayıs 1993
    assert "1993-05-07" in starts.values()
    order = [r["start"] for r in rows]
    assert order.index("1991-01-13") < order.index("1992-02-19") < order.index("1993-05-07")


def test_timeline_window(store):
    rows = table(store, "timeline", **{"from": "1992", "to": "1992"})
    assert rows and all(r["start"].startswith("1992") for r in rows)


def test_what_happened_in_1992(store):
    rows = table(store, "year")
    things = {(r["thing"], r["date"]) for r in rows}
    assert ("agreement:1992-trade-economic-cooperation", "1992-11-02") in things  # L645
    assert ("agreement:1992-education-science-cooperation", "1992-05-03") in things  # L1050
    assert ("law:1992-tika-decree-law", "1992-01-27") in things  # L726-728
    assert ("organisation:socar", "1992-09") in things  # L675-677: SOCAR founded Eylül 1992
    assert any(r["date"] == "1992-02-19" for r in rows)  # L732-733
    assert all(r["date"].startswith("1992") for r in rows)


def test_what_happened_in_1991(store):
    things = {(r["thing"], r["date"]) for r in table(store, "year", year="1991")}
    assert ("agreement:1991-tourism-cooperation", "1991-03-16") in things  # L973


# --------------------------------------------------------------- people, decisions, bodies


def test_posts_of_halil_sivgin(store):
    rows = table(store, "people-posts", person="Halil Şıvgın")
    # L895-899 (document of 28.11.1990, L873): "Türkiye Sağlık Bakanı Halil Şıvgın"
    assert {(r["office"], r["body"], r["attested"]) for r in rows} == {
        ("office:minister-of-health", "organisation:tr-ministry-of-health", "1990-11-28")}


def test_posts_over_time_are_ordered(store):
    rows = table(store, "people-posts", person="demirel")
    assert {r["office"] for r in rows} == {"office:prime-minister"}  # L311, L651
    dates = [r["attested"] for r in rows if r["attested"]]
    assert dates == sorted(dates)


def test_decision_authorising_ilhan_akuzum(store):
    rows = table(store, "decision-officials", official="İlhan Aküzüm")
    # L963-965: "Bakanlar kurulunun 14 Mart 1991 tarihindeki kararı ile İlhan Aküzüm'ün Azerbaycan'a gönderildi"
    assert ("1991-03-14", "event:1991-akuzum-visit-azerbaijan") in {
        (r["decisionDate"], r["act"]) for r in rows}


def test_what_hikmet_cetin_did_after_his_authorisation(store):
    rows = table(store, "decision-officials", official="Hikmet Çetin")
    # L1023-1029: authorised by decision to visit the Turkic republics, he signed the visa protocol in Baku
    signed = {r["next"] for r in rows if r["role"] == "signed"}
    assert "agreement:1992-visa-exemption-protocol" in signed


def test_decision_authorising_serif_ercan(store):
    rows = table(store, "decision-officials", official="Şerif Ercan")
    # L612-616: authorised to open the Export Products Fair in Baku on 5-9 Mayıs 1992
    assert "1992-05-05" in {r["actDate"] for r in rows}


def test_organisations_and_their_founding(store):
    rows = {r["organisation"]: r for r in table(store, "organisations")}
    # L675-677: SOCAR founded in Eylül 1992 by Elçibey's decision
    assert (rows["organisation:socar"]["founded"], rows["organisation:socar"]["founder"]) == (
        "1992-09", "person:ebulfez-elcibey")
    # L724-728: TİKA founded by the decree-law of 27 Ocak 1992
    assert (rows["organisation:tika"]["founded"], rows["organisation:tika"]["foundingAct"]) == (
        "1992-01-27", "law:1992-tika-decree-law")
    # L821: TÜRKSOY's first step on 12 Temmuz 1993 in Almatı
    assert rows["organisation:turksoy"]["founded"] == "1993-07-12"
    # L971: Azerbaijan's Ministry of Tourism founded in 1991
    assert rows["organisation:az-ministry-of-tourism"]["founded"] == "1991"


def test_organisations_of_one_kind(store):
    banks = {r["organisation"] for r in table(store, "organisations", kind="Banka")}
    assert "organisation:ziraat-bank" in banks  # L622-624
    assert all(r["type"] == "itt:Bank" for r in table(store, "organisations", kind="itt:Bank"))


def test_organisation_kinds(store):
    counts = {r["type"]: int(r["organisations"]) for r in table(store, "organisation-kinds")}
    # Turkish ministries named in the paper: transport, interior, finance and customs, public works
    # (L246-256), treasury (L298), energy (L445), health (L853), tourism (L955), foreign affairs
    # (L1023), environment (L941)
    assert counts["itt:Ministry"] >= 10


def test_delegation_headed_by_akagun(store):
    rows = table(store, "delegations", delegation="Aytekin Akagün")
    # L248-256: Akagün heads; Beyburs, Çavuşoğlu, Özgün, Molo, Dorukkaya, Posoflu, Dinçer
    assert {r["person"] for r in rows if r["role"] == "head"} == {"person:aytekin-akagun"}
    assert {r["person"] for r in rows if r["role"] == "member"} == {
        "person:fevzi-beyburs", "person:yilmaz-cavusoglu", "person:mehmet-ozgun", "person:melih-molo",
        "person:sakir-dorukkaya", "person:nusret-polat-posoflu", "person:ismail-dincer"}
    beyburs = {r["body"] for r in rows if r["person"] == "person:fevzi-beyburs"}
    assert "organisation:tr-general-staff" in beyburs  # L250-252: "Genelkurmay Başkanlığını temsilen"


# --------------------------------------------------------------- aid, projects, credits


TABLE_1 = {  # L414-429: Cinsi, Miktarı (ton), Değeri (TL)
    "Pirinç": (30, 39126000), "Şeker": (30, 44650500), "Un": (40, 26696218),
    "Sıvı Yağ": (2, 4768800), "Çay": (2, 8772000), "Sabun": (5, 15000000),
    "Makarna": (1, 1550000), "Narenciye": (10, 11055680), "İlaç": (None, 234234450),
}


def test_aid_table_with_its_totals(store):
    rows = table(store, "aid-table", lang="tr")
    items = {r["itemLabel"]: (int(r["quantity"]) if r["quantity"] else None, int(r["value"]))
             for r in rows if r["row"] == "item"}
    assert items == TABLE_1
    total = next(r for r in rows if r["row"] == "sum")
    stated = next(r for r in rows if r["row"] == "stated")
    # L394 and L434: 385.853.648 TL, and the rows add up to it
    assert int(total["value"]) == int(stated["value"]) == 385853648
    assert "385.853.648" in paper_lines(394) and "385.853.648" in paper_lines(434)
    # L432: the table states 90 tonnes; its rows add up to 120
    assert (int(stated["quantity"]), int(total["quantity"])) == (90, 120)
    assert {r["currency"] for r in rows} == {"TRL"}


def test_aid_values_add_up(store):
    assert ask(store, "aid-values-add-up") is True  # L414-434


def test_aid_quantities_do_not_add_up(store):
    assert ask(store, "aid-quantities-add-up") is False  # L414-432: rows 120 t, "Toplam 90"


PAPER_CREDITS = {  # credits the paper states, in US dollars
    "project:raks-cassette-plant": 60000000,  # L497: "altmış milyon dolarlık kredi"
    "project:raks-fan-plant-quba": 7000000,  # L509-511: "7 milyon dolarlık kredi"
    "project:bath-set-plant": 2500000,  # L515-517: "2,5 milyon dolar kredi"
    "project:asbestos-cement-ceramics-plant": 2500000,  # L523-525: "2,5 milyon dolarlık kredi"
    "project:karadag-cement-plant": 20000000,  # L598-600: "20 milyon dolara kadar ulaşacak kredi"
}


def test_projects_with_partners_and_credits(store):
    rows = {r["project"]: r for r in table(store, "projects")}
    for project, amount in PAPER_CREDITS.items():
        assert project in rows, f"missing {project}"
        assert (int(rows[project]["credit"]), rows[project]["creditCurrency"]) == (amount, "USD")
    # L491-493: Raks with the Azerbaijani Ministry of Industry; L497: Turkish banks give the credit
    raks = rows["project:raks-cassette-plant"]
    assert {"Raks", "Azerbaijani Ministry of Industry"} <= listed(raks["partners"])
    assert listed(raks["creditors"]) == {"Turkish banks"}


def test_projects_of_one_partner(store):
    rows = table(store, "projects", partner="raks")
    # L491 and L505-507: Raks is in the cassette plant and the fan plant in Kuba
    assert {"project:raks-cassette-plant", "project:raks-fan-plant-quba"} <= set(column(rows, "project"))


def test_credits_by_currency(store):
    rows = {r["currency"]: r for r in table(store, "credits-by-currency")}
    credits = [int(r["credit"]) for r in table(store, "projects", currency="USD")]
    assert int(rows["USD"]["total"]) == sum(credits) >= sum(PAPER_CREDITS.values())
    assert int(rows["USD"]["largest"]) == 60000000  # L497
    assert int(rows["USD"]["projects"]) == len(credits)


# --------------------------------------------------------------- sources


def test_sources_behind_the_trade_agreement(store):
    rows = table(store, "sources")
    sources = {r["source"] for r in rows if r["what"] == "source"}
    # L667-669: (Aslanlı, 2018; Bilgin, 2023; Türkiye Cumhuriyeti ile Azerbaycan Cumhuriyeti Arasında İşbirliği, 1993)
    assert sources == {"work:aslanli-2018", "work:bilgin-2023", "work:tc-azerbaycan-isbirligi-1993"}
    passages = [(int(r["firstLine"]), int(r["lastLine"])) for r in rows if r["what"] == "passage"]
    assert any(first <= 645 and 653 <= last for first, last in passages)


def test_sources_behind_an_archival_fact(store):
    rows = table(store, "sources", resource="aid:1990-food-medicine")
    documents = {r["source"]: r for r in rows if r["what"] == "source"}
    # L402-404: (BCA. 30-18-1-2/654-61-6, 24.06.1990)
    assert documents["doc:bca-30-18-1-2-654-61-6"]["kindLabel"] == "Archival document"
    assert documents["doc:bca-30-18-1-2-654-61-6"]["date"] == "1990-06-24"


def test_most_cited_document(store):
    rows = table(store, "most-cited-documents")
    # BCA 681-182-10 (01.05.1991) is cited at L280, L463, L483, L501, L525, L550, L576, L600, L630,
    # L1013 and L1162: more than any other document
    assert rows[0]["document"] == "doc:bca-30-18-1-2-681-182-10"
    assert rows[0]["date"] == "1991-05-01"
    # the count is of the places the paper cites each document: those eleven passages
    assert int(rows[0]["citedIn"]) == 11
    counts = [int(r["citedIn"]) for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_source_conflicts(store):
    rows = table(store, "source-conflicts", lang="tr")
    values = {(r["value"], r["firstLine"]) for r in rows}
    assert ("31 Haziran 1990", "849") in values  # L849: a day June does not have
    assert ("Toplam 90", "431") in values  # L431-434


def test_source_conflicts_of_one_type(store):
    rows = table(store, "source-conflicts", type="impossible-date")
    assert rows and {r["typeLabel"] for r in rows} == {"Impossible date"}
    assert "31 Haziran 1990" in column(rows, "value")  # L849


def test_paper_line(store):
    rows = table(store, "paper-line", line="651")
    found = set(column(rows, "resource"))
    # L651-653: the signatures of the trade agreement
    assert {"agreement:1992-trade-economic-cooperation",
            "signature:1992-trade-economic-cooperation--suleyman-demirel",
            "signature:1992-trade-economic-cooperation--ebulfez-elcibey"} <= found
    assert all(int(r["firstLine"]) <= 651 <= int(r["lastLine"]) for r in rows)


def test_claims(store):
    rows = {r["claim"]: r for r in table(store, "claims")}
    # L1119: "1992 yılında imzalanan on bir anlaşma ve protokol"
    assert rows["claim:1992-eleven-agreements"]["count"] == "11"
    # L313: "elliden fazla milletvekili"
    assert any(r["atLeast"] == "50" for r in rows.values())


# --------------------------------------------------------------- actors


TIKA_LINKS = {"law:1992-tika-decree-law", "agreement:1994-trt-tika-pre-protocol"}


@pytest.mark.parametrize("name", ["tika", "TİKA", "Tika", "EKETİB", "organisation:tika"])
def test_everything_linked_to_tika(store, name):
    rows = table(store, "actor-links", actor=name)
    # L724-728: founded by the decree-law; L767-769: the pre-protocol with TİKA
    assert TIKA_LINKS <= set(column(rows, "other"))


def test_everything_linked_to_socar(store):
    rows = table(store, "actor-links", actor="SOCAR")
    # L675-677: founded by Elçibey's decision, Azerbaijan's state oil company
    assert ("founded by", "person:ebulfez-elcibey") in {(r["relationLabel"], r["other"]) for r in rows}


def test_everything_linked_to_turksoy(store):
    rows = table(store, "actor-links", actor="TÜRKSOY")
    assert "agreement:1993-turksoy-founding" in column(rows, "other")  # L821-825


def test_links_through_signatures_and_posts(store):
    rows = table(store, "actor-links", actor="Süleyman Demirel")
    through = {(r["other"], r["through"]) for r in rows}
    # L651: he signed the trade agreement
    assert ("agreement:1992-trade-economic-cooperation",
            "signature:1992-trade-economic-cooperation--suleyman-demirel") in through


def test_actor_graph_of_trt(store):
    graph = run_named(store, "actor-graph")
    trt = URIRef("https://w3id.org/ittifak/id/organisation/trt")
    assert (trt, None, None) in graph.graph or (None, None, trt) in graph.graph
    labels = {str(o) for o in graph.graph.objects(trt, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
    assert labels == {"Turkish Radio and Television Corporation"}


def test_how_tika_and_trt_are_connected(store):
    rows = table(store, "actor-paths")
    # L767-769: the pre-protocol for TRT broadcasts between Azerbaijan's radio-TV chief and TİKA
    assert rows[0]["hops"] == "2"
    assert "agreement:1994-trt-tika-pre-protocol" in {r["via1"] for r in rows if r["hops"] == "2"}


def test_how_demirel_and_elcibey_are_connected(store):
    rows = table(store, "actor-paths", **{"from": "Demirel", "to": "Elçibey"})
    # L651-653: both signed the trade agreement; signing is one step
    first = rows[0]
    assert (first["hops"], first["via1"]) == ("2", "agreement:1992-trade-economic-cooperation")
    assert (first["step1"], first["step2"]) == ("signed →", "← signed")


@pytest.mark.parametrize(("first", "second", "expected"), [
    ("Turkey", "Azerbaijan", True),  # L645-653
    ("Demirel", "Elçibey", True),  # L651-653
    ("Halil Şıvgın", "Talat Kasımov", True),  # L895-899
    ("Demirel", "Talat Kasımov", False),
])
def test_shared_agreement(store, first, second, expected):
    assert ask(store, "shared-agreement", first=first, second=second) is expected


def test_search_finds_the_bridge(store):
    rows = table(store, "search", text="Köprü")
    assert "place:umut-bridge" in column(rows, "resource")  # L310: "Umut Köprüsü"


def test_polity_names(store):
    rows = table(store, "polity-names", lang="tr", polity="Azerbaycan")
    names = {(r["name"], r["start"], r["end"]) for r in rows}
    # L1136: "Azerbaycan Sovyet Sosyalist Cumhuriyeti"; independence in 1991 (L9)
    assert ("Azerbaycan Sovyet Sosyalist Cumhuriyeti", None, "1991") in names


def test_domains(store):
    rows = {r["domain"]: r for r in table(store, "domains")}
    # L857-859 (the health protocol) and L659-661 (sağlık in the trade agreement)
    assert int(rows["domain:health"]["instruments"]) >= 2
    assert int(rows["domain:trade"]["instruments"]) >= 1  # L645


def test_archival_documents_of_march_1991(store):
    rows = table(store, "archival-documents", **{"from": "1991-03-01", "to": "1991-03-31"})
    # L463 (676-160-5, 07.03.1991), L302-304 (677-163-3, 08.03.1991), L965 (677-164-9, 14.03.1991)
    assert [(r["document"], r["date"]) for r in rows] == [
        ("doc:bca-30-18-1-2-676-160-5", "1991-03-07"),
        ("doc:bca-30-18-1-2-677-163-3", "1991-03-08"),
        ("doc:bca-30-18-1-2-677-164-9", "1991-03-14"),
    ]
    assert all(int(r["citedBy"]) >= 1 for r in rows)


def test_archival_documents_of_the_whole_period(store):
    rows = table(store, "archival-documents")
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates) and all("1990-01-01" <= d <= "1993-12-31" for d in dates)
    # L158: the TDA document of 26.09.1960 lies outside 1990-1993; L720: BCA 825-762-5 is of 1995
    assert "doc:tda-571-35868-141642-2" not in column(rows, "document")
    assert "doc:bca-30-18-1-2-825-762-5" not in column(rows, "document")
