"""Projections from RDF to NetworkX, checked against what the paper says (line numbers cited)."""

from __future__ import annotations

import pytest

from conftest import paper_lines
from ittifak.core.errors import InputError
from ittifak.network.projection import (
    NETWORKS,
    actor_network,
    bipartite_network,
    build_network,
    filter_classes,
    find_nodes,
    focus,
    organisational_network,
    read_facts,
)

ID = "https://w3id.org/ittifak/id/"
AKAGUN_DELEGATION = ID + "delegation/1991-akagun-baku"
TRADE_AGREEMENT = ID + "agreement/1992-trade-economic-cooperation"
TURKEY, AZERBAIJAN = ID + "state/turkey", ID + "state/azerbaijan"
DEMIREL, ELCIBEY = ID + "person/suleyman-demirel", ID + "person/ebulfez-elcibey"
AKAGUN = ID + "person/aytekin-akagun"
# L252-256: the seven who sat with him, by the body each came from.
AKAGUN_MEMBERS = {ID + "person/" + s for s in (
    "fevzi-beyburs", "yilmaz-cavusoglu",          # General Staff, L250-252
    "mehmet-ozgun",                               # Interior, L252
    "melih-molo", "sakir-dorukkaya",              # Finance and Customs, L252-254
    "nusret-polat-posoflu",                       # Transport, L254-256
    "ismail-dincer",                              # Public Works and Settlement, L256
)}


@pytest.fixture(scope="module")
def facts(project):
    return read_facts(project)


@pytest.fixture(scope="module")
def bipartite(facts):
    return bipartite_network(facts)


@pytest.fixture(scope="module")
def actors(facts):
    return actor_network(facts)


@pytest.fixture(scope="module")
def organisational(facts):
    return organisational_network(facts)


def _roles(g, actor, affair) -> set[str]:
    return set(g.edges[actor, affair]["roles"])


def test_paper_names_the_akagun_delegation():
    text = paper_lines(246, 256)
    for name in ("Aytekin", "Akagün’ün başkanlığındaki heyetin", "Fevzi Beyburs", "Yılmaz Çavuşoğlu",
                 "Mehmet Özgün", "Melih Molo", "Şakir Dorukkaya", "Nusret Polat", "İsmail Dinçer"):
        assert name in text


def test_akagun_delegation_has_a_head_and_seven_members(bipartite):
    # L246-256: Akagün heads the delegation to the Baku meeting of 13-17 January 1991; seven others
    # sit in it (two for the General Staff, one each for Interior, Transport and Public Works, two
    # for Finance and Customs): eight persons in all.
    meetings = [n for n in bipartite[AKAGUN_DELEGATION] if bipartite.nodes[n]["kind"] == "affair"]
    assert meetings, "the delegation is tied to no event (itt:hasDelegation)"
    for meeting in meetings:
        heads = {a for a in bipartite[meeting] if "head" in _roles(bipartite, a, meeting)}
        members = {a for a in bipartite[meeting] if "member" in _roles(bipartite, a, meeting)}
        assert heads == {AKAGUN}
        assert members == AKAGUN_MEMBERS
        assert "delegation" in _roles(bipartite, AKAGUN_DELEGATION, meeting)
        assert "represented" in _roles(bipartite, TURKEY, meeting)  # "Türkiye’yi ... temsil", L246-250
        assert 1991 in bipartite.nodes[meeting]["years"]  # "Ocak 1991", L246


def test_akagun_delegation_is_a_clique_of_eight_in_the_actor_network(actors):
    # L246-256: the eight shared one delegation, so each pair of them is tied.
    people = sorted(AKAGUN_MEMBERS | {AKAGUN})
    for i, u in enumerate(people):
        for v in people[i + 1:]:
            assert actors.has_edge(u, v), (u, v)
    # Akagün and Beyburs also sat together in Faik Koç’s delegation to the Ankara talks, L290-296.
    assert actors.edges[AKAGUN, ID + "person/fevzi-beyburs"]["weight_count"] >= 2


