"""Competency questions on structure read out of the paper's words: credit terms, shares, transfers,
broadcast coverage, toured plants, roles, hierarchies, qualifiers, derived dates, consequence links,
date spans and merged records.

Each test names the lines of ../shared/sources/turkey-azerbaijan-1990-1993.txt it rests on.
They run on both local stores, as tests/test_competency.py does.
"""

from __future__ import annotations

from conftest import select, values
from ittifak.query.run import run_named


def local(iri) -> str:
    return str(iri).rsplit("/", 1)[1]


# --- facts out of descriptions -------------------------------------------------------------------

def test_raks_credit_terms(store):
    # L497-501: sixty million dollars from Turkish banks, repaid over seven years with two years' grace
    (value, currency, repayment, grace), = select(store, """
        SELECT ?v ?c ?r ?g WHERE { project:raks-cassette-plant itt:credit ?a .
          ?a schema:value ?v ; schema:currency ?c ; itt:repaymentPeriod ?r ; itt:gracePeriod ?g }""")
    assert (int(value), str(currency), str(repayment), str(grace)) == (60000000, "USD", "P7Y", "P2Y")


def test_karadag_credit_is_a_ceiling(store):
    # L598-600: "20 milyon dolara kadar ulaşacak kredi" -- up to 20 million dollars
    (value, qualifier), = select(store, """
        SELECT ?v ?q WHERE { project:karadag-cement-plant itt:credit [ schema:value ?v ; itt:amountQualifier ?q ] }""")
    assert int(value) == 20000000 and local(qualifier) == "at-most"


def test_credits_up_to_a_ceiling_are_counted_apart(store):
    # L497-600: of the credits the paper gives in dollars, one (Karadağ) is a ceiling, the rest exact
    rows = select(store, """
        SELECT ?p (COALESCE(?q, qualifier:exact) AS ?how) WHERE {
          ?p itt:credit ?a . ?a schema:currency "USD" OPTIONAL { ?a itt:amountQualifier ?q } }""")
    ceilings = {local(p) for p, how in rows if local(how) == "at-most"}
    assert ceilings == {"karadag-cement-plant"} and len(rows) > len(ceilings)


def test_ziraat_bank_share_and_its_condition(store):
    # L627-630: Ziraat Bank may hold up to half of the new banks and ask for "Türk" in their names
    (holder, share, unit, how, condition), = select(store, """
        SELECT ?h ?v ?u ?q ?c WHERE { project:ziraat-bank-turkic-republics itt:hasShareholding ?s .
          ?s itt:shareholder ?h ; itt:condition ?c ;
             itt:shareOfCapital [ schema:value ?v ; schema:unitCode ?u ; itt:amountQualifier ?q ]
          FILTER(LANG(?c) = "tr") }""")
    assert (local(holder), int(share), str(unit), local(how)) == ("ziraat-bank", 50, "P1", "at-most")
    assert "Türk" in str(condition)


def test_kotur_and_dil_ucu_change_hands(store):
    # L100-104: in 1932 Turkey left Kotur to Iran and took in the area of about 10 km holding Dil Ucu
    rows = select(store, """
        SELECT ?t ?from ?to ?v ?q WHERE { event:1932-kotur-border-exchange itt:hasTransfer ?x .
          ?x itt:transferredTerritory ?t ; itt:transferredFrom ?from ; itt:transferredTo ?to .
          OPTIONAL { ?x itt:area [ schema:value ?v ; itt:amountQualifier ?q ] } }""")
    found = {(local(t), local(f), local(to)): (v, q) for t, f, to, v, q in rows}
    assert set(found) == {("kotur", "turkey", "iran"), ("dilucu", "iran", "turkey")}
    area, how = found[("dilucu", "iran", "turkey")]
    assert int(area) == 10 and local(how) == "about"


