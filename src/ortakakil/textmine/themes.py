"""Theme suggestion for a process's contributions (Tema önerileri): train, evaluate, suggest,
and the strategy team's decisions.

* ``themes_compute(process)`` — synchronous: reads every proposal, workshop idea and survey
  free-text answer of the process (``processes/contributions.py``), embeds those whose text is
  new or changed (``Embedding`` rows, keyed by the text's SHA-256), learns a theme model from
  the labels (a proposal's theme, a workshop idea's table theme, and the staff's decisions, which
  win), the process's theme names and descriptions and the shipped corpus of the standard themes
  (``core/prior.py``), measures it by cross-validation (macro-F1, confusion, suspect labels:
  ``ThemeModelRun``), and writes a ``ThemeSuggestion`` for every contribution.
* ``themes_request(process)`` — debounced: starts the background job unless one is pending
  (a cache ``add`` per process is the lock; the job runs once more when decisions arrived while
  it ran). Called after every confirmation or correction: corrections retrain the model.
* ``suggest_one(kind, pk, process_id)`` — a new contribution's suggestion from the latest model
  (the light huey task enqueued when one is saved; nothing happens before a first run).
* ``suggestion_confirm`` / ``suggestion_correct`` — the strategy team's decisions.

Survey answers carry no theme; a response with several free-text answers is one contribution
whose text is its answers joined.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ortakakil.core.jobs import Progress, job_locked, job_runner, job_start_once, job_unlock
from ortakakil.core.models import Job, User
from ortakakil.core.services import require_perm
from ortakakil.processes import contributions
from ortakakil.processes.models import Process, Theme

from . import topics
from .core import classify, embed, normalise, prior
from .embeddings import proposal_text, text_hash
from .models import Embedding, ThemeModelRun, ThemeSuggestion

logger = logging.getLogger(__name__)

KINDS = ("proposal", "workshop_idea", "survey_answer")
"""The kinds of contribution that get a theme suggestion."""
PERM = "textmine.manage_themes"
JOB_KIND = "textmine.themes"
PENDING_SECONDS = 30 * 60
"""How long a requested job holds the per-process lock at most (a worker that died)."""
PRIOR_WEIGHT = 0.5
"""The shipped corpus and the theme descriptions count half as much as the process's own labels."""
LOW_CONFIDENCE = 0.5
"""Below this confidence a suggestion is listed as uncertain."""
KEEP_RUNS = 5

ProgressFunction = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Item:
    """One contribution as theme suggestion sees it."""

    kind: str
    pk: int
    text: str
    theme_code: str  # its own theme ("" for survey answers)
    public: bool = True  # shown one by one (survey answers are not)


def _text_of(contribution: contributions.Contribution) -> str:
    """The text embedded: for a proposal the same as its stored embedding's (``embeddings``)."""
    if contribution.kind == "proposal":
        return proposal_text(contribution.title, contribution.text)
    return contribution.text.strip()


def _items(found: Iterable[contributions.Contribution]) -> list[Item]:
    """One item per (kind, pk): a survey response's free-text answers are joined."""
    texts: dict[tuple[str, int], list[str]] = {}
    themes: dict[tuple[str, int], str] = {}
    public: dict[tuple[str, int], bool] = {}
    for contribution in found:
        key = (contribution.kind, contribution.pk)
        text = _text_of(contribution)
        if text:
            texts.setdefault(key, []).append(text)
            themes.setdefault(key, contribution.theme_code)
            public.setdefault(key, contribution.is_public)
    return [
        Item(kind, pk, "\n".join(parts), themes[(kind, pk)], public[(kind, pk)]) for (kind, pk), parts in texts.items()
    ]


def items_of(process: Process) -> list[Item]:
    return _items(contributions.read_all(process, only=KINDS))


