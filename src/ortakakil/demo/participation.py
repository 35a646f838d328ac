"""Demo step: online participation for the Ankara process.

Proposals (``content/proposals_*.toml``), comments, answers and the survey's question
texts are written by the team; who supported what, when and how people answered the
survey is drawn from a seeded random generator, so every load gives the same demo.
Rows are written in bulk (the demo must load in seconds for the browser tests) and the
counters are then recomputed from the rows, exactly as the services keep them.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F

from ortakakil.core.accounts import accounts_verify_many
from ortakakil.core.models import Role, User
from ortakakil.proposals import services as proposal_services
from ortakakil.proposals.models import (
    Answer,
    AnswerState,
    Comment,
    Follow,
    Proposal,
    Report,
    Support,
)
from ortakakil.surveys.models import Question, Response, Survey
from ortakakil.surveys.services import respondent_key

from .content import read_content

if TYPE_CHECKING:
    from .loader import DemoContext

SEED = 20191019
CITIZENS = 640
STAKEHOLDERS = 30
SURVEY_RESPONSES = 540
TZ = ZoneInfo("Europe/Istanbul")


def _proposal_content() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for name in ("proposals_a.toml", "proposals_b.toml"):
        items.extend(read_content(name)["proposals"])
    return items


def _moment(rng: random.Random, start: Any, end: Any) -> datetime:
    days = (end - start).days
    day = start + timedelta(days=rng.randint(0, max(days, 0)))
    return datetime.combine(day, time(rng.randint(7, 23), rng.randint(0, 59)), tzinfo=TZ)


def _participants(ctx: DemoContext, rng: random.Random) -> tuple[list[User], list[User]]:
    people = read_content("people.toml")
    existing = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
    new: list[User] = []
    for n in range(CITIZENS + STAKEHOLDERS):
        username = f"demo-{'paydas' if n >= CITIZENS else 'vatandas'}-{n:04d}"
        if username in existing:
            continue
        stakeholder = n >= CITIZENS
        new.append(
            User(
                username=username,
                first_name=rng.choice(people["first_names"]),
                last_name=rng.choice(people["last_names"]),
                role=Role.STAKEHOLDER_REP if stakeholder else Role.CITIZEN,
                represents=rng.choice(people["stakeholder_organisations"]) if stakeholder else "",
                password="!demo-account-without-password",  # noqa: S106 — an unusable password hash
            )
        )
    User.objects.bulk_create(new, batch_size=500)
    _display_names(people["nicknames"])
    users = list(User.objects.filter(username__startswith="demo-").order_by("username"))
    citizens = [u for u in users if u.role == Role.CITIZEN]
    stakeholders = [u for u in users if u.role == Role.STAKEHOLDER_REP]
    return citizens, stakeholders


def _display_names(nicknames: list[str]) -> None:
    """The participants' display names (every seventh chose a nickname), and their verification
    and consent, as if each had signed up and confirmed their address."""
    unnamed = list(User.objects.filter(username__startswith="demo-", public_name="").order_by("username"))
    for user in unnamed:
        number = int(user.username.rsplit("-", 1)[1])
        user.public_name = (
            nicknames[number // 7 % len(nicknames)] if number % 7 == 3 else f"{user.first_name} {user.last_name[:1]}."
        )
    User.objects.bulk_update(unnamed, ["public_name"], batch_size=500)
    accounts_verify_many(
        User.objects.filter(username__startswith="demo-", role__in=[Role.CITIZEN, Role.STAKEHOLDER_REP]),
        notice_version=settings.PRIVACY_NOTICE_VERSION,
    )


def _process(ctx: DemoContext) -> Any:
    if ctx.process is None:
        raise RuntimeError("the process step must run before the participation step")
    return ctx.process


def load_participation(ctx: DemoContext) -> None:
    """Proposals with supports, comments, answers, merged duplicates, a moderated item,
    and the citizens' expectations survey. Skipped when the process already has proposals."""
    process = _process(ctx)
    rng = random.Random(SEED)  # noqa: S311 — reproducible demo data, not security
    citizens, stakeholders = _participants(ctx, rng)
    content = read_content("participation.toml")
    if not process.proposals.exists():
        _proposals(ctx, rng, citizens, stakeholders, content)
    if not process.surveys.exists():
        _survey(ctx, rng, citizens, content["survey"])
    _survey_english(ctx, content["survey"])
    ctx.counts["proposals"] = process.proposals.count()
    ctx.counts["supports"] = Support.objects.filter(proposal__process=process).count()
    ctx.counts["survey responses"] = Response.objects.filter(survey__process=process).count()


