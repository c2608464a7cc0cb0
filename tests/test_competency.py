"""Competency questions: SPARQL over the graph gives the answer the paper gives.

Each test names the lines of ../shared/sources/turkey-azerbaijan-1990-1993.txt it rests on.
They run on both local stores, so the data answers the same on rdflib and on Oxigraph.
"""

from __future__ import annotations

from decimal import Decimal

from conftest import select, values

# --- lookups -----------------------------------------------------------------------------------

def test_trade_agreement_date_articles_and_term(store):
    # L645-651: signed 2 Kasım 1992, nineteen articles, ten years, five more unless objected
    (date, articles, duration, renewal), = select(store, """
        SELECT ?d ?n ?dur ?ren WHERE { agreement:1992-trade-economic-cooperation itt:signedOn ?d ;
          itt:articleCount ?n ; itt:duration ?dur ; itt:renewalPeriod ?ren }""")
    assert str(date) == "1992-11-02" and int(articles) == 19
    assert str(duration) == "P10Y" and str(renewal) == "P5Y"


def test_who_signed_the_trade_agreement_and_for_whom(store):
    # L651-653: Demirel for Turkey, Elçibey for Azerbaijan
    rows = select(store, """
        SELECT ?name ?side WHERE { agreement:1992-trade-economic-cooperation itt:hasSignature ?s .
          ?s itt:signatory/rdfs:label ?name ; itt:signedFor/rdfs:label ?side .
          FILTER(LANG(?name) = "tr" && LANG(?side) = "tr") }""")
    assert {(str(n), str(s)) for n, s in rows} == {("Süleyman Demirel", "Türkiye"),
                                                   ("Ebulfez Elçibey", "Azerbaycan")}


def test_tika_founding_date_and_act(store):
    # L724-728: TİKA / EKETİB founded 27 Ocak 1992 by a decree-law in Resmî Gazete 21124
    (date, gazette), = select(store, """
        SELECT ?d ?g WHERE { organisation:tika itt:foundingDate ?d ; itt:foundingAct ?act .
          ?act itt:officialGazetteIssue ?g }""")
    assert str(date) == "1992-01-27" and str(gazette) == "21124"


def test_tika_is_also_called_eketib(store):
    # L724-726: "TİKA diğer adı ile … (EKETİB)"
    assert "EKETİB" in values(store, "SELECT ?a WHERE { organisation:tika skos:altLabel ?a }")


def test_the_bridge_has_both_names(store):
    # L286-288 "Umut" (Nakhchivan side), L313-315 "Hasret Köprüsü" (Turkish side)
    names = values(store, """SELECT ?n WHERE { place:umut-bridge rdfs:label|skos:altLabel ?n }""")
    assert {"Umut Köprüsü", "Hasret Köprüsü"} <= names


def test_visa_protocol_terms(store):
    # L1029-1041: eight articles, indefinite, either side may leave on three months' notice
    (articles, indefinite, notice), = select(store, """
        SELECT ?n ?i ?p WHERE { agreement:1992-visa-exemption-protocol itt:articleCount ?n ;
          itt:indefinite ?i ; itt:noticePeriod ?p }""")
    assert int(articles) == 8 and indefinite.toPython() is True and str(notice) == "P3M"


def test_the_health_protocol_signatories(store):
    # L895-899: Halil Şıvgın and Talat Kasımov signed the health protocol
    assert values(store, """SELECT ?n WHERE { agreement:1990-health-protocol itt:hasSignature/itt:signatory/rdfs:label ?n
        FILTER(LANG(?n) = "tr") }""") == {"Halil Şıvgın", "Talat Kasımov"}


# --- lists and counts ----------------------------------------------------------------------------

def test_agreements_signed_in_1992(store):
    # L645 (2 Kasım 1992), L1050 (3 Mayıs 1992), L1023-1029 (visa protocol, 1992)
    found = values(store, """SELECT ?a WHERE { ?a itt:signedOn ?d FILTER(STRSTARTS(STR(?d), "1992")) }""")
    base = "https://w3id.org/ittifak/id/agreement/"
    assert {base + "1992-trade-economic-cooperation", base + "1992-education-science-cooperation",
            base + "1992-visa-exemption-protocol"} <= found


def test_akagun_delegation_has_eight_members(store):
    # L246-256: head Aytekin Akagün; Beyburs, Çavuşoğlu, Özgün, Molo, Dorukkaya, Posoflu, Dinçer
    (head,), = select(store, "SELECT ?h WHERE { delegation:1991-akagun-baku itt:head ?h }")
    assert str(head).endswith("/aytekin-akagun")
    members = values(store, "SELECT ?m WHERE { delegation:1991-akagun-baku itt:member ?m }")
    assert {m.rsplit("/", 1)[1] for m in members} == {
        "fevzi-beyburs", "yilmaz-cavusoglu", "mehmet-ozgun", "melih-molo", "sakir-dorukkaya",
        "nusret-polat-posoflu", "ismail-dincer"}