def vectors_of(process: Process, items: list[Item], progress: ProgressFunction | None = None) -> np.ndarray[Any, Any]:
    """The items' embeddings (rows in order): stored ones whose text is unchanged are reused, the
    others are computed in batches and stored."""
    out = np.zeros((len(items), embed.DIM), dtype=np.float32)
    stored: dict[tuple[str, int], Embedding] = {}
    for kind in {i.kind for i in items}:
        pks = [i.pk for i in items if i.kind == kind]
        for start in range(0, len(pks), 500):
            for found in Embedding.objects.filter(kind=kind, object_id__in=pks[start : start + 500]):
                stored[(found.kind, found.object_id)] = found
    missing: list[int] = []
    for row_index, item in enumerate(items):
        row = stored.get((item.kind, item.pk))
        if row is not None and row.text_hash == text_hash(item.text) and row.model == embed.MODEL:
            out[row_index] = np.frombuffer(bytes(row.vector), dtype=np.float32)
        else:
            missing.append(row_index)
    for start in range(0, len(missing), embed.BATCH):
        batch = missing[start : start + embed.BATCH]
        vectors = embed.embed([items[i].text for i in batch])
        new: list[Embedding] = []
        changed: list[Embedding] = []
        for i, vector in zip(batch, vectors, strict=True):
            out[i] = vector
            item = items[i]
            old = stored.get((item.kind, item.pk))
            values = {"text_hash": text_hash(item.text), "model": embed.MODEL, "vector": vector.tobytes()}
            if old is None:
                new.append(Embedding(kind=item.kind, object_id=item.pk, process=process, **values))
            else:
                for name, value in values.items():
                    setattr(old, name, value)
                changed.append(old)
        Embedding.objects.bulk_create(new, ignore_conflicts=True)
        Embedding.objects.bulk_update(changed, ["text_hash", "model", "vector"])
        if progress is not None:
            progress(start + len(batch), len(missing), _("Reading the contributions"))
    return out


def _prior_vectors(texts: list[str]) -> np.ndarray[Any, Any]:
    """The shipped corpus's embeddings, kept in the same file cache as the ``text`` command's."""
    if not texts:
        return np.zeros((0, embed.DIM), dtype=np.float32)
    store = embed.EmbeddingCache(settings.VAR_DIR / "cache" / "embeddings.sqlite3")
    try:
        return embed.embed(texts, cache=store)
    finally:
        store.close()


@dataclass
class Training:
    """What a model learns from: the process's own labels and the background examples."""

    items: list[Item]
    vectors: np.ndarray[Any, Any]
    labels: dict[int, str]  # item index → theme code
    background: list[tuple[str, str]]  # (text, code): theme descriptions and shipped corpus
    background_vectors: np.ndarray[Any, Any]

    def model(self) -> classify.ThemeModel:
        rows = sorted(self.labels)
        texts = [self.items[i].text for i in rows] + [t for t, _ in self.background]
        codes = [self.labels[i] for i in rows] + [c for _, c in self.background]
        vectors = np.vstack([self.vectors[rows].reshape(len(rows), embed.DIM), self.background_vectors])
        weights = [1.0] * len(rows) + [PRIOR_WEIGHT] * len(self.background)
        return classify.train(texts, codes, vectors, weights=weights)


def _theme_text(theme: Theme) -> str:
    return f"{theme.name}. {theme.summary} {theme.description}".strip()


def _decisions(process: Process) -> dict[tuple[str, int], str]:
    rows = ThemeSuggestion.objects.filter(process=process, label__isnull=False).values_list(
        "kind", "object_id", "label__code"
    )
    return {(kind, pk): code for kind, pk, code in rows}


def _same_text_key(text: str) -> str:
    return normalise.fold(text)[:160]


def _training(process: Process, items: list[Item], vectors: np.ndarray[Any, Any]) -> Training:
    themes = list(Theme.objects.filter(process=process).order_by("position", "pk"))
    codes = {t.code for t in themes}
    decided = _decisions(process)
    labels: dict[int, str] = {}
    for index, item in enumerate(items):
        code = decided.get((item.kind, item.pk)) or item.theme_code
        if code in codes:
            labels[index] = code
    # The shipped corpus may hold the process's own texts (the demo's are): those are left out of
    # the background, or cross-validation would test on examples it trained on.
    own = {_same_text_key(item.text) for item in items}
    shipped = [(text, code) for text, code in prior.examples(codes) if _same_text_key(text) not in own]
    background = [(_theme_text(t), t.code) for t in themes] + shipped
    return Training(items, vectors, labels, background, _prior_vectors([t for t, _ in background]))


