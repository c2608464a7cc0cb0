"""A project is a folder: ontology/, data/, shapes/, queries/ and dataset.ttl.

The folder a command works on is `--project DIR`, else the nearest folder upwards from the
current one that holds a dataset.ttl, else the shipped project (the paper's, at the repository
root in a checkout and inside the installed package). Each of ontology/, shapes/ and queries/
that a project does not have is taken from the shipped project, so a new project needs only
data/ and dataset.ttl (`ittifak init` writes both). Titles, years, languages and the release's
VoID/DCAT description come from dataset.ttl, never from code.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from ittifak.core.errors import InputError
from ittifak.core.formats import rdf_extensions
from ittifak.core.load import parse_files
from ittifak.core.shipped import DESCRIPTION, shipped_root
from ittifak.core.vocab import DCAT, ITT, STANDARD_PREFIXES, VOID

FOLDERS = ("ontology", "data", "shapes", "queries")

# The project a command or a Project method is working on (Layout.active), so that code far from
# the Project (prefixes for CURIEs and Turtle output, query files) reads that project, not the one
# found from the current folder.
_ACTIVE: ContextVar[Path | None] = ContextVar("ittifak_active_project", default=None)


def find_root(start: Path | None = None) -> Path:
    """The project folder for a command run in `start` (default: the current folder)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / DESCRIPTION).is_file():
            return folder
    return shipped_root()


@dataclass(frozen=True)
class Dataset:
    """What dataset.ttl says of the project: titles, coverage, languages, licence, IRIs."""

    iri: str
    titles: dict[str, str]
    short_titles: dict[str, str]
    descriptions: dict[str, str]
    start: int | None
    end: int | None
    languages: tuple[str, ...]  # the first language (itt:primaryLanguage) first, the others sorted
    uri_space: str
    graph: Graph = field(repr=False, compare=False)

    def title(self, lang: str) -> str:
        return _pick(self.titles, lang, self.languages)

    def short_title(self, lang: str) -> str:
        return _pick(self.short_titles, lang, self.languages) or self.title(lang)

    def description(self, lang: str) -> str:
        return _pick(self.descriptions, lang, self.languages)

    @property
    def years(self) -> tuple[int, int] | None:
        """(first, last) year of the temporal coverage, when dataset.ttl gives both."""
        return (self.start, self.end) if self.start is not None and self.end is not None else None


def _pick(values: dict[str, str], lang: str, order: tuple[str, ...]) -> str:
    for candidate in (lang, *order, *values):
        if candidate in values:
            return values[candidate]
    return ""


def _year(node) -> int | None:
    if node is None:
        return None
    text = str(node).strip()
    digits = text.removeprefix("-")
    head = digits.split("-")[0]
    if not head.isdigit():
        return None
    return -int(head) if text.startswith("-") else int(head)


def _tag(node) -> str:
    """`tr` from <http://id.loc.gov/vocabulary/iso639-1/tr> (or from a plain "tr")."""
    return str(node).rstrip("/").rsplit("/", 1)[-1]


def _languages(path: Path, g: Graph, ds: URIRef, titles: dict[str, str]) -> tuple[str, ...]:
    """The dataset's languages: the one itt:primaryLanguage states first, then the others sorted.

    dcterms:language is an unordered set, so without that statement the languages are sorted
    (and without dcterms:language, they are the titles' languages, sorted).
    """
    languages = sorted({_tag(o) for o in g.objects(ds, DCTERMS.language)}) or sorted(k for k in titles if k)
    stated = sorted({_tag(o) for o in g.objects(ds, ITT.primaryLanguage)})
    if len(stated) > 1:
        raise InputError(f"{path}: itt:primaryLanguage states {len(stated)} first languages "
                         f"({', '.join(stated)}); give one")
    if stated and stated[0] not in languages:
        raise InputError(f"{path}: the first language (itt:primaryLanguage {stated[0]}) is not one of "
                         f"the dataset's languages (dcterms:language: {', '.join(languages) or 'none'})")
    return tuple(dict.fromkeys([*stated, *languages]))