def test_faik_koc_delegation_has_twelve_members(store):
    # L290-300: Faik Koç heads; twelve named members
    (n,), = select(store, """SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {
        delegation:1991-faik-koc-ankara itt:member ?m }""")
    assert int(n) == 12


def test_ministers_at_the_bridge_opening(store):
    # L308-313: Demirel with ministers İnönü, Çağlar, Çiller, Çetin, Sezgin, Oral, Kurbaracıbaşı
    names = values(store, """SELECT ?n WHERE {
        delegation:1992-demirel-umut-bridge-opening itt:head|itt:member ?p . ?p a itt:Person ; rdfs:label ?n
        FILTER(LANG(?n) = "tr") }""")
    assert {"Süleyman Demirel", "Erdal İnönü", "Cavit Çağlar", "Tansu Çiller", "Hikmet Çetin",
            "İsmet Sezgin", "Sümer Oral", "Onur Kurbaracıbaşı"} <= names


def test_turksoy_founding_states(store):
    # L817-825: Azerbaijan, Turkey, Kazakhstan, Kyrgyzstan, Uzbekistan, Turkmenistan; 12 Temmuz 1993, Almatı
    parties = values(store, "SELECT ?p WHERE { agreement:1993-turksoy-founding itt:party ?p }")
    assert {p.rsplit("/", 1)[1] for p in parties} >= {
        "azerbaijan", "turkey", "kazakhstan", "kyrgyzstan", "uzbekistan", "turkmenistan"}
    (date, place), = select(store, """SELECT ?d ?pl WHERE {
        agreement:1993-turksoy-founding itt:signedOn ?d ; itt:signedAt ?pl }""")
    assert str(date) == "1993-07-12" and str(place).endswith("/almaty")


def test_twenty_four_archival_documents(store):
    # every "BCA. 30-18-1-2/…" and the one "TDA. 571/…" citation of the paper
    (n,), = select(store, "SELECT (COUNT(?d) AS ?n) WHERE { ?d a itt:ArchivalDocument }")
    assert int(n) == 24


# --- sums ---------------------------------------------------------------------------------------

def test_aid_table_rows_sum_to_the_stated_total(store):
    # Table 1, L414-434: nine rows; the value column sums to the stated 385.853.648 TL
    rows = select(store, """SELECT ?v WHERE { aid:1990-food-medicine itt:item/itt:value/schema:value ?v }""")
    assert len(rows) == 9
    assert sum(Decimal(str(v)) for (v,) in rows) == Decimal(385853648)
    (total,), = select(store, """SELECT ?t WHERE { aid:1990-food-medicine itt:statedTotalValue/schema:value ?t }""")
    assert Decimal(str(total)) == Decimal(385853648)


def test_aid_table_tonnage_conflict_is_recorded_not_fixed(store):
    # L432 prints a total of 90 tons; the rows L414-427 add up to 120: both stay, the conflict is recorded
    (stated,), = select(store, """SELECT ?t WHERE { aid:1990-food-medicine itt:statedTotalQuantity/schema:value ?t }""")
    assert int(stated) == 90
    (rows_sum,), = select(store, """SELECT (SUM(?q) AS ?s) WHERE {
        aid:1990-food-medicine itt:item/itt:hasQuantity/schema:value ?q }""")
    assert int(rows_sum) == 120
    assert select(store, """SELECT ?c WHERE { ?c a itt:SourceConflict ; itt:conflictAbout aid:1990-food-medicine }""")


def test_credits_of_turkish_banks_in_dollars(store):
    # L497 60 million (Raks), L509-511 7 million (fans), L517 2.5 million (bath sets),
    # L525 2.5 million (asbestos-cement), L598 up to 20 million (Karadağ cement)
    amounts = sorted(Decimal(str(v)) for (v,) in select(store, """SELECT ?v WHERE {
        ?p itt:creditor organisation:turkish-banks ; itt:credit [ schema:currency "USD" ; schema:value ?v ] }"""))
    for expected in (Decimal(60_000_000), Decimal(7_000_000), Decimal(2_500_000), Decimal(20_000_000)):
        assert expected in amounts


# --- multi-hop paths ------------------------------------------------------------------------------

def test_minister_who_signed_the_urgent_aid_and_his_ministry(store):
    # L208-214: the Finance and Customs Minister Adnan Kahveci signed the aid package in Ekim 1991
    rows = select(store, """SELECT ?org WHERE { ?post itt:holder person:adnan-kahveci ; itt:inOrganisation ?org }""")
    assert any(str(o).endswith("/tr-ministry-of-finance-customs") for (o,) in rows)


def test_persons_authorised_by_council_of_ministers_decisions(store):
    # L853 Şıvgın, L963-965 Aküzüm, L1023-1025 Çetin, L612-614 Ercan, L445-447 İndap, L714-716 Arık
    names = {n.rsplit("/", 1)[1] for n in values(store, """SELECT ?p WHERE {
        ?d a itt:CouncilOfMinistersDecision ; itt:authorises ?p }""")}
    assert {"halil-sivgin", "ilhan-akuzum", "hikmet-cetin", "serif-ercan", "mehmet-indap", "umut-arik"} <= names


