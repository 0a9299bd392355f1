import time

from django.core.management.base import BaseCommand, CommandError

from cms.loadscale import LoadScaleError, loadscale_generate


class Command(BaseCommand):
    help = (
        "Add load-scale data to a site seeded with the demo: households, shops, products "
        "(one in eight OCOP-rated) and a year of orders, as the benchmarks measure it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=100_000)
        parser.add_argument("--households", type=int, default=600)
        parser.add_argument("--orders", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=7, help="same seed, same data")

    def handle(self, *args, **options):
        if options["households"] < 1 or min(options["products"], options["orders"]) < 0:
            raise CommandError("--households must be at least 1, the other counts at least 0.")
        started = time.perf_counter()
        try:
            made = loadscale_generate(
                products=options["products"],
                households=options["households"],
                orders=options["orders"],
                seed=options["seed"],
                progress=lambda message: self.stdout.write(f"  {message}"),
            )
        except LoadScaleError as error:
            raise CommandError(str(error)) from error
        for name, count in made.counts.items():
            self.stdout.write(f"  {name:<20} {count:>9,}")
        for name, seconds in made.seconds.items():
            self.stdout.write(f"  {name:<20} {seconds:>8.1f} s")
        total = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Load-scale data ready in {total:.1f} s."))
