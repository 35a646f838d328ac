"""The bulk answer of the triage list as a background job with progress (``core.jobs``)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from ortakakil.core.jobs import JobResult, Progress, job_runner
from ortakakil.core.models import User
from ortakakil.processes.models import Process

from . import triage

ANSWER_JOB = "proposals.triage_answer"


@job_runner(ANSWER_JOB)
def triage_answer(
    progress: Progress,
    *,
    actor_id: int,
    process_id: int,
    proposal_ids: list[int],
    state: str,
    text: str,
    reason: str,
    batch: str,
    skipped: int = 0,
) -> JobResult:
    """Answer ``proposal_ids`` with one template, ``triage.ANSWER_CHUNK`` at a time (each chunk one
    transaction, so the job page shows the progress); run again, it answers only what is left."""
    actor = User.objects.get(pk=actor_id)
    process = Process.objects.get(pk=process_id)
    template = triage.answer_template_clean(state=state, text=text, reason=reason)
    total = len(proposal_ids)
    answered = 0
    with translation.override("tr"):
        progress(0, total, _("Answering %(n)d proposals …") % {"n": total})
        for start in range(0, total, triage.ANSWER_CHUNK):
            chunk = proposal_ids[start : start + triage.ANSWER_CHUNK]
            answered += triage.triage_answer_chunk(
                actor=actor, process=process, proposal_ids=chunk, template=template, batch=batch
            )
            done = start + len(chunk)
            progress(done, total, _("%(done)d of %(total)d proposals done") % {"done": done, "total": total})
        skipped += total - answered
        progress(
            total,
            total,
            _("%(answered)d proposals answered, %(skipped)d skipped (merged, hidden or answered already).")
            % {"answered": answered, "skipped": skipped},
        )
    return None