def _date_supports(process: Any, phase: Any) -> None:
    """Supports given within a month of their proposal, and before the phase closed (a generator
    of their own leaves the rest of the demo as it was)."""
    rng = random.Random(SEED + 2)  # noqa: S311 — reproducible demo data, not security
    closes = datetime.combine(phase.ends_on, time(23, 0), tzinfo=TZ)
    stored = list(Support.objects.filter(proposal__process=process).select_related("proposal").order_by("pk"))
    for support in stored:
        # within a month of the proposal, or by the close if that comes sooner
        span = max(min(timedelta(days=30), closes - support.proposal.created_at), timedelta(minutes=5))
        support.created_at = support.proposal.created_at + span * rng.random()
    Support.objects.bulk_update(stored, ["created_at"], batch_size=1000)


def _proposals(
    ctx: DemoContext, rng: random.Random, citizens: list[User], stakeholders: list[User], content: dict[str, Any]
) -> None:
    process = _process(ctx)
    phase = ctx.phases["katilim"]
    themes = {t.code: t for t in process.themes.all()}
    strategist = User.objects.get(username="strateji")
    items = _proposal_content()
    proposals = Proposal.objects.bulk_create(
        [
            Proposal(
                process=process,
                theme=themes[item["theme"]],
                author=rng.choice(stakeholders if item["author"] == "stakeholder" else citizens),
                title=item["title"].strip()[:150],
                body=item["body"].strip(),
                district=item["district"],
                neighbourhood=item["neighbourhood"],
            )
            for item in items
        ],
        batch_size=500,
    )
    if not all(p.pk for p in proposals):
        proposals = list(process.proposals.order_by("pk"))
    by_key = dict(zip((item["key"] for item in items), proposals, strict=True))
    # Spread the creation times over the participation phase.
    for proposal in proposals:
        proposal.created_at = proposal.updated_at = _moment(rng, phase.starts_on, phase.ends_on)
    Proposal.objects.bulk_update(proposals, ["created_at", "updated_at"], batch_size=500)

    supports, follows, comments = [], [], []
    for proposal in proposals:
        if proposal.author_id is not None:
            follows.append(Follow(proposal=proposal, user_id=proposal.author_id))
        # Heavy-tailed popularity, as in real participation: most ideas get a few
        # supports, a handful get hundreds.
        popularity = min(len(citizens) - 1, int(rng.paretovariate(1.3) * 3) - 2)
        for supporter in rng.sample(citizens, max(popularity, 0)):
            supports.append(Support(proposal=proposal, user=supporter))
        if rng.random() < 0.45:
            for _ in range(rng.randint(1, 6)):
                pool = content["comments"]
                pick = rng.choice(pool)
                comments.append(
                    Comment(proposal=proposal, author=rng.choice(citizens), stance=pick["stance"], body=pick["text"])
                )
    Support.objects.bulk_create(supports, batch_size=2000, ignore_conflicts=True)
    Follow.objects.bulk_create(follows, batch_size=2000, ignore_conflicts=True)
    Comment.objects.bulk_create(comments, batch_size=1000)
    stored_comments = list(Comment.objects.filter(proposal__process=process).select_related("proposal"))
    for comment in stored_comments:
        comment.created_at = comment.updated_at = comment.proposal.created_at + timedelta(
            hours=rng.randint(1, 24 * 20), minutes=rng.randint(0, 59)
        )
    Comment.objects.bulk_update(stored_comments, ["created_at", "updated_at"], batch_size=1000)

    answers = content["answers"]
    states = [
        AnswerState.UNDER_REVIEW,
        AnswerState.ACCEPTED,
        AnswerState.PARTIALLY_ACCEPTED,
        AnswerState.REJECTED,
        AnswerState.IN_PLAN,
    ]
    answered = []
    for proposal in rng.sample(proposals, k=len(proposals) * 2 // 5):
        state = rng.choices(states, weights=[4, 2, 2, 1, 2])[0]
        pick = rng.choice([a for a in answers if a["state"] == state])
        answered.append(
            Answer(proposal=proposal, state=state, text=pick["text"], reason=pick["reason"], author=strategist)
        )
        proposal.answer_state = state
    Answer.objects.bulk_create(answered, batch_size=500)
    # The strategy team answered during the preparation, within weeks of each proposal.
    answers_close = ctx.phases["onay"].ends_on
    for answer in answered:
        answer.created_at = min(
            answer.proposal.created_at + timedelta(days=rng.randint(7, 60), hours=rng.randint(0, 8)),
            datetime.combine(answers_close, time(17, 0), tzinfo=TZ),
        )
    Answer.objects.bulk_update(answered, ["created_at"], batch_size=500)
    Proposal.objects.bulk_update([a.proposal for a in answered], ["answer_state"], batch_size=500)
    proposal_services.recount_all(process)

    # Merge a few of the paraphrased duplicates the way the strategy team would.
    for item in [i for i in items if i["duplicate_of"]][:8]:
        original, duplicate = by_key[item["duplicate_of"]], by_key[item["key"]]
        original.refresh_from_db()
        duplicate.refresh_from_db()
        if original.is_merged or duplicate.is_merged:
            continue
        merged = proposal_services.proposal_merge(
            actor=strategist,
            originals=[original, duplicate],
            title=original.title,
            # The municipality speaks for the merged proposal: it quotes its citizens, in their words.
            body=content["merge_body"].strip().format(text=original.body),
        )
        when = max(original.created_at, duplicate.created_at) + timedelta(days=rng.randint(3, 14))
        Proposal.objects.filter(pk=merged.pk).update(created_at=when, updated_at=when)
    _date_supports(process, phase)  # the merged proposals' supports too

    # One spam-like proposal, reported by citizens and hidden by a moderator.
    hidden = content["hidden_proposal"]
    spam = Proposal.objects.create(
        process=process,
        theme=themes[hidden["theme"]],
        author=rng.choice(citizens),
        title=hidden["title"],
        body=hidden["body"].strip(),
    )
    reasons = content["report_reasons"]
    for reporter in rng.sample(citizens, 2):
        Report.objects.create(proposal=spam, reporter=reporter, reason=rng.choice(reasons)["text"])
    Proposal.objects.filter(pk=spam.pk).update(reports_count=F("reports_count") + 2)
    proposal_services.content_moderate(actor=strategist, hide=True, reason=hidden["moderation_reason"], proposal=spam)
    # And one reported comment still waiting in the moderation queue.
    waiting = Comment.objects.filter(proposal__process=process).order_by("pk").first()
    if waiting is not None:
        Report.objects.create(comment=waiting, reporter=rng.choice(citizens), reason=rng.choice(reasons)["text"])
        Comment.objects.filter(pk=waiting.pk).update(reports_count=1)


def _survey(ctx: DemoContext, rng: random.Random, citizens: list[User], data: dict[str, Any]) -> None:
    process = _process(ctx)
    survey = Survey.objects.create(
        process=process,
        slug=data["slug"],
        title=data["title"],
        description=data["description"].strip(),
        is_anonymous=data["anonymous"],
    )
    questions = Question.objects.bulk_create(
        [
            Question(
                survey=survey,
                key=q["key"],
                kind=q["kind"],
                text=q["text"],
                required=q["required"],
                options=list(q["options"]),
                position=n,
            )
            for n, q in enumerate(data["questions"], start=1)
        ]
    )
    texts: dict[str, list[str]] = {}
    for item in data["free_text"]:
        texts.setdefault(item["question"], []).append(item["text"])
    # A city-wide taste for some themes, so that the ranking has a story to tell.
    theme_weight = {code: rng.uniform(0.5, 3.0) for q in questions if q.kind == "ranking" for code in q.options}
    phase = ctx.phases["katilim"]
    responses = []
    for respondent in citizens[:SURVEY_RESPONSES]:
        answers: dict[str, Any] = {}
        for q in questions:
            options = list(q.options)
            if q.kind == "single":
                answers[q.key] = rng.choice(options)
            elif q.kind == "likert":
                answers[q.key] = rng.choices(options, weights=[1, 2, 3, 3, 2][: len(options)])[0]
            elif q.kind == "multiple":
                answers[q.key] = rng.sample(options, rng.randint(1, min(3, len(options))))
            elif q.kind == "ranking":
                ranked: list[str] = []
                while len(ranked) < 3:
                    pick = rng.choices(options, weights=[theme_weight[o] for o in options])[0]
                    if pick not in ranked:
                        ranked.append(pick)
                answers[q.key] = ranked
            elif q.kind == "text" and (q.required or rng.random() < 0.3) and texts.get(q.key):
                answers[q.key] = rng.choice(texts[q.key])
        responses.append(
            Response(survey=survey, respondent=None, respondent_key=respondent_key(survey, respondent), answers=answers)
        )
    Response.objects.bulk_create(responses, batch_size=500)
    stored = list(Response.objects.filter(survey=survey).order_by("pk"))
    for response in stored:
        response.created_at = _moment(rng, phase.starts_on, phase.ends_on)
    Response.objects.bulk_update(stored, ["created_at"], batch_size=500)


def _survey_english(ctx: DemoContext, data: dict[str, Any]) -> None:
    """The survey's English texts, refreshed in place: a demo loaded before they existed gets them too.
    The Turkish texts and options stay as they are, since the answers refer to them."""
    survey = Survey.objects.get(process=_process(ctx), slug=data["slug"])
    Survey.objects.filter(pk=survey.pk).update(
        title_en=data.get("title_en", ""), description_en=data.get("description_en", "").strip()
    )
    for item in data["questions"]:
        survey.questions.filter(key=item["key"]).update(
            text_en=item.get("text_en", ""), options_en=list(item.get("options_en", []))
        )
