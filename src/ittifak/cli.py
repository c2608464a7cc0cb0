"""The `ittifak` command: a thin layer over the Python API, one subcommand per job."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from ittifak import __version__
from ittifak.core import formats
from ittifak.core.errors import InputError, IttifakError
from ittifak.core.layout import Layout
from ittifak.project import NotConforming, Project, init_project
from ittifak.query.library import library_listing, query_help, read_query_file, refuse_service
from ittifak.query.params import parse_assignments
from ittifak.query.results import render
from ittifak.query.run import prepare
from ittifak.store.spec import STORE_HELP

# The network commands import NetworkX, SciPy and Graphviz, and validation, push and the outputs
# their own modules; they are imported inside those commands so `ittifak query` does not pay for
# them. The network kinds, SHACL engines and push methods are restated here (test_cli_network and
# test_cli check they equal ittifak.network.projection.NETWORKS, ittifak.validation.engines.ENGINES
# and ittifak.store.push.METHODS).
NETWORKS = ("bipartite", "actors", "organisational")
ENGINES = ("pyshacl", "oxigraph")
PUSH_METHODS = ("auto", "gsp", "update")
EVIDENCE = ("any", "archival", "paper")
WEIGHTINGS = ("newman", "count")
REPORT_FORMATS = formats.names("centrality")
CONTEXT = {"help_option_names": ["-h", "--help"]}

store_option = click.option("--store", "store_spec", default="oxigraph", show_default=True, help=STORE_HELP)
engine_option = click.option(
    "--engine", type=click.Choice(ENGINES), default="oxigraph", show_default=True,
    help="SHACL engine: oxigraph (set-at-a-time, checked against pySHACL in the tests) or pyshacl.")


def _emit(text: str, out: Path | None) -> None:
    """Write a command's output to `out` (atomically) or to standard output."""
    if out:
        from ittifak.core.output import atomic_write

        atomic_write(out, text)
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(text, nl=False)


data_option = click.option(
    "--data", "data", multiple=True, type=click.Path(path_type=Path),
    help="RDF file(s) to load with the ontology instead of data/ (bulk loaded into Oxigraph); repeatable.")


