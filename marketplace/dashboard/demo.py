"""The dashboard's demo part: the rollup, rebuilt once the other parts made their rows."""

from .rollup import rollup_refresh


def seed(context):
    rollup_refresh()
