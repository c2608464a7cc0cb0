"""The Python API: a `Project` is one project folder with the defaults every command uses.

    >>> from ittifak.project import Project
    >>> project = Project()                      # the folder found from here, else the paper's
    >>> rows = project.query("agreements", {"year": ["1992"]}).rows   # doctest: +SKIP

The command line (`ittifak.cli`) only parses options, calls these methods and prints; the tests
and the bench use them too, so the library and the command give the same answers by default.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ittifak.core.errors import InputError, IttifakError
from ittifak.core.layout import Dataset, Layout
from ittifak.query.library import get_query, load_library
from ittifak.query.named import NamedQuery
from ittifak.query.run import execute, prepare
from ittifak.store.base import QueryResult, Store
from ittifak.store.spec import parse_spec

# Validation, the outputs and the other stores are imported by the methods that use them, so that
# `ittifak query` (a process that loads and answers one query) does not pay for them.
if TYPE_CHECKING:
    from ittifak.network.projection import Facts
    from ittifak.validation.ontology_checks import CheckResult
    from ittifak.validation.results import ValidationReport

DEFAULT_STORE = "oxigraph"
DEFAULT_ENGINE = "oxigraph"


class NotConforming(IttifakError):
    """The data breaks the shapes: `build` stops before writing anything."""

    exit_code = 1

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(f"the data does not conform to the shapes ({len(report.violations)} errors); "
                         "nothing was written")


@dataclass
class BuildResult:
    """What `build` did: the triples loaded, the validation report, the files written."""

    store: Store
    report: ValidationReport
    network_files: list[Path] = field(default_factory=list)
    release_files: list[Path] = field(default_factory=list)
    out: Path | None = None


@dataclass
class DiagramResult:
    """What `diagram` wrote, the network's size by evidence, and how its labels fared: how many
    were placed, which found no room, how many (label, tie) pairs overlap."""

    paths: list[Path]
    summary: str = ""
    labelled: int = 0
    dropped: list[str] = field(default_factory=list)
    ties_under_labels: int = 0


def _write_year_figures(out: Path, facts: Facts, root: Path) -> list[Path]:
    from ittifak.network.outputs import write_year_outputs

    return write_year_outputs(facts, out, "en", Layout.find(root).dataset)


def _write_release(out: Path, root: Path) -> list[Path]:
    from ittifak.release.publish import write_release

    return write_release(out, layout=Layout.find(root))


class Project:
    """One project folder: its graph, shapes, queries and dataset description."""

    def __init__(self, folder: Path | str | None = None, *, store: str = DEFAULT_STORE,
                 engine: str = DEFAULT_ENGINE) -> None:
        self.layout = Layout.find(folder)
        self.store_spec = store
        self.engine = engine
        parse_spec(store)  # a bad spec fails here, before any work

    @property
    def root(self) -> Path:
        return self.layout.root

    @property
    def dataset(self) -> Dataset:
        return self.layout.dataset

    # ------------------------------------------------------------------ the graph

    def open(self, data: Sequence[Path | str] = (), *, endpoint: str | None = None,
             graph: str | None = None, timeout: float = 30.0) -> Store:
        """A store holding the ontology and the data, or a remote endpoint that holds them.

        `data`: files to load with the ontology instead of the project's data (a generated
        graph, another archive's export), through the store's bulk loader.
        `endpoint`/`graph`: query a SPARQL endpoint, optionally one named graph of it.
        """
        from ittifak.store import open_store

        spec = parse_spec(endpoint) if endpoint else parse_spec(self.store_spec)
        if not spec.local:
            if data:
                raise InputError("data files are loaded into a local store (memory or oxigraph), "
                                 "not into a remote endpoint")
            return open_store(spec, timeout=timeout, default_graph=graph)
        if graph:
            raise InputError("a named graph is read from a remote store: give its endpoint URL")
        store = open_store(spec)
        if data:
            store.bulk_load([*self.layout.ontology_files(), *(Path(p) for p in data)])
        else:
            store.load(self.layout.graph_files())
        return store

    # ------------------------------------------------------------------ validation

    def validate(self, paths: Sequence[Path | str] = (), *, with_data: bool = False,
                 lang: str = "en") -> ValidationReport:
        """Check the project's graph, or the given files (with the ontology), against the shapes."""
        from ittifak.validation.validate import validate_files

        files: list[Path | str] = [*self.layout.data_files(), *paths] if with_data and paths else list(paths)
        return validate_files(files or None, store_spec=self.store_spec, lang=lang, engine=self.engine,
                              layout=self.layout)

    def check_ontology(self) -> list[CheckResult]:
        """Run the ontology quality checks (ontology/checks/*.rq) on ontology, shapes and data."""
        from ittifak.validation.ontology_checks import checks_dir, load_check_graph, run_checks

        return run_checks(load_check_graph(layout=self.layout), checks_dir(self.layout))

    def validate_store(self, store: Store, lang: str = "en") -> ValidationReport:
        """Check what a store holds; results name the project's files and lines."""
        from ittifak.validation.locate import index_files
        from ittifak.validation.validate import validate_store

        return validate_store(store, _shapes(self.layout),
                              locations=index_files(self.layout.graph_files()), lang=lang, engine=self.engine)

    # ------------------------------------------------------------------ queries

    def queries(self) -> dict[str, NamedQuery]:
        """The named queries of the project (its queries/ folder, else the shipped library)."""
        return load_library(self.layout.queries_dir())

    def named_query(self, name: str) -> NamedQuery:
        return get_query(name, self.layout.queries_dir())

    def query(self, query: str | NamedQuery, params: Mapping[str, list[str]] | None = None,
              lang: str | None = None, store: Store | None = None) -> QueryResult:
        """Run a named query (by name, or a NamedQuery read from a file) with bound parameters."""
        named = self.named_query(query) if isinstance(query, str) else query
        store = store or self.open()
        with self.layout.active():  # names and CURIEs resolve with this project's prefixes
            text, hints = prepare(store, named, dict(params or {}), lang)
        where = named.name if named.library or named.path is None else str(named.path)
        return execute(store, text, where, hints)

    # ------------------------------------------------------------------ networks

    def years(self) -> tuple[int, int] | None:
        """The years the dataset covers (dataset.ttl), for per-year reports and filters."""
        return self.dataset.years

    def language(self, lang: str | None = None) -> str:
        """`lang`, else the dataset's first language (dataset.ttl, itt:primaryLanguage) that the
        networks label in: the language of the exchange files' (GEXF, GraphML) node labels.

        The other commands (centrality, diagram, query, validate) and the build's figures and
        tables keep English as their default, as their `--lang` says.
        """
        return lang or next((x for x in self.dataset.languages if x in ("tr", "en")), "en")

    def centrality(self, store: Store, kind: str = "actors", **options) -> str:
        """What `ittifak centrality` prints (ittifak.network.outputs.centrality_report), per year
        over the dataset's coverage; `evidence`, `weighting` and `compare` pass through."""
        from ittifak.network.outputs import centrality_report

        options["lang"] = options.get("lang") or "en"
        return centrality_report(store, kind, coverage=self.years(), **options)

    def network(self, store: Store, kind: str = "actors", **options):
        """A network cut to a period, an evidence (any, archival, paper), a focus and classes,
        weighted as asked, annotated with centralities, titled from dataset.ttl."""
        from ittifak.network.outputs import selected_network

        lang = self.language(options.pop("lang", None))
        graph = selected_network(store, kind, lang=lang, **options)
        graph.graph.update(dataset=self.dataset.short_title(lang), coverage=self.years(),
                           dataset_tr=self.dataset.short_title("tr"), dataset_en=self.dataset.short_title("en"))
        return graph

    def write_network(self, graph, out: Path, fmt: str | None = None) -> Path:
        """Write `graph` as GEXF 1.3 or GraphML, with the figure's layout."""
        from ittifak.network.diagram import layout
        from ittifak.network.exchange import write_network

        return write_network(graph, out, fmt, positions=layout(graph))

    def write_networks(self, store: Store | Facts, out: Path, lang: str | None = None, *,
                       years: bool = True) -> list[Path]:
        """The build's network files: figures and tables in `lang` (default English), the GEXF and
        GraphML files labelled in the dataset's first language; `years=False` leaves out the
        panels per year and the trends (`write_year_outputs`)."""
        from ittifak.network.outputs import write_network_outputs

        return write_network_outputs(store, out, lang=lang or "en", dataset=self.dataset,
                                     exchange_lang=self.language(), years=years)

    def diagram(self, out: Path | str, kind: str = "actors", *, name: str | None = None,
                formats: Sequence[str] = ("svg", "png", "pdf", "html"), focus: str | None = None,
                depth: int = 2, classes: Sequence[str] = (), start: int | None = None,
                end: int | None = None, measure: str | None = None, top: int | None = None,
                labels: Sequence[str] = (), size: str = "double", title: str | None = None,
                lang: str | None = None, by_year: bool = False, evidence: str = "any",
                weighting: str = "newman", data: Sequence[Path | str] = ()) -> DiagramResult:
        """What `ittifak diagram` writes: the print figure with its caption file, the map, and with
        `by_year` one panel per year of the dataset's coverage and the centralities over the years."""
        from ittifak.network.diagram import FIGURE_MEASURE
        from ittifak.network.outputs import (
            describe,
            evidence_summary,
            write_diagrams,
            year_networks,
        )

        store = self.open(data)
        lang = lang or "en"
        graph = describe(self.network(store, kind, lang=lang, start=start, end=end, focus_name=focus,
                                      depth=depth, classes=list(classes), evidence=evidence,
                                      weighting=weighting), self.dataset, lang)
        network_for = None
        if by_year:
            if self.years() is None:
                raise InputError("--by-year needs the dataset's coverage (dcterms:temporal in dataset.ttl)")
            network_for = year_networks(store, kind, lang=lang, focus_name=focus, depth=depth,
                                        classes=list(classes), evidence=evidence, weighting=weighting)
        report: list = []
        paths = write_diagrams(graph, out, name or kind, tuple(formats), measure=measure or FIGURE_MEASURE,
                               lang=lang, title=title, max_labels=top, names=tuple(labels), size=size,
                               network_for=network_for, report=report)
        fig = report[0] if report else None
        return DiagramResult(paths, evidence_summary(graph), len(fig.labelled) if fig else 0,
                             [graph.nodes[n].get("label", n) for n in fig.dropped] if fig else [],
                             fig.edge_overlaps if fig else 0)

    # ------------------------------------------------------------------ release

    def export(self, out: Path, formats: Sequence[str] | None = None, *, endpoint: str | None = None,
               docs: bool = True) -> list[Path]:
        """Write the linked-data release (serialisations, links, docs, VoID/DCAT) into `out`."""
        from ittifak.release.export import FORMATS
        from ittifak.release.publish import write_release

        return write_release(out, tuple(formats or FORMATS), endpoint, docs=docs, layout=self.layout)

    def build(self, out: Path | str = "dist", *, log: Callable[[str], None] = lambda _: None) -> BuildResult:
        """Load, validate (stop before writing anything if the data does not conform), then write
        the networks, figures and the release into a staging folder that replaces `out` whole.

        A reader of `out` sees the previous build or this one, never a mix; a failed or killed
        build leaves `out` as it was.
        """
        from multiprocessing import Pool

        from ittifak.core.children import end_with_parent
        from ittifak.core.output import publish_folder, staging_folder
        from ittifak.network.projection import read_facts
        from ittifak.release.summary import class_counts

        out = Path(out)
        with staging_folder(out) as staging:
            # The release reads the files, not the store: a second process writes it from the start,
            # while this one loads, validates and draws. Leaving the block on an error (data that
            # does not conform, a bad file) stops that process at once (Pool's exit terminates it),
            # and the staging folder goes with everything in it.
            with Pool(1, initializer=end_with_parent) as pool:
                release_job = pool.apply_async(_write_release, (staging, self.root))
                store = self.open()
                log(f"loaded {len(store)} triples into {store.name}")
                report = self.validate_store(store)
                if not report.conforms:
                    raise NotConforming(report)
                n = len(report.warnings)
                log(f"validated against {report.rules} rules: conforms, {n} warning{'' if n == 1 else 's'}")
                for row in class_counts(store):
                    log(f"{row.count:6d}  {row.label}")
                # the same process draws the panels per year once the release is written
                facts = read_facts(store)
                years_job = pool.apply_async(_write_year_figures, (staging / "network", facts, self.root))
                network_files = self.write_networks(facts, staging / "network", years=False)
                network_files += years_job.get()
                release_files = release_job.get()
            publish_folder(staging, out)
        moved = lambda paths: [out / p.relative_to(staging) for p in paths]
        log(f"wrote {len(network_files)} network files to {out / 'network'}")
        log(f"wrote {len(release_files)} linked-data files to {out} (described in {out / 'void.ttl'})")
        return BuildResult(store, report, moved(network_files), moved(release_files), out)

    def push(self, endpoint: str, graph: str | None = None, data: Sequence[Path | str] = (), **options):
        """Load the ontology and data (or the ontology and `data` files) into a remote triple store
        (see ittifak.store.push). The Graph Store Protocol body is written by the store itself."""
        from ittifak.store.push import push_graph

        store = self.open(data)
        body = store.ntriples() if options.get("method", "auto") in ("auto", "gsp") else None
        return push_graph(store.graph, endpoint, graph, body=body, **options)


