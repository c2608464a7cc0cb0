"""Hostile input files: each is refused with one line naming the file (exit 2), in bounded time and memory.

Every file is built by its test. Where the danger is a parser running unbounded (entity expansion,
a network fetch), the command runs in a subprocess under a memory limit and a timeout: before the
fixes, the entity file below took minutes and gigabytes, and the JSON-LD file sent a request.
"""

from __future__ import annotations

import http.server
import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest

from ittifak.cli import main
from ittifak.core.inputs import LONG_TOKEN_FILE_LIMIT, OXIGRAPH_TOKEN_LIMIT, PROJECT_CONTEXT
from loopback import serving

SRC = Path(__file__).resolve().parent.parent / "src"
MEMORY_LIMIT = 4 * 1024**3  # bytes of address space for the command under test
TIME_LIMIT = 120  # seconds; a bound on a hang, not a measure of speed

GOOD_TURTLE = """@prefix itt: <https://w3id.org/ittifak/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/ittifak/id/work/paper> a itt:Source ; rdfs:label "Makale"@tr , "The paper"@en .
"""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_bounded(*args: str) -> subprocess.CompletedProcess:
    """`ittifak ARGS` in a subprocess with at most MEMORY_LIMIT of memory and TIME_LIMIT seconds."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
           "MALLOC_ARENA_MAX": "2"}  # address space reserved per thread must not count against the limit
    return subprocess.run([sys.executable, "-c", "from ittifak.cli import main; main()", *args],
                          check=False, capture_output=True, text=True, timeout=TIME_LIMIT, env=env,
                          preexec_fn=_limit_memory)


def one_error_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text[-2000:]
    assert lines[0].startswith("error: "), lines
    return lines[0]


# ---------------------------------------------------------------------------------------------
# 1. Entity expansion in RDF/XML ("billion laughs")


def billion_laughs(path: Path, levels: int = 9) -> Path:
    """Nine nested entities of ten: three gigabytes of text from a file of under a kilobyte."""
    entities = ['<!ENTITY lol "lol">']
    for i in range(1, levels + 1):
        entities.append(f'<!ENTITY lol{i} "' + f"&lol{i - 1 if i > 1 else ''};" * 10 + '">')
    entities[1] = entities[1].replace("&lol0;", "&lol;")
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(entities) + "\n]>\n"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
        f'<rdf:Description rdf:about="https://w3id.org/ittifak/id/work/x"><rdfs:label>&lol{levels};</rdfs:label>'
        "</rdf:Description>\n</rdf:RDF>\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_entity_expansion_is_refused_by_validate(tmp_path, store):
    bomb = billion_laughs(tmp_path / "laughs.rdf")
    assert bomb.stat().st_size < 1024
    result = run_bounded("validate", str(bomb), "--store", store)
    assert result.returncode == 2, result.stderr[-2000:]
    line = one_error_line(result.stderr)
    assert f"{bomb}:3: RDF/XML with a DTD entity declaration (<!ENTITY lol …>) is refused" in line
    assert "Traceback" not in result.stderr


def test_entity_expansion_is_refused_by_the_bulk_loader(tmp_path):
    bomb = billion_laughs(tmp_path / "laughs.owl")
    result = run_bounded("query", "agreements", "--data", str(bomb))  # --data: pyoxigraph's bulk loader
    assert result.returncode == 2, result.stderr[-2000:]
    line = one_error_line(result.stderr)
    assert f"{bomb}:3: RDF/XML with a DTD entity declaration" in line


def test_rdfxml_without_entities_still_loads(runner, tmp_path):
    plain = tmp_path / "plain.rdf"
    plain.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#"'
        ' xmlns:itt="https://w3id.org/ittifak/ontology#">\n'
        '<itt:Source rdf:about="https://w3id.org/ittifak/id/work/paper">'
        '<rdfs:label xml:lang="tr">Makale</rdfs:label><rdfs:label xml:lang="en">The paper</rdfs:label>'
        "</itt:Source>\n</rdf:RDF>\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(plain)])
    assert result.exit_code == 0, result.output
    assert "Summary: 0 errors, 0 warnings." in result.output


# ---------------------------------------------------------------------------------------------
# 2. JSON-LD contexts: local files only, never the network


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self):
        type(self).requests.append(self.path)
        body = b'{"@context": {"label": "http://www.w3.org/2000/01/rdf-schema#label"}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def context_server():
    """A real HTTP server on loopback that serves a context and records every request it gets."""
    _Recorder.requests = []
    with serving(_Recorder) as server:
        yield server


def test_the_recording_server_records(context_server):
    import urllib.request

    url = f"http://127.0.0.1:{context_server.server_port}/probe"
    urllib.request.urlopen(url, timeout=10).read()
    assert _Recorder.requests == ["/probe"]


def test_a_remote_context_is_refused_without_contacting_it(tmp_path, context_server):
    url = f"http://127.0.0.1:{context_server.server_port}/context.jsonld"
    doc = tmp_path / "remote.jsonld"
    doc.write_text(json.dumps({"@context": url, "@id": "https://w3id.org/ittifak/id/work/x", "label": "x"}),
                   encoding="utf-8")
    result = run_bounded("validate", str(doc))
    assert result.returncode == 2, result.stderr[-2000:]
    line = one_error_line(result.stderr)
    assert f"{doc}: the JSON-LD @context {url} is remote" in line
    assert "uses no network" in line
    assert _Recorder.requests == []


def test_a_remote_context_nested_in_a_node_or_an_import_is_refused_too(runner, tmp_path, context_server):
    url = f"http://127.0.0.1:{context_server.server_port}/scoped.jsonld"
    nested = tmp_path / "nested.jsonld"
    nested.write_text(json.dumps({"@context": {"@vocab": "https://w3id.org/ittifak/ontology#"},
                                  "@graph": [{"@context": [url], "@id": "https://w3id.org/ittifak/id/work/x"}]}),
                      encoding="utf-8")
    imported = tmp_path / "imported.jsonld"
    imported.write_text(json.dumps({"@context": {"@version": 1.1, "@import": url}, "@id": "urn:x"}),
                        encoding="utf-8")
    for doc in (nested, imported):
        result = runner.invoke(main, ["validate", str(doc)])
        assert result.exit_code == 2, result.output
        assert f"the JSON-LD @context {url} is remote" in one_error_line(result.output)
    assert _Recorder.requests == []


def test_a_local_context_beside_the_document_is_used(runner, tmp_path):
    (tmp_path / "ctx").mkdir()
    (tmp_path / "ctx" / "context.jsonld").write_text(
        '{"@context": {"itt": "https://w3id.org/ittifak/ontology#", '
        '"label": {"@id": "http://www.w3.org/2000/01/rdf-schema#label", "@container": "@language"}}}',
        encoding="utf-8")
    doc = tmp_path / "local.jsonld"
    doc.write_text('{"@context": "ctx/context.jsonld", "@id": "https://w3id.org/ittifak/id/work/paper", '
                   '"@type": "itt:Source", "label": {"tr": "Makale", "en": "The paper"}}', encoding="utf-8")
    result = runner.invoke(main, ["validate", str(doc)])
    assert result.exit_code == 0, result.output
    assert "Summary: 0 errors, 0 warnings." in result.output


def test_the_projects_own_context_needs_no_network(runner, tmp_path):
    doc = tmp_path / "ours.jsonld"
    doc.write_text(json.dumps({"@context": PROJECT_CONTEXT, "id": "https://w3id.org/ittifak/id/work/paper",
                               "type": "itt:Source", "label": {"tr": "Makale", "en": "The paper"}}),
                   encoding="utf-8")
    result = runner.invoke(main, ["validate", str(doc)])
    assert result.exit_code == 0, result.output
    assert "Summary: 0 errors, 0 warnings." in result.output


def test_a_missing_local_context_is_named(runner, tmp_path):
    doc = tmp_path / "lost.jsonld"
    doc.write_text('{"@context": "nowhere.jsonld", "@id": "urn:x"}', encoding="utf-8")
    result = runner.invoke(main, ["validate", str(doc)])
    assert result.exit_code == 2
    assert one_error_line(result.output) == f"error: {tmp_path / 'nowhere.jsonld'}: no such file"


# ---------------------------------------------------------------------------------------------
# 3. A byte-order mark, long literals, pipes, unreadable files


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_byte_order_mark_is_skipped(runner, tmp_path, store):
    bom = tmp_path / "bom.ttl"
    bom.write_bytes(b"\xef\xbb\xbf" + GOOD_TURTLE.encode("utf-8"))
    result = runner.invoke(main, ["validate", str(bom), "--store", store])
    assert result.exit_code == 0, result.output
    assert "Summary: 0 errors, 0 warnings." in result.output


def test_a_byte_order_mark_is_skipped_by_the_bulk_loader(runner, tmp_path):
    bom = tmp_path / "bom.nt"
    bom.write_bytes(b"\xef\xbb\xbf<https://w3id.org/ittifak/id/work/x> "
                    b"<http://www.w3.org/2000/01/rdf-schema#label> \"x\"@en .\n")
    result = runner.invoke(main, ["query", "agreements", "--data", str(bom), "--format", "csv"])
    assert result.exit_code == 0, result.output


def test_messages_show_invisible_characters(runner, tmp_path):
    odd = tmp_path / "odd.ttl"
    odd.write_text(GOOD_TURTLE + "\u200b<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(odd), "--store", "oxigraph"])
    assert result.exit_code == 2
    line = one_error_line(result.output)
    assert "U+200B" in line and "\u200b" not in line
    assert f"{odd}:4: malformed RDF" in line


def long_literal_file(path: Path, size: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write(GOOD_TURTLE)
        out.write('<https://w3id.org/ittifak/id/work/paper> rdfs:comment """')
        out.write("a" * size)
        out.write('"""@en .\n')
    return path


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_literal_longer_than_oxigraphs_buffer_is_read(runner, tmp_path, store):
    big = long_literal_file(tmp_path / "big.ttl", OXIGRAPH_TOKEN_LIMIT + 1024)
    result = runner.invoke(main, ["validate", str(big), "--store", store])
    assert result.exit_code == 0, result.output[-2000:]
    assert "Summary: 0 errors, 0 warnings." in result.output