def test_trade_agreement_links_demirel_and_elcibey(bipartite, actors):
    # L645-653: signed on 2 November 1992, for Turkey by Prime Minister Süleyman Demirel, for
    # Azerbaijan by President Ebulfez Elçibey.
    assert "Süleyman Demirel" in paper_lines(651) and "Ebulfez Elçibey" in paper_lines(653)
    assert _roles(bipartite, DEMIREL, TRADE_AGREEMENT) >= {"signatory"}
    assert _roles(bipartite, ELCIBEY, TRADE_AGREEMENT) >= {"signatory"}
    assert _roles(bipartite, TURKEY, TRADE_AGREEMENT) >= {"signedFor"}
    assert _roles(bipartite, AZERBAIJAN, TRADE_AGREEMENT) >= {"signedFor"}
    assert bipartite.nodes[TRADE_AGREEMENT]["years"] == [1992]
    assert TRADE_AGREEMENT in actors.edges[DEMIREL, ELCIBEY]["contexts"]
    assert 1992 in actors.edges[DEMIREL, ELCIBEY]["years"]


def test_nodes_keep_iri_labels_class_years_and_sources(bipartite):
    node = bipartite.nodes[ELCIBEY]
    assert node["iri"] == ELCIBEY
    assert node["label_tr"] == "Ebulfez Elçibey"  # L653
    assert node["label_en"]
    assert node["class"] == "Person" and node["group"] == "Person" and node["bipartite"] == 0
    assert 1992 in range(node["year_first"], node["year_last"] + 1)
    agreement = bipartite.nodes[TRADE_AGREEMENT]
    assert agreement["group"] == "Agreement" and agreement["bipartite"] == 1
    # the passage read for it covers L645-653
    spans = [tuple(int(x) for x in p[1:].split("-")) for p in agreement["passages"]]
    assert any(a <= 645 and b >= 653 for a, b in spans), spans
    assert agreement["sources"] and len(agreement["citations"]) == len(agreement["sources"])
    assert all(isinstance(agreement[k], list) for k in ("alt_labels", "classes", "years", "sources", "passages"))


def test_bipartite_sides_never_touch_themselves(bipartite):
    for u, v in bipartite.edges:
        assert bipartite.nodes[u]["bipartite"] != bipartite.nodes[v]["bipartite"]


def test_organisational_network_runs_person_post_organisation_state(organisational):
    # L246-248: Akagün is "Ulaştırma Bakanlığı Demiryolları Limanlar ve Hava Meydanları İnşaatı
    # Genel Müdürü": a post in a general directorate that belongs to the Ministry of Transport.
    post = ID + "post/aytekin-akagun--general-director"
    directorate = ID + "organisation/tr-dlh-general-directorate"
    assert organisational.nodes[post]["kind"] == "post"
    assert organisational.edges[post, AKAGUN]["relation"] == ["holder"]
    assert organisational.edges[post, directorate]["relation"] == ["inOrganisation"]
    assert "forPolity" in organisational.edges[post, TURKEY]["relation"]
    assert "subOrganisationOf" in organisational.edges[directorate, ID + "organisation/tr-ministry-of-transport"][
        "relation"]
    assert organisational.nodes[post]["office_tr"]
    assert 1991 in organisational.nodes[post]["years"]  # BCA ... 05.01.1991, L258


def test_year_window_keeps_only_affairs_dated_inside(facts):
    g1991 = bipartite_network(facts, 1991, 1991)
    g1992 = bipartite_network(facts, 1992, 1992)
    assert TRADE_AGREEMENT not in g1991 and TRADE_AGREEMENT in g1992  # 2 Kasım 1992, L645
    assert AKAGUN_DELEGATION in g1991 and AKAGUN_DELEGATION not in g1992
    for g in (g1991, g1992):
        for n, d in g.nodes(data=True):
            if d["kind"] == "affair":
                assert int(g.graph["window"][:4]) in d["years"]
    actors_1992 = actor_network(facts, 1992, 1992)
    assert actors_1992.has_edge(DEMIREL, ELCIBEY)
    assert not actor_network(facts, 1990, 1991).has_edge(DEMIREL, ELCIBEY)


