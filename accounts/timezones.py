"""The IANA time zones a user or provider may choose, and the validator that enforces them."""

from functools import cache
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@cache
def time_zone_names() -> tuple[str, ...]:
    """All IANA zone names known to this Python, sorted; ``localtime`` and ``Factory`` are not real places."""
    return tuple(sorted(name for name in available_timezones() if name not in {"localtime", "Factory"}))


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in time_zone_names()]


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(
            _("%(value)s is not a known time zone."), code="invalid_time_zone", params={"value": value}
        )
