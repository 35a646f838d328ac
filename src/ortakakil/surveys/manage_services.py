"""Building surveys from the back office: create and edit a survey, add, edit, delete and
reorder its questions, delete a survey. The strategy team of the process's organisation only
(``surveys.manage``); each write checks the permission, validates (Turkish messages), runs in one
transaction and is recorded in the history with its author.

**The lock.** Once a survey has an answer (a ``Response``), what the answers mean must not change
under them: its questions can no longer be added, edited, reordered or deleted, its anonymity
is fixed, and the survey can no longer be deleted. Staff may still close and reopen answering,
fix the survey's title and description in both languages and the questions' English texts (a
typo there changes no answer's meaning; answers store the Turkish option). Each write locks
the survey's row first (``select_for_update``) so that two staff members editing at once see
each other's changes. Answering (``services.survey_respond``) does not take that lock: an answer
that arrives while a question is being saved can still meet the question's previous version.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ortakakil.core import text
from ortakakil.core.models import User
from ortakakil.core.services import assign, audited_delete, audited_save, require_perm
from ortakakil.core.validation import clean_optional_text, clean_text
from ortakakil.processes.models import Process

from .models import Question, Response, Survey
from .rules import MANAGE

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
QUESTION_MAX = 300
OPTION_MAX = 200
OPTIONS_MIN = 2
OPTIONS_MAX = 20
QUESTIONS_MAX = 100
KEY_RE = re.compile(r"^[a-z0-9_-]{1,40}$")

LIKERT_DEFAULT = ["Hiç katılmıyorum", "Katılmıyorum", "Kararsızım", "Katılıyorum", "Tamamen katılıyorum"]
"""The five-point agreement scale a Likert question gets when staff leave its options empty."""


def answer_count(survey: Survey) -> int:
    return Response.objects.filter(survey=survey).count()


def lock_message(count: int) -> str:
    return ngettext(
        "This survey has received %(n)d answer; its questions are locked.",
        "This survey has received %(n)d answers; its questions are locked.",
        count,
    ) % {"n": count}


def _locked_survey(survey: Survey) -> Survey:
    """The survey's stored row, locked for this transaction (``SELECT … FOR UPDATE``)."""
    return Survey.objects.select_for_update().select_related("process").get(pk=survey.pk)


def _require_unlocked(survey: Survey) -> None:
    count = answer_count(survey)
    if count:
        raise ValidationError(lock_message(count))


# --- surveys -----------------------------------------------------------------------------------


def _survey_values(data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "title": clean_text(data.get("title"), field="title", label=_("The title"), max_length=TITLE_MAX),
        "description": clean_optional_text(
            data.get("description"), field="description", label=_("The description"), max_length=DESCRIPTION_MAX
        ),
        "title_en": clean_optional_text(
            data.get("title_en"), field="title_en", label=_("The English title"), max_length=TITLE_MAX
        ),
        "description_en": clean_optional_text(
            data.get("description_en"),
            field="description_en",
            label=_("The English description"),
            max_length=DESCRIPTION_MAX,
        ),
        "is_anonymous": bool(data.get("is_anonymous")),
        "is_active": bool(data.get("is_active")),
    }