def test_who_instructed_trt_avrasya(store):
    # L734-736: the broadcasts began on the instruction of the National Security Council Secretariat General
    (who,), = select(store, """SELECT ?w WHERE { event:1992-02-19-trt-avrasya-first-broadcast itt:instructedBy ?w }""")
    assert local(who) == "tr-national-security-council-secretariat"


def test_trt_avrasya_hours_and_reach(store):
    # L736-741: 24 hours a day throughout Kyrgyzstan, certain hours elsewhere in Central Asia; in
    # Azerbaijan only Baku and 14 km around it
    rows = select(store, """
        SELECT ?area ?hours ?extent WHERE { event:1992-02-19-trt-avrasya-first-broadcast itt:coverage ?c .
          ?c itt:coverageArea ?area .
          OPTIONAL { ?c itt:dailyHours/schema:value ?hours } OPTIONAL { ?c itt:coverageExtent/schema:value ?extent } }""")
    found = {local(a): (h, e) for a, h, e in rows}
    assert int(found["kyrgyzstan"][0]) == 24
    assert int(found["baku"][1]) == 14 and found["baku"][0] is None
    assert "central-asia" in found  # other Turkic republics: certain hours, not given


def test_plants_voronin_toured(store):
    # L358-362: Istanbul: meat, telecommunications equipment, plumbing; İzmir: tapes, washing
    # machines, dairy, potatoes
    rows = select(store, """
        SELECT ?city (COUNT(DISTINCT ?site) AS ?n) WHERE {
          ?visit itt:partOf event:1990-voronin-visit-turkey ; itt:toured ?site .
          ?site a itt:Facility ; itt:locatedIn ?city } GROUP BY ?city""")
    assert {local(c): int(n) for c, n in rows} == {"istanbul": 3, "izmir": 4}


# --- qualified roles -------------------------------------------------------------------------------

def test_who_builds_the_azizbeyov_canal_and_who_pays_in_kind(store):
    # L572-576: Yücelen builds the canal; its costs are met with Asutikinti's building materials
    rows = select(store, """
        SELECT ?who ?role WHERE { project:south-mugan-irrigation itt:hasParticipation [ itt:actor ?who ; itt:role ?role ] }""")
    assert {(local(w), local(r)) for w, r in rows} == {("yucelen", "builder"), ("asutikinti", "pays-in-kind")}


def test_suppliers_include_those_who_pay_in_kind(store):
    # L572-576: asking for suppliers finds Asutikinti, whose role is narrower (pays in kind)
    who = values(store, """SELECT ?w WHERE { ?x itt:hasParticipation [ itt:actor ?w ; itt:role/skos:broader* role:supplier ] }""")
    assert {local(w) for w in who} == {"asutikinti"}


def test_credit_recipient_and_financier_of_the_chemicals_project(store):
    # L532-538: Turkey supports the Sumkayıtkimyasanayi project with credit to the firm Taciyet
    rows = select(store, """
        SELECT ?who ?role WHERE { project:sumgait-chemicals itt:hasParticipation [ itt:actor ?who ; itt:role ?role ] }""")
    roles = {(local(w), local(r)) for w, r in rows}
    assert {("taciyet", "credit-recipient"), ("turkey", "financier")} <= roles


def test_projects_turkish_banks_finance(store):
    # L497-600: Turkish banks give credit to Raks (cassettes, fans), the bath-set and asbestos-cement
    # plants, the social organisations and Karadağ
    projects = values(store, """
        SELECT ?p WHERE { ?p itt:hasParticipation [ itt:actor organisation:turkish-banks ; itt:role role:financier ] }""")
    assert {local(p) for p in projects} == {
        "raks-cassette-plant", "raks-fan-plant-quba", "bath-set-plant", "asbestos-cement-ceramics-plant",
        "social-organisations-bank-credit", "karadag-cement-plant"}


# --- hierarchies -----------------------------------------------------------------------------------