def read_dataset(path: Path) -> Dataset:
    """Read a project's dataset.ttl: one dcat:Dataset with its titles and coverage."""
    g = Graph()
    parse_files(g, [path])
    datasets = sorted({s for s in g.subjects(RDF.type, DCAT.Dataset) if isinstance(s, URIRef)})
    if len(datasets) != 1:
        raise InputError(f"{path}: describes {len(datasets)} dcat:Dataset resources with an IRI; "
                         "it must describe exactly one")
    ds = datasets[0]

    def texts(prop) -> dict[str, str]:
        return {o.language or "": str(o) for o in g.objects(ds, prop) if isinstance(o, Literal)}

    titles = texts(DCTERMS.title)
    if not titles:
        raise InputError(f"{path}: the dataset has no dcterms:title")
    start = end = None
    for period in g.objects(ds, DCTERMS.temporal):
        if isinstance(period, (BNode, URIRef)):
            start = _year(g.value(period, DCAT.startDate))
            end = _year(g.value(period, DCAT.endDate))
    if start is not None and end is not None and start > end:
        raise InputError(f"{path}: the temporal coverage starts ({start}) after it ends ({end})")
    languages = _languages(path, g, ds, titles)
    space = g.value(ds, VOID.uriSpace)
    return Dataset(str(ds), titles, texts(DCTERMS.alternative), texts(DCTERMS.description), start, end,
                   languages, str(space) if space else "", g)


@dataclass(frozen=True)
class Layout:
    """The files of one project folder, with the shipped project filling the folders it lacks."""

    root: Path

    @classmethod
    def find(cls, project: Path | str | None = None) -> Layout:
        """The layout of `project`, else of the active project (`Layout.active`), else of the
        project found from the current folder.

        One Layout per folder per process, so what it reads (prefixes, dataset.ttl) is read once.
        """
        if project is None:
            active = _ACTIVE.get()
            return _layout(active if active is not None else find_root())
        root = Path(project).resolve()
        if not root.is_dir():
            raise InputError(f"{project}: no such project folder")
        if not (root / DESCRIPTION).is_file():
            raise InputError(f"{project}: not an Ittifak project (no {DESCRIPTION}; `ittifak init` writes one)")
        return _layout(root)

    @contextmanager
    def active(self) -> Iterator[Layout]:
        """Within the block, `Layout.find()` is this project (for this thread or task only)."""
        token = _ACTIVE.set(self.root)
        try:
            yield self
        finally:
            _ACTIVE.reset(token)

    def folder(self, name: str) -> Path:
        """The project's own folder `name`, else the shipped project's (data/ is never borrowed)."""
        own = self.root / name
        if own.is_dir() or name == "data":
            return own
        return shipped_root() / name

    def ontology_files(self) -> list[Path]:
        return sorted(self.folder("ontology").glob("*.ttl"))

    def data_files(self) -> list[Path]:
        """The project's data files (every RDF file of data/, not those starting with `_`)."""
        folder = self.folder("data")
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir()
                      if p.is_file() and p.suffix.lower() in rdf_extensions() and not p.name.startswith("_"))

    def graph_files(self) -> list[Path]:
        """The ontology and the data: what `build` loads."""
        return self.ontology_files() + self.data_files()

    def shape_files(self) -> list[Path]:
        return sorted(self.folder("shapes").glob("*.ttl"))

    def queries_dir(self) -> Path:
        return self.folder("queries")

    def links_files(self) -> list[Path]:
        """Links to outside datasets, kept apart from the data (data/links/)."""
        folder = self.folder("data") / "links"
        return sorted(folder.glob("*.ttl")) if folder.is_dir() else []

    @cached_property
    def dataset(self) -> Dataset:
        return read_dataset(self.root / DESCRIPTION)

    @cached_property
    def prefixes(self) -> dict[str, str]:
        """The standard prefixes, and the project's own from data/_prefixes.ttl (which win)."""
        prefixes = dict(STANDARD_PREFIXES)
        block = self.folder("data") / "_prefixes.ttl"
        if block.is_file():
            g = Graph()
            parse_files(g, [block])
            prefixes.update({p: str(ns) for p, ns in g.namespaces() if p})
        return prefixes


@lru_cache(maxsize=32)
def _layout(root: Path) -> Layout:
    return Layout(root)
