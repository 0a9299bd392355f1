"""Demo data, first part of the CMS's: the home page and its site, before the seeders whose
pages sit under home (training's course folder). `cms.demo` presents the rest at the end."""

from .services import site_root_ensure


def seed(context):
    site_root_ensure()
