import datetime

import factory
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import (
    Case,
    Consent,
    FamilyMember,
    Person,
    PracticeContext,
    ReferenceSequence,
    Referral,
    SubjectChild,
    Team,
    User,
)

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


class DataOfficerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"data{n}")
    role = User.Role.DATA_OFFICER
    team = None


class AdminFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    role = User.Role.ADMIN
    team = None
    is_staff = True
    is_superuser = True


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=1, maximum_age=16)


class CaseFactory(factory.django.DjangoModelFactory):
    """An open child protection case in the North team, allocated to a North worker."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    reference = factory.LazyAttribute(lambda case: ReferenceSequence.next_reference(2026))
    practice_context = PracticeContext.CHILD_PROTECTION
    team = factory.SubFactory(TeamFactory)
    allocated_worker = factory.SubFactory(UserFactory, team=factory.SelfAttribute("..team"))
    opened_on = datetime.date(2026, 10, 1)

    @factory.post_generation
    def children(self, create, extracted, **kwargs):
        if create:
            for child in extracted if extracted is not None else [PersonFactory()]:
                SubjectChild.objects.create(case=self, child=child)


class FamilyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FamilyMember

    case = factory.SubFactory(CaseFactory)
    person = factory.SubFactory(PersonFactory, date_of_birth=datetime.date(1990, 1, 1))
    relationship = FamilyMember.Relationship.MOTHER


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    received_on = datetime.date(2026, 11, 20)
    team = factory.SubFactory(TeamFactory)
    recorded_by = factory.SubFactory(UserFactory, team=factory.SelfAttribute("..team"))
    referrer_name = "Ms Ruth Adeyemi"
    referrer_agency = "Riverside Primary School"
    referrer_contact = "01632 960 123"
    consent = Consent.AGREED
    child_first_name = "Tyler"
    child_last_name = "Booth"
    child_date_of_birth = datetime.date(2018, 2, 11)
    worried_about = "Tyler has come to school hungry most days this month."
    working_well = "Tyler is always on time, and his mum came to parents' evening."
    needs_to_happen = "Someone to check Tyler has breakfast every day."
    referrer_scaling_score = 4


def authenticator_for(user):
    """The user's authenticator app, set up and confirmed, as if they had scanned the QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_from(device):
    """The six digits the user's phone shows now for this authenticator."""
    # A code is accepted once per 30-second step; a test that signs in twice in one step
    # would otherwise be refused as a replay.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
