"""The `ittifak` command: a thin layer over the Python API, one subcommand per job."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from . import __version__
from .errors import IttifakError
from .export import FORMATS
from .network import NETWORKS
from .network_outputs import (
    REPORT_FORMATS,
    centrality_report,
    selected_network,
    write_diagrams,
    write_network_outputs,
)
from .output import atomic_write
from .publish import write_release
from .store import STORE_HELP, load_project
from .summary import class_counts

store_option = click.option("--store", "store_spec", default="memory", show_default=True, help=STORE_HELP)


class _Group(click.Group):
    """Turns IttifakError into a one-line message and its exit code, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except IttifakError as err:
            click.echo(f"error: {err}", err=True)
            ctx.exit(err.exit_code)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="ittifak")
def main() -> None:
    """Ittifak: a knowledge graph of Turkey–Azerbaijan relations, 1990–1993."""
    logging.getLogger("rdflib").setLevel(logging.ERROR)


@main.command()
@store_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("dist"), show_default=True,
              help="Folder the build writes its outputs to.")
def build(store_spec: str, out_dir: Path) -> None:
    """Load the ontology and the data, and report what was loaded."""
    store = load_project(store_spec)
    click.echo(f"loaded {len(store)} triples into {store.name}")
    for row in class_counts(store):
        click.echo(f"{row.count:6d}  {row.label}")
    network_files = write_network_outputs(store, out_dir / "network")
    click.echo(f"wrote {len(network_files)} network files to {out_dir / 'network'}")


network_option = click.option("--network", "kind", type=click.Choice(NETWORKS), default="actors", show_default=True,
                               help="bipartite (actors–affairs), actors (co-participation) or organisational.")
lang_option = click.option("--lang", type=click.Choice(["tr", "en"]), default="en", show_default=True,
                           help="Language of the labels.")
from_option = click.option("--from", "start", type=int, default=None, metavar="YEAR",
                           help="Only affairs (and posts) dated in or after YEAR.")
to_option = click.option("--to", "end", type=int, default=None, metavar="YEAR",
                         help="Only affairs (and posts) dated in or before YEAR.")


@main.command("centrality")
@network_option
@click.option("--top", type=int, default=20, show_default=True, help="How many nodes to list per period.")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="table", show_default=True)
@click.option("--sort", default="degree", show_default=True,
              help="Measure to rank by: degree, weighted_degree, betweenness, closeness, eigenvector, pagerank.")
@click.option("--by-year", is_flag=True, help="One ranking per year (1990–1993, or --from..--to).")
@from_option
@to_option
@lang_option
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Write to this file.")
@store_option
def centrality_command(kind, top, fmt, sort, by_year, start, end, lang, out, store_spec) -> None:
    """Rank actors by degree, betweenness, closeness, eigenvector and PageRank centrality."""
    text = centrality_report(load_project(store_spec), kind, fmt=fmt, sort=sort, top=top, lang=lang,
                             start=start, end=end, by_year=by_year)
    if out:
        atomic_write(out, text)
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(text, nl=False)


@main.command("network")
@network_option
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf"]), default=None,
              help="File format (default: from the --out extension).")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="The .graphml or .gexf file to write.")
@from_option
@to_option
@lang_option
@store_option
def network_command(kind, fmt, out, start, end, lang, store_spec) -> None:
    """Write a network with its labels, classes, years and centralities for Gephi or Cytoscape."""
    from .diagram import layout
    from .exchange import write_network

    graph = selected_network(load_project(store_spec), kind, lang=lang, start=start, end=end)
    fmt = fmt or out.suffix.lstrip(".").lower()
    positions = layout(graph) if fmt == "gexf" else None
    click.echo(str(write_network(graph, out, fmt, positions=positions)))


@main.command("diagram")
@network_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("dist/diagram"), show_default=True,
              help="Folder to write the figure and the page to.")
@click.option("--name", default=None, help="File name without extension (default: the network's name).")
@click.option("--format", "formats", multiple=True, type=click.Choice(["svg", "png", "pdf", "html"]),
              help="What to write; repeat for several (default: svg, png, pdf and html).")
@click.option("--focus", "focus_name", default=None, metavar="NAME",
              help="Draw only the neighbourhood of this name (Turkish-aware: tika finds TİKA).")
@click.option("--depth", type=int, default=2, show_default=True, help="Ties to follow from --focus.")
@click.option("--class", "classes", multiple=True, metavar="CLASS",
              help="Keep only nodes of this class (Person, Organisation, Polity, Delegation, …); repeatable.")
@from_option
@to_option
@click.option("--size-by", default="degree", show_default=True, help="Centrality that sizes the nodes.")
@click.option("--labels", "max_labels", type=int, default=40, show_default=True,
              help="How many of the most central nodes the static figure names.")
@click.option("--title", default=None, help="Figure title (default: one per network).")
@lang_option
@store_option
def diagram_command(kind, out_dir, name, formats, focus_name, depth, classes, start, end, size_by, max_labels,
                    title, lang, store_spec) -> None:
    """Draw a network: a print figure (SVG, PNG, PDF) and an offline interactive page (HTML)."""
    graph = selected_network(load_project(store_spec), kind, lang=lang, start=start, end=end,
                             focus_name=focus_name, depth=depth, classes=list(classes))
    for path in write_diagrams(graph, out_dir, name or kind, tuple(formats) or ("svg", "png", "pdf", "html"),
                               measure=size_by, lang=lang, title=title, max_labels=max_labels):
        click.echo(str(path))


@main.command("export")
@click.option("--format", "formats", multiple=True, type=click.Choice(sorted(FORMATS)),
              help="Serialisation(s) to write; all of them when omitted.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("dist"), show_default=True)
@click.option("--sparql-endpoint", default=None, help="Public SPARQL endpoint to name in the VoID file.")
@click.option("--no-docs", is_flag=True, help="Skip the ontology HTML page.")
def export_command(formats: tuple[str, ...], out_dir: Path, sparql_endpoint: str | None, no_docs: bool) -> None:
    """Write the ontology, shapes, data and combined graph for linked-data portals, with VoID/DCAT."""
    written = write_release(out_dir, formats or tuple(FORMATS), sparql_endpoint, docs=not no_docs)
    for path in written:
        click.echo(str(path))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