def _unique_slug(process: Process, base: str) -> str:
    base = (slugify(text.strip_diacritics(text.turkish_lower(base)).replace("ı", "i")) or "anket")[:70].strip("-")
    slug, n = base or "anket", 2
    while Survey.objects.filter(process=process, slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def survey_create(*, actor: User, process: Process, data: Mapping[str, Any]) -> Survey:
    """A new survey of ``process``. Save it as not accepting answers (a draft) while its
    questions are being written."""
    require_perm(actor, MANAGE, process)
    values = _survey_values(data)
    survey = Survey(process=process, slug=_unique_slug(process, values["title"]))
    assign(survey, values)
    return audited_save(survey, actor=actor)


@transaction.atomic
def survey_update(*, actor: User, survey: Survey, data: Mapping[str, Any]) -> Survey:
    """Change a survey's texts, anonymity and whether it accepts answers. Once it has answers its
    anonymity is fixed: the answers were given under the promise it made."""
    require_perm(actor, MANAGE, survey.process)
    survey = _locked_survey(survey)
    values = _survey_values(data)
    if values["is_anonymous"] != survey.is_anonymous and (count := answer_count(survey)):
        raise ValidationError(
            {
                "is_anonymous": ngettext(
                    "This survey has received %(n)d answer; whether it is anonymous can no longer change.",
                    "This survey has received %(n)d answers; whether it is anonymous can no longer change.",
                    count,
                )
                % {"n": count}
            }
        )
    changed = assign(survey, values)
    if changed:
        audited_save(survey, actor=actor, update_fields=[*changed, "updated_at"])
    return survey


@transaction.atomic
def survey_delete(*, actor: User, survey: Survey) -> None:
    """Delete a survey that nobody has answered yet."""
    require_perm(actor, MANAGE, survey.process)
    survey = _locked_survey(survey)
    count = answer_count(survey)
    if count:
        raise ValidationError(
            ngettext(
                "This survey has received %(n)d answer; it cannot be deleted. Close it instead.",
                "This survey has received %(n)d answers; it cannot be deleted. Close it instead.",
                count,
            )
            % {"n": count}
        )
    for question in survey.questions.all():
        audited_delete(question, actor=actor)
    audited_delete(survey, actor=actor)


# --- questions ---------------------------------------------------------------------------------


def parse_lines(value: str | Sequence[str] | None) -> list[str]:
    """Options typed one per line: each line trimmed, empty lines dropped."""
    lines = value.splitlines() if isinstance(value, str) else [str(v) for v in value or []]
    return [line.strip() for line in lines if line.strip()]


def clean_options(lines: Sequence[str], *, field: str = "options") -> list[str]:
    """2–20 options of at most 200 characters, none twice (Turkish case folding: "IŞIK" and
    "ışık" are the same option)."""
    options = [
        clean_text(line, field=field, label=_("Option %(n)d") % {"n": n}, max_length=OPTION_MAX)
        for n, line in enumerate(lines, start=1)
    ]
    if not OPTIONS_MIN <= len(options) <= OPTIONS_MAX:
        raise ValidationError(
            {
                field: _("Give between %(min)d and %(max)d options, one per line (there are %(n)d).")
                % {"min": OPTIONS_MIN, "max": OPTIONS_MAX, "n": len(options)}
            }
        )
    seen: dict[str, str] = {}
    for option in options:
        folded = " ".join(text.turkish_lower(option).split())
        if folded in seen:
            raise ValidationError({field: _("The option “%(option)s” is given twice.") % {"option": option}})
        seen[folded] = option
    return options


def _clean_english_options(lines: Sequence[str], options: Sequence[str], kind: str) -> list[str]:
    if not lines:
        return []
    if kind == Question.Kind.RANKING:
        raise ValidationError({"options_en": _("A ranking shows its themes' names: leave the English options empty.")})
    if len(lines) != len(options):
        raise ValidationError(
            {"options_en": _("Give one English label per option, in the same order, or none at all.")}
        )
    return [
        clean_text(line, field="options_en", label=_("English option %(n)d") % {"n": n}, max_length=OPTION_MAX)
        for n, line in enumerate(lines, start=1)
    ]


def _clean_key(survey: Survey, raw: str, question_text: str, question: Question | None) -> str:
    taken = set(Question.objects.filter(survey=survey).values_list("key", flat=True))
    if question is not None:
        taken.discard(question.key)
    key = (raw or "").strip()
    if key:
        if not KEY_RE.match(key):
            raise ValidationError(
                {"key": _("A key may contain only lower-case letters a–z, digits, - and _ (at most 40).")}
            )
        if key in taken:
            raise ValidationError({"key": _("Another question of this survey has the key %(key)s.") % {"key": key}})
        return key
    if question is not None:
        return question.key
    base = slugify(text.strip_diacritics(text.turkish_lower(question_text)).replace("ı", "i"))[:30].strip("-") or "soru"
    key, n = base, 2
    while key in taken:
        key = f"{base}-{n}"
        n += 1
    return key


def _question_values(survey: Survey, data: Mapping[str, Any], question: Question | None) -> dict[str, Any]:
    kind = str(data.get("kind") or "")
    if kind not in Question.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of the question.")})
    question_text = clean_text(data.get("text"), field="text", label=_("The question"), max_length=QUESTION_MAX)
    values: dict[str, Any] = {
        "kind": kind,
        "text": question_text,
        "text_en": clean_optional_text(
            data.get("text_en"), field="text_en", label=_("The question in English"), max_length=QUESTION_MAX
        ),
        "required": bool(data.get("required")),
        "key": _clean_key(survey, str(data.get("key") or ""), question_text, question),
    }
    if kind == Question.Kind.TEXT:
        options: list[str] = []
    elif kind == Question.Kind.RANKING:
        themes = {code: code for code in survey.process.themes.values_list("code", flat=True)}
        chosen = [str(code) for code in data.get("themes") or []]
        if any(code not in themes for code in chosen):
            raise ValidationError({"themes": _("Choose among the process's themes.")})
        if len(set(chosen)) < OPTIONS_MIN:
            raise ValidationError({"themes": _("A ranking needs at least two themes.")})
        options = list(dict.fromkeys(chosen))
    else:
        lines = parse_lines(data.get("options"))
        if not lines and kind == Question.Kind.LIKERT:
            lines = list(LIKERT_DEFAULT)
        options = clean_options(lines)
    values["options"] = options
    values["options_en"] = (
        [] if kind == Question.Kind.TEXT else _clean_english_options(parse_lines(data.get("options_en")), options, kind)
    )
    return values


@transaction.atomic
def question_create(*, actor: User, survey: Survey, data: Mapping[str, Any]) -> Question:
    """A new question at the end of the survey. ``data``: kind, text, text_en, required, key
    (empty: made from the text), options / options_en (lines) or themes (codes, for a ranking)."""
    require_perm(actor, MANAGE, survey.process)
    survey = _locked_survey(survey)
    _require_unlocked(survey)
    if survey.questions.count() >= QUESTIONS_MAX:
        raise ValidationError(_("A survey can have at most %(n)d questions.") % {"n": QUESTIONS_MAX})
    values = _question_values(survey, data, None)
    last = survey.questions.aggregate(last=Max("position"))["last"] or 0
    question = Question(survey=survey, position=last + 1)
    assign(question, values)
    return audited_save(question, actor=actor)


def _english_values(question: Question, data: Mapping[str, Any], count: int) -> dict[str, Any]:
    """A locked question's English texts, after checking that nothing else was changed: the
    answers store the Turkish options, so their English labels can still be corrected."""
    ranking = question.kind == Question.Kind.RANKING
    posted_options = [str(c) for c in data.get("themes") or []] if ranking else parse_lines(data.get("options"))
    same = (
        str(data.get("kind") or "") == question.kind
        and text.visible(str(data.get("text") or "")).strip() == question.text
        and bool(data.get("required")) == question.required
        and str(data.get("key") or question.key).strip() == question.key
        and posted_options == [str(option) for option in question.options]
    )
    if not same:
        raise ValidationError(lock_message(count) + " " + _("Only the English texts can still be corrected."))
    return {
        "text_en": clean_optional_text(
            data.get("text_en"), field="text_en", label=_("The question in English"), max_length=QUESTION_MAX
        ),
        "options_en": []
        if question.kind == Question.Kind.TEXT
        else _clean_english_options(
            parse_lines(data.get("options_en")), [str(option) for option in question.options], question.kind
        ),
    }


@transaction.atomic
def question_update(*, actor: User, question: Question, data: Mapping[str, Any]) -> Question:
    """Change a question. Once the survey has answers only its English texts may change."""
    survey = question.survey
    require_perm(actor, MANAGE, survey.process)
    survey = _locked_survey(survey)
    question = Question.objects.get(pk=question.pk, survey=survey)
    count = answer_count(survey)
    values = _english_values(question, data, count) if count else _question_values(survey, data, question)
    changed = assign(question, values)
    if changed:
        audited_save(question, actor=actor, update_fields=changed)
    return question


@transaction.atomic
def question_delete(*, actor: User, question: Question) -> None:
    survey = question.survey
    require_perm(actor, MANAGE, survey.process)
    survey = _locked_survey(survey)
    _require_unlocked(survey)
    audited_delete(Question.objects.get(pk=question.pk, survey=survey), actor=actor)
    _renumber(survey, actor)


def _renumber(survey: Survey, actor: User) -> list[Question]:
    """Positions 1, 2, 3 … in the current order (saving only the questions that moved)."""
    questions = list(Question.objects.filter(survey=survey).order_by("position", "pk"))
    for position, question in enumerate(questions, start=1):
        if question.position != position:
            question.position = position
            audited_save(question, actor=actor, update_fields=["position"])
    return questions


@transaction.atomic
def question_move(*, actor: User, question: Question, up: bool) -> Question:
    """Swap ``question`` with the one before it (``up``) or after it; at either end nothing moves."""
    survey = question.survey
    require_perm(actor, MANAGE, survey.process)
    survey = _locked_survey(survey)
    _require_unlocked(survey)
    questions = _renumber(survey, actor)
    index = next((i for i, q in enumerate(questions) if q.pk == question.pk), None)
    if index is None:
        raise ValidationError(_("This question is not in this survey."))
    other = index - 1 if up else index + 1
    if not 0 <= other < len(questions):
        return questions[index]
    first, second = questions[index], questions[other]
    first.position, second.position = second.position, first.position
    audited_save(first, actor=actor, update_fields=["position"])
    audited_save(second, actor=actor, update_fields=["position"])
    return first
