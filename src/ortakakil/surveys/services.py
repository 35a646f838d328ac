"""Answering a survey: validation per question kind, one answer per person, anonymity."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ortakakil.core.models import User
from ortakakil.core.services import audited_save, require_perm
from ortakakil.core.validation import clean_optional_text
from ortakakil.processes.verification import require_verified

from . import privacy
from .models import Question, Response, Survey

TEXT_MAX = 2000


def respondent_key(survey: Survey, user: User) -> str:
    """A keyed hash that tells whether this person answered, without storing who they are."""
    message = f"survey:{survey.pk}:user:{user.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def clean_answer(question: Question, raw: Any) -> Any:
    """Validate one raw answer; returns the value to store, or ``None`` when skipped."""
    options = list(question.options)
    empty = raw in (None, "", []) or (isinstance(raw, list) and not any(raw))
    if empty:
        if question.required:
            raise ValidationError({question.key: _("This question needs an answer.")})
        return None
    if question.kind in {Question.Kind.SINGLE, Question.Kind.LIKERT}:
        if raw not in options:
            raise ValidationError({question.key: _("Choose one of the given answers.")})
        return raw
    if question.kind == Question.Kind.MULTIPLE:
        values = list(dict.fromkeys(raw if isinstance(raw, list) else [raw]))
        if any(v not in options for v in values):
            raise ValidationError({question.key: _("Choose among the given answers.")})
        return values
    if question.kind == Question.Kind.RANKING:
        values = [v for v in (raw if isinstance(raw, list) else [raw]) if v]
        if any(v not in options for v in values):
            raise ValidationError({question.key: _("Rank only the listed themes.")})
        if len(set(values)) != len(values):
            raise ValidationError({question.key: _("Each theme can be ranked only once.")})
        return values
    if question.kind == Question.Kind.TEXT:
        text = clean_optional_text(str(raw), field=question.key, label=_("The answer"), max_length=TEXT_MAX)
        if not text and question.required:  # zero-width spaces only: nothing a reader sees
            raise ValidationError({question.key: _("This question needs an answer.")})
        return privacy.scrub(text) or None
    raise ValidationError({question.key: _("Unknown question kind.")})


@transaction.atomic
def survey_respond(*, actor: User, survey: Survey, answers: Mapping[str, Any]) -> Response:
    """Record one person's answers to ``survey``, all or nothing."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("Log in to answer the survey."))
    require_perm(actor, "surveys.respond", survey)
    if not (survey.is_active and survey.process.is_open("surveys")):
        raise ValidationError(_("This survey is not accepting answers now."))
    require_verified(actor, survey.process, "survey_answers")
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for question in survey.questions.all():
        try:
            value = clean_answer(question, answers.get(question.key))
        except ValidationError as error:
            errors.update(error.message_dict)
            continue
        if value is not None:
            cleaned[question.key] = value
    if errors:
        raise ValidationError(errors)
    flags = {
        key: list(flagged)
        for key, value in cleaned.items()
        if isinstance(value, str) and (flagged := privacy.name_flags(value))
    }
    try:
        with transaction.atomic():
            response = Response(
                survey=survey,
                respondent=None if survey.is_anonymous else actor,
                respondent_key=respondent_key(survey, actor),
                answers=cleaned,
                needs_review=bool(flags),
                review_flags=flags,
            )
            # No history row names who answered (an anonymous survey keeps only the keyed hash).
            response.skip_history_when_saving = True  # type: ignore[attr-defined]  # read by simple-history
            response.save()
            return response
    except IntegrityError:
        raise ValidationError(_("You have already answered this survey. Thank you!")) from None


def has_answered(survey: Survey, user: Any) -> bool:
    return bool(
        user.is_authenticated
        and Response.objects.filter(survey=survey, respondent_key=respondent_key(survey, user)).exists()
    )


@transaction.atomic
def response_review(*, actor: User, response: Response, mask_names: bool) -> Response:
    """Staff review of an answer flagged as possibly holding names: mask the flagged fragments
    (``mask_names``) or approve the text as it is. Either way it may then be published and exported."""
    require_perm(actor, "processes.manage_process", response.survey.process)
    if not response.needs_review:
        raise ValidationError(_("This answer was already reviewed."))
    if mask_names:
        for key, fragments in response.review_flags.items():
            if isinstance(response.answers.get(key), str):
                response.answers[key] = privacy.mask_fragments(response.answers[key], fragments)
    response.needs_review = False
    response.review_flags = {}
    return audited_save(response, actor=actor, update_fields=["answers", "needs_review", "review_flags"])
