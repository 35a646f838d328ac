"""factory_boy factories shared by the whole suite."""

from __future__ import annotations

import datetime as dt

import factory

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
