"""`ittifak site --out DIR`: the portal's pages as static files any static host serves.

One page per resource (`id/{path}.html`) with its Turtle and JSON-LD beside it, an index per
class, the ontology, the timeline, the map of places, the network outputs
(`network/`, with the interactive actor map), an `.htaccess` of redirects from the dataset's IRIs (ittifak.portal.redirects),
and a search page that searches a JSON index in the browser with MiniSearch
(vendored: src/ittifak/vendor/minisearch.js). Every link is relative, so the site works from any
folder of any host. It is written into a staging folder and swapped in whole.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox

from ittifak.core.output import publish_folder, staging_folder
from ittifak.core.templates import render_template
from ittifak.core.text import match_key
from ittifak.portal import networks, pages
from ittifak.portal.model import LANGS, Linker, Portal
from ittifak.portal.redirects import htaccess

STATIC = Path(__file__).parent / "static"
VENDOR = Path(__file__).parent.parent / "vendor"
_SAFE = re.compile(r"[\w~-][\w.~-]*")  # one path segment that stays inside its folder


def safe_path(path: str | None) -> bool:
    """Whether an IRI's path under the uriSpace can be a file path of the site."""
    return bool(path) and all(_SAFE.fullmatch(part) for part in path.split("/"))


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)


def search_index(portal: Portal) -> list[dict]:
    """One entry per resource: its labels, its type and its names folded by `match_key`."""
    entries = []
    for iri in portal.resources():
        path = portal.local_path(iri)
        if not safe_path(path):
            continue
        names = [t for t, _ in portal.label_list.get(iri, []) + portal.alt.get(iri, [])]
        if not names:
            continue
        types = portal.types.get(iri, [])
        kind = portal.label(types[0]) if types else {lang: "" for lang in LANGS}
        label = portal.label(iri)
        entries.append({"id": f"id/{path}.html", "tr": label["tr"], "en": label["en"],
                        "type_tr": kind["tr"], "type_en": kind["en"],
                        "names": " | ".join(sorted({match_key(n) for n in names}))})
    return entries


def write_site(portal: Portal, out: Path | str, log=lambda _: None) -> int:
    """Write the whole site into `out` (replaced as a whole); returns the number of pages."""
    out = Path(out)
    count = 0
    with staging_folder(out) as staging:
        root = Linker(portal.uri_space, static=True, depth=0)
        _write(staging / "index.html", pages.home(portal, root, static=True))
        count += 1
        for entry in [e for e in portal.classes() if safe_path(e.local)]:
            link = Linker(portal.uri_space, static=True, depth=1)
            _write(staging / "class" / f"{entry.local}.html", pages.class_page(portal, entry.local, link, True))
            count += 1
        for iri in portal.resources():
            path = portal.local_path(iri)
            if not safe_path(path):
                log(f"skipped {iri}: its path cannot be a file name")
                continue
            link = Linker(portal.uri_space, static=True, depth=path.count("/") + 1)
            target = staging / "id" / path
            _write(target.with_name(target.name + ".html"), pages.resource_page(portal, iri, link, static=True))
            _write(target.with_name(target.name + ".ttl"), pages.resource_rdf(portal, iri, ox.RdfFormat.TURTLE))
            _write(target.with_name(target.name + ".jsonld"), pages.resource_rdf(portal, iri, ox.RdfFormat.JSON_LD))
            count += 1
        for name, page in pages.ontology_pages(portal, root, static=True).items():
            _write(staging / name, page)
            count += 1
        _write(staging / "ontology.ttl", portal.ontology.serialize(format="turtle", encoding="utf-8"))
        _write(staging / "timeline.html", pages.timeline_page(portal, root, True))
        _write(staging / "map.html", pages.map_page(portal, root, True))
        count += 1
        names = networks.write_networks(portal, staging / "network")
        _write(staging / "network.html", pages.network_page(portal, root, names, True))
        count += 2
        search = render_template("portal/search.html.j2", **pages.common(
            portal, root, {"tr": "Ara", "en": "Search"}, True))
        _write(staging / "search.html", search)
        count += 2
        index = json.dumps(search_index(portal), ensure_ascii=False, separators=(",", ":"))
        _write(staging / "search.json", index)
        (staging / "static").mkdir()
        for name in ("portal.css", "portal.js", "search.js"):
            shutil.copyfile(STATIC / name, staging / "static" / name)
        shutil.copyfile(VENDOR / "minisearch.js", staging / "static" / "minisearch.js")
        shutil.copyfile(VENDOR / "LICENSE-MINISEARCH", staging / "static" / "LICENSE-MINISEARCH.txt")
        _write(staging / ".htaccess", htaccess(portal.uri_space))
        publish_folder(staging, out)
    log(f"wrote {count} pages to {out}")
    return count