class _Group(click.Group):
    """Turns IttifakError into a one-line message and its exit code, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except NotConforming as err:
            from ittifak.validation.report import render_text

            click.echo(render_text(err.report), nl=False)
            click.echo(f"error: {err}", err=True)
            ctx.exit(err.exit_code)
        except IttifakError as err:
            click.echo(f"error: {err}", err=True)
            ctx.exit(err.exit_code)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="ittifak")
@click.option("--project", "project_dir", type=click.Path(path_type=Path), default=None, metavar="DIR",
              envvar="ITTIFAK_PROJECT", show_envvar=True,
              help="The project folder (default: the nearest folder up from here with a dataset.ttl, "
                   "else the shipped project).")
@click.pass_context
def main(ctx: click.Context, project_dir: Path | None) -> None:
    """Ittifak: build, check, query, draw and publish a knowledge graph of diplomatic actors and
    agreements, with the archival sources behind every fact."""
    logging.getLogger("rdflib").setLevel(logging.ERROR)
    ctx.obj = project_dir
    if project_dir is not None and ctx.invoked_subcommand != "init":
        # what the command reads away from its Project (prefixes, query files) is this project's
        ctx.with_resource(Layout.find(project_dir).active())


def _project(store_spec: str = "oxigraph", engine: str = "oxigraph") -> Project:
    """The Project of this invocation (the --project folder, else the one found from here)."""
    return Project(click.get_current_context().find_root().obj, store=store_spec, engine=engine)


@main.command()
@store_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("dist"), show_default=True,
              help="Folder the build writes its outputs to (replaced as a whole when the build succeeds).")
@engine_option
def build(store_spec: str, out_dir: Path, engine: str) -> None:
    """Load the ontology and the data, validate them against the shapes, and write the outputs.

    Nothing is written when the data does not conform: the report is shown and the exit status is 1.
    """
    _project(store_spec, engine).build(out_dir, log=click.echo)


@main.command("init")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--title", required=True, help="The dataset's title in English.")
@click.option("--title-tr", default=None, help="The dataset's title in Turkish (default: the English one); "
              "given, Turkish is the dataset's first language (itt:primaryLanguage).")
@click.option("--from", "start", type=int, default=None, metavar="YEAR", help="First year the dataset covers.")
@click.option("--to", "end", type=int, default=None, metavar="YEAR", help="Last year the dataset covers.")
@click.option("--base", default=None, metavar="IRI", help="Base IRI of the project's resources.")
def init_command(folder: Path, title: str, title_tr: str | None, start: int | None, end: int | None,
                 base: str | None) -> None:
    """Start a new project in FOLDER: dataset.ttl, data/_prefixes.ttl and a README.

    It uses the shipped ontology, shapes and queries until it has folders of its own.
    """
    for path in init_project(folder, title_en=title, title_tr=title_tr, start=start, end=end, base=base):
        click.echo(str(path))


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback unless told).")
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
@click.option("--backend", default=None, metavar="URL",
              help="Read the graph from this SPARQL query endpoint (which already holds it) instead of "
                   "loading it; credentials from ITTIFAK_ENDPOINT_USER/_PASSWORD/_AUTH.")
@click.option("--graph", default=None, metavar="IRI",
              help="The --backend store's named graph that holds the project (else its default graph).")
def serve_command(host: str, port: int, backend: str | None, graph: str | None) -> None:
    """Serve the graph as linked data: resource pages, /sparql, /queries, /reconcile (read-only)."""
    from ittifak.portal.app import serve

    serve(_project(), host=host, port=port, log=lambda line: click.echo(line, err=True), backend=backend,
          graph=graph)


@main.command("site")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("site"), show_default=True,
              help="Folder to write the static site into (replaced as a whole; not inside dist/, "
                   "which `build` replaces).")
def site_command(out_dir: Path) -> None:
    """Write the portal's pages as a static site: one page per resource, .ttl and .jsonld beside it."""
    from ittifak.portal.model import Portal
    from ittifak.portal.site import write_site

    write_site(Portal(_project()), out_dir, log=click.echo)


network_option = click.option("--network", "kind", type=click.Choice(NETWORKS), default="actors", show_default=True,
                               help="bipartite (actors–affairs), actors (co-participation) or organisational.")
lang_option = click.option("--lang", type=click.Choice(["tr", "en"]), default="en", show_default=True,
                           help="Language of the labels.")
from_option = click.option("--from", "start", type=int, default=None, metavar="YEAR",
                           help="Only affairs (and posts) dated in or after YEAR.")
to_option = click.option("--to", "end", type=int, default=None, metavar="YEAR",
                         help="Only affairs (and posts) dated in or before YEAR.")
evidence_option = click.option(
    "--evidence", type=click.Choice(EVIDENCE), default="any", show_default=True,
    help="Ties an archival document supports (archival), those only the paper's narrative supports "
         "(paper), or all (any).")
weighting_option = click.option(
    "--weighting", type=click.Choice(WEIGHTINGS), default="newman", show_default=True,
    help="Actor ties: Newman's 1/(n-1) per shared affair (newman) or the number of shared affairs (count).")


@main.command("centrality")
@network_option
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="How many nodes to list per period.")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="table", show_default=True)
@click.option("--sort", default="degree", show_default=True,
              help="Measure to rank by: degree, weighted_degree, betweenness, closeness, eigenvector, pagerank.")
@click.option("--by-year", is_flag=True, help="One ranking per year of the dataset's coverage (or --from..--to).")
@from_option
@to_option
@lang_option
@evidence_option
@weighting_option
@click.option("--compare-evidence", "compare", is_flag=True,
              help="List the actors whose rank moves most between the archival ties and all ties.")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Write to this file.")
