"""Wagtail admin for the marketplace: the staff payments screens and their audit log actions (decision 0042)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from marketplace.views.admin_payments import REFUND_ACTION, RESOLVE_ACTION, PaymentsViewSet


@hooks.register("register_admin_viewset")
def register_payments_viewset() -> PaymentsViewSet:
    return PaymentsViewSet()


@hooks.register("register_log_actions")
def register_payment_log_actions(actions: Any) -> None:
    """Staff refunds and dispute resolutions appear in the admin's history reports, with amount and reason."""

    @actions.register_action(REFUND_ACTION)
    class RefundLog(LogFormatter):
        label = _("Refund a booking payment")

        def format_message(self, log_entry: Any) -> str:
            data = log_entry.data or {}
            return str(
                _("Refunded %(amount)s %(currency)s: %(reason)s")
                % {
                    "amount": data.get("amount", ""),
                    "currency": data.get("currency", ""),
                    "reason": data.get("reason", ""),
                }
            )

    @actions.register_action(RESOLVE_ACTION)
    class ResolveLog(LogFormatter):
        label = _("Resolve a booking dispute")

        def format_message(self, log_entry: Any) -> str:
            return str(_("Dispute resolved: %(reason)s") % {"reason": (log_entry.data or {}).get("reason", "")})


# --- review moderation (issue 8) --------------------------------------------------------------------------------------


@hooks.register("register_admin_viewset")
def register_reviews_viewset() -> Any:
    from marketplace.views.admin_reviews import ReviewsViewSet

    return ReviewsViewSet()


@hooks.register("register_log_actions")
def register_review_log_actions(actions: Any) -> None:
    """Moderators' decisions on reviews appear in the admin's history reports, with the reason given."""
    from marketplace.views.admin_reviews import HIDE_ACTION, KEEP_ACTION, RESTORE_ACTION

    @actions.register_action(HIDE_ACTION)
    class HideReviewLog(LogFormatter):
        label = _("Hide a review")

        def format_message(self, log_entry: Any) -> str:
            return str(_("Review hidden: %(reason)s") % {"reason": (log_entry.data or {}).get("reason", "")})

    actions.register_action(KEEP_ACTION, _("Keep a reported review"), _("Review kept; its reports were closed"))
    actions.register_action(RESTORE_ACTION, _("Restore a hidden review"), _("Review published again"))
