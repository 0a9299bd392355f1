from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from marketplace.delivery.carriers import CarrierError
from marketplace.delivery.carriers.ghn_codes import ghn_codes_build


class Command(BaseCommand):
    help = (
        "Download GHN's provinces, districts and wards, match them to our current communes "
        "and write the GHN code table (GHN_WARDS_CSV)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default="", help="Where to write the table (default: GHN_WARDS_CSV)."
        )

    def handle(self, *args, output="", **options):
        if not settings.GHN_TOKEN:
            raise CommandError(_("Set GHN_TOKEN first: GHN's master data needs a token."))
        path = output or str(settings.GHN_WARDS_CSV)
        try:
            result = ghn_codes_build(path=path, progress=lambda name: self.stdout.write(name))
        except CarrierError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Communes matched: %(matched)d, not matched: %(unmatched)d, written to %(path)s")
            % {"matched": len(result.rows), "unmatched": len(result.unmatched), "path": path}
        )
        for commune in result.unmatched:
            self.stdout.write(f"  {commune.code} {commune.name}, {commune.province.name}")
