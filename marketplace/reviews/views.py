"""Review pages: the customer writes one, the provider replies and rates the customer, anyone reads, votes, reports.

Objects are found through what the signed-in person may see (anyone else gets a 404, never a hint), and every write
goes through ``marketplace/reviews/services.py``; a refusal becomes a message and changes nothing.
The reviews on the service and provider pages come from :func:`review_section`, which the public views in
``providers/views/public.py`` call.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from marketplace.bookings import selectors as booking_selectors
from marketplace.models import Booking, CustomerRating, Review
from marketplace.models.reviews import CRITERIA, RatingAggregate
from marketplace.reviews import selectors, services
from marketplace.reviews.forms import CRITERIA_LABELS, CustomerRatingForm, ReplyForm, ReportForm, ReviewForm
from marketplace.reviews.services import ReviewRefused
from marketplace.views.provider import own_provider
from netfix.wagtail_uploads import images_from_uploads, upload_collection
from providers.models import ProviderProfile, Service

REVIEWS_PER_PAGE = 10
DASHBOARD_REVIEWS_PER_PAGE = 20
REVIEW_PHOTO_COLLECTION = "Review photos"
# json_script's escapes: the JSON-LD cannot close its <script> element or open a comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    """Back to the page the button was on, never to another site."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return redirect(target)


# The customer's review -----------------------------------------------------------------------------------------


def _customer_booking(request: HttpRequest, pk: int) -> Booking:
    """The booking, only for its customer: its provider, staff and everyone else get a 404."""
    try:
        booking = booking_selectors.booking_for(_user(request), pk)
    except Booking.DoesNotExist as error:
        raise Http404 from error
    if booking.customer_id != request.user.pk:
        raise Http404
    return booking


@login_required
@require_http_methods(["GET", "POST"])
def review_write(request: HttpRequest, pk: int) -> HttpResponse:
    """The customer reviews a completed booking; the page says why not when it cannot be reviewed."""
    booking = _customer_booking(request, pk)
    user = _user(request)
    refusal = services.review_refusal(booking, user)
    form = ReviewForm(request.POST or None, request.FILES or None) if refusal is None else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            with transaction.atomic():  # a refused review leaves no image row behind
                images = images_from_uploads(
                    form.cleaned_data["photos"],
                    title=_("Review photo"),
                    collection=upload_collection(REVIEW_PHOTO_COLLECTION),
                    uploaded_by=user,
                )
                services.review_create(booking=booking, author=user, data=form.review_input(), photos=images)
        except ReviewRefused as error:
            refusal, form = error, None
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Thank you: your review is published."))
            return redirect("booking_detail", pk=booking.pk)
    status = 200
    if request.method == "POST":
        status = 409 if refusal is not None else 400
    return render(
        request,
        "marketplace/reviews/review_form.html",
        {"booking": booking, "form": form, "refusal": refusal},
        status=status,
    )


def booking_review_context(booking: Booking, user: User, *, role: str) -> dict[str, Any]:
    """What the booking page shows about reviews: the customer's link, the provider's private rating form."""
    context: dict[str, Any] = {"can_review": False, "customer_rating": None, "customer_rating_form": None}
    if role == "customer":
        context["can_review"] = services.review_refusal(booking, user) is None
    elif role == "provider" and booking.status in {Booking.Status.COMPLETED, Booking.Status.NO_SHOW}:
        rating = CustomerRating.objects.filter(booking=booking).first()
        context["customer_rating"] = rating
        context["customer_rating_form"] = None if rating else CustomerRatingForm()
    return context


# The provider's answers ----------------------------------------------------------------------------------------


def _reply_rows(reviews: Any, bound: dict[int, ReplyForm]) -> list[dict[str, Any]]:
    rows = []
    for review in reviews:
        reply = getattr(review, "reply", None)
        editable = reply is None or services.reply_editable(reply)
        form = bound.get(review.pk) or (ReplyForm(initial={"text": reply.text if reply else ""}) if editable else None)
        if form is not None:
            form.prefix = f"review-{review.pk}"
        rows.append({"review": review, "reply": reply, "form": form})
    return rows


def _provider_reviews_page(
    request: HttpRequest, provider: ProviderProfile, bound: dict[int, ReplyForm], status: int = 200
) -> HttpResponse:
    page = Paginator(selectors.provider_reviews(provider), DASHBOARD_REVIEWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "marketplace/reviews/provider_reviews.html",
        {
            "provider": provider,
            "items": page,
            "rows": _reply_rows(page, bound),
            "summary": selectors.review_summary(provider=provider),
        },
        status=status,
    )


@login_required
@require_GET
def provider_reviews(request: HttpRequest) -> HttpResponse:
    """The reviews of the provider's services, each with a reply form while the reply may be written or changed."""
    return _provider_reviews_page(request, own_provider(request), {})


@login_required
@require_POST
def review_reply(request: HttpRequest, pk: int) -> HttpResponse:
    """The provider replies to one review of their services (or changes the reply within 48 hours)."""
    provider = own_provider(request)
    try:
        review = Review.objects.select_related("provider").get(pk=pk, provider=provider)
    except Review.DoesNotExist as error:
        raise Http404 from error
    form = ReplyForm(request.POST, prefix=f"review-{review.pk}")
    if not form.is_valid():
        return _provider_reviews_page(request, provider, {review.pk: form}, status=400)
    try:
        services.reply_save(review=review, author=_user(request), text=form.cleaned_data["text"])
    except ReviewRefused as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your reply is published under the review."))
    return redirect(f"{reverse('provider_reviews')}#review-{review.pk}")


