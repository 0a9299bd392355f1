"""The dashboard's demo part: the rollup, rebuilt once the other parts made their rows."""

from marketplace.core.demo import demo_step

from .rollup import rollup_refresh


@demo_step(100)
def seed(context):
    rollup_refresh()
