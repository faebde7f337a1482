"""The 12 NetFix fields of work, the seed categories. Their names are translated here, once."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ALL_IN_ONE = "all-in-one"

FIELDS_OF_WORK = [
    ("air-conditioner", _("Air Conditioner")),
    (ALL_IN_ONE, _("All in One")),
    ("carpentry", _("Carpentry")),
    ("electricity", _("Electricity")),
    ("gardening", _("Gardening")),
    ("home-machines", _("Home Machines")),
    ("housekeeping", _("Housekeeping")),
    ("interior-design", _("Interior Design")),
    ("locks", _("Locks")),
    ("painting", _("Painting")),
    ("plumbing", _("Plumbing")),
    ("water-heaters", _("Water Heaters")),
]

# Who people look for in a field of work — the trade, as they name it — in each language. The search index adds these
# words to every service of the field, so "plombier" finds plumbing even where no listing says it.
SEARCH_WORDS = {
    "air-conditioner": pgettext_lazy("search words for a field of work", "air conditioning, AC technician"),
    ALL_IN_ONE: pgettext_lazy("search words for a field of work", "handyman, odd jobs"),
    "carpentry": pgettext_lazy("search words for a field of work", "carpenter, joiner"),
    "electricity": pgettext_lazy("search words for a field of work", "electrician"),
    "gardening": pgettext_lazy("search words for a field of work", "gardener, landscaper"),
    "home-machines": pgettext_lazy("search words for a field of work", "appliance repair"),
    "housekeeping": pgettext_lazy("search words for a field of work", "cleaner, cleaning"),
    "interior-design": pgettext_lazy("search words for a field of work", "interior designer, decorator"),
    "locks": pgettext_lazy("search words for a field of work", "locksmith"),
    "painting": pgettext_lazy("search words for a field of work", "painter, decorator"),
    "plumbing": pgettext_lazy("search words for a field of work", "plumber"),
    "water-heaters": pgettext_lazy("search words for a field of work", "water heater, boiler"),
}