def test_asking_for_ministers_finds_the_foreign_minister(store):
    # L1023-1027: Dışişleri Bakanı Hikmet Çetin; L895-899: Sağlık Bakanı Halil Şıvgın; L613-614: Devlet
    # Bakanı Şerif Ercan
    people = values(store, """
        SELECT ?n WHERE { ?post itt:hasOffice/skos:broader* office:minister ; itt:holder/rdfs:label ?n
          FILTER(LANG(?n) = "tr") }""")
    assert {"Hikmet Çetin", "Halil Şıvgın", "Şerif Ercan"} <= people


def test_asking_for_economy_finds_trade_agreements(store):
    # L645-651: the trade and economic cooperation agreement is in trade, a sector of the economy
    found = values(store, """SELECT ?a WHERE { ?a a/rdfs:subClassOf* itt:Agreement ; itt:domain/skos:broader* domain:economy }""")
    assert "https://w3id.org/ittifak/id/agreement/1992-trade-economic-cooperation" in found


def test_aid_table_by_category(store):
    # L408-439, Table 1: seven foods, medicine (234.234.450 TL) and soap (15.000.000 TL)
    rows = select(store, """
        SELECT ?cat (COUNT(?i) AS ?n) (SUM(?v) AS ?sum) WHERE {
          aid:1990-food-medicine itt:item ?i . ?i itt:aidCategory ?cat ; itt:value/schema:value ?v } GROUP BY ?cat""")
    found = {local(c): (int(n), int(s)) for c, n, s in rows}
    assert found["food"][0] == 7
    assert found["medicine"] == (1, 234234450) and found["other-goods"] == (1, 15000000)
    every = values(store, """SELECT ?i WHERE { aid:1990-food-medicine itt:item ?i
        FILTER EXISTS { ?i itt:aidCategory/skos:broader aid-category:relief-goods } }""")
    assert len(every) == 9


# --- dates -----------------------------------------------------------------------------------------

def test_dated_and_derived_project_dates(store):
    # L290, L313-315: the bridge works ran 1991-1992 (the paper's dates); L489-501: the Raks plant
    # is known only from the document of 01.05.1991, so its date is derived and marked so
    (start,), = select(store, "SELECT ?s WHERE { project:umut-bridge-construction itt:startDate ?s }")
    assert str(start) == "1991"
    (derived, source), = select(store, """
        SELECT ?d ?doc WHERE { project:raks-cassette-plant itt:derivedDate ?d ; itt:derivedFrom ?doc }""")
    assert (str(derived), local(source)) == ("1991-05-01", "bca-30-18-1-2-681-182-10")
    assert not select(store, "SELECT ?d WHERE { project:raks-cassette-plant itt:startDate|itt:date ?d }")


def test_dates_sort_and_filter_by_their_span(store):
    # L309-310 (the 1992 opening), L732-734 (19 Şubat 1992), L313-315 (Temmuz 1992): 1992 covers
    # 1992-01-01..1992-12-31 and sorts before 19 February 1992; 1992-07 covers July
    result = run_named(store, "timeline", lang="en")
    rows = [dict(zip(result.variables, row)) for row in result.rows]
    spans = {local(r["event"]): (str(r["spanStart"]), str(r["spanEnd"])) for r in rows}
    assert spans["1992-umut-bridge-opening-ceremony"] == ("1992-01-01", "1992-12-31")
    assert spans["1992-07-umut-bridge-start-of-operation"] == ("1992-07-01", "1992-07-31")
    order = [local(r["event"]) for r in rows]
    assert order.index("1992-umut-bridge-opening-ceremony") < order.index("1992-02-19-trt-avrasya-first-broadcast")
    starts = [str(r["spanStart"]) for r in rows]
    assert starts == sorted(starts)
    # 15 July 1992 lies in the spans of "1992" and "1992-07", not in that of 19 February 1992
    during = {local(r[4]) for r in run_named(store, "timeline", during="1992-07-15").rows}
    assert {"1992-umut-bridge-opening-ceremony", "1992-07-umut-bridge-start-of-operation"} <= during
    assert "1992-02-19-trt-avrasya-first-broadcast" not in during


