"""`python -m ittifak`: the same command as `ittifak`."""

from ittifak.cli import main

main(prog_name="ittifak")
