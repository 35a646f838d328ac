"""Table mode's idempotency key is what its script sends; anything else (a NUL, which PostgreSQL
cannot compare, or an overlong key) is a Turkish 400 and writes nothing."""

import pytest

from ortakakil.core.models import User
from ortakakil.workshops.models import Idea

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", ["ab\x00c", "x" * 41, "kötü anahtar"])
def test_a_malformed_client_key_is_refused(client, workshop, key):
    client.force_login(User.objects.get(username="kolay"))
    response = client.post("/t/ULS1/facilitate/", {"text": "Gece otobüsleri", "kind": "oneri", "client_key": key})
    assert response.status_code == 400
    assert "gönderim anahtarı geçerli değil" in response.content.decode()
    assert not Idea.objects.exists()


def test_the_keys_the_script_sends_are_accepted(client, workshop):
    client.force_login(User.objects.get(username="kolay"))
    for key in ["3f1c9a52-7f7b-4a2e-9f0e-0c4a1d2b3c4d", "1732780800000.123456"]:
        client.post("/t/ULS1/facilitate/", {"text": f"Fikir {key[:4]}", "kind": "oneri", "client_key": key})
    assert Idea.objects.count() == 2


def test_invitations_of_a_past_workshop_are_not_e_mailed(client, workshop, strategist):
    import datetime as dt

    from django.utils import timezone

    workshop.date = timezone.localdate() - dt.timedelta(days=1)
    workshop.save()
    client.force_login(strategist)
    url = f"/manage/processes/{workshop.process.slug}/workshops/{workshop.slug}/invitations/send/"
    followed = client.get(url, follow=True)
    assert "Çalıştay sona erdi; davetleri artık e-postayla gönderilemez." in followed.content.decode()
    assert client.post(url).status_code == 302
    from ortakakil.core.models import Job

    assert not Job.objects.exists()
