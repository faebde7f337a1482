"""Promotions: validation, scheduling on time, and where they show."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Locale

from home.models import Promotion
from home.selectors import active_promotions
from providers.demo import seed_categories

pytestmark = pytest.mark.django_db


def _promotion(**fields) -> Promotion:
    values = {"title": "Spring offer", "banner_text": "10 % off", "locale": Locale.get_default()} | fields
    promotion = Promotion(**values)
    promotion.full_clean()
    promotion.save()
    return promotion


def test_scheduled_promotion_appears_and_disappears_on_time():
    start = timezone.now() + timedelta(hours=1)
    end = start + timedelta(days=2)
    promotion = _promotion(live=False)
    promotion.go_live_at, promotion.expire_at = start, end
    promotion.save_revision(approved_go_live_at=start)
    assert list(active_promotions()) == []

    with time_machine.travel(start - timedelta(minutes=1), tick=False):
        call_command("publish_scheduled")
        assert list(active_promotions()) == []
    with time_machine.travel(start + timedelta(seconds=1), tick=False):
        call_command("publish_scheduled")  # Celery beat runs this every minute
        assert list(active_promotions()) == [promotion]
    with time_machine.travel(end + timedelta(seconds=1), tick=False):
        # Gone at its expiry time, even before the scheduler has run ...
        assert list(active_promotions()) == []
        call_command("publish_scheduled")
    promotion.refresh_from_db()
    assert promotion.live is False  # ... and unpublished once it has.


def test_category_promotion_shows_only_for_its_category():
    categories = seed_categories()
    everyone = _promotion(title="For all", live=True)
    plumbing = _promotion(
        title="Plumbing deal", live=True, target=Promotion.Target.CATEGORY, target_category=categories["plumbing"]
    )
    assert list(active_promotions()) == [everyone]
    assert set(active_promotions(category=categories["plumbing"])) == {everyone, plumbing}
    assert list(active_promotions(category=categories["painting"])) == [everyone]


def test_promotions_of_another_language_are_not_shown():
    french = Locale.objects.create(language_code="fr")
    _promotion(title="Offre", live=True, locale=french)
    assert list(active_promotions()) == []


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"target": "category"}, "target_category"),
        ({"target": "provider"}, "target_provider"),
        ({"code": "SAVE10", "discount_value": Decimal("0")}, "discount_value"),
        ({"code": "SAVE10", "discount_value": Decimal("150")}, "discount_value"),
        ({"code": "x!"}, "code"),
        (
            {"code_valid_from": timezone.now(), "code_valid_until": timezone.now() - timedelta(days=1)},
            "code_valid_until",
        ),
    ],
)
def test_invalid_promotion_is_refused_with_a_field_error(fields, field):
    with pytest.raises(ValidationError) as excinfo:
        _promotion(**fields)
    assert field in excinfo.value.message_dict
    assert Promotion.objects.count() == 0


def test_promo_code_is_stored_upper_case_and_unique_per_language():
    _promotion(code="save10", discount_value=Decimal("10"))
    assert Promotion.objects.get().code == "SAVE10"
    with pytest.raises(ValidationError):
        _promotion(title="Again", code="SAVE10", discount_value=Decimal("5"))


def test_fixed_amount_discount_may_exceed_100():
    promotion = _promotion(code="BIG", discount_type="fixed", discount_value=Decimal("150.00"))
    assert str(promotion) == "Spring offer"


def test_promotion_preview_renders_the_banner(rf, admin_user):
    """Editors preview a draft promotion as it will look on the site."""
    promotion = _promotion(code="SAVE10", discount_value=Decimal("10"), live=False)
    request = rf.get("/")
    request.user = admin_user
    response = promotion.serve_preview(request, promotion.default_preview_mode)
    response.render()
    assert "SAVE10" in response.content.decode()
    assert "Spring offer" in response.content.decode()


def test_beat_runs_the_publishing_schedule_every_minute(settings):
    from home.tasks import publish_scheduled

    assert settings.CELERY_BEAT_SCHEDULE["publish-scheduled"] == {"task": "home.publish_scheduled", "schedule": 60.0}
    start = timezone.now() - timedelta(minutes=1)
    promotion = _promotion(live=False)
    promotion.save_revision(approved_go_live_at=start)
    publish_scheduled.delay().get()
    assert list(active_promotions()) == [promotion]
