"""Demo content for the editorial site: the page tree, images, promotions and menus, in four languages.

English objects are created (or updated) first; the other languages are made through wagtail-localize exactly as
an editor would — a translation per object and locale, its strings filled in from ``home.demo_content`` — so the
demo exercises the same machinery as the admin. Running it again updates everything in place.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.images import ImageFile
from django.db import models
from wagtail.images.models import Image
from wagtail.models import Collection, DraftStateMixin, Locale, Page, Site
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.strings import extract_strings

from home import demo_content as content
from home.models import CategoryIndexPage, CategoryPage, HomePage, LandingPage, Menu, Promotion, StandardPage
from providers.demo import seed_categories

logger = logging.getLogger(__name__)

IMAGES_DIR = Path(__file__).resolve().parent / "demo_images"
TARGET_LANGUAGES = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


# --- Translations of the demo copy -----------------------------------------------------------------------------


def _texts(node: Any) -> Iterator[dict[str, str]]:
    """Every ``{"en": …, "fr": …}`` dict anywhere in the demo content."""
    if isinstance(node, dict):
        if "en" in node and all(isinstance(v, str) for v in node.values()):
            yield node
        else:
            for value in node.values():
                yield from _texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)


def _segments(text: str) -> list[str]:
    """The strings wagtail-localize cuts a text into (one per paragraph, heading or list item for HTML)."""
    if "<" not in text:
        return [text]
    _template, strings = extract_strings(text)
    return [string.data for string, _attrs in strings]


def translation_table() -> dict[str, dict[str, str]]:
    """English string → {language: translation}, for whole texts and for each rich-text segment."""
    table: dict[str, dict[str, str]] = {}
    sources = [
        content.HOME,
        content.CATEGORY_INDEX,
        content.MOST_REQUESTED,
        content.CATEGORIES,
        content.STANDARD_PAGES,
        content.LANDING_PAGE,
        content.PROMOTIONS,
    ]
    for text in _texts(sources):
        table.setdefault(text["en"], {}).update({lang: text[lang] for lang in TARGET_LANGUAGES})
        english = _segments(text["en"])
        for lang in TARGET_LANGUAGES:
            translated = _segments(text[lang]) if lang in text else []
            if len(translated) == len(english):
                for source, target in zip(english, translated, strict=True):
                    table.setdefault(source, {})[lang] = target
    return table


def translate(instance: models.Model, table: dict[str, dict[str, str]]) -> int:
    """Translate ``instance`` into every other language through wagtail-localize; returns untranslated strings.

    The translated objects are published here and now: wagtail-localize's own ``save_target`` publishes on commit,
    and inside seed_demo's single transaction that would replay page revisions taken before their children existed.
    """
    source, _ = TranslationSource.update_or_create_from_instance(instance)
    missing = 0
    for locale in Locale.objects.filter(language_code__in=TARGET_LANGUAGES):
        translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
        po = translation.export_po()
        for entry in po:
            if entry.msgctxt == "slug":
                entry.msgstr = entry.msgid  # the same URL in every language
            elif entry.msgid in table and locale.language_code in table[entry.msgid]:
                entry.msgstr = table[entry.msgid][locale.language_code]
            else:
                entry.msgstr = entry.msgid
                missing += 1
                logger.warning("No %s translation for %r", locale.language_code, entry.msgid)
        translation.import_po(po)
        draftable = isinstance(instance, DraftStateMixin)
        translated, _created = source.create_or_update_translation(
            locale, publish=not draftable, copy_parent_pages=True, fallback=True
        )
        if draftable:
            translated.get_latest_revision().publish()
    return missing


# --- English objects ---------------------------------------------------------------------------------------------


def _image(name: str, title: str) -> Image:
    image = Image.objects.filter(title=title).first()
    if image is None:
        with (IMAGES_DIR / f"{name}.png").open("rb") as handle:
            collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
            image = Image(title=title, collection=collection)
            image.file = ImageFile(handle, name=f"{name}.png")
            image.save()
    return image


def _child(parent: Page, model: type[Page], slug: str, **fields: Any) -> Page:
    """Create or update the English page ``slug`` under ``parent``, and publish it."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    page.save_revision().publish()
    return page


def _en(text: dict[str, str]) -> str:
    return text["en"]


def _home_body(index: CategoryIndexPage) -> list[tuple[str, dict[str, Any]]]:
    home = content.HOME
    hero = home["hero"]
    return [
        (
            "hero",
            {
                "heading": _en(hero["heading"]),
                "subheading": _en(hero["subheading"]),
                "image": _image("hero", "Demo: hero"),
                "cta_label": _en(hero["cta_label"]),
                "cta_page": index,
            },
        ),
        ("promotions", {"heading": _en(home["promotions_heading"])}),
        ("featured_categories", {"heading": _en(home["featured_categories_heading"])}),
        ("featured_services", {"heading": _en(home["featured_services_heading"]), "category": None, "count": 6}),
        (
            "how_it_works",
            {
                "heading": _en(home["how_it_works"]["heading"]),
                "steps": [{"title": _en(s["title"]), "text": _en(s["text"])} for s in home["how_it_works"]["steps"]],
            },
        ),
        (
            "testimonials",
            {
                "heading": _en(home["testimonials"]["heading"]),
                "items": [
                    {"quote": _en(t["quote"]), "author": _en(t["author"]), "city": _en(t["city"])}
                    for t in home["testimonials"]["items"]
                ],
            },
        ),
        (
            "faq",
            {
                "heading": _en(home["faq"]["heading"]),
                "items": [
                    {"question": _en(q["question"]), "answer": f"<p>{_en(q['answer'])}</p>"}
                    for q in home["faq"]["items"]
                ],
            },
        ),
        (
            "call_to_action",
            {
                "heading": _en(home["cta"]["heading"]),
                "text": _en(home["cta"]["text"]),
                "button_label": _en(home["cta"]["button_label"]),
                "button_page": index,
                "button_url": "",
            },
        ),
    ]


