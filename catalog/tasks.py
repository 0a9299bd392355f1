"""Background work of the catalog (django-tasks: in-process by default, a worker in production)."""

from django_tasks import task

from . import photos, services


@task()
def photo_renditions_make(image_id: int, specs: list[str] | None = None) -> int:
    """The phone-sized WebP renditions of an uploaded photo, made outside the request.

    `specs` None (tasks queued before it was passed) means a product photo's."""
    return photos.photo_renditions_ensure(image_id=image_id, specs=specs)


@task()
def ocop_stars_refresh() -> int:
    """Stars of products whose best OCOP certificate expired; schedule it daily."""
    return services.expired_stars_refresh()
