"""A theme still in use is refused with a message, not a server error."""

import pytest

from ortakakil.processes.models import Theme
from ortakakil.workshops.models import WorkshopTable

from ..factories import WorkshopFactory

pytestmark = pytest.mark.django_db


def test_a_theme_with_a_workshop_table_is_not_deleted(client, strategist, process):
    theme = process.themes.get(code="ULASIM")
    WorkshopTable.objects.create(workshop=WorkshopFactory(process=process), theme=theme, code="T1", capacity=8)
    client.force_login(strategist)
    response = client.post(f"/manage/processes/{process.slug}/themes/{theme.pk}/delete/")
    assert response.status_code == 400
    assert Theme.objects.filter(pk=theme.pk).exists()
    assert "Bu tema silinemez" in response.content.decode()  # Turkish once the catalogue is compiled
