"""The test database snapshot the browser tests restart from (``tests/snapshots.py``)."""

import pytest

from ortakakil.core.models import Unit
from tests.factories import OrganisationFactory

from .snapshots import DatabaseSnapshot


@pytest.mark.django_db(transaction=True)
def test_a_snapshot_puts_back_rows_and_ids_after_changes():
    from django.db import connection

    organisation = OrganisationFactory(slug="ornek")
    kept = Unit.objects.create(organisation=organisation, code="SGD", name="Strateji")
    snapshot = DatabaseSnapshot.take(connection)

    kept.name = "Değişti"
    kept.save()
    Unit.objects.create(organisation=organisation, code="YENI", name="Yeni birim")
    snapshot.restore()

    assert list(Unit.objects.values_list("pk", "code", "name")) == [(kept.pk, "SGD", "Strateji")]
    # the next row gets the next id, not one of the rows that were thrown away
    assert Unit.objects.create(organisation=organisation, code="SONRA", name="Sonra").pk == kept.pk + 1
