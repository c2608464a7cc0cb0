"""Ittifak: a knowledge graph of diplomatic actors and agreements."""

__version__ = "0.1.0"
