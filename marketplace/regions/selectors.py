from django.db.models import QuerySet

from .models import Commune, Province


def province_list(*, current: bool = True) -> QuerySet[Province]:
    return Province.objects.filter(is_current=current)


def commune_list(*, province: Province | None = None) -> QuerySet[Commune]:
    communes = Commune.objects.filter(is_current=True).select_related("province")
    if province is not None:
        communes = communes.filter(province=province)
    return communes
