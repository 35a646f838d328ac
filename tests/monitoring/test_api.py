"""``/api/v1/measurements/``: other municipal systems enter values through the services (the same
rules as the web form, refusals as Turkish JSON 4xx, never a 500), and who reads what."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ortakakil.core.models import Role
from ortakakil.monitoring import services
from ortakakil.monitoring.models import Measurement
from ortakakil.processes.models import Phase

pytestmark = pytest.mark.django_db

URL = "/api/v1/measurements/"


def _client(user=None):
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def body(process, **extra):
    return {"indicator": "PG1.1.1", "process": process.slug, "period": "2025-H1", "value": 40.2, **extra}


def test_a_system_enters_and_submits_a_value_then_corrects_a_returned_one(transport_manager, strategist, process):
    api = _client(transport_manager)
    created = api.post(
        URL, body(process, note="Sayım", evidence_link="https://ulasim.example.org/a.pdf", submit=True), format="json"
    )
    assert created.status_code == 201, created.json()
    assert created.json() | {"submitted_at": None, "updated_at": None} == {
        "indicator": "PG1.1.1",
        "process": process.slug,
        "period": "2025-H1",
        "value": 40.2,
        "note": "Sayım",
        "evidence_link": "https://ulasim.example.org/a.pdf",
        "state": "submitted",
        "submitted_at": None,
        "reviewed_at": None,
        "updated_at": None,
    }
    measurement = Measurement.objects.get()
    services.measurement_return(actor=strategist, measurement=measurement, comment="Kaynağı ekleyin.")
    data = body(process, value=41)
    data["plan"] = data.pop("process")  # ``plan`` is another name of ``process``
    corrected = api.post(URL, data, format="json")
    assert corrected.status_code == 200, corrected.json()
    assert corrected.json()["state"] == "returned"  # corrected, to be submitted again
    assert Measurement.objects.get().value == 41


def test_refusals_are_turkish_json_and_change_nothing(
    transport_manager, other_manager, strategist, citizen, process, indicator
):
    locked = services.measurement_enter(actor=transport_manager, indicator=indicator, period="2025", data={"value": 39})
    services.measurement_submit(actor=transport_manager, measurement=locked)
    services.measurement_approve(actor=strategist, measurement=locked)
    before = list(Measurement.objects.values_list("pk", "value", "state"))
    api = _client(transport_manager)
    cases = [
        (api, body(process, period="2025"), 400, _("This value is approved and locked.")),
        (api, body(process, period="2024"), 400, _("The indicator has no target for this period's year.")),
        (api, body(process, indicator="PG9.9.9"), 400, _("The approved plan has no indicator with this code.")),
        (api, body(process, value="kırk"), 400, None),
        (api, body(process, period="2025-H2"), 400, None),
        (api, {"indicator": "PG1.1.1", "period": "2025", "value": 1}, 400, _("Name the process (its slug).")),
        (api, body(process, evidence_link="javascript:alert(1)"), 400, None),
        (_client(other_manager), body(process), 403, None),
        (_client(citizen), body(process), 403, None),
        (_client(), body(process), 401, None),
        (api, {**body(process), "process": "yok-boyle"}, 400, _("No planning process with this address.")),
    ]
    for client, data, code, message in cases:
        response = client.post(URL, data, format="json")
        assert response.status_code == code, (data, response.content)
        assert response["Content-Type"] == "application/json"
        if message:
            assert message in str(response.json()), response.json()
    assert list(Measurement.objects.values_list("pk", "value", "state")) == before


def test_a_plan_not_approved_takes_no_values(strategist, draft_plan):
    response = _client(strategist).post(URL, body(draft_plan.process), format="json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": _("Values are entered for an approved plan; this process has no approved plan yet.")
    }
    assert not Measurement.objects.exists()


def test_a_failed_submit_keeps_the_value_unentered(transport_manager, process, monkeypatch):
    from django.core.exceptions import ValidationError

    def refuse(**kwargs):
        raise ValidationError("Yalnızca taslak ya da geri gönderilmiş bir değer onaya gönderilebilir.")

    monkeypatch.setattr(services, "measurement_submit", refuse)
    response = _client(transport_manager).post(URL, body(process, submit=True), format="json")
    assert response.status_code == 400
    assert not Measurement.objects.exists()


def test_staff_read_every_state_the_public_only_approved_values_once_public(
    transport_manager, strategist, citizen, process, indicator
):
    approved = services.measurement_enter(
        actor=transport_manager, indicator=indicator, period="2025", data={"value": 39}
    )
    services.measurement_submit(actor=transport_manager, measurement=approved)
    services.measurement_approve(actor=strategist, measurement=approved)
    services.measurement_enter(actor=transport_manager, indicator=indicator, period="2025-H1", data={"value": 38.5})
    staff = _client(strategist).get(URL, {"process": process.slug}).json()
    assert [(r["period"], r["state"]) for r in staff["results"]] == [("2025", "approved"), ("2025-H1", "draft")]
    only_h1 = _client(transport_manager).get(URL, {"process": process.slug, "period": "2025-H1"}).json()
    assert [r["value"] for r in only_h1["results"]] == [38.5]

    for client in (_client(), _client(citizen)):
        closed = client.get(URL, {"process": process.slug})
        assert closed.status_code == 403
        assert closed.json() == {"detail": _("The monitoring results of this process are not public yet.")}
    Phase.objects.filter(pk=process.current_phase_id).update(switches=["monitoring_public"])
    for client in (_client(), _client(citizen)):
        public = client.get(URL, {"process": process.slug})
        assert public.status_code == 200
        assert [(r["period"], r["value"]) for r in public.json()["results"]] == [("2025", 39.0)]


def test_the_list_needs_a_process_and_refuses_control_characters(strategist, process):
    api = _client(strategist)
    assert api.get(URL).status_code == 400
    assert api.get(URL, {"process": process.slug, "period": "2025\x00"}).status_code == 400
    assert api.get(URL, {"process": "yok"}).status_code == 404


def test_the_endpoint_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/?format=json").json()
    operations = schema["paths"]["/api/v1/measurements/"]
    assert set(operations) == {"get", "post"}
    assert {"200", "201", "400", "401", "403", "429"} <= set(operations["post"]["responses"])
    assert "process" in {p["name"] for p in operations["get"]["parameters"]}


def test_unit_manager_role_sees_other_units_values_only_as_staff(other_manager, transport_manager, process, indicator):
    """Every staff member of the organisation reads values (``monitoring.view_measurements``)."""
    services.measurement_enter(actor=transport_manager, indicator=indicator, period="2025", data={"value": 39})
    listed = _client(other_manager).get(URL, {"process": process.slug}).json()
    assert [r["indicator"] for r in listed["results"]] == ["PG1.1.1"]
    assert other_manager.role == Role.UNIT_MANAGER
