"""The `ittifak` command: a thin layer over the Python API, one subcommand per job."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from . import __version__
from .errors import IttifakError
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