def seed_locales() -> None:
    for code, _ in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def ensure_site_root() -> HomePage:
    """The English home page and the default site, recreated if a database lost them (the migration makes them)."""
    default = Locale.get_default()
    home = HomePage.objects.filter(depth=2, locale=default).order_by("pk").first()
    if home is None:
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=default))
        home = root.add_child(instance=HomePage(title="NetFix", slug="home", locale=default))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "NetFix"}
    )
    return home


def seed_pages(
    *,
    translations: bool = True,
    only_categories: list[str] | None = None,
    progress: Callable[[int], object] | None = None,
) -> HomePage:
    """Build the demo page tree, promotions and menus in English, then translate them all.

    ``only_categories`` limits the category pages to those slugs (tests use it to stay fast).
    """
    seed_locales()
    categories = seed_categories()
    home = ensure_site_root()

    index = _child(
        home,
        CategoryIndexPage,
        "services",
        title=_en(content.CATEGORY_INDEX["title"]),
        intro=_en(content.CATEGORY_INDEX["intro"]),
        seo_title=_en(content.CATEGORY_INDEX["seo_title"]),
        search_description=_en(content.CATEGORY_INDEX["search_description"]),
        most_requested_title=_en(content.MOST_REQUESTED["title"]),
        most_requested_intro=_en(content.MOST_REQUESTED["intro"]),
    )
    pages: list[Page] = [index]
    for slug, text in content.CATEGORIES.items():
        if only_categories is not None and slug not in only_categories:
            continue
        pages.append(
            _child(
                index,
                CategoryPage,
                slug,
                title=_en(text["title"]),
                category=categories[slug],
                intro=_en(text["intro"]),
                seo_title=_en(text["seo_title"]),
                search_description=_en(text["search_description"]),
                image=_image(slug, f"Demo: {slug}"),
            )
        )
    for spec in content.STANDARD_PAGES:
        pages.append(
            _child(
                home,
                StandardPage,
                spec["slug"],
                title=_en(spec["title"]),
                intro=_en(spec["intro"]),
                body=_en(spec["body"]),
            )
        )
    landing = content.LANDING_PAGE
    pages.append(
        _child(
            home,
            LandingPage,
            landing["slug"],
            title=_en(landing["title"]),
            intro=_en(landing["intro"]),
            body=[
                (
                    "hero",
                    {
                        "heading": _en(landing["hero"]["heading"]),
                        "subheading": _en(landing["hero"]["subheading"]),
                        "image": _image("housekeeping", "Demo: housekeeping"),
                        "cta_label": _en(landing["hero"]["cta_label"]),
                        "cta_page": index,
                    },
                ),
                ("text", _en(landing["body"])),
                (
                    "featured_services",
                    {"heading": _en(landing["hero"]["cta_label"]), "category": categories["housekeeping"], "count": 3},
                ),
            ],
        )
    )

    home.title = _en(content.HOME["title"])
    home.seo_title = _en(content.HOME["seo_title"])
    home.search_description = _en(content.HOME["search_description"])
    home.body = _home_body(index)
    home.save_revision().publish()

    snippets: list[models.Model] = [*seed_promotions(categories), *seed_menus(index)]
    if progress:
        progress(1)
    if translations:
        table = translation_table()
        # Parents before children: a translated page needs its translated parent.
        for instance in [home, *pages, *snippets]:
            translate(instance, table)
    return home


def seed_promotions(categories: dict[str, Any]) -> list[Promotion]:
    promotions = []
    default = Locale.get_default()
    for spec in content.PROMOTIONS:
        image = _image(f"promo-{spec['key']}", f"Demo: promo {spec['key']}")
        promotion = Promotion.objects.filter(locale=default, code=spec["code"] or "", title=_en(spec["title"])).first()
        promotion = promotion or Promotion(locale=default)
        promotion.title = _en(spec["title"])
        promotion.banner_text = _en(spec["banner_text"])
        promotion.image = image
        promotion.code = spec["code"] or ""
        promotion.discount_type = spec["discount_type"]
        promotion.discount_value = Decimal(spec["discount_value"])
        category = categories.get(spec["target_category"]) if spec["target_category"] else None
        promotion.target = Promotion.Target.CATEGORY if category else Promotion.Target.ALL
        promotion.target_category = category
        promotion.full_clean()
        promotion.save()
        promotion.save_revision().publish()
        promotions.append(promotion)
    return promotions


def seed_menus(index: CategoryIndexPage) -> list[Menu]:
    """Main navigation: services, the landing page and the standard pages; footer: the standard pages."""
    default = Locale.get_default()
    standard_pages = list(StandardPage.objects.filter(locale=default).order_by("path"))
    landing = LandingPage.objects.filter(locale=default).order_by("path").first()
    main, _ = Menu.objects.get_or_create(slot=Menu.Slot.MAIN, locale=default)
    main.items = [
        ("link", {"label": page.title, "page": page, "url": ""})
        for page in [index, landing, *standard_pages[:1]]
        if page
    ]
    main.save()
    footer, _ = Menu.objects.get_or_create(slot=Menu.Slot.FOOTER, locale=default)
    footer.items = [("link", {"label": page.title, "page": page, "url": ""}) for page in standard_pages]
    footer.save()
    return [main, footer]