def _evaluate(training: Training) -> tuple[float | None, dict[str, Any], set[tuple[str, int]]]:
    """Cross-validated macro-F1 over the themes with at least two labels each (the background
    joins every training fold, never the test folds)."""
    counts: dict[str, int] = {}
    for code in training.labels.values():
        counts[code] = counts.get(code, 0) + 1
    rows = sorted(i for i, code in training.labels.items() if counts[code] >= 2)
    if len({training.labels[i] for i in rows}) < 2:
        return None, {"labels_per_theme": counts}, set()
    evaluation = classify.cross_validate(
        [training.items[i].text for i in rows],
        [training.labels[i] for i in rows],
        training.vectors[rows],
        prior=(
            [t for t, _ in training.background],
            [c for _, c in training.background],
            training.background_vectors,
            PRIOR_WEIGHT,
        ),
    )
    suspects = {(training.items[rows[j]].kind, training.items[rows[j]].pk) for j in evaluation.suspects}
    return (
        evaluation.macro_f1,
        {
            "themes": evaluation.themes,
            "confusion": evaluation.confusion,
            "labels_per_theme": counts,
            "suspects": sorted([kind, pk] for kind, pk in suspects),
        },
        suspects,
    )


# The latest model of each process, for the light task (a worker process keeps it between items).
_MODELS: dict[int, tuple[int, classify.ThemeModel]] = {}


def themes_compute(process: Process, *, progress: ProgressFunction | None = None) -> ThemeModelRun | None:
    """Train, evaluate and suggest for every contribution of ``process``; ``None`` when there are
    fewer than two themes to choose from."""
    started = time.perf_counter()
    step = progress or (lambda done, total, message: None)
    items = items_of(process)
    step(0, max(1, len(items)), _("Reading the contributions"))
    vectors = vectors_of(process, items, progress)
    step(0, 3, _("Training the theme model"))
    training = _training(process, items, vectors)
    if len({c for _, c in training.background} | set(training.labels.values())) < 2:
        return None
    macro_f1, evaluation, suspects = _evaluate(training)
    step(1, 3, _("Training the theme model"))
    model = training.model()
    step(2, 3, _("Suggesting themes"))
    suggestions = model.suggest([i.text for i in items], vectors) if items else []
    themes = {t.code: t for t in Theme.objects.filter(process=process)}
    with transaction.atomic():
        run = ThemeModelRun.objects.create(
            process=process,
            labels_count=len(training.labels),
            prior_count=len(training.background),
            macro_f1=macro_f1,
            evaluation=evaluation,
            seconds=round(time.perf_counter() - started, 3),
        )
        _save_suggestions(process, run, items, suggestions, themes, suspects)
        step(2, 3, _("Finding sub-topics"))
        topics.digests_compute(
            process, run, items, vectors, topics.theme_of_items(items, suggestions, _decisions(process))
        )
        stale = ThemeModelRun.objects.filter(process=process).order_by("-created_at", "-pk")[KEEP_RUNS:]
        ThemeModelRun.objects.filter(pk__in=[r.pk for r in stale]).delete()
    _MODELS[process.pk] = (run.pk, model)
    step(3, 3, _("Theme suggestions ready"))
    return run


def _save_suggestions(
    process: Process,
    run: ThemeModelRun,
    items: list[Item],
    suggestions: list[classify.Suggestion],
    themes: dict[str, Theme],
    suspects: set[tuple[str, int]],
) -> None:
    existing = {(s.kind, s.object_id): s for s in ThemeSuggestion.objects.filter(process=process)}
    now = timezone.now()
    new, changed = [], []
    for item, suggestion in zip(items, suggestions, strict=True):
        theme = themes.get(suggestion.theme)
        if theme is None:
            continue
        row = existing.pop((item.kind, item.pk), None)
        values = {
            "theme": theme,
            "confidence": round(suggestion.confidence, 4),
            "run": run,
            "suspect": (item.kind, item.pk) in suspects,
            "updated_at": now,
        }
        if row is None:
            new.append(ThemeSuggestion(kind=item.kind, object_id=item.pk, process=process, **values))
        else:
            for name, value in values.items():
                setattr(row, name, value)
            changed.append(row)
    ThemeSuggestion.objects.bulk_create(new, batch_size=500)
    ThemeSuggestion.objects.bulk_update(
        changed, ["theme", "confidence", "run", "suspect", "updated_at"], batch_size=500
    )
    # Contributions no longer readable (hidden, merged away, withdrawn) lose their undecided suggestion.
    gone = [s.pk for s in existing.values() if s.status == ThemeSuggestion.Status.SUGGESTED]
    ThemeSuggestion.objects.filter(pk__in=gone).delete()


def latest_run(process: Process) -> ThemeModelRun | None:
    return ThemeModelRun.objects.filter(process=process).order_by("-created_at", "-pk").first()


