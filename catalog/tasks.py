"""Catalog background tasks."""

from django_tasks import task
from wagtail.images import get_image_model


@task()
def photo_renditions_make(image_id: int, specs: list[str]) -> None:
    """Make a photo's phone-sized renditions ahead of the first visitor who needs them."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is not None:  # removed meanwhile: nothing to make
        image.get_renditions(*specs)