def test_agreements_resting_on_earlier_instruments(store):
    # L657 trade 1992 → Kars 1921; L979-981 tourism → Helsinki 1975; L783-787 TRT memorandum → law 244
    pairs = {(a.rsplit("/", 1)[1], b.rsplit("/", 1)[1]) for a, b in (
        (str(x), str(y)) for x, y in select(store, "SELECT ?a ?b WHERE { ?a itt:restsOn ?b }"))}
    assert ("1992-trade-economic-cooperation", "1921-kars-treaty") in pairs
    assert ("1991-tourism-cooperation", "1975-helsinki-final-act") in pairs
    assert ("trt-broadcasting-memorandum", "1963-law-244") in pairs


# --- timelines ----------------------------------------------------------------------------------

def test_timeline_of_1992_events_is_ordered(store):
    # L726 TİKA 27 Ocak, L732 TRT Avrasya 19 Şubat, L614 fair 5 Mayıs, L675 SOCAR Eylül, L747 summit Ekim
    rows = select(store, """SELECT ?e ?d WHERE { ?e a ?c ; itt:date|itt:startDate ?d . ?c rdfs:subClassOf* itt:Event .
        FILTER(STRSTARTS(STR(?d), "1992")) } ORDER BY STR(?d)""")
    order = [str(e).rsplit("/", 1)[1] for e, _ in rows]
    expected = ["1992-01-27-tika-founding", "1992-02-19-trt-avrasya-first-broadcast",
                "1992-05-05-turkish-export-products-fair-baku", "1992-09-socar-founding",
                "1992-10-turkic-speaking-heads-of-state-summit"]
    assert [e for e in order if e in expected] == expected


def test_gorbachev_resigned_in_december_1991_with_the_abstract_conflict_recorded(store):
    # L1154-1156 "Aralık 1991"; L1289-1291 "resigned in 1990"
    (date,), = select(store, "SELECT ?d WHERE { event:1991-12-gorbachev-resignation itt:date ?d }")
    assert str(date) == "1991-12"
    readings = values(store, """SELECT ?v WHERE { ?c itt:conflictAbout event:1991-12-gorbachev-resignation ;
        itt:hasReading/itt:readingValue ?v }""")
    assert any("1990" in r for r in readings) and any("Aralık 1991" in r for r in readings)


# --- provenance ---------------------------------------------------------------------------------

def test_what_supports_the_raks_credit(store):
    # L497-501: the Raks credit rests on BCA. 30-18-1-2/681-182-10, 01.05.1991
    (code, date, first, last), = select(store, """SELECT ?code ?date ?a ?b WHERE {
        <https://w3id.org/ittifak/id/project/raks-cassette-plant> itt:citedSource ?d ; itt:statedIn ?p .
        ?d itt:fileCode ?code ; itt:date ?date . ?p itt:lineStart ?a ; itt:lineEnd ?b }""")
    assert str(code) == "681-182-10" and str(date) == "1991-05-01"
    assert int(first) <= 497 <= int(last)


def test_most_cited_archival_document_is_681_182_10(store):
    # 681-182-10 is cited at L280, L463, L483, L501, L525, L550, L576, L600, L630, L1013, L1162
    rows = select(store, """SELECT ?code (COUNT(DISTINCT ?p) AS ?n) WHERE {
        ?d a itt:ArchivalDocument ; itt:fileCode ?code ; itt:statedIn ?p } GROUP BY ?code ORDER BY DESC(?n) LIMIT 1""")
    assert str(rows[0][0]) == "681-182-10" and int(rows[0][1]) >= 10


def test_document_cited_with_two_dates_keeps_both_readings(store):
    # L404 "24.06.1990" and L439 "(1991, 24 Haziran)" for 30-18-1-2/654-61-6
    readings = values(store, """SELECT ?v WHERE { ?c itt:conflictAbout doc:bca-30-18-1-2-654-61-6 ;
        itt:hasReading/itt:readingValue ?v }""")
    assert any("24.06.1990" in r for r in readings) and any("1991" in r for r in readings)


def test_impossible_date_is_not_silently_fixed(store):
    # L849 "31 Haziran 1990": no 1990-06-31 (impossible) and no invented 1990-06-30 or 1990-07-01
    dates = values(store, """SELECT ?d WHERE {
        agreement:1990-turkey-ussr-cultural-scientific-exchange itt:signedOn|itt:date ?d }""")
    assert dates <= {"1990-06"}
    assert select(store, """SELECT ?c WHERE { ?c itt:conflictAbout
        agreement:1990-turkey-ussr-cultural-scientific-exchange ; itt:hasReading/itt:readingValue ?v
        FILTER(CONTAINS(?v, "31 Haziran 1990")) }""")
