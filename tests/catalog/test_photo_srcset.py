"""Photos on a 360 px phone, the product page's and the tiles': the first at once, in a
phone's width; the others lazily; every width made when the photo is uploaded, none by a
buyer's view."""

import pytest
from wagtail.images import get_image_model

from catalog import photos, services
from catalog.selectors import TILE_RENDITIONS
from loadtest.photos import phone_photo, phone_upload
from tests.accounts.factories import UserFactory
from tests.catalog.factories import ProductFactory, jpeg_upload
from tests.images import images_on_page, picked_width, srcset_widths

pytestmark = pytest.mark.django_db


@pytest.fixture
def product_with_photos(django_capture_on_commit_callbacks):
    product = ProductFactory(name="Kẹo dừa Mỏ Cày")
    with django_capture_on_commit_callbacks(execute=True):  # the renditions' task runs
        for _ in range(3):
            services.product_photo_add(
                actor=UserFactory(), product=product, upload=jpeg_upload(size=(1200, 900))
            )
    return product


def test_first_product_photo_is_not_lazy_and_fits_a_360_px_phone(client, product_with_photos):
    html = client.get(product_with_photos.get_absolute_url()).content.decode()
    first, *others = images_on_page(html, "product-photo")
    assert "loading" not in first and first["fetchpriority"] == "high"
    assert srcset_widths(first) == [360, 540, 720]
    assert all(".webp" in part for part in first["srcset"].split(","))
    assert picked_width(first, dpr=1.5) == 540 and picked_width(first, dpr=2) == 720
    # Width and height reserve the square before the photo arrives: no layout shift.
    assert first["width"] == first["height"] == "360"
    assert len(others) == 2
    # Behind a closed <details>: not rendered, so not fetched with the page.
    gallery = html.index('<details class="more-photos">')
    assert html.index('class="product-photo"') < gallery < html.index(others[0]["src"])
    assert "+ 2 ảnh" in html and "<details open" not in html
    for img in others:
        assert img["loading"] == "lazy" and "fetchpriority" not in img
        assert max(srcset_widths(img)) <= 720 and img["sizes"] == first["sizes"]


def test_viewing_the_product_page_makes_no_rendition(client, product_with_photos):
    made = get_image_model().get_rendition_model().objects.count()
    assert made == 3 * len(photos.PHOTO_RENDITIONS)
    client.get(product_with_photos.get_absolute_url())
    assert get_image_model().get_rendition_model().objects.count() == made


def test_a_phone_photo_goes_through_the_sellers_upload(django_capture_on_commit_callbacks):
    upload = phone_upload(1)
    assert 2_000_000 <= upload.size <= 4_000_000
    product = ProductFactory()
    with django_capture_on_commit_callbacks(execute=True):
        photo = services.product_photo_add(actor=UserFactory(), product=product, upload=upload)
    image = photo.image
    assert (image.width, image.height) == (1600, 1200)  # re-encoded at the stored size
    widths = {r.filter_spec: r.width for r in image.renditions.all()}
    assert widths["fill-720x720|format-webp"] == 720 and widths["fill-360x360|format-webp"] == 360


def test_phone_photos_are_the_same_for_the_same_seed():
    assert phone_photo(3, size=(400, 300)) == phone_photo(3, size=(400, 300))
    assert phone_photo(3, size=(400, 300)) != phone_photo(4, size=(400, 300))


@pytest.fixture
def catalog_of_six(django_capture_on_commit_callbacks):
    seller = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):  # the renditions' task runs
        for n in range(6):
            product = ProductFactory(name=f"Bưởi số {n}")
            services.product_photo_add(
                actor=seller, product=product, upload=jpeg_upload(size=(800, 600))
            )


def test_tiles_fit_half_a_360_px_phone(client, catalog_of_six):
    tiles = images_on_page(client.get("/san-pham/").content.decode(), "tile-img")
    assert len(tiles) == 6
    for tile in tiles:
        assert srcset_widths(tile) == [200, 340, 400]  # none wider than TILE_RENDITIONS' 400
        assert all(".webp" in part for part in tile["srcset"].split(","))
        assert tile["sizes"].endswith("calc(50vw - 22px)")
        # Width and height reserve the square before the photo arrives: no layout shift.
        assert tile["width"] == tile["height"] == "200"
    assert picked_width(tiles[0], dpr=1) == 200 and picked_width(tiles[0], dpr=2) == 340
    assert picked_width(tiles[0], dpr=1.75, screen=412) == 340  # Lighthouse's phone


def test_tiles_on_a_phones_first_screen_load_at_once_the_first_with_high_priority(
    client, catalog_of_six
):
    tiles = images_on_page(client.get("/san-pham/").content.decode(), "tile-img")
    first, *first_screen = tiles[:4]  # two rows: the second is whole at 412 x 823
    assert "loading" not in first and first["fetchpriority"] == "high"
    for tile in first_screen:  # the same size as the first: any may be the largest paint
        assert "loading" not in tile and "fetchpriority" not in tile
    for tile in tiles[4:]:  # below the first screen: they leave it the bandwidth
        assert tile["loading"] == "lazy" and "fetchpriority" not in tile


def test_viewing_the_catalog_makes_no_rendition(client, catalog_of_six):
    renditions = get_image_model().get_rendition_model().objects
    made = renditions.count()
    assert made == 6 * len(photos.PHOTO_RENDITIONS)
    assert set(TILE_RENDITIONS) <= set(photos.PHOTO_RENDITIONS)
    client.get("/san-pham/")
    assert renditions.count() == made
