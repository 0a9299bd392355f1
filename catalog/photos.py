"""Photos: uploads cleaned and stored as Wagtail images, and the renditions pages show
made after the upload, outside the request (product photos; cms's covers too)."""

from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils.text import slugify
from wagtail.images import get_image_model

from marketplace.accounts.models import User
from marketplace.core.seo import SHARE_RENDITION
from marketplace.core.text import fold
from marketplace.core.uploads import photo_reencode

from .errors import CatalogError
from .models import ProductImage
from .selectors import TILE_RENDITIONS

# Sizes the pages ask for: the tile's srcset (selectors.TILE_RENDITIONS), and the product
# page's square photo in the widths of its srcset (360-720 px: a 360-412 px phone at
# 1.5-2x), and the card chat apps show of a shared link (core.seo.SHARE_RENDITION),
# made after the upload so that no buyer's or crawler's request decodes the photo.
PHOTO_RENDITIONS = (
    *TILE_RENDITIONS,
    "fill-360x360|format-webp",
    "fill-540x540|format-webp",
    "fill-720x720|format-webp",
    SHARE_RENDITION,
)


def _clean_photo(upload) -> tuple[bytes, str]:
    """Re-encode an upload: refuses non-images and bombs, drops EXIF, keeps the orientation."""
    try:
        return photo_reencode(upload)
    except ValidationError as error:
        raise CatalogError(error.messages) from None


def photo_store(
    *, upload, title: str, actor: User | None = None, renditions: tuple[str, ...] = PHOTO_RENDITIONS
):
    """A Wagtail image from an uploaded photo, cleaned; the `renditions` its pages show
    are made after the commit, outside the request."""
    data, extension = _clean_photo(upload)
    image = get_image_model()(
        title=title[:255],
        file=ContentFile(data, name=f"{slugify(fold(title))[:40] or 'anh'}.{extension}"),
    )
    image.uploaded_by_user = actor if actor and actor.is_authenticated else None
    image.save()
    from .tasks import photo_renditions_make  # the task module imports this one

    transaction.on_commit(partial(photo_renditions_make.enqueue, image.pk, list(renditions)))
    return image


def photo_renditions_ensure(*, image_id: int, specs: list[str] | None = None) -> int:
    """Make the phone-sized renditions of a photo (a product's unless `specs` are given);
    how many exist afterwards.

    Run by a task after the upload's commit. Nothing to do once the photo was
    removed; pages make a missing rendition on demand, so a late task only costs time.
    """
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return 0
    return len(image.get_renditions(*(specs or PHOTO_RENDITIONS)))


def photo_renditions_backfill() -> int:
    """Queue the renditions missing from product photos uploaded before their page asked
    for them (a width added to PHOTO_RENDITIONS); how many photos were queued.

    Run once after such a deploy, so that the first views after it don't make them on
    the request path. Safe to rerun: a photo with every rendition is skipped.
    """
    from .tasks import photo_renditions_make

    made = Count("renditions", filter=Q(renditions__filter_spec__in=PHOTO_RENDITIONS))
    missing = (
        get_image_model()
        .objects.filter(pk__in=ProductImage.objects.values("image_id"))
        .annotate(made=made)
        .filter(made__lt=len(PHOTO_RENDITIONS))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    queued = 0
    for image_id in missing.iterator():
        photo_renditions_make.enqueue(image_id, list(PHOTO_RENDITIONS))
        queued += 1
    return queued
