"""The booking lifecycle as one table: which action moves a booking from which states to which, and who may do it.

``requested → accepted → confirmed (paid) → completed``, with the exits ``declined``, ``expired``,
``cancelled_by_customer``, ``cancelled_by_provider``, ``no_show`` and ``disputed → resolved``. ``reschedule`` keeps
the state and moves the time. Services in ``bookings/services.py`` are the only code that changes ``status``; each
looks its action up here, so an illegal move is refused in one place (``IllegalTransition``, HTTP 409 in the API).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from marketplace.models import Booking, BookingEvent

S = Booking.Status
Actor = BookingEvent.Actor

# States in which a booking holds its time: a slot is taken from the request until the booking leaves these.
LIVE_STATES = frozenset({S.REQUESTED, S.ACCEPTED, S.CONFIRMED})
# States that end a booking without the job being done: its time, and any promo code use, are given back.
RELEASED_STATES = frozenset({S.DECLINED, S.EXPIRED, S.CANCELLED_BY_CUSTOMER, S.CANCELLED_BY_PROVIDER})


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str | None  # None: the state stays (reschedule)
    actors: frozenset[str]
    label: Promise


def _t(action: str, sources: set[str], target: str | None, actors: set[str], label: Promise) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(actors), label)


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        _t("accept", {S.REQUESTED}, S.ACCEPTED, {Actor.PROVIDER}, _("accept")),
        _t("confirm", {S.ACCEPTED}, S.CONFIRMED, {Actor.SYSTEM}, _("confirm")),
        _t("decline", {S.REQUESTED}, S.DECLINED, {Actor.PROVIDER}, _("decline")),
        _t("expire", {S.REQUESTED}, S.EXPIRED, {Actor.SYSTEM}, _("expire")),
        _t(
            "cancel_by_customer",
            {S.REQUESTED, S.ACCEPTED, S.CONFIRMED},
            S.CANCELLED_BY_CUSTOMER,
            {Actor.CUSTOMER},
            _("cancel"),
        ),
        _t(
            "cancel_by_provider",
            {S.ACCEPTED, S.CONFIRMED},
            S.CANCELLED_BY_PROVIDER,
            {Actor.PROVIDER, Actor.STAFF},
            _("cancel"),
        ),
        _t("complete", {S.CONFIRMED}, S.COMPLETED, {Actor.PROVIDER}, _("mark as completed")),
        _t("no_show", {S.CONFIRMED}, S.NO_SHOW, {Actor.PROVIDER}, _("mark as no-show")),
        _t(
            "dispute",
            {S.CONFIRMED, S.COMPLETED, S.NO_SHOW},
            S.DISPUTED,
            {Actor.CUSTOMER, Actor.STAFF, Actor.SYSTEM},
            _("dispute"),
        ),
        _t("resolve", {S.DISPUTED}, S.RESOLVED, {Actor.STAFF, Actor.SYSTEM}, _("resolve")),
        _t(
            "reschedule",
            {S.REQUESTED, S.ACCEPTED, S.CONFIRMED},
            None,
            {Actor.CUSTOMER, Actor.PROVIDER},
            _("reschedule"),
        ),
    )
}


class IllegalTransition(Exception):
    """The booking's state, or who is asking, does not allow this action. Carries a translated message."""

    def __init__(self, message: str, *, code: str = "illegal_transition") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def allowed_actions(status: str, actor_role: str) -> list[str]:
    """The actions ``actor_role`` may take on a booking in ``status`` (for buttons and the API's links)."""
    return [t.action for t in TRANSITIONS.values() if status in t.sources and actor_role in t.actors]


def check(action: str, status: str, actor_role: str) -> Transition:
    """The transition for ``action`` from ``status`` by ``actor_role``, or ``IllegalTransition`` saying why not."""
    transition = TRANSITIONS[action]
    if actor_role not in transition.actors:
        raise IllegalTransition(
            str(_("You cannot %(action)s this booking.") % {"action": transition.label}), code="not_allowed"
        )
    if status not in transition.sources:
        raise IllegalTransition(
            str(
                _("This booking is %(status)s, so you cannot %(action)s it now.")
                % {"status": S(status).label, "action": transition.label}
            )
        )
    return transition
