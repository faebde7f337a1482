"""The NetFix user: one table for customers, providers and staff, identified by e-mail."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from accounts.timezones import validate_time_zone
from netfix.sanitize import validate_no_unsafe_characters


class UserManager(DjangoUserManager["User"]):
    """Create users by e-mail; the username stays required because NetFix shows it publicly."""

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        """E-mail addresses are compared without case, so they are stored lower-case."""
        return super().normalize_email(email).strip().lower()

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, *, username: str, **extra_fields: Any
    ) -> User:
        return super().create_user(username, email, password, **extra_fields)

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, *, username: str, **extra_fields: Any
    ) -> User:
        extra_fields.setdefault("role", User.Role.STAFF)
        return super().create_superuser(username, email, password, **extra_fields)

    def get_by_natural_key(self, username: str | None) -> User:
        """Log in by e-mail whatever its case."""
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person who uses NetFix. ``role`` decides which area of the site is theirs.

    E-mail is the login and is unique without regard to case; the username is public and unique the same way.
    ``language`` and ``time_zone`` decide how pages, e-mails and times are shown to this user.
    """

    class Role(models.TextChoices):
        CUSTOMER = "customer", _("Customer")  # books and pays for services
        PROVIDER = "provider", _("Provider")  # a company that lists services and is paid for them
        STAFF = "staff", _("Staff")  # NetFix employees: verification, disputes, editorial work

    email = models.EmailField(_("email address"), unique=True)
    # Django's username, plus a message that names invisible control / text-direction characters (netfix/sanitize.py).
    username = models.CharField(
        _("username"),
        max_length=150,
        unique=True,
        help_text=AbstractUser._meta.get_field("username").help_text,
        # The specific message first: allauth's sign-up stops at the first validator that fails.
        validators=[validate_no_unsafe_characters, AbstractUser.username_validator],
        error_messages={"unique": _("A user with that username already exists.")},
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.CUSTOMER, db_index=True)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[validate_time_zone])
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["username"]

    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["-date_joined"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()

    @property
    def is_customer(self) -> bool:
        return self.role == self.Role.CUSTOMER

    @property
    def is_provider(self) -> bool:
        return self.role == self.Role.PROVIDER
