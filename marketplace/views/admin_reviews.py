"""Review moderation in the Wagtail admin: the queue of reported reviews, one review with its reports, and the
moderator's decisions (issue 8, decision 0045).

Who: superusers and holders of ``marketplace.view_review`` (the Editors and Moderators groups, migration 0006) see
the screens; hiding, keeping and restoring also need ``marketplace.moderate_review``. Anyone else with admin access
gets no menu item and Wagtail's "no permission" redirect; customers and providers are sent to log in. The decisions
go through the same services as everything else (``marketplace/reviews/services.py``), which keep the aggregates in
step and tell the author; this module adds a Wagtail log entry so each decision shows in the admin's history.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.log_actions import log

from marketplace.models import Review, ReviewFlag
from marketplace.reviews.services import ReviewRefused, review_hide, review_keep, review_restore
from netfix.wagtail_menu import menu_item_for

VIEW_PERMISSION = "marketplace.view_review"
MODERATE_PERMISSION = "marketplace.moderate_review"
HIDE_ACTION = "netfix.review.hide"
KEEP_ACTION = "netfix.review.keep"
RESTORE_ACTION = "netfix.review.restore"
PAGE_SIZE = 25
REPORTED, HIDDEN, ALL = "reported", "hidden", "all"


def can_view(user: Any) -> bool:
    return bool(user.is_active and (user.is_superuser or user.has_perm(VIEW_PERMISSION)))


def can_moderate(user: Any) -> bool:
    return bool(can_view(user) and (user.is_superuser or user.has_perm(MODERATE_PERMISSION)))


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def admin_reviews() -> QuerySet[Review]:
    """Reviews with what a row shows joined in, and when their oldest open report came (no query per row)."""
    oldest_open = (
        ReviewFlag.objects.filter(review=OuterRef("pk"), resolved_at__isnull=True)
        .order_by("created_at", "pk")
        .values("created_at")[:1]
    )
    return Review.objects.select_related("service", "provider", "author").annotate(oldest_report=Subquery(oldest_open))


def shown(queryset: QuerySet[Review], which: str) -> QuerySet[Review]:
    """The queue (open reports, the longest wait first), the hidden reviews (latest first) or every review."""
    if which == HIDDEN:
        return queryset.filter(status=Review.Status.HIDDEN).order_by("-hidden_at", "-pk")
    if which == ALL:
        return queryset.order_by("-created_at", "-pk")
    return queryset.filter(open_flags__gt=0).order_by("oldest_report", "pk")  # type: ignore[misc]  # annotated in admin_reviews()


# --- the queue --------------------------------------------------------------------------------------------------------


class ReviewFilterSet(WagtailFilterSet):
    show = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[(REPORTED, _("With open reports")), (HIDDEN, _("Hidden")), (ALL, _("All reviews"))],
        empty_label=None,
        initial=REPORTED,
        method="filter_show",
    )

    class Meta:
        model = Review
        fields = ["show"]

    def filter_show(self, queryset: QuerySet[Review], name: str, value: str) -> QuerySet[Review]:
        return shown(queryset, value)


class ReviewIndexView(BaseListingView):
    """The moderators' queue by default; the filter switches to hidden or all reviews."""

    page_title = _("Reviews")
    header_icon = "comment"
    paginate_by = PAGE_SIZE
    filterset_class = ReviewFilterSet
    index_url_name = "reviews:index"
    index_results_url_name = "reviews:index_results"
    verbose_name = _("review")
    verbose_name_plural = _("reviews")
    columns = [
        TitleColumn(
            "pk",
            label=pgettext_lazy("a customer review", "Review"),
            accessor=lambda review: f"#{review.pk} · {review.rating}★",
            get_url=lambda review: reverse("reviews:detail", args=[review.pk]),
        ),
        Column("service", label=_("Service"), accessor="service.name"),
        Column("provider", label=_("Provider"), accessor="provider.company_name"),
        Column("author", label=_("Author"), accessor="author.email"),
        Column("open_flags", label=_("Open reports")),
        Column("oldest_report", label=_("Reported")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("created_at", label=_("Written")),
    ]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require(can_view(request.user))
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self) -> QuerySet[Review]:
        return admin_reviews()

    def get_filterset_kwargs(self) -> dict[str, Any]:
        """Without a choice the queue is shown (the filter's default)."""
        data = self.request.GET.copy()
        data.setdefault("show", REPORTED)
        return {"data": data, "request": self.request}

    def filter_queryset(self, queryset: QuerySet[Review]) -> QuerySet[Review]:
        if self.filters and self.filters.is_valid():
            return self.filters.filter_queryset(queryset)
        return shown(queryset, REPORTED)  # a made-up choice shows the queue, never everything