@store_option
@data_option
def centrality_command(kind, top, fmt, sort, by_year, start, end, lang, evidence, weighting, compare, out,
                       store_spec, data) -> None:
    """Rank actors by degree, betweenness, closeness, eigenvector and PageRank centrality."""
    project = _project(store_spec)
    text = project.centrality(project.open(data), kind, fmt=fmt, sort=sort, top=top, lang=lang,
                              start=start, end=end, by_year=by_year, evidence=evidence,
                              weighting=weighting, compare=compare)
    _emit(text, out)


@main.command("network")
@network_option
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf"]), default=None,
              help="File format (default: from the --out extension).")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="The .graphml or .gexf file to write.")
@from_option
@to_option
@click.option("--lang", type=click.Choice(["tr", "en"]), default=None,
              help="Language of the labels (default: the dataset's first language).")
@evidence_option
@weighting_option
@store_option
@data_option
def network_command(kind, fmt, out, start, end, lang, evidence, weighting, store_spec, data) -> None:
    """Write a network (GEXF 1.3 with its dates, or GraphML) with labels, classes, evidence,
    weights, centralities and the figure's layout, for Gephi or Cytoscape."""
    from ittifak.network.exchange import FORMATS
    from ittifak.network.outputs import evidence_summary

    fmt = (fmt or out.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise InputError(f"{out}: unknown network format {fmt!r}: use graphml or gexf")
    project = _project(store_spec)
    graph = project.network(project.open(data), kind, lang=lang, start=start, end=end, evidence=evidence,
                            weighting=weighting)
    click.echo(evidence_summary(graph), err=True)
    click.echo(str(project.write_network(graph, out, fmt)))


@main.command("diagram")
@network_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("dist/diagram"), show_default=True,
              help="Folder to write the figure and the page to.")
@click.option("--name", default=None, help="File name without extension (default: the network's name).")
@click.option("--format", "formats", multiple=True, type=click.Choice(["svg", "png", "pdf", "html"]),
              help="What to write; repeat for several (default: svg, png, pdf and html).")
@click.option("--focus", "focus_name", default=None, metavar="NAME",
              help="Draw only the neighbourhood of this name (Turkish-aware: tika finds TİKA).")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True, help="Ties to follow from --focus.")
@click.option("--class", "classes", multiple=True, metavar="CLASS",
              help="Keep only nodes of this class (Person, Organisation, Polity, Delegation, …); repeatable.")
@from_option
@to_option
@click.option("--size-by", default="betweenness", show_default=True, help="Centrality that sizes the nodes.")
@click.option("--labels", "max_labels", type=click.IntRange(min=0), default=None,
              help="How many of the most central nodes the figure names (default: 12 at column, 24 at double width).")
@click.option("--label", "names", multiple=True, metavar="NAME",
              help="Also name this node (Turkish-aware: elçibey = ELÇİBEY); repeatable.")
@click.option("--size", type=click.Choice(["column", "double"]), default="double", show_default=True,
              help="Printed width: one column (85 mm) or the page (175 mm); PNG at 300 dpi.")
@click.option("--by-year", is_flag=True,
              help="Also one panel per year of the dataset's coverage and the centralities over the years.")
