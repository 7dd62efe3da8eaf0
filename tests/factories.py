import factory

from cases.models import Team, User

TEST_PASSWORD = "a-long-test-passphrase-42"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ["name"]

    name = "North"


class UserFactory(factory.django.DjangoModelFactory):
    """A social worker in the North team unless told otherwise."""

    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"worker{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = User.Role.SOCIAL_WORKER
    team = factory.SubFactory(TeamFactory)
    password = factory.django.Password(TEST_PASSWORD)


class ManagerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"manager{n}")
    role = User.Role.MANAGER


class PartnerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"partner{n}")
    role = User.Role.PARTNER
    team = None
    agency = "Riverside Primary School"


class AdminFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    role = User.Role.ADMIN
    team = None
    is_staff = True
    is_superuser = True
