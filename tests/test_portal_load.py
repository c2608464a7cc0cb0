"""A hostile query under load, small and bounded (bench/portal_load.py is the full run): while a
cartesian product runs into the timeout, pages, SPARQL and reconciliation are still answered."""

from __future__ import annotations

import json
import threading
import time

import httpx

from ittifak.portal.model import Portal
from portal_server import running

HOSTILE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 8398³ rows
REQUESTS = [
    ("page", "/id/organisation/tika", {}),
    ("sparql", "/sparql", {"params": {"query": "ASK { <https://w3id.org/ittifak/id/organisation/tika> ?p ?o }"}}),
    ("reconcile", "/reconcile", {"params": {"queries": json.dumps({"q0": {"query": "tika"}})}}),
]


def test_other_requests_are_answered_while_a_hostile_query_runs_into_the_timeout():
    with running(portal=Portal(), timeout=2, workers=2) as url:
        hostile: dict = {}

        def send() -> None:
            r = httpx.get(url + "/sparql", params={"query": HOSTILE}, timeout=60)
            hostile.update(status=r.status_code, text=r.text, ended=time.monotonic())

        thread = threading.Thread(target=send)
        began = time.monotonic()
        thread.start()
        time.sleep(0.3)
        answered = []
        with httpx.Client(base_url=url, timeout=30) as http:
            while thread.is_alive() and time.monotonic() - began < 30:
                for kind, path, options in REQUESTS:
                    r = http.get(path, **options)
                    assert r.status_code == 200, (kind, r.text)
                    answered.append((kind, time.monotonic()))
        thread.join(timeout=30)
        assert hostile["status"] == 503 and "longer than 2 s" in hostile["text"]
        assert hostile["ended"] - began >= 2
        during = {kind for kind, at in answered if at < hostile["ended"]}
        assert during == {"page", "sparql", "reconcile"}
        assert len([a for a in answered if a[1] < hostile["ended"]]) >= 9
