"""StreamField blocks for the home and landing pages.

Blocks that show marketplace data (categories, services, promotions) hold only the editor's choices (heading, how
many, which category); what they list is read through selectors at render time, in the page's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _search_box_switch(*, default: bool, help_text: StrOrPromise) -> blocks.BooleanBlock:
    return blocks.BooleanBlock(required=False, default=default, label=_("Show the search box"), help_text=help_text)


class HeroBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, label=_("Heading"))
    subheading = blocks.TextBlock(required=False, max_length=300, label=_("Subheading"))
    image = ImageChooserBlock(required=False, label=_("Background image"))
    cta_label = blocks.CharBlock(required=False, max_length=40, label=_("Button label"))
    cta_page = blocks.PageChooserBlock(required=False, label=_("Button links to"))
    show_search = _search_box_switch(
        default=True, help_text=_("What and where, sent to the search page: most visitors come to find someone.")
    )

    class Meta:
        icon = "image"
        template = "blocks/hero_block.html"
        label = _("Hero")
        description = _("A large heading with an image, a search box and one call to action.")
        preview_value = {"heading": "Trusted home services", "subheading": "Book a verified pro in minutes."}


class LandingHeroBlock(HeroBlock):
    """The hero of a campaign page: its own call to action leads, so the search box is off unless an editor asks."""

    show_search = _search_box_switch(
        default=False,
        help_text=_("What and where, sent to the search page. Off by default: the button is this page's aim."),
    )

    class Meta:
        description = _("A large heading with an image, one call to action and, if wanted, a search box.")


class FeaturedCategoriesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, label=_("Heading"))

    class Meta:
        icon = "folder-open-inverse"
        template = "blocks/featured_categories_block.html"
        label = _("Featured categories")
        description = _("The category pages of this language, with their images.")
        preview_value = {"heading": "Popular categories"}

    def get_context(self, value: Any, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        from home.selectors import category_pages

        context = super().get_context(value, parent_context)
        context["category_pages"] = category_pages()
        return context


class FeaturedServicesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, label=_("Heading"))
    category = SnippetChooserBlock("providers.Category", required=False, label=_("Only this category"))
    count = blocks.IntegerBlock(default=6, min_value=1, max_value=24, label=_("How many"))

    class Meta:
        icon = "list-ul"
        template = "blocks/featured_services_block.html"
        label = _("Featured services")
        description = _("The newest services, optionally of one category.")
        preview_value = {"heading": "New on NetFix", "count": 3}

    def get_context(self, value: Any, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        from providers.selectors import service_list

        context = super().get_context(value, parent_context)
        context["services"] = service_list(category=value.get("category"))[: value.get("count") or 6]
        return context


class PromotionsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, label=_("Heading"))

    class Meta:
        icon = "tag"
        template = "blocks/promotions_block.html"
        label = _("Active promotions")
        description = _("Promotions live right now in this language.")
        preview_value = {"heading": "Offers"}

    def get_context(self, value: Any, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        from home.selectors import active_promotions

        context = super().get_context(value, parent_context)
        context["promotions"] = active_promotions()
        return context


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80, label=_("Title"))
    text = blocks.TextBlock(max_length=300, label=_("Text"))


class HowItWorksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, label=_("Heading"))
    steps = blocks.ListBlock(StepBlock(), min_num=1, max_num=6, label=_("Steps"))

    class Meta:
        icon = "list-ol"
        template = "blocks/how_it_works_block.html"
        label = _("How it works")
        description = _("Numbered steps.")
        preview_value = {"heading": "How it works", "steps": [{"title": "Find", "text": "Search by trade."}]}


class TestimonialBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=400, label=_("Quote"))
    author = blocks.CharBlock(max_length=80, label=_("Author"))
    city = blocks.CharBlock(required=False, max_length=80, label=_("City"))


class TestimonialsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, label=_("Heading"))
    items = blocks.ListBlock(TestimonialBlock(), min_num=1, max_num=6, label=_("Testimonials"))

    class Meta:
        icon = "openquote"
        template = "blocks/testimonials_block.html"
        label = _("Testimonials")
        description = _("Quotes from customers.")
        preview_value = {"heading": "Customers say", "items": [{"quote": "On time and tidy.", "author": "Ana"}]}


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200, label=_("Question"))
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"], label=_("Answer"))


class FAQBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, label=_("Heading"))
    items = blocks.ListBlock(QuestionBlock(), min_num=1, label=_("Questions"))

    class Meta:
        icon = "help"
        template = "blocks/faq_block.html"
        label = _("FAQ")
        description = _("Questions and answers, folded.")
        preview_value = {"heading": "Questions", "items": [{"question": "Is it safe?", "answer": "<p>Yes.</p>"}]}


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, label=_("Heading"))
    text = blocks.TextBlock(required=False, max_length=300, label=_("Text"))
    button_label = blocks.CharBlock(max_length=40, label=_("Button label"))
    button_page = blocks.PageChooserBlock(required=False, label=_("Button links to"))
    button_url = blocks.URLBlock(required=False, label=_("…or to this address"))

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"
        label = _("Call to action")
        description = _("A highlighted band with one button.")
        preview_value = {"heading": "Ready?", "button_label": "Book now"}


class RichTextSectionBlock(blocks.RichTextBlock):
    class Meta:
        icon = "doc-full"
        template = "blocks/rich_text_block.html"
        label = _("Text")
        description = _("Paragraphs, headings, lists and links.")


RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class HomePageBlocks(blocks.StreamBlock):
    hero = HeroBlock()
    featured_categories = FeaturedCategoriesBlock()
    featured_services = FeaturedServicesBlock()
    promotions = PromotionsBlock()
    how_it_works = HowItWorksBlock()
    testimonials = TestimonialsBlock()
    faq = FAQBlock()
    call_to_action = CallToActionBlock()


class LandingPageBlocks(HomePageBlocks):
    hero = LandingHeroBlock()
    text = RichTextSectionBlock(features=RICH_TEXT_FEATURES)