def test_a_long_literal_beyond_the_limit_names_the_limit(runner, tmp_path):
    big = long_literal_file(tmp_path / "huge.ttl", OXIGRAPH_TOKEN_LIMIT + 1024)
    with big.open("a", encoding="utf-8") as out:  # past the file limit with ordinary statements
        line = "<urn:a> <urn:b> <urn:c> .\n"
        out.write(line * ((LONG_TOKEN_FILE_LIMIT - big.stat().st_size) // len(line) + 2))
    assert big.stat().st_size > LONG_TOKEN_FILE_LIMIT
    result = runner.invoke(main, ["validate", str(big), "--store", "oxigraph"])
    assert result.exit_code == 2
    line = one_error_line(result.output)
    assert f"{big}: holds a literal or IRI longer than 16 MiB" in line
    assert "up to 128 MiB" in line


def test_the_bulk_loader_names_its_limit(runner, tmp_path):
    big = long_literal_file(tmp_path / "big.ttl", OXIGRAPH_TOKEN_LIMIT + 1024)
    result = runner.invoke(main, ["query", "agreements", "--data", str(big)])
    assert result.exit_code == 2
    line = one_error_line(result.output)
    assert f"{big}: holds a literal or IRI longer than 16 MiB" in line and "--store memory" in line


@pytest.mark.parametrize("command", [["validate"], ["query", "agreements", "--data"]])
def test_a_named_pipe_is_refused_not_waited_on(tmp_path, command):
    fifo = tmp_path / "pipe.ttl"
    os.mkfifo(fifo)
    result = run_bounded(*command, str(fifo))  # before: blocked forever on open()
    assert result.returncode == 2, result.stderr[-2000:]
    assert one_error_line(result.stderr) == (f"error: {fifo}: not a regular file (a pipe, socket or device): "
                                             "RDF is read from regular files only")


def test_a_path_through_a_file_is_no_such_file(runner, tmp_path):
    parent = tmp_path / "data.ttl"
    parent.write_text(GOOD_TURTLE, encoding="utf-8")
    result = runner.invoke(main, ["validate", str(parent / "more.ttl")])
    assert result.exit_code == 2
    assert one_error_line(result.output) == f"error: {parent / 'more.ttl'}: no such file"


def _unreadable_targets() -> list:
    """Files even root cannot read: a write-only sysfs attribute (EACCES), process memory (EIO)."""
    write_only = sorted(Path("/sys/bus").glob("*/uevent"))
    return [pytest.param(write_only[0] if write_only else None, "Permission denied", id="permission"),
            pytest.param(Path("/proc/self/mem"), "Input/output error", id="io-error")]


@pytest.mark.parametrize(("target", "reason"), _unreadable_targets())
def test_an_unreadable_file_is_named_with_the_reason(runner, tmp_path, target, reason):
    if target is None or not target.exists():
        pytest.skip("this system has no such file")
    link = tmp_path / "locked.ttl"
    link.symlink_to(target)
    result = runner.invoke(main, ["validate", str(link)])
    assert result.exit_code == 2, result.output
    assert one_error_line(result.output) == f"error: {link}: cannot be read: {reason}"


@pytest.mark.parametrize("command", [["validate"], ["query", "agreements", "--data"]])
def test_a_name_too_long_for_the_file_system_is_named(runner, tmp_path, command):
    long = tmp_path / ("a" * 300 + ".ttl")  # every file system refuses a name of 300 bytes
    result = runner.invoke(main, [*command, str(long)])
    assert result.exit_code == 2, result.output
    assert one_error_line(result.output) == f"error: {long}: cannot be read: File name too long"


def test_nesting_too_deep_for_rdflib_is_said_plainly(runner, tmp_path):
    deep = tmp_path / "deep.ttl"
    n = 5000
    deep.write_text("<urn:a> <urn:p> " + "[ <urn:p> " * n + "1" + " ]" * n + " .\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(deep), "--store", "memory"])
    assert result.exit_code == 2
    assert one_error_line(result.output) == (
        f"error: {deep}: blank nodes or lists nested too deeply for rdflib's parser "
        "(more than about 100 levels of [ … ] or ( … )): use --store oxigraph")
