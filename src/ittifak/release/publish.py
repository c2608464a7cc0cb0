"""A release for linked-data portals: every distribution, the out-links, ontology docs, VoID/DCAT."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from ittifak.core.errors import IttifakError
from ittifak.core.layout import Layout
from ittifak.core.load import parse_files
from ittifak.core.output import atomic_write
from ittifak.release.describe import describe
from ittifak.release.export import FORMATS, Parts, bind_prefixes, export, load_parts, serialize


def links_graph(layout: Layout) -> Graph:
    """Out-links to other authorities (data/links/*.ttl), kept out of the main graph."""
    g = bind_prefixes(Graph())
    parse_files(g, layout.links_files())
    return g


def start_ontology_html(layout: Layout) -> subprocess.Popen:
    """Start documenting the ontology with pyLODE (classes, properties, both languages).

    pyLODE walks Python sets, whose order follows the string hash seed; it runs in a child
    process with PYTHONHASHSEED=0 so the page is byte-identical from one build to the next. Being a
    child process, it also runs while the serialisations are written.
    """
    files = [str(p) for p in layout.ontology_files()]
    script = (
        "from ittifak.core.children import end_with_parent\n"
        "end_with_parent()\n"
        "import logging, sys\n"
        "logging.disable(logging.INFO)\n"
        "from rdflib import Graph\n"
        "from pylode import OntPub\n"
        "g = Graph()\n"
        "for f in sys.argv[1:]: g.parse(f)\n"
        "sys.stdout.buffer.write(OntPub(ontology=g).make_html().encode('utf-8'))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.Popen([sys.executable, "-c", script, *files], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)


def finish_ontology_html(child: subprocess.Popen) -> str:
    out, err = child.communicate()
    if child.returncode != 0:
        raise IttifakError(f"pyLODE could not document the ontology: {err.decode()[-500:]}")
    return out.decode("utf-8")


def ontology_html(layout: Layout | None = None) -> str:
    """HTML documentation of the ontology (see start_ontology_html)."""
    return finish_ontology_html(start_ontology_html(layout or Layout.find()))


def write_release(out_dir: Path, formats: Iterable[str] = tuple(FORMATS), endpoint: str | None = None,
                  parts: Parts | None = None, docs: bool = True, layout: Layout | None = None) -> list[Path]:
    """Write the distributions, links, docs and finally the VoID/DCAT file that describes them."""
    layout = layout or Layout.find()
    child = start_ontology_html(layout) if docs else None
    try:
        parts = parts or load_parts(layout=layout)
        written = export(out_dir, formats, parts, layout)
        if layout.links_files():
            written.append(atomic_write(out_dir / "links-wikidata.ttl", serialize(links_graph(layout), "turtle")))
    except BaseException:
        if child is not None:
            child.kill()
            child.wait()
        raise
    if child is not None:
        written.append(atomic_write(out_dir / "ontology.html", finish_ontology_html(child)))
    description = describe(parts.combined, written, endpoint, layout)
    written.append(atomic_write(out_dir / "void.ttl", serialize(description, "turtle")))
    return written