@pytest.mark.parametrize("kind", NETWORKS)
def test_memory_and_oxigraph_give_the_same_network(kind, facts, oxigraph_project):
    on_memory = build_network(facts, kind)
    on_oxigraph = build_network(oxigraph_project, kind)
    assert dict(on_memory.nodes(data=True)) == dict(on_oxigraph.nodes(data=True))
    assert {frozenset((u, v)): d for u, v, d in on_memory.edges(data=True)} == \
        {frozenset((u, v)): d for u, v, d in on_oxigraph.edges(data=True)}


def test_projection_is_deterministic(facts, project):
    again = actor_network(read_facts(project))
    first = actor_network(facts)
    assert list(first.nodes) == list(again.nodes)
    assert list(first.edges(data=True)) == list(again.edges(data=True))


def test_language_sets_the_label(facts):
    assert build_network(facts, "actors", lang="tr").nodes[TURKEY]["label"] == "Türkiye"
    assert build_network(facts, "actors", lang="en").nodes[TURKEY]["label"] == "Turkey"


def test_focus_is_turkish_aware(actors):
    tika = ID + "organisation/tika"
    assert find_nodes(actors, "tika") == [tika]
    assert find_nodes(actors, "TİKA") == [tika]
    assert find_nodes(actors, "elcibey") == [ELCIBEY]
    near = focus(actors, "Elçibey", depth=1)
    assert set(near) == {ELCIBEY} | set(actors[ELCIBEY])
    assert near.nodes[ELCIBEY]["focus"] is True


def test_focus_on_an_unknown_name_is_a_clear_error(actors):
    with pytest.raises(InputError, match="no node .* named 'Nobody Atall'"):
        focus(actors, "Nobody Atall")


def test_class_filter_keeps_subclasses(actors):
    persons = filter_classes(actors, ["Person"])
    assert persons.number_of_nodes() > 0
    assert {d["group"] for _, d in persons.nodes(data=True)} == {"Person"}
    organisations = filter_classes(actors, ["organisation"])
    assert {"Organisation", "Delegation"} >= {d["group"] for _, d in organisations.nodes(data=True)}
    with pytest.raises(InputError, match="unknown class 'Persn'"):
        filter_classes(actors, ["Persn"])


def test_bad_window_and_network_names_are_input_errors(facts):
    with pytest.raises(InputError, match="the period starts \\(1993\\) after it ends \\(1990\\)"):
        bipartite_network(facts, 1993, 1990)
    with pytest.raises(InputError, match="unknown network 'social'"):
        build_network(facts, "social")


def test_an_undated_affair_is_dated_by_its_archival_documents(tmp_path):
    from conftest import load_project, ontology_files

    data = tmp_path / "d.ttl"
    data.write_text("""
@prefix itt: <https://w3id.org/ittifak/ontology#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix id: <https://w3id.org/ittifak/id/> .
id:project\\/p a itt:Project ; itt:partner id:organisation\\/a , id:organisation\\/b ;
    itt:citedSource id:doc\\/d , id:work\\/w .
id:organisation\\/a a itt:Company ; rdfs:label "A"@tr . id:organisation\\/b a itt:Bank ; rdfs:label "B"@tr .
id:doc\\/d a itt:ArchivalDocument ; itt:date "1991-05-01"^^xsd:date .
id:work\\/w a itt:SecondaryWork ; itt:date "2019"^^xsd:gYear .
""", encoding="utf-8")
    g = bipartite_network(load_project("memory", ontology_files() + [data]))
    node = g.nodes[ID + "project/p"]
    assert (node["years"], node["dated_by"]) == ([1991], "sources")  # never 2019: a work dates nothing
    assert g.nodes[ID + "organisation/a"]["years"] == [1991]
    assert set(bipartite_network(load_project("memory", ontology_files() + [data]), 1991, 1991)) == set(g)
