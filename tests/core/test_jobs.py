import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ortakakil.core.jobs import job_runner, job_start
from ortakakil.core.models import Job
from tests.factories import PreparationTaskFactory

pytestmark = pytest.mark.django_db


def test_programme_export_runs_in_the_background_and_offers_the_file(
    client, process, strategist, unit, django_capture_on_commit_callbacks
):
    PreparationTaskFactory(process=process, owner_unit=unit, title="Genelgenin yayımlanması", status="done")
    PreparationTaskFactory(process=process, owner_unit=unit, title="Paydaş analizi")
    client.force_login(strategist)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("manage:programme_export", kwargs={"slug": process.slug}))

    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.status, job.done, job.total, job.percent) == ("done", 2, 2, 100)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "İndir" in page
    download = client.get(reverse("job_download", kwargs={"pk": job.pk}))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Görev", "Aşama", "Sorumlu birim")
    assert [r[0] for r in rows[1:]] == ["Genelgenin yayımlanması", "Paydaş analizi"]
    assert rows[1][5] == "Tamamlandı"


def test_a_failing_job_is_recorded_as_failed(strategist, django_capture_on_commit_callbacks):
    @job_runner("tests.failing")
    def failing(progress, **params):
        progress(1, 3, "ilk adım")
        raise RuntimeError("disk dolu")

    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="tests.failing", label="Bozuk iş", actor=strategist, params={})
    job.refresh_from_db()
    assert (job.status, job.message, job.done) == ("failed", "disk dolu", 1)


def test_jobs_are_private_to_who_started_them(client, strategist, make_user, django_capture_on_commit_callbacks):
    @job_runner("tests.noop")
    def noop(progress, **params):
        return None

    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="tests.noop", label="İş", actor=strategist, params={})
    client.force_login(make_user("strategy_team", username="baskasi"))
    assert client.get(job.get_absolute_url()).status_code == 404
