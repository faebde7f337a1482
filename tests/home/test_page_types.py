"""Where each page type may live, and that editors can create them through the admin forms."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.models import CategoryIndexPage, CategoryPage, HomePage, LandingPage, StandardPage
from providers.demo import seed_categories
from tests.factories import StaffFactory


class PageTypeRulesTests(WagtailPageTestCase):
    def test_home_page_lives_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {StandardPage, LandingPage, CategoryIndexPage})

    def test_category_pages_live_under_the_index_only(self):
        self.assertAllowedParentPageTypes(CategoryPage, {CategoryIndexPage})
        self.assertAllowedSubpageTypes(CategoryPage, {})
        self.assertAllowedSubpageTypes(CategoryIndexPage, {CategoryPage})
        self.assertAllowedParentPageTypes(CategoryIndexPage, {HomePage})

    def test_standard_and_landing_pages(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertAllowedParentPageTypes(LandingPage, {HomePage})
        self.assertAllowedSubpageTypes(LandingPage, {})


class AdminCreationTests(WagtailPageTestCase):
    def setUp(self):
        self.client.force_login(StaffFactory())  # Wagtail's own login() makes a superuser without a 2nd factor
        self.home = HomePage.objects.get(depth=2)
        self.categories = seed_categories()

    def test_editor_creates_a_landing_page_with_blocks(self):
        data = nested_form_data(
            {
                "title": "Summer deals",
                "slug": "summer-deals",
                "intro": "Cool offers.",
                "body": streamfield(
                    [
                        ("hero", {"heading": "Summer", "subheading": "", "image": "", "cta_label": "", "cta_page": ""}),
                        ("faq", {"heading": "FAQ", "items": streamfield([])}),
                    ]
                ),
            }
        )
        data["body-1-value-items-count"] = 1
        data["body-1-value-items-0-value-question"] = "Is it safe?"
        data["body-1-value-items-0-value-answer"] = (
            '{"blocks":[{"key":"a","type":"unstyled","depth":0,"text":"Yes.","inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}'
        )
        data["body-1-value-items-0-deleted"] = ""
        data["body-1-value-items-0-order"] = 0
        data["body-1-value-items-0-id"] = ""
        self.assertCanCreate(self.home, LandingPage, data)

    def test_editor_creates_a_category_page(self):
        index = CategoryIndexPage(title="Services", slug="services")
        self.home.add_child(instance=index)
        data = nested_form_data(
            {
                "title": "Plumbing",
                "slug": "plumbing",
                "category": self.categories["plumbing"].pk,
                "intro": "Leaks fixed.",
            }
        )
        self.assertCanCreate(index, CategoryPage, data)

    def test_one_category_page_per_category_and_language(self):
        index = CategoryIndexPage(title="Services", slug="services")
        self.home.add_child(instance=index)
        index.add_child(instance=CategoryPage(title="Plumbing", slug="plumbing", category=self.categories["plumbing"]))
        data = nested_form_data(
            {"title": "Plumbing 2", "slug": "plumbing-2", "category": self.categories["plumbing"].pk}
        )
        response = self.client.post(f"/admin/pages/add/home/categorypage/{index.pk}/", data)
        assert response.status_code == 200
        self.assertContains(response, "This category already has a page in this language.")
        assert CategoryPage.objects.count() == 1