@login_required
@require_POST
def customer_rate(request: HttpRequest, pk: int) -> HttpResponse:
    """The provider rates the customer of a completed booking, privately (only NetFix staff see it)."""
    provider = own_provider(request)
    try:
        booking = Booking.objects.select_related("provider").get(pk=pk, provider=provider)
    except Booking.DoesNotExist as error:
        raise Http404 from error
    form = CustomerRatingForm(request.POST)
    if not form.is_valid():
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, str(message))
        return redirect("booking_detail", pk=booking.pk)
    try:
        services.customer_rate(
            booking=booking, by=_user(request), rating=form.cleaned_data["rating"], note=form.cleaned_data["note"]
        )
    except ReviewRefused as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: your rating is saved. Only NetFix staff see it."))
    return redirect("booking_detail", pk=booking.pk)


# Readers: helpful and report -----------------------------------------------------------------------------------


def _published(pk: int) -> Review:
    try:
        return Review.objects.select_related("service").get(pk=pk, status=Review.Status.PUBLISHED)
    except Review.DoesNotExist as error:
        raise Http404 from error


def _review_url(review: Review) -> str:
    return f"{reverse('service_detail', args=[review.service_id])}#review-{review.pk}"


@login_required
@require_POST
def review_helpful(request: HttpRequest, pk: int) -> HttpResponse:
    """A signed-in reader (not the author) found the review helpful; counted once per person."""
    review = _published(pk)
    try:
        counted = services.review_vote_helpful(review=review, by=_user(request))
    except ReviewRefused as error:
        messages.error(request, error.message)
    else:
        if counted:
            messages.success(request, _("Thank you: your vote is counted."))
        else:
            messages.info(request, _("You have already found this review helpful."))
    return _back(request, _review_url(review))


@login_required
@require_POST
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    """A signed-in reader reports the review to the moderators, once."""
    review = _published(pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose why you report this review."))
        return _back(request, _review_url(review))
    try:
        services.review_flag(
            review=review, by=_user(request), reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
        )
    except ReviewRefused as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: the moderators will read this review again."))
    return _back(request, _review_url(review))


# The reviews on the service and provider pages -----------------------------------------------------------------


def _summary_rows(summary: RatingAggregate) -> dict[str, Any]:
    histogram = [
        {
            "stars": stars,
            "label": ngettext("%(count)d star", "%(count)d stars", stars) % {"count": stars},
            "count": count,
            "percent": round(100 * count / summary.count) if summary.count else 0,
        }
        for stars, count in summary.histogram
    ]
    criteria = [{"label": CRITERIA_LABELS[name], "average": summary.criterion_average(name)} for name in CRITERIA]
    return {"summary": summary, "histogram": histogram, "criteria": criteria}


def _json_ld(request: HttpRequest, about: dict[str, Any], summary: RatingAggregate, reviews: Any) -> SafeString:
    """schema.org data for search engines: the thing reviewed, its AggregateRating and the reviews on the page."""
    data: dict[str, Any] = {"@context": "https://schema.org", **about}
    if summary.count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": float(summary.average),
            "reviewCount": summary.count,
            "bestRating": 5,
            "worstRating": 1,
        }
    data["review"] = [
        {
            "@type": "Review",
            "author": {"@type": "Person", "name": selectors.author_name(review.author)},
            "datePublished": review.created_at.date().isoformat(),
            "reviewBody": review.text,
            "inLanguage": review.language,
            "reviewRating": {"@type": "Rating", "ratingValue": review.rating, "bestRating": 5, "worstRating": 1},
        }
        for review in reviews
    ]
    text = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 — JSON with <, > and & escaped, as json_script does


def review_section(
    request: HttpRequest, *, service: Service | None = None, provider: ProviderProfile | None = None
) -> dict[str, Any]:
    """The context of ``marketplace/reviews/includes/section.html`` for a service or a provider page.

    Ten reviews a page (``?reviews_page=``), newest or most helpful first (``?reviews=``); a fixed number of queries.
    """
    order = request.GET.get("reviews", "newest")
    order = order if order in selectors.ORDERS else "newest"
    reviews = selectors.published_reviews(service=service, provider=provider, order=order)
    page = Paginator(reviews, REVIEWS_PER_PAGE).get_page(request.GET.get("reviews_page"))
    summary = selectors.review_summary(service=service, provider=provider)
    if service is not None:
        about = {
            "@type": "Service",
            "name": service.name,
            "url": request.build_absolute_uri(reverse("service_detail", args=[service.pk])),
            "provider": {"@type": "LocalBusiness", "name": service.provider.company_name},
        }
    else:
        assert provider is not None
        about = {
            "@type": "LocalBusiness",
            "name": provider.company_name,
            "url": request.build_absolute_uri(reverse("provider_detail", args=[provider.pk])),
        }
    user = _user(request)
    return {
        **_summary_rows(summary),
        "order": order,
        "items": page,
        "voted": selectors.helpful_votes(user, page),
        "report_form": ReportForm(),
        "json_ld": _json_ld(request, about, summary, page),
        "next": request.get_full_path(),
    }
