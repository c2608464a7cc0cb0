"""`/reconcile`: the W3C Entity Reconciliation API (0.2, as OpenRefine sends it).

Expected answers from the data: TİKA (data/organisations.ttl:226-228) is labelled "TİKA"@tr /
"TIKA"@en with altLabel "EKETİB" (the paper's lines 724-726: "Türkiye İş birliği ve Kalkınma
Ajansı (TİKA) diğer adı ile Ekonomik, Kültürel Eğitim ve Teknik İş Birliği Başkanlığı (EKETİB)"),
in polity Turkey. Elçibey is person:ebulfez-elcibey, "Ebulfez Elçibey"@tr / "Ebulfez Elchibey"@en
(data/people.ttl:238-240). The Umut bridge is place:umut-bridge, altLabel "Hasret Köprüsü".
"""

from __future__ import annotations

import json

import httpx
import pytest


def reconcile(base, queries: dict, method="POST") -> dict:
    payload = {"queries": json.dumps(queries, ensure_ascii=False)}
    r = httpx.post(base + "/reconcile", data=payload) if method == "POST" else \
        httpx.get(base + "/reconcile", params=payload)
    assert r.status_code == 200, r.text
    assert r.headers["access-control-allow-origin"] == "*"
    return r.json()


def test_the_manifest_describes_the_service(base):
    manifest = httpx.get(base + "/reconcile").json()
    assert manifest["versions"] == ["0.2"]
    assert manifest["identifierSpace"] == "https://w3id.org/ittifak/id/"  # void:uriSpace of dataset.ttl
    assert manifest["schemaSpace"] == "https://w3id.org/ittifak/ontology#"
    types = {t["id"].rsplit("#", 1)[1] for t in manifest["defaultTypes"]}
    assert types == {"Person", "Organisation", "Place", "Agreement", "ArchivalDocument"}
    assert manifest["view"]["url"] == base + "/id/{{id}}"
    assert httpx.get(manifest["view"]["url"].replace("{{id}}", "organisation/tika")).status_code == 200
    assert manifest["suggest"]["entity"]["service_path"] == "/reconcile/suggest/entity"


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_turkish_spellings_and_variants_find_tika(base, method):
    answers = reconcile(base, {"q0": {"query": "tika"}, "q1": {"query": "TİKA"}, "q2": {"query": "EKETİB"},
                               "q3": {"query": "Eketib", "type": "Organisation"},
                               "q4": {"query": "TIKA", "type": "https://w3id.org/ittifak/ontology#Organisation"}},
                        method)
    for key, answer in answers.items():
        top = answer["result"][0]
        assert (top["id"], top["name"], top["score"], top["match"]) == ("organisation/tika", "TİKA", 100, True), key
        assert all(not other["match"] for other in answer["result"][1:])


def test_types_filter_and_partial_names_are_never_matches(base):
    answers = reconcile(base, {"people": {"query": "tika", "type": "itt:Person"},
                               "ascii": {"query": "Elcibey", "type": "Person", "limit": 3},
                               "full": {"query": "EBULFEZ ELÇİBEY", "type": "Person"},
                               "bridge": {"query": "Hasret Köprüsü", "type": "Place"}})
    assert all(r["id"] != "organisation/tika" for r in answers["people"]["result"])
    ascii_top = answers["ascii"]["result"][0]
    assert ascii_top["id"] == "person/ebulfez-elcibey" and not ascii_top["match"]
    assert 40 <= ascii_top["score"] < 100 and len(answers["ascii"]["result"]) <= 3
    assert answers["full"]["result"][0]["match"] is True
    assert answers["bridge"]["result"][0]["id"] == "place/umut-bridge"
    assert answers["bridge"]["result"][0]["match"] is True


def test_properties_confirm_or_contradict_a_candidate(base):
    answers = reconcile(base, {
        "agrees": {"query": "TİKA", "properties": [{"pid": "itt:inPolity", "v": "Türkiye"}]},
        "by_id": {"query": "TİKA", "properties": [{"pid": "inPolity", "v": {"id": "state/turkey"}}]},
        "contradicts": {"query": "TİKA", "properties": [{"pid": "itt:inPolity", "v": "Azerbaycan"}]},
    })
    assert answers["agrees"]["result"][0]["match"] is True
    assert answers["by_id"]["result"][0]["match"] is True
    wrong = next(r for r in answers["contradicts"]["result"] if r["id"] == "organisation/tika")
    assert wrong["match"] is False and wrong["score"] < 100


def test_single_queries_and_bad_batches(base):
    single = httpx.get(base + "/reconcile", params={"query": "EKETİB"}).json()
    assert single["result"][0]["id"] == "organisation/tika"
    bad = httpx.post(base + "/reconcile", data={"queries": "{not json"})
    assert bad.status_code == 400 and "not JSON" in bad.json()["message"]
    for malformed in ({"q0": {"query": "tika", "limit": "many"}}, {"q0": {"query": "tika", "properties": ["x"]}}):
        r = httpx.post(base + "/reconcile", data={"queries": json.dumps(malformed)})
        assert r.status_code == 400 and "shape" in r.json()["message"]


def test_preview_and_suggest(base):
    preview = httpx.get(base + "/reconcile/preview", params={"id": "organisation/tika"})
    assert preview.status_code == 200 and "TİKA" in preview.text and "EKETİB" in preview.text
    assert httpx.get(base + "/reconcile/preview", params={"id": "organisation/none"}).status_code == 404
    entities = httpx.get(base + "/reconcile/suggest/entity", params={"prefix": "tik"}).json()["result"]
    assert "organisation/tika" in [e["id"] for e in entities]
    eketib = httpx.get(base + "/reconcile/suggest/entity", params={"prefix": "EKET"}).json()["result"]
    assert [e["id"] for e in eketib] == ["organisation/tika"]
    types = httpx.get(base + "/reconcile/suggest/type", params={"prefix": "pers"}).json()["result"]
    assert [t["id"] for t in types] == ["https://w3id.org/ittifak/ontology#Person"]
    props = httpx.get(base + "/reconcile/suggest/property", params={"prefix": "in pol"}).json()["result"]
    assert "https://w3id.org/ittifak/ontology#inPolity" in [p["id"] for p in props]
