"""Administrative units of Viet Nam: province > commune (no district since 1 July 2025).

Units are never deleted: a unit merged away is kept with `is_current=False`
and a pointer to its successor, so old records still read their old names.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.core.text import fold


class AdministrativeUnit(models.Model):
    """What provinces and communes share: a name searched without diacritics, and a
    successor once merged away (`is_current=False`)."""

    name = models.CharField(_("name"), max_length=80)
    name_folded = models.CharField(max_length=80, editable=False, db_index=True)
    is_current = models.BooleanField(_("current unit"), default=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )

    class Meta:
        abstract = True
        ordering = ["name_folded"]

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class Province(AdministrativeUnit):
    """A province or centrally run city. Codes are the GSO's; a merged-away province
    keeps its old code as history even where the new province reuses that code
    (Gia Lai took Bình Định's 52)."""

    code = models.CharField(_("official code"), max_length=2)

    class Meta(AdministrativeUnit.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(is_current=True),
                name="province_current_code_unique",
            ),
            models.UniqueConstraint(fields=["code", "name"], name="province_code_name_unique"),
        ]

    def __str__(self):
        return self.name

    @property
    def short_name(self) -> str:
        for prefix in ("Thành phố ", "Tỉnh "):
            if self.name.startswith(prefix):
                return self.name[len(prefix) :]
        return self.name


class Commune(AdministrativeUnit):
    """A commune (xã), ward (phường) or special zone (đặc khu)."""

    code = models.CharField(_("official code"), max_length=5, unique=True)
    kind = models.CharField(_("kind"), max_length=20)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="communes"
    )
    former_provinces = models.ManyToManyField(
        Province,
        verbose_name=_("formerly part of"),
        blank=True,
        related_name="former_communes",
        help_text=_("Provinces this unit's territory belonged to before 1 July 2025."),
    )

    class Meta(AdministrativeUnit.Meta):
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        indexes = [models.Index(fields=["province", "name_folded"])]

    def __str__(self):
        return f"{self.name}, {self.province.short_name}"
