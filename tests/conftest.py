"""Shared fixtures: a small organisation with one user per role, and the Ankara demo."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from ortakakil.core.models import Role

from .factories import OrganisationFactory, PhaseFactory, ProcessFactory, ThemeFactory, UnitFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make next to it are synchronous on purpose.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _turkish_by_default(settings):
    settings.LANGUAGE_CODE = "tr"


@pytest.fixture(autouse=True)
def _staff_mfa_off(settings):
    """Most tests log staff in directly (``force_login``, the browser tests' ``login``): they run
    with the staff's two-factor authentication turned off, as the local demo does. The default is
    on (settings.py); tests/core/test_mfa.py and tests/browser/test_mfa.py turn it back on."""
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached lists (keyed by primary keys, which a rolled-back
    database hands out again) and rate-limit counters never leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def organisation(db):
    return OrganisationFactory(slug="ornek", name="Örnek Büyükşehir Belediyesi")


@pytest.fixture
def unit(organisation):
    return UnitFactory(organisation=organisation, code="SGD", name="Strateji Geliştirme Dairesi Başkanlığı")


@pytest.fixture
def other_unit(organisation):
    return UnitFactory(organisation=organisation, code="ULS", name="Ulaşım Dairesi Başkanlığı")


@pytest.fixture
def process(organisation):
    process = ProcessFactory(organisation=organisation, slug="ornek-2025-2029", title="Örnek 2025–2029 Stratejik Planı")
    participation = PhaseFactory(process=process, kind="katilim", name="Katılım ve Çalıştaylar")
    PhaseFactory(
        process=process,
        kind="hazirlik",
        name="Hazırlık",
        starts_on=dt.date(2024, 5, 1),
        ends_on=dt.date(2024, 8, 31),
        switches=[],
    )
    process.current_phase = participation
    process.save()
    ThemeFactory(process=process, code="ULASIM", name="Ulaşım Hizmetleri Yönetimi", position=1)
    ThemeFactory(process=process, code="AFET", name="Afet Yönetimi", position=2)
    return process


@pytest.fixture
def make_user(organisation):
    def make(role: str = Role.CITIZEN, **kwargs):
        if role != Role.CITIZEN:
            kwargs.setdefault("organisation", organisation)
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def strategist(make_user, unit):
    return make_user(Role.STRATEGY_TEAM, username="strateji", unit=unit)


@pytest.fixture
def citizen(make_user):
    return make_user(Role.CITIZEN, username="vatandas")


@pytest.fixture
def platform_admin(make_user):
    return make_user(Role.PLATFORM_ADMIN, username="yonetici", is_superuser=True, is_staff=True)


@pytest.fixture(scope="module")
def _ankara_demo_module(django_db_setup, django_db_blocker):
    """The Ankara demo, loaded once per test module inside a transaction that is rolled back when
    the module's tests are done (each test still rolls back its own changes to a savepoint)."""
    from django.db import transaction

    from ortakakil.demo.loader import load_demo

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield load_demo()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The committed database right after loading the Ankara demo, taken once per session, for the
    tests that need the demo committed (the browser tests): ``demo_snapshot.restore()`` puts it
    back in well under a second where loading it takes seconds (``tests/snapshots.py``)."""
    from django.db import connection
    from django.utils import translation

    from ortakakil.demo.loader import load_demo

    from .snapshots import DatabaseSnapshot

    with django_db_blocker.unblock(), translation.override("tr"):
        load_demo()
        return DatabaseSnapshot.take(connection)


@pytest.fixture
def ankara_demo(_ankara_demo_module, db):
    """The Ankara demo (loaded once per module; a test's own writes are rolled back after it)."""
    return _ankara_demo_module