def _model_of(process: Process, run: ThemeModelRun) -> classify.ThemeModel:
    cached = _MODELS.get(process.pk)
    if cached is not None and cached[0] == run.pk:
        return cached[1]
    items = items_of(process)
    model = _training(process, items, vectors_of(process, items)).model()
    _MODELS[process.pk] = (run.pk, model)
    return model


def suggest_one(kind: str, pk: int, process_id: int) -> ThemeSuggestion | None:
    """A new contribution's suggestion from the process's latest model (none before a first run,
    none for a contribution analysis does not read — a survey response without free text, or one
    waiting for the staff's review; an existing decision is left alone)."""
    process = Process.objects.filter(pk=process_id).first()
    run = latest_run(process) if process is not None else None
    if process is None or run is None or kind not in KINDS:
        return None
    # Every record of the contribution: a survey response gives one per free-text answer, joined
    # into one text as the full computation joins them (so its stored embedding is reused there).
    found = _items(contributions.kind(kind).read_ids(process, [pk]))
    if not found:
        return None
    item = found[0]
    vectors = vectors_of(process, [item])
    suggestion = _model_of(process, run).suggest([item.text], vectors)[0]
    theme = Theme.objects.filter(process=process, code=suggestion.theme).first()
    if theme is None:
        return None
    row, created = ThemeSuggestion.objects.get_or_create(
        kind=kind,
        object_id=pk,
        defaults={"process": process, "theme": theme, "confidence": round(suggestion.confidence, 4), "run": run},
    )
    if not created and row.status == ThemeSuggestion.Status.SUGGESTED:
        row.theme, row.confidence, row.run = theme, round(suggestion.confidence, 4), run
        row.save(update_fields=["theme", "confidence", "run", "updated_at"])
    return row


# -- the background job, debounced ------------------------------------------------------------


def _pending_key(process_id: int) -> str:
    return f"textmine:themes:pending:{process_id}"


def themes_pending(process: Process) -> bool:
    return job_locked(_pending_key(process.pk))


def _start(process: Process, *, actor: User | None = None, again: bool = True) -> Job | None:
    return job_start_once(
        _pending_key(process.pk),
        kind=JOB_KIND,
        label=_("Theme suggestions: %(title)s") % {"title": process.title},
        actor=actor,
        params={"process": process.pk, "again": again},
        timeout=PENDING_SECONDS,
    )


def themes_request(process: Process) -> None:
    """After a decision: retrain in the background unless a job is already pending. Never fails
    the request (a problem is logged)."""
    try:
        _start(process)
    except Exception:
        logger.exception("could not request a theme model for process %s", process.pk)


def themes_compute_request(*, actor: User, process: Process) -> Job | None:
    """The strategy team's «Önerileri hesapla»: ``None`` when a job is already pending."""
    require_perm(actor, PERM, process)
    return _start(process, actor=actor)


@job_runner(JOB_KIND)
def themes_job(progress: Progress, *, process: int, again: bool = True) -> None:
    """The background job: compute, release the lock, and run once more when staff decided while
    it ran (their corrections are not left out)."""
    found = Process.objects.filter(pk=process).first()
    started = timezone.now()
    try:
        if found is None:
            return
        themes_compute(found, progress=progress)
    finally:
        job_unlock(_pending_key(process))
    if again and ThemeSuggestion.objects.filter(process=found, decided_at__gte=started).exists():
        _start(found, again=False)


# -- the strategy team's decisions ------------------------------------------------------------


def _decide(*, actor: User, suggestion: ThemeSuggestion, label: Theme, status: str) -> ThemeSuggestion:
    require_perm(actor, PERM, suggestion.process)
    if label.process_id != suggestion.process_id:
        raise ValidationError(_("This theme does not belong to the process."))
    suggestion.label = label
    suggestion.status = status
    suggestion.decided_by = actor
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["label", "status", "decided_by", "decided_at", "suspect", "updated_at"])
    process = suggestion.process
    transaction.on_commit(lambda: themes_request(process))
    return suggestion


@transaction.atomic
def suggestion_confirm(*, actor: User, suggestion: ThemeSuggestion) -> ThemeSuggestion:
    """The suggested theme is right: it becomes a label (and the model learns it)."""
    suggestion.suspect = False
    return _decide(actor=actor, suggestion=suggestion, label=suggestion.theme, status=ThemeSuggestion.Status.CONFIRMED)


