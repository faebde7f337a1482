from datetime import date

import factory
from allauth.account.models import EmailAddress

from accounts.models import User

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    """A user who has signed up and verified their e-mail (``email_verified=False`` for one who has not)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    username = factory.Sequence(lambda n: f"user{n}")
    role = User.Role.CUSTOMER

    @classmethod
    def _create(cls, model_class, *args, password=PASSWORD, **kwargs):
        return model_class.objects.create_user(*args, password=password, **kwargs)

    @factory.post_generation
    def email_verified(self, create, extracted, **kwargs):
        if create:
            verified = True if extracted is None else bool(extracted)
            EmailAddress.objects.create(user=self, email=self.email, verified=verified, primary=True)


class CustomerFactory(UserFactory):
    """An adult customer who may book (verified e-mail, date of birth on file)."""

    date_of_birth = date(1990, 5, 17)


class StaffFactory(UserFactory):
    """A NetFix employee with admin rights and, as staff must have, a TOTP second factor (``totp_secret``)."""

    role = User.Role.STAFF
    is_staff = True
    is_superuser = True

    @factory.post_generation
    def totp_secret(self, create, extracted, **kwargs):
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        if create and extracted is not False:
            TOTP.activate(self, extracted or generate_totp_secret())