# --- consequence links -----------------------------------------------------------------------------

def test_the_visit_decision_prepared_the_visa_protocol(store):
    # L1023-1029: the decision on Çetin's visits; in Baku he signed the visa-exemption protocol (the
    # link is stated in the passage L1017-1043)
    rows = select(store, """
        SELECT ?to ?first WHERE { ?l itt:fromAct decision:cetin-visits-turkic-republics ;
          itt:consequenceKind consequence-kind:prepared ; itt:toAct ?to ; itt:citedSource doc:bca-30-18-1-2-714-312-2 ;
          itt:statedIn/itt:lineStart ?first }""")
    assert [(local(t), int(f)) for t, f in rows] == [("1992-visa-exemption-protocol", 1017)]


def test_the_environment_memoranda_concern_two_seas(store):
    # L935-936: cleaning the Black Sea and the Caspian Sea
    seas = values(store, """SELECT ?s WHERE { ?l itt:fromAct agreement:environment-cooperation-memoranda ;
        itt:consequenceKind consequence-kind:concerns ; itt:toAct ?s . ?s a itt:BodyOfWater }""")
    assert {local(s) for s in seas} == {"black-sea", "caspian-sea"}


def test_outcomes_credited_to_the_1992_agreements(store):
    # L1119-1123: after the eleven agreements of 1992: exchange places, the high school, the language
    # centre, Kafkas University
    found = values(store, """SELECT ?p WHERE { ?l itt:fromAct ?a ; itt:consequenceKind/skos:broader* consequence-kind:led-to ;
        itt:toAct ?p . ?a itt:memberCount 11 }""")
    assert {local(p) for p in found} == {"student-exchange-places", "baku-turkish-anatolian-high-school",
                                         "baku-turkish-language-centre", "kafkas-university-baku"}


def test_the_tourism_agreement_rests_on_the_rome_conference(store):
    # L977-979: joint activities follow the 1963 Rome UN conference on tourism
    found = values(store, """SELECT ?e WHERE { ?l itt:fromAct agreement:1991-tourism-cooperation ;
        itt:consequenceKind consequence-kind:rests-on ; itt:toAct ?e . ?e a itt:Conference }""")
    assert {local(e) for e in found} == {"1963-un-rome-tourism-conference"}


def test_every_consequence_link_has_its_own_passage(store):
    # each link is read from a passage of the paper and names a source
    missing = select(store, """SELECT ?l WHERE { ?l a itt:Consequence
        FILTER NOT EXISTS { ?l itt:statedIn ?p ; itt:citedSource ?s } }""")
    assert missing == []


# --- merged records and counts ----------------------------------------------------------------------

def test_the_bridge_works_are_one_record_with_every_source(store):
    # L286-304, L308-319: the works were recorded as an event and as a project; one record remains,
    # with both documents (677-163-3, 716-322-5) and the agreement of 19 September 1990 (L242-258)
    (same,), = select(store, "SELECT ?p WHERE { event:1991-umut-bridge-construction owl:sameAs ?p }")
    assert local(same) == "umut-bridge-construction"
    assert not select(store, "SELECT ?t WHERE { event:1991-umut-bridge-construction a ?t }")
    sources = values(store, "SELECT ?s WHERE { project:umut-bridge-construction itt:citedSource ?s }")
    assert {local(s) for s in sources} >= {"bca-30-18-1-2-677-163-3", "bca-30-18-1-2-716-322-5"}
    implements = values(store, "SELECT ?a WHERE { project:umut-bridge-construction itt:implements ?a }")
    assert {local(a) for a in implements} == {"1990-economic-cooperation-protocol", "1990-aras-bridge-border-gate"}


