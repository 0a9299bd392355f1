"""The dashboard's rollup: derived data, rebuilt by `rollup.rollup_refresh`."""

from django.db import models
from django.utils import timezone


class DashboardRollup(models.Model):
    """Per commune and month: the funnel counts as of the month's end (the current month: now)."""

    commune = models.ForeignKey("regions.Commune", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    roster = models.PositiveIntegerField(default=0)
    registered = models.PositiveIntegerField(default=0)
    trained = models.PositiveIntegerField(default=0)
    onboarded = models.PositiveIntegerField(default=0)
    selling = models.PositiveIntegerField(default=0)
    products_ocop = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["commune", "month"], name="rollup_commune_month_once")
        ]
        indexes = [models.Index(fields=["month", "commune"], name="training_da_month_568869_idx")]
        # The tables kept their names when the models moved here from training.
        db_table = "training_dashboardrollup"

    def __str__(self):
        return f"{self.commune_id} {self.month:%Y-%m}"


class DashboardRefresh(models.Model):
    """When the rollup was last rebuilt (one row per refresh, newest first)."""

    refreshed_at = models.DateTimeField(default=timezone.now, db_index=True)
    communes = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-refreshed_at"]
        db_table = "training_dashboardrefresh"

    def __str__(self):
        return f"{self.refreshed_at:%Y-%m-%d %H:%M}"
