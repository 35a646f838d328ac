"""factory_boy factories shared by the whole suite."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from ortakakil.core.models import Organisation, Role, Unit, User
from ortakakil.processes.models import Phase, PreparationTask, Process, Theme


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"belediye-{n}")
    name = factory.Sequence(lambda n: f"Örnek Belediyesi {n}")
    city = "Ankara"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"U{n}")
    name = factory.Sequence(lambda n: f"Birim {n} Dairesi Başkanlığı")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"kisi{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Ayşe"
    last_name = "Yılmaz"
    role = Role.CITIZEN
    # An established account by default: verified (may write) and old enough for its reports to
    # count. Tests of new or unverified accounts say so (verified_at=None, date_joined=now).
    verified_at = factory.LazyFunction(timezone.now)
    date_joined = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=90))
    password = factory.PostGenerationMethodCall("set_password", "parola-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    organisation = factory.SubFactory(OrganisationFactory)
    slug = factory.Sequence(lambda n: f"plan-{n}")
    title = factory.Sequence(lambda n: f"Örnek Belediyesi 2025–2029 Stratejik Planı {n}")
    start_year = 2025
    end_year = 2029


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    process = factory.SubFactory(ProcessFactory)
    kind = Phase.Kind.PARTICIPATION
    name = "Katılım ve Çalıştaylar"
    starts_on = dt.date(2024, 9, 1)
    ends_on = dt.date(2024, 11, 30)
    switches = ["proposals", "supports", "comments"]


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    process = factory.SubFactory(ProcessFactory)
    code = factory.Sequence(lambda n: f"TEMA{n}")
    name = factory.Sequence(lambda n: f"Tema {n}")
    summary = "Kısa bir açıklama."


class PreparationTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PreparationTask

    process = factory.SubFactory(ProcessFactory)
    title = factory.Sequence(lambda n: f"Görev {n}")
    owner_unit = factory.SubFactory(UnitFactory, organisation=factory.SelfAttribute("..process.organisation"))
    starts_on = dt.date(2024, 6, 1)
    due_on = dt.date(2024, 6, 30)


# --- Workshops: the event (tests/workshops/test_event.py) ---------------------------------
# The model is named as a string, so this block needs no import at the top.


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workshops.Workshop"

    process = factory.SubFactory(ProcessFactory)
    slug = factory.Sequence(lambda n: f"calistay-{n}")
    title = factory.Sequence(lambda n: f"Stratejik Plan Çalıştayı {n}")
    venue = "Harikalar Diyarı"
    date = dt.date(2024, 10, 19)


# --- Workshops: the stakeholder registry (tests/workshops/test_registry.py, test_contacts_import.py) ---
# The models are named as strings, so this block needs no import at the top.


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workshops.StakeholderOrganisation"

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Paydaş Kurum {n}")
    type = "dernek"
    influence = 3
    importance = 3


class ContactPersonFactory(factory.django.DjangoModelFactory):
    """A contact person with valid KVKK consent; ``no_consent=True`` for one without."""

    class Meta:
        model = "workshops.ContactPerson"

    class Params:
        no_consent = factory.Trait(consent_purpose="", consent_given_at=None, notice_version="")

    stakeholder = factory.SubFactory(StakeholderFactory)
    full_name = factory.Sequence(lambda n: f"Kişi {n}")
    email = factory.Sequence(lambda n: f"kisi{n}@example.org")
    consent_purpose = "Çalıştay davetleri"
    consent_given_at = factory.LazyFunction(lambda: dt.datetime(2024, 3, 1, tzinfo=dt.timezone(dt.timedelta(hours=3))))
    notice_version = "2024-01"