def _shapes(layout: Layout):
    from ittifak.validation.shapes import load_shapes

    return load_shapes(layout.shape_files())


def init_project(folder: Path | str, *, title_en: str, title_tr: str | None = None,
                 start: int | None = None, end: int | None = None, base: str | None = None) -> list[Path]:
    """Write a minimal project a user can start from: dataset.ttl, data/_prefixes.ttl, a README.

    The new project uses the shipped ontology, shapes and queries until it has folders of its own.
    Its first language (itt:primaryLanguage) is Turkish when a Turkish title is given, else English.
    Refuses to write into a folder that already holds a project.
    """
    from ittifak.core.output import atomic_write
    from ittifak.core.templates import render_template

    folder = Path(folder)
    if (folder / "dataset.ttl").exists():
        raise InputError(f"{folder}: already holds a project (dataset.ttl)")
    if start is not None and end is not None and start > end:
        raise InputError(f"the coverage starts ({start}) after it ends ({end})")
    slug = "".join(c if c.isalnum() else "-" for c in folder.resolve().name.lower()).strip("-") or "project"
    base = (base or f"https://example.org/{slug}/").rstrip("/") + "/"
    if not base.startswith(("http://", "https://")):
        raise InputError(f"the base IRI {base!r} is not an http(s) IRI")
    values = {"title_en": title_en, "title_tr": title_tr or title_en, "start": start, "end": end,
              "base": base, "first_language": "tr" if title_tr else "en"}
    files = {
        folder / "dataset.ttl": render_template("init/dataset.ttl.j2", **values),
        folder / "data" / "_prefixes.ttl": render_template("init/prefixes.ttl.j2", **values),
        folder / "README.md": render_template("init/README.md.j2", **values),
    }
    existing = [path for path in files if path.exists()]
    if existing:
        raise InputError(f"{existing[0]}: exists; nothing was written")
    for path, text in files.items():
        atomic_write(path, text)
    return list(files)