# --- one review -------------------------------------------------------------------------------------------------------


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it hidden?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("The author is told this reason by e-mail."),
        error_messages={"required": _("Say why the review is hidden; its author will read it.")},
    )


def _review(request: HttpRequest, pk: int) -> Review:
    _require(can_view(request.user))
    return get_object_or_404(
        Review.objects.select_related("service", "provider", "author", "booking", "hidden_by", "reply"), pk=pk
    )


def _render_detail(
    request: HttpRequest, review: Review, *, hide_form: HideForm | None = None, status: int = 200
) -> HttpResponse:
    may_moderate = can_moderate(request.user)
    context = {
        "review": review,
        "reply": getattr(review, "reply", None),
        "flags": review.flags.select_related("flagged_by").order_by("created_at", "pk"),
        "may_hide": may_moderate and review.is_published,
        "may_keep": may_moderate and review.open_flags > 0,
        "may_restore": may_moderate and not review.is_published,
        "hide_form": hide_form or HideForm(),
        "page_title": gettext("Review #%(number)s") % {"number": review.pk},
        "header_icon": "comment",
        "index_url": reverse("reviews:index"),
    }
    return render(request, "marketplace/admin/review_detail.html", context, status=status)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _review(request, pk))


def _log(review: Review, action: str, user: Any, **data: Any) -> None:
    log(instance=review, action=action, user=user, data={"review": review.pk, "booking": review.booking_id, **data})


@require_POST
def hide(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    _require(can_moderate(request.user))
    form = HideForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, review, hide_form=form, status=400)
    reason = form.cleaned_data["reason"]
    try:
        with transaction.atomic():
            review = review_hide(review=review, by=request.user, reason=reason)  # type: ignore[arg-type]
            _log(review, HIDE_ACTION, request.user, reason=reason)
    except ReviewRefused as error:
        messages.error(request, error.message)
        return redirect("reviews:detail", pk=pk)
    except ValidationError as error:
        form.add_error(None, error)
        return _render_detail(request, review, hide_form=form, status=400)
    messages.success(request, gettext("The review is hidden and its author will be told why."))
    return redirect("reviews:index")


@require_POST
def keep(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    _require(can_moderate(request.user))
    closed = review.open_flags
    with transaction.atomic():
        review = review_keep(review=review, by=request.user)  # type: ignore[arg-type]
        _log(review, KEEP_ACTION, request.user, reports=closed)
    messages.success(request, gettext("The review stays published; its reports are closed."))
    return redirect("reviews:index")


@require_POST
def restore(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    _require(can_moderate(request.user))
    try:
        with transaction.atomic():
            review = review_restore(review=review, by=request.user)  # type: ignore[arg-type]
            _log(review, RESTORE_ACTION, request.user)
    except ReviewRefused as error:
        messages.error(request, error.message)
        return redirect("reviews:detail", pk=pk)
    messages.success(request, gettext("The review is published again and counts in the ratings."))
    return redirect("reviews:detail", pk=pk)


# --- the viewset ------------------------------------------------------------------------------------------------------


class ReviewsViewSet(ViewSet):
    """Registered in ``marketplace/wagtail_hooks.py``; URLs under ``/admin/reviews/``, namespace ``reviews``."""

    name = "reviews"
    icon = "comment"
    menu_label = _("Reviews")
    menu_order = 240
    add_to_admin_menu = True
    menu_item_class = menu_item_for(can_view)

    def get_urlpatterns(self) -> list[URLPattern]:
        return [
            path("", ReviewIndexView.as_view(), name="index"),
            path("results/", ReviewIndexView.as_view(results_only=True), name="index_results"),
            path("<int:pk>/", detail, name="detail"),
            path("<int:pk>/hide/", hide, name="hide"),
            path("<int:pk>/keep/", keep, name="keep"),
            path("<int:pk>/restore/", restore, name="restore"),
        ]
