import factory

from accounts.models import User

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    username = factory.Sequence(lambda n: f"user{n}")
    role = User.Role.CUSTOMER

    @classmethod
    def _create(cls, model_class, *args, password=PASSWORD, **kwargs):
        return model_class.objects.create_user(*args, password=password, **kwargs)