@transaction.atomic
def suggestion_correct(*, actor: User, suggestion: ThemeSuggestion, theme: Theme) -> ThemeSuggestion:
    """Staff choose the theme. The contribution's own theme is not changed: the platform has no
    service that moves a proposal to another theme; the decision is the label the model learns."""
    suggestion.suspect = False
    status = ThemeSuggestion.Status.CONFIRMED if theme.pk == suggestion.theme_id else ThemeSuggestion.Status.CORRECTED
    return _decide(actor=actor, suggestion=suggestion, label=theme, status=status)


# -- what the back-office page reads ----------------------------------------------------------


def suggestions_for_manage(
    process: Process, *, kind: str = "", theme: str = "", status: str = "", suspects: bool = False, low: bool = False
) -> QuerySet[ThemeSuggestion]:
    """The process's suggestions, filtered; suspect labels first, then the least confident."""
    found = ThemeSuggestion.objects.filter(process=process).select_related("theme", "label", "decided_by")
    if kind:
        found = found.filter(kind=kind)
    if theme:
        found = found.filter(theme__code=theme)
    if status:
        found = found.filter(status=status)
    if suspects:
        found = found.filter(suspect=True)
    if low:
        found = found.filter(confidence__lt=LOW_CONFIDENCE)
    return found.order_by("-suspect", "confidence", "kind", "object_id")


def suggestion_counts(process: Process) -> dict[str, int]:
    rows = ThemeSuggestion.objects.filter(process=process)
    return {
        "all": rows.count(),
        "decided": rows.exclude(status=ThemeSuggestion.Status.SUGGESTED).count(),
        "suspects": rows.filter(suspect=True).count(),
        "low": rows.filter(confidence__lt=LOW_CONFIDENCE).count(),
    }


@dataclass(frozen=True)
class ThemeScore:
    """One theme's line of the confusion summary."""

    theme: Theme | None
    code: str
    labels: int
    correct: int
    recall: float
    confused_with: Theme | None
    confused_count: int


def confusion_summary(run: ThemeModelRun, theme_list: list[Theme]) -> list[ThemeScore]:
    """Per theme: how many of its labelled items the cross-validated model put back in it, and
    the theme it was most often mistaken for."""
    codes: list[str] = list(run.evaluation.get("themes") or [])
    matrix: list[list[int]] = list(run.evaluation.get("confusion") or [])
    by_code = {t.code: t for t in theme_list}
    out = []
    for i, code in enumerate(codes):
        line = matrix[i] if i < len(matrix) else []
        total = sum(line)
        others = [(n, j) for j, n in enumerate(line) if j != i and n > 0]
        worst = max(others) if others else (0, -1)
        out.append(
            ThemeScore(
                theme=by_code.get(code),
                code=code,
                labels=total,
                correct=line[i] if i < len(line) else 0,
                recall=(line[i] / total) if total and i < len(line) else 0.0,
                confused_with=by_code.get(codes[worst[1]]) if worst[1] >= 0 else None,
                confused_count=worst[0],
            )
        )
    return out


@dataclass(frozen=True)
class Row:
    """One line of the page: the suggestion and the contribution it is about."""

    suggestion: ThemeSuggestion
    kind_label: str
    title: str
    text: str
    url: str
    own_theme: str


def rows_of(process: Process, suggestions: list[ThemeSuggestion]) -> list[Row]:
    """The page's suggestions with their contributions (one lookup per kind)."""
    labels = {"proposal": _("Proposal"), "workshop_idea": _("Workshop idea"), "survey_answer": _("Survey answer")}
    found: dict[tuple[str, int], list[contributions.Contribution]] = {}
    for kind in {s.kind for s in suggestions}:
        pks = [s.object_id for s in suggestions if s.kind == kind]
        if kind in KINDS:
            for contribution in contributions.kind(kind).read_ids(process, pks):
                found.setdefault((kind, contribution.pk), []).append(contribution)
    rows = []
    for suggestion in suggestions:
        parts = found.get((suggestion.kind, suggestion.object_id), [])
        first = parts[0] if parts else None
        rows.append(
            Row(
                suggestion=suggestion,
                kind_label=labels.get(suggestion.kind, suggestion.kind),
                title=first.title if first is not None else "",
                text="\n".join(p.text for p in parts) if parts else _("(no longer readable)"),
                url=first.url if first is not None and first.is_public else "",
                own_theme=first.theme_name if first is not None else "",
            )
        )
    return rows
