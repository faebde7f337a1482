"""The 12 NetFix fields of work, the seed categories. Their names are translated here, once."""

from django.utils.translation import gettext_lazy as _

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