def test_the_head_counts_as_a_member(store):
    # L290-300: Faik Koç heads a delegation of twelve named members: thirteen people in all
    (n,), = select(store, """SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {
        delegation:1991-faik-koc-ankara itt:head|itt:member ?m }""")
    assert int(n) == 13
    (sub,), = select(store, "SELECT ?p WHERE { itt:head rdfs:subPropertyOf ?p }")
    assert str(sub).endswith("#member")


def test_most_cited_document_counts_places(store):
    # BCA 681-182-10 is cited in eleven passages: L280, L463, L483, L501, L525, L550, L576, L600,
    # L630, L1013 and L1162
    (n,), = select(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { doc:bca-30-18-1-2-681-182-10 itt:statedIn ?p }")
    assert int(n) == 11


def test_what_happened_to_menderes(store):
    # L138-142: Menderes planned a visit to Russia in 1960 and was executed after the 1960 coup; the
    # paper does not date the execution
    rows = select(store, """
        SELECT ?e ?cause ?date WHERE { ?e itt:subject <https://w3id.org/ittifak/id/person/adnan-menderes> ;
          rdfs:label ?l . FILTER(CONTAINS(STR(?l), "idam"))
          ?link itt:fromAct ?cause ; itt:toAct ?e OPTIONAL { ?e itt:date|itt:startDate ?date } }""")
    assert [(local(e), local(c), d) for e, c, d in rows] == [("menderes-execution", "1960-military-coup", None)]


def test_roles_in_decisions_and_events(store):
    # L208-212: Özal chaired the council whose decree Kahveci signed; L749: Özal spoke at the summit
    rows = select(store, """
        SELECT ?x ?who ?role WHERE { ?x itt:hasParticipation [ itt:actor ?who ; itt:role ?role ]
          FILTER(?who IN (<https://w3id.org/ittifak/id/person/turgut-ozal>, <https://w3id.org/ittifak/id/person/adnan-kahveci>)) }""")
    assert {(local(x), local(w), local(r)) for x, w, r in rows} == {
        ("1991-10-food-aid-nakhchivan", "turgut-ozal", "chair"),
        ("1991-10-food-aid-nakhchivan", "adnan-kahveci", "signatory"),
        ("1992-10-turkic-speaking-heads-of-state-summit", "turgut-ozal", "speaker")}


def test_the_domains_query_counts_narrower_domains(store):
    # L645-661: the trade agreement is tagged trade; economy, the broader field, counts it too
    result = run_named(store, "domains", lang="en")
    rows = {local(r[0]): dict(zip(result.variables, r)) for r in result.rows}
    assert local(rows["trade"]["broader"]) == "economy"
    assert int(rows["economy"]["total"]) >= int(rows["trade"]["total"]) + int(rows["economy"]["direct"])
    assert int(rows["trade"]["total"]) == int(rows["trade"]["direct"])


def test_the_1992_education_outcomes_are_one_record_each(store):
    # L1121-1123: the language centre began work and Kafkas University was built (1995): each was
    # recorded as an event and as a project; one record remains, the project, dated as the paper dates it
    for event, project in (("baku-turkish-language-centre-start", "baku-turkish-language-centre"),
                           ("1995-kafkas-university-baku-construction", "kafkas-university-baku")):
        (same,), = select(store, f"SELECT ?p WHERE {{ event:{event} owl:sameAs ?p }}")
        assert local(same) == project
        assert not select(store, f"SELECT ?t WHERE {{ event:{event} a ?t }}")
    (end,), = select(store, "SELECT ?e WHERE { project:kafkas-university-baku itt:endDate ?e }")
    assert str(end) == "1995"
    # L1121-1122: the high school was completed in 1994; the completion is part of building it
    (project,), = select(store, """SELECT ?p WHERE { ?l itt:fromAct event:1994-baku-turkish-anatolian-high-school-completion ;
        itt:consequenceKind consequence-kind:part-of ; itt:toAct ?p }""")
    assert local(project) == "baku-turkish-anatolian-high-school"
