"""`ittifak serve`: the project's graph as linked data, read-only, on Starlette and uvicorn.

Handlers that only read the store are plain functions, which Starlette runs in its thread pool
(Oxigraph reads are thread-safe); SPARQL queries run in worker processes, or, in front of a remote
store (`--backend URL`), are forwarded to it.

- `/id/{path}` is the resource `{void:uriSpace}{path}` of dataset.ttl, and `/ontology` the
  ontology (its page is the release's, in the language Accept-Language prefers). Both negotiate the format (HTML, Turtle, JSON-LD, N-Triples, RDF/XML) from Accept
  with its q-values and answer **directly** with 200 (no 303 redirect): the IRIs' own host
  (w3id.org) redirects to these documents, and `Content-Location` names the representation
  sent (`/id/{path}.ttl` …), which can also be asked for by its extension. `Vary: Accept` is
  always set; when no offered format is acceptable the answer is 406.
- `/sparql`: the SPARQL 1.1 Protocol, read-only (see ittifak.portal.sparql).
- `/queries/{name}?param=value`: the named queries, parameters bound by the library.
- `/reconcile`: the reconciliation service (ittifak.portal.reconcile).
- `/timeline` (ittifak.portal.timeline), `/map`, the places with coordinates (ittifak.portal.placemap),
  and `/network`, the actor map (ittifak.portal.networks).
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ittifak.core.errors import IttifakError
from ittifak.portal import networks, pages, sparql
from ittifak.portal.conneg import negotiate
from ittifak.portal.model import Linker, Portal
from ittifak.query.results import to_csv, to_json, to_tsv

STATIC = Path(__file__).parent / "static"
SECURITY = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
MAX_BODY = 256 * 1024  # bytes of a POSTed query
QUERY_TYPES = ["text/html", "application/sparql-results+json", "application/json", "text/csv",
               "text/tab-separated-values"]


def preferred_language(header: str | None) -> str:
    """tr or en, whichever Accept-Language weighs more (by primary subtag); en when neither."""
    best, weight = "en", 0.0
    for part in (header or "").split(","):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in ("tr", "en") and q > weight:
            best, weight = primary, q
    return best


def _origin(url: str) -> str:
    """A URL's scheme, host and port: what a log line names of a backend, never its query or path."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")


def _error(status: int, message: str, headers: dict | None = None) -> PlainTextResponse:
    return PlainTextResponse(f"error: {message}\n", status_code=status, headers={**SECURITY, **(headers or {})})


def _html(body: str, headers: dict | None = None) -> HTMLResponse:
    return HTMLResponse(body, headers={**SECURITY, **(headers or {})})


def _not_acceptable(offers: list[str]) -> PlainTextResponse:
    return _error(406, f"no acceptable format; this resource is available as {', '.join(offers)}",
                  {"Vary": "Accept"})