@click.option("--title", default=None, help="A title inside the figure (default: none; the caption file has it).")
@lang_option
@evidence_option
@weighting_option
@store_option
@data_option
def diagram_command(kind, out_dir, name, formats, focus_name, depth, classes, start, end, size_by, max_labels,
                    names, size, by_year, title, lang, evidence, weighting, store_spec, data) -> None:
    """Draw a network: a print figure (SVG, PNG, PDF) with its caption file, and an offline interactive page (HTML)."""
    result = _project(store_spec).diagram(
        out_dir, kind, name=name, formats=tuple(formats) or ("svg", "png", "pdf", "html"), focus=focus_name,
        depth=depth, classes=classes, start=start, end=end, measure=size_by, top=max_labels, labels=names,
        size=size, title=title, lang=lang, by_year=by_year, evidence=evidence, weighting=weighting, data=data)
    click.echo(result.summary, err=True)
    for path in result.paths:
        click.echo(str(path))
    if result.labelled or result.dropped:
        note = f"{result.labelled} labels placed, {result.ties_under_labels} ties under labels"
        if result.dropped:
            note += f"; no room for: {', '.join(result.dropped)}"
        click.echo(note, err=True)


@main.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@store_option
@click.option("--format", "fmt", type=click.Choice(formats.names("report")), default="text", show_default=True,
              help="text for people, json for programs, turtle for the SHACL validation report graph.")
@click.option("--lang", type=click.Choice(["en", "tr"]), default="en", show_default=True,
              help="Language of the messages and labels.")
@click.option("--with-data", is_flag=True,
              help="Validate the given files together with the project's data (for new files that link to it).")
@engine_option
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Write the report to this file.")
@click.option("--ontology", "ontology_checks", is_flag=True,
              help="Run the ontology's quality checks (ontology/checks/*.rq) instead of the shapes.")
def validate_command(paths: tuple[Path, ...], store_spec: str, fmt: str, lang: str, with_data: bool,
                     engine: str, out: Path | None, ontology_checks: bool) -> None:
    """Check the project's graph, or the given files (with the ontology), against the rules in shapes/.

    PATHS are RDF files or folders of them. The report names each resource by its label, says
    what is wrong and where the statement is written (file:line). Exit status: 0 when the data
    conforms (warnings are shown), 1 when it has errors, 2 when an input cannot be read.
    """
    from ittifak.validation.report import render as render_report
    from ittifak.validation.report import render_checks

    if ontology_checks:
        if paths or with_data:
            raise InputError("the ontology checks run on the project's ontology, shapes and data; give no files")
        results = _project(store_spec, engine).check_ontology()
        _emit(render_checks(results), out)
        if not all(r.passed for r in results):
            sys.exit(1)
        return
    report = _project(store_spec, engine).validate(paths, with_data=with_data, lang=lang)
    text = render_report(report, fmt, lang)
    _emit(text, out)
    if not report.conforms:
        sys.exit(1)


@main.command("export")
@click.option("--format", "formats", multiple=True,
              type=click.Choice(sorted(f.name for f in formats.of_kind("rdf") if f.write)),
              help="Serialisation(s) to write; all of them when omitted.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("dist"), show_default=True)
@click.option("--sparql-endpoint", default=None, help="Public SPARQL endpoint to name in the VoID file.")
@click.option("--no-docs", is_flag=True, help="Skip the ontology HTML page.")
def export_command(formats: tuple[str, ...], out_dir: Path, sparql_endpoint: str | None, no_docs: bool) -> None:
    """Write the ontology, shapes, data and combined graph for linked-data portals, with VoID/DCAT."""
    written = _project().export(out_dir, formats, endpoint=sparql_endpoint, docs=not no_docs)
    for path in written:
        click.echo(str(path))



@main.command("query")
@click.argument("name", required=False)
@click.option("--file", "query_file", type=click.Path(path_type=Path), help="Run your own .rq file.")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter value; repeat for more parameters, or for several values of one.")
@click.option("--format", "fmt", type=click.Choice(formats.names("result")), default=None,
              help="table (default for SELECT/ASK), csv, tsv, json (SPARQL 1.1 results), "
                   "turtle (default for CONSTRUCT/DESCRIBE).")
@click.option("--lang", type=click.Choice(["tr", "en"]), default="en", show_default=True,
              help="Language of the labels.")
@store_option
@data_option
@click.option("--endpoint", default=None, metavar="URL", help="Run on this SPARQL 1.1 endpoint instead.")
@click.option("--graph", "graph_iri", default=None, metavar="IRI",
              help="With --endpoint: query this named graph as the default graph.")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait for an endpoint.")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Write the result to this file.")
