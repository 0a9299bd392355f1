from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms.models import HomePage, StandardPage, StorefrontIndexPage, StorefrontPage
from cms.services import storefront_index_ensure
from marketplace.training.models import CourseIndexPage
from tests.sellers.factories import make_household_seller


class PageTreeTests(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_and_holds_content_and_shops(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertAllowedSubpageTypes(
            HomePage, {StandardPage, StorefrontIndexPage, CourseIndexPage}
        )
        self.assertAllowedSubpageTypes(StorefrontIndexPage, {StorefrontPage})
        self.assertCanNotCreateAt(HomePage, StorefrontPage)

    def test_home_and_a_standard_page_render(self):
        home = HomePage.objects.get()
        self.assertPageIsRenderable(home)
        page = home.add_child(instance=StandardPage(title="Giới thiệu", slug="gioi-thieu"))
        self.assertPageIsRenderable(page)

    def test_a_published_storefront_is_served_at_cua_hang_slug(self):
        seller = make_household_seller(head_name="Nguyễn Văn Hùng")
        page = StorefrontPage.objects.get(seller=seller)
        self.assertEqual(self.client.get(f"/cua-hang/{seller.slug}/").status_code, 404)
        page.get_latest_revision().publish()
        response = self.client.get(f"/cua-hang/{seller.slug}/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, seller.name)
        self.assertEqual(storefront_index_ensure().pk, page.get_parent().pk)
