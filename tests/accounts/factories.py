import factory
from django.utils import timezone

from marketplace.accounts.models import OfficerArea, Role, User

PASSWORD = "mat-khau-thu-nghiem"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    phone = factory.Sequence(lambda n: f"+849{n:08d}")
    display_name = factory.Faker("name", locale="vi_VN")
    role = Role.BUYER
    # An existing login; a stranger just signed up passes phone_verified_at=None.
    phone_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class OfficerFactory(UserFactory):
    role = Role.OFFICER

    @factory.post_generation
    def communes(self, create, communes, **kwargs):
        for commune in communes or []:
            OfficerArea.objects.create(user=self, commune=commune)

    @factory.post_generation
    def provinces(self, create, provinces, **kwargs):
        for province in provinces or []:
            OfficerArea.objects.create(user=self, province=province)