def create_app(portal: Portal, *, timeout: float = sparql.TIMEOUT, cap: int = sparql.ROW_CAP,
               workers: int = 2) -> Starlette:
    link = Linker(portal.uri_space)
    limiter = anyio.CapacityLimiter(2)
    engine: sparql.QueryWorkers | sparql.Forwarder = (
        sparql.Forwarder(portal.backend, timeout, portal.backend_graph) if portal.backend else sparql.QueryWorkers(portal.native, workers))
    serialised: dict[str, bytes] = {}
    ontology_pages: dict[str, str] = {}
    network_files = networks.NetworkFiles(portal)

    def home(request: Request) -> Response:
        return _html(pages.home(portal, link))

    def class_index(request: Request) -> Response:
        body = pages.class_page(portal, request.path_params["name"], link)
        return _html(body) if body else _error(404, "no such class in this dataset")

    def resource(request: Request) -> Response:
        path = request.path_params["path"]
        forced = None
        for media, fmt, ext, _ in pages.RDF_FORMATS:
            if path.endswith("." + ext):
                path, forced = path[: -len(ext) - 1], media
        iri = portal.iri_for(path)
        if not portal.exists(iri):
            return _error(404, f"no resource {iri} in this dataset")
        media = forced or negotiate(request.headers.get("accept"), pages.MEDIA_TYPES)
        if media is None:
            return _not_acceptable(pages.MEDIA_TYPES)
        headers = {"Vary": "Accept"}
        if media == "text/html":
            return _html(pages.resource_page(portal, iri, link), headers)
        fmt, ext = next((f, e) for m, f, e, _ in pages.RDF_FORMATS if m == media)
        headers["Content-Location"] = f"/id/{path}.{ext}"
        return Response(pages.resource_rdf(portal, iri, fmt), media_type=media, headers={**SECURITY, **headers})

    def ontology_doc(request: Request) -> Response:
        """/ontology by content negotiation (its page in the language Accept-Language prefers);
        /ontology.html, /ontology.tr.html and /ontology.{ttl,jsonld,nt,rdf} by name."""
        name = request.url.path.rsplit("/", 1)[-1]
        offers = ["text/html", *(m for m, _, _, _ in pages.ONTOLOGY_FORMATS)]
        by_name = {f"ontology.{ext}": media for media, _, ext, _ in pages.ONTOLOGY_FORMATS}
        if name == "ontology":
            media = negotiate(request.headers.get("accept"), offers)
            if media is None:
                return _not_acceptable(offers)
            vary = {"Vary": "Accept, Accept-Language"}
        elif name in by_name:
            media, vary = by_name[name], {}
        else:
            media, vary = "text/html", {}
        if media == "text/html":
            if not ontology_pages:
                ontology_pages.update(pages.ontology_pages(portal, link))
            if name == "ontology":
                name = "ontology.tr.html" if preferred_language(request.headers.get("accept-language")) == "tr" \
                    else "ontology.html"
            body = ontology_pages[name]
            lang = "tr" if name == "ontology.tr.html" else "en"
            headers = {**SECURITY, **vary, "Content-Language": lang, "Content-Location": f"/{name}",
                       "Content-Security-Policy": networks.page_policy(body) or "default-src 'none'"}
            return HTMLResponse(body, headers=headers)
        if media not in serialised:
            fmt = next(f for m, f, _, _ in pages.ONTOLOGY_FORMATS if m == media)
            serialised[media] = portal.ontology.serialize(format=fmt, encoding="utf-8")
        return Response(serialised[media], media_type=media, headers={**SECURITY, **vary})

    async def sparql_endpoint(request: Request) -> Response:
        params = {k: v for k, v in parse_qs(request.url.query, keep_blank_values=True).items()}
        text = None
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            declared = request.headers.get("content-length", "0")
            if declared.isdigit() and int(declared) > MAX_BODY:  # refused before it is read
                return _error(413, f"the request body is larger than {MAX_BODY // 1024} KiB")
            raw = await request.body()
            if len(raw) > MAX_BODY:
                return _error(413, f"the request body is larger than {MAX_BODY // 1024} KiB")
            body = raw.decode("utf-8", errors="replace")
            if ctype == "application/x-www-form-urlencoded":
                params.update(parse_qs(body, keep_blank_values=True))
            elif ctype == "application/sparql-query":
                text = body
            elif ctype == "application/sparql-update":
                return _error(403, "this endpoint is read-only: updates are refused")
            else:
                return _error(415, "POST a form (application/x-www-form-urlencoded) or application/sparql-query")
        if "update" in params:
            return _error(403, "this endpoint is read-only: updates are refused")
        if "default-graph-uri" in params or "named-graph-uri" in params:
            return _error(400, "this endpoint holds one graph: default-graph-uri and named-graph-uri are not supported")
        if text is None:
            queries = params.get("query", [])
            if len(queries) > 1:
                return _error(400, "give one query")
            text = queries[0] if queries else None
        limits = {"X-Ittifak-Row-Cap": str(cap), "X-Ittifak-Timeout": f"{timeout:g}", "Vary": "Accept"}
        if text is None:
            media_types = [*sparql.RESULT_TYPES, *sparql.GRAPH_TYPES]
            page = pages.render_template(
                "portal/sparql.html.j2", **pages.common(portal, link, {"tr": "SPARQL", "en": "SPARQL"}, False),
                example="SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)",
                cap=cap, timeout=f"{timeout:g}", formats=media_types)
            return _html(page, limits)
        try:
            form = sparql.check(text)
            media = sparql.choose(form, request.headers.get("accept"))
            answer = await anyio.to_thread.run_sync(
                lambda: engine.run(text, media, timeout=timeout, cap=cap, prefixes=portal.prefixes))
        except sparql.ProtocolError as err:
            return _error(err.status, err.message, limits)
        headers = {**SECURITY, **limits, "X-Ittifak-Truncated": "true" if answer.truncated else "false"}
        return Response(answer.body, media_type=answer.media_type, headers=headers)

    def timeline(request: Request) -> Response:
        return _html(pages.timeline_page(portal, link))

    def place_map(request: Request) -> Response:
        return _html(pages.map_page(portal, link))

    async def network_index(request: Request) -> Response:
        await anyio.to_thread.run_sync(network_files.folder)
        return _html(pages.network_page(portal, link, network_files.names))

    async def network_file(request: Request) -> Response:
        name = request.path_params["name"]
        folder = await anyio.to_thread.run_sync(network_files.folder)
        if name not in network_files.names:
            return _error(404, "no such network file")
        suffix = "." + name.rsplit(".", 1)[-1]
        headers = {**SECURITY}
        if name.endswith(".html"):  # a self-contained page: its own policy (inline scripts by hash)
            body = (folder / name).read_text(encoding="utf-8")
            headers["Content-Security-Policy"] = networks.page_policy(body) or "default-src 'none'"
            return Response(body, media_type=networks.MEDIA_TYPES[suffix], headers=headers)
        return FileResponse(folder / name, media_type=networks.MEDIA_TYPES.get(suffix, "application/octet-stream"),
                            headers=headers)

    def query_list(request: Request) -> Response:
        queries = sorted(portal.project.queries().values(), key=lambda q: q.name)
        return _html(pages.render_template(
            "portal/queries.html.j2", **pages.common(portal, link, {"tr": "Sorgular", "en": "Queries"}, False),
            queries=queries))

    async def named_query(request: Request) -> Response:
        name = request.path_params["name"]
        try:
            named = portal.project.named_query(name)
        except IttifakError as err:
            return _error(404, str(err))
        given = {k: v for k, v in parse_qs(request.url.query).items() if k != "lang"}
        lang = request.query_params.get("lang")
        media = negotiate(request.headers.get("accept"), QUERY_TYPES)
        if media is None:
            return _not_acceptable(QUERY_TYPES)
        title = {"tr": named.title or named.name, "en": named.title or named.name}
        missing = [p.name for p in named.params if p.required and p.name not in given]
        if missing and media == "text/html":  # the form, to fill in
            return _html(pages.render_template(
                "portal/query.html.j2", **pages.common(portal, link, title, False),
                description=named.question, params=named.params, given=given, missing=missing,
                variables=[], rows=[], text=named.text), {"Vary": "Accept"})
        try:
            result = await anyio.to_thread.run_sync(
                lambda: portal.project.query(named, given, lang=lang, store=portal.store), limiter=limiter)
        except IttifakError as err:
            return _error(400, str(err), {"Vary": "Accept"})
        headers = {**SECURITY, "Vary": "Accept"}
        if media in ("application/sparql-results+json", "application/json"):
            return Response(to_json(result), media_type=media, headers=headers)
        if media == "text/csv":
            return Response(to_csv(result), media_type=media, headers=headers)
        if media == "text/tab-separated-values":
            return Response(to_tsv(result), media_type=media, headers=headers)
        rows = [[pages.term_value(portal, t, link) for t in row] for row in result.rows]
        return _html(pages.render_template(
            "portal/query.html.j2", **pages.common(portal, link, title, False),
            description=named.question, params=named.params, given=given, missing=[],
            variables=result.variables, rows=rows, text=named.text), {"Vary": "Accept"})

    routes = [
        Route("/", home),
        Route("/class/{name}", class_index),
        Route("/id/{path:path}", resource),
        Route("/ontology", ontology_doc),
        *(Route(f"/ontology.{ext}", ontology_doc) for ext in ("html", "tr.html", "ttl", "jsonld", "nt", "rdf")),
        Route("/timeline", timeline),
        Route("/map", place_map),
        Route("/network", network_index),
        Route("/network/{name}", network_file),
        Route("/sparql", sparql_endpoint, methods=["GET", "POST"]),
        Route("/queries", query_list),
        Route("/queries/{name}", named_query),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    from ittifak.portal.reconcile import routes as reconcile_routes

    routes += reconcile_routes(portal)

    @asynccontextmanager
    async def lifespan(app):
        yield
        engine.close()
        network_files.close()

    return Starlette(routes=routes, lifespan=lifespan)


def serve(project, host: str = "127.0.0.1", port: int = 8000, log=print, backend: str | None = None,
          graph: str | None = None) -> None:
    """Load the project into the embedded store (or read it from `backend`) and serve it until
    interrupted."""
    import uvicorn

    portal = Portal(project, backend=backend, graph=graph)
    title = portal.dataset.short_title("en")
    if backend:
        log(f"reading {len(portal.store)} triples of {title} from the store at {_origin(backend)}")
    else:
        log(f"loaded {len(portal.store)} triples of {title}")
    # uvicorn says "Uvicorn running on http://HOST:PORT" once it listens, or why it cannot
    uvicorn.run(create_app(portal), host=host, port=port, log_level="info", access_log=False)