@click.option("--width", type=int, default=None, help="Table width (default: the terminal's).")
@click.option("--iris", is_flag=True, help="In tables, show IRI columns beside their labels.")
@click.option("--print-query", is_flag=True, help="Print the query with its parameters bound; do not run it.")
@click.option("--allow-service", is_flag=True, help="Let a query's SERVICE clauses fetch from the URLs they name.")
def query_command(name, query_file, params, fmt, lang, store_spec, data, endpoint, graph_iri, timeout, out,
                  width, iris, print_query, allow_service) -> None:
    """Run the named query NAME (see `ittifak queries`) or --file FILE on a store or an endpoint."""
    if bool(name) == bool(query_file):
        raise InputError("give a query NAME or --file FILE (`ittifak queries` lists the names)")
    project = _project(store_spec)
    named = read_query_file(query_file) if query_file else project.named_query(name)
    store = project.open(data, endpoint=endpoint, graph=graph_iri, timeout=timeout)
    if print_query:
        click.echo(prepare(store, named, parse_assignments(params), lang)[0])
        return
    refuse_service(named, allow_service)
    result = project.query(named, parse_assignments(params), lang, store=store)
    rendered = render(result, fmt, width=width, iris=iris)
    _emit(rendered, out)


@main.command("queries")
@click.argument("name", required=False)
def queries_command(name: str | None) -> None:
    """List the named queries with their titles and parameters, or describe query NAME."""
    project = _project()
    click.echo(query_help(project.named_query(name)) if name else library_listing(project.queries()), nl=False)


@main.command("push")
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's SPARQL query URL, e.g. http://127.0.0.1:7878/query.")
@click.option("--graph", "graph_iri", default=None, metavar="IRI", help="Load into this named graph.")
@store_option
@click.option("--gsp", default=None, metavar="URL", help="Graph Store Protocol URL, if not derivable.")
@click.option("--update", "update_url", default=None, metavar="URL", help="SPARQL Update URL, if not derivable.")
@click.option("--method", type=click.Choice(PUSH_METHODS), default="auto", show_default=True)
@click.option("--append", is_flag=True, help="Add to the target graph instead of replacing it.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=5000, show_default=True, help="Triples per SPARQL Update.")
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds to wait per request.")
@data_option
def push_command(endpoint, graph_iri, store_spec, gsp, update_url, method, append, chunk_size, timeout,
                 data) -> None:
    """Load the ontology and data into a remote triple store (credentials: ITTIFAK_ENDPOINT_*)."""
    report = _project(store_spec).push(endpoint, graph_iri, data, gsp=gsp, update=update_url, method=method,
                                       chunk_size=chunk_size, append=append, timeout=timeout)
    how = f"{report.method} in {report.chunks} chunks" if report.chunks > 1 else report.method
    click.echo(f"pushed {report.triples} triples into {report.target} at {endpoint} ({how})")
    for note in report.notes:
        click.echo(note, err=True)
    click.echo(f"{report.target} now holds {report.remote_count} triples (counted by the store)")

@main.command("generate")
@click.option("--agreements", type=click.IntRange(min=1), required=True, help="How many agreements (about 60 triples each).")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed writes the same file.")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="The .nt or .ttl file to write.")
def generate_command(agreements: int, seed: int, out: Path) -> None:
    """Write a synthetic graph of invented states, persons and agreements, for tests and benchmarks."""
    from ittifak.generate import write_synthetic

    stats = write_synthetic(out, agreements, seed)
    click.echo(f"wrote {stats.triples} triples ({stats.agreements} agreements, {stats.signatures} signatures, "
               f"{stats.persons} persons, {stats.events} events) to {out}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
