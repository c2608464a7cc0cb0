"""A W3C Entity Reconciliation service (API 0.2, as OpenRefine speaks it) over the graph.

Names are compared under `match_key` (Turkish case rules, ASCII-folded), against every
rdfs:label and skos:altLabel, so `tika`, `TİKA` and `EKETİB` all find TİKA. A candidate is a
`match` only when the name is exactly one of its names, no other candidate has that name, and no
property given with the query contradicts it. Ids are paths under the dataset's uriSpace
(`identifierSpace`): `organisation/tika` is `{uriSpace}organisation/tika`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from difflib import SequenceMatcher
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from ittifak.core.templates import render_template
from ittifak.core.text import match_key
from ittifak.core.vocab import ITT
from ittifak.portal.model import LANGS, Linker, Portal

TYPES = ["Person", "Organisation", "Place", "Agreement", "ArchivalDocument"]
CORS = {"Access-Control-Allow-Origin": "*"}
LIMIT = 5
THRESHOLD = 40


@dataclass
class Candidate:
    iri: str
    id: str
    keys: set[str]
    types: list[str]  # which of TYPES it belongs to (class IRIs)


class Reconciler:
    def __init__(self, portal: Portal) -> None:
        self.portal = portal
        self.types = [str(ITT) + t for t in TYPES]
        self.candidates: list[Candidate] = []
        for iri in portal.resources():
            kinds = [t for t in self.types if portal.is_a(iri, t)]
            if not kinds:
                continue
            names = [text for text, _ in portal.label_list.get(iri, []) + portal.alt.get(iri, [])]
            self.candidates.append(Candidate(iri, portal.local_path(iri) or iri,
                                             {match_key(n) for n in names}, kinds))

    # ------------------------------------------------------------------ queries

    def type_iri(self, value: str) -> str:
        if value.startswith(("http://", "https://")):
            return value
        prefix, sep, local = value.partition(":")
        if sep and prefix in self.portal.prefixes:
            return self.portal.prefixes[prefix] + local
        return str(ITT) + value

    def _score(self, key: str, cand: Candidate) -> float:
        if key in cand.keys:
            return 100.0
        best = 0.0
        words = set(key.split())
        for name in cand.keys:
            ratio = SequenceMatcher(None, key, name).ratio()
            name_words = set(name.split())
            overlap = len(words & name_words) / len(words | name_words) if words | name_words else 0
            best = max(best, ratio, overlap)
        return round(90 * best, 1)

    def _property_agrees(self, cand: Candidate, pid: str, wanted: list[str]) -> bool:
        prop = self.type_iri(pid)
        keys = {match_key(w) for w in wanted}
        for obj in self.portal.reader.objects(cand.iri, prop):
            if isinstance(obj, ox.NamedNode):
                names = [t for t, _ in self.portal.label_list.get(obj.value, []) + self.portal.alt.get(obj.value, [])]
                local = self.portal.local_path(obj.value) or obj.value
                if keys & ({match_key(n) for n in names} | {match_key(obj.value), match_key(local)}):
                    return True
            elif isinstance(obj, ox.Literal) and match_key(obj.value) in keys:
                return True
        return False

    def reconcile(self, query: dict) -> list[dict]:
        text = str(query.get("query", ""))
        key = match_key(text)
        if not key:
            return []
        limit = max(1, int(query.get("limit") or LIMIT))
        wanted_types = query.get("type")
        if isinstance(wanted_types, str):
            wanted_types = [wanted_types]
        wanted = [self.type_iri(t) for t in wanted_types or []]
        scored = []
        for cand in self.candidates:
            if wanted and not any(self.portal.is_a(cand.iri, t) for t in wanted):
                continue
            score = self._score(key, cand)
            if score < THRESHOLD:
                continue
            agrees = True
            for prop in query.get("properties") or []:
                values = prop.get("v")
                values = values if isinstance(values, list) else [values]
                values = [v.get("id", "") if isinstance(v, dict) else str(v) for v in values]
                pid = prop.get("pid") or prop.get("p") or ""
                if pid and not self._property_agrees(cand, pid, values):
                    agrees = False
                    score = max(0.0, score - 30)
            scored.append((score, agrees, cand))
        scored.sort(key=lambda x: (-x[0], x[2].id))
        exact = [c for s, a, c in scored if s == 100]
        results = []
        for score, agrees, cand in scored[:limit]:
            results.append({
                "id": cand.id,
                "name": self.portal.label(cand.iri)["tr"],
                "description": self.portal.label(cand.iri)["en"],
                "type": [self._type(t) for t in cand.types],
                "score": score,
                "match": score == 100 and agrees and len(exact) == 1,
            })
        return results

    def _type(self, iri: str) -> dict:
        return {"id": iri, "name": self.portal.label(iri)["en"]}

    def suggest_entities(self, prefix: str) -> list[dict]:
        key = match_key(prefix)
        if not key:
            return []
        found = []
        for cand in self.candidates:
            if any(name.startswith(key) or f" {key}" in f" {name}" for name in cand.keys):
                found.append({"id": cand.id, "name": self.portal.label(cand.iri)["tr"],
                              "description": self.portal.label(cand.iri)["en"]})
        return sorted(found, key=lambda r: match_key(r["name"]))[:20]

    def manifest(self, base: str) -> dict:
        suggest = {kind: {"service_url": base, "service_path": f"/reconcile/suggest/{kind}"}
                   for kind in ("entity", "type", "property")}
        return {
            "versions": ["0.2"],
            "name": self.portal.dataset.short_title("en") + " (Ittifak)",
            "identifierSpace": self.portal.uri_space,
            "schemaSpace": str(ITT),
            "defaultTypes": [self._type(t) for t in self.types],
            "view": {"url": base + "/id/{{id}}"},
            "preview": {"url": base + "/reconcile/preview?id={{id}}", "width": 420, "height": 200},
            "suggest": suggest,
        }


def _queries_from(params: dict[str, list[str]]) -> tuple[dict | None, str | None]:
    if "queries" in params:
        try:
            batch = json.loads(params["queries"][0])
        except json.JSONDecodeError as err:
            return None, f"queries is not JSON: {err.msg}"
        if not isinstance(batch, dict) or not all(isinstance(q, dict) for q in batch.values()):
            return None, "queries must be an object of query objects"
        return batch, None
    return None, None


def routes(portal: Portal) -> list[Route]:
    reconciler = Reconciler(portal)
    link = Linker(portal.uri_space)

    def error(status: int, message: str) -> JSONResponse:
        return JSONResponse({"status": "error", "message": message}, status_code=status, headers=CORS)

    async def service(request: Request) -> Response:
        params = parse_qs(request.url.query)
        if request.method == "POST":
            params.update(parse_qs((await request.body()).decode("utf-8", errors="replace")))
        batch, problem = _queries_from(params)
        if problem:
            return error(400, problem)
        try:
            if batch is not None:
                return JSONResponse({k: {"result": reconciler.reconcile(q)} for k, q in batch.items()}, headers=CORS)
            if "query" in params:
                raw = params["query"][0]
                try:
                    single = json.loads(raw)
                except json.JSONDecodeError:
                    single = raw
                query = single if isinstance(single, dict) else {"query": raw}
                return JSONResponse({"result": reconciler.reconcile(query)}, headers=CORS)
        except (TypeError, ValueError, AttributeError):
            return error(400, "a query is not of the API's shape: query, type, limit, properties [{pid, v}]")
        return JSONResponse(reconciler.manifest(str(request.base_url).rstrip("/")), headers=CORS)

    def preview(request: Request) -> Response:
        ident = request.query_params.get("id", "")
        iri = ident if ident.startswith(portal.uri_space) else portal.iri_for(ident)
        if not ident or not portal.exists(iri):
            return error(404, "no such entity")
        view = portal.view(iri, link)
        body = render_template("portal/preview.html.j2", view=view, langs=LANGS, link=link)
        return HTMLResponse(body, headers={**CORS, "Content-Security-Policy": "default-src 'self'"})

    def suggest_entity(request: Request) -> Response:
        return JSONResponse({"result": reconciler.suggest_entities(request.query_params.get("prefix", ""))},
                            headers=CORS)

    def suggest_type(request: Request) -> Response:
        key = match_key(request.query_params.get("prefix", ""))
        found = [reconciler._type(t) for t in reconciler.types
                 if any(match_key(n).startswith(key) for n in portal.label(t).values())]
        return JSONResponse({"result": found}, headers=CORS)

    def suggest_property(request: Request) -> Response:
        key = match_key(request.query_params.get("prefix", ""))
        found = [{"id": str(ITT) + name, "name": labels["en"]}
                 for name, labels, _, kind in portal.ontology_terms()
                 if kind == "property" and key and any(match_key(n).startswith(key) for n in (name, *labels.values()))]
        return JSONResponse({"result": found[:20]}, headers=CORS)

    return [
        Route("/reconcile", service, methods=["GET", "POST"]),
        Route("/reconcile/preview", preview),
        Route("/reconcile/suggest/entity", suggest_entity),
        Route("/reconcile/suggest/type", suggest_type),
        Route("/reconcile/suggest/property", suggest_property),
    ]
