"""Public proposal pages: list, detail, propose, edit, support, comment, report, follow."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ortakakil.core import ratelimit
from ortakakil.core.backoffice import acting_user, posted_id
from ortakakil.core.files import atomic_with_files
from ortakakil.core.pagecache import public_page
from ortakakil.processes import traceability
from ortakakil.processes.models import Process
from ortakakil.processes.selectors import process_for_public
from ortakakil.processes.verification import link_label, verification_url

from . import attachments, places, selectors, services, suggestions
from .forms import ANKARA_DISTRICTS, CommentForm, ProposalEditForm, ProposalForm, ReportForm
from .models import Answer, AnswerState

PAGE_SIZE = 20
SORT_LABELS = [
    ("newest", gettext_lazy("Newest")),
    ("most_supported", gettext_lazy("Most supported")),
    ("most_discussed", gettext_lazy("Most discussed")),
    ("oldest", gettext_lazy("Oldest")),
]


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@public_page
def proposal_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = process_for_public(user=request.user, slug=slug)
    filters = selectors.ProposalFilters.from_query(request.GET)
    proposals = selectors.proposal_list(process=process, filters=filters, user=request.user)
    proposals = attachments.with_photo_flag(proposals)
    paginator_class = selectors.CappedPaginator if filters.q else Paginator
    page = paginator_class(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "proposals/list.html",
        {
            "process": process,
            "page": page,
            "filters": filters,
            "querystring": query.urlencode(),
            "themes": process.themes.order_by("position", "code"),
            "districts": selectors.districts_of(process),
            "neighbourhoods": places.neighbourhoods(filters.district) if filters.district else [],
            "states": [("unanswered", AnswerState.NONE.label), *AnswerState.choices[1:]],
            "sorts": SORT_LABELS,
            "can_propose": process.is_open("proposals"),
        },
    )


def _with_plan_items(process: Process, answers: list[Answer]) -> list[Answer]:
    """Each answer that cites a plan goal gets ``plan_item`` (code, title, address) to link it."""
    items = {}
    if any(answer.plan_item_code for answer in answers):
        items = {item.code: item for item in traceability.plan_items(process)}
    for answer in answers:
        answer.plan_item = items.get(answer.plan_item_code)  # type: ignore[attr-defined]
    return answers


@public_page
def proposal_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = process_for_public(user=request.user, slug=slug)
    proposal = selectors.proposal_for_public(process=process, pk=pk, include_hidden=True)
    user: Any = request.user
    moderator = user.has_perm("proposals.moderate", process)
    if proposal.is_hidden and not moderator:
        # Hidden content shows nothing of itself to the public: not its title, not its text.
        return render(request, "proposals/hidden.html", {"process": process}, status=404)
    context: dict[str, Any] = {
        "process": process,
        "proposal": proposal,
        "comments": attachments.with_comment_attachments(selectors.comment_tree(proposal)),
        "attachments": attachments.of_proposal(proposal),
        "attachments_form": attachments.AttachmentsForm(),
        "answers": _with_plan_items(process, list(selectors.answers_of(proposal))),
        "originals": selectors.public_originals(proposal),
        "map_tile_url": settings.MAP_TILE_URL,  # a small map of the proposal's point (map_point.html)
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "supported": selectors.has_supported(proposal, user),
        "following": selectors.is_following(proposal, user),
        "can_edit": user.is_authenticated and proposal.author_id == user.pk and services.can_still_edit(proposal),
        "can_staff": user.has_perm("proposals.answer", proposal),
        "supports_open": process.is_open("supports") and not proposal.is_merged and not proposal.is_hidden,
        "comments_open": process.is_open("comments") and not proposal.is_hidden,
        "comment_form": CommentForm(),
        "report_form": ReportForm(),
        "author_name": selectors.public_name(proposal.author),
        "plan_fates": traceability.fates(process, "proposal", [proposal.pk]).get(proposal.pk, []),
    }
    return render(request, "proposals/detail.html", context)


def _ask_for_similar(form: ProposalForm, process: Process, *, again: bool) -> None:
    """Typing a title or text asks for similar proposals (htmx; without JavaScript nothing is
    asked). ``again``: a form sent back with errors asks once when it loads."""
    url = reverse("proposal_similar", kwargs={"slug": process.slug})
    for name in ("title", "body"):
        trigger = "keyup changed delay:600ms, change"
        if again and name == "body":
            trigger += ", load"
        form.fields[name].widget.attrs.update(
            {
                "hx-post": url,
                "hx-trigger": trigger,
                "hx-target": "#similar-proposals",
                "hx-swap": "innerHTML",
                "hx-include": "#id_title, #id_body",
                "hx-sync": "closest form:replace",
            }
        )


@attachments.bounded_uploads
@login_required
def proposal_create(request: HttpRequest, slug: str) -> HttpResponse:
    process = process_for_public(user=request.user, slug=slug)
    theme = selectors.theme_to_preselect(process, request.GET.get("theme", ""))
    form = ProposalForm(request.POST or None, process=process, initial={"theme": theme})
    files_form = attachments.AttachmentsForm(request.POST or None, request.FILES or None, request=request)
    _ask_for_similar(form, process, again=request.method == "POST")
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid() and files_form.is_valid():
        try:
            ratelimit.check("proposal_create", request)
            if files_form.prepared:
                ratelimit.check(attachments.SCOPE, request)
            with atomic_with_files() as stored:
                proposal = services.proposal_create(
                    actor=acting_user(request), process=process, **form.service_kwargs()
                )
                attachments.attachments_add(
                    actor=acting_user(request), proposal=proposal, prepared=files_form.prepared, stored=stored
                )
        except ratelimit.RateLimited as limited:
            form.add_error(None, limited.message)
            status = 429
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you! Your proposal was published."))
            return redirect(proposal.get_absolute_url())
    return render(
        request,
        "proposals/form.html",
        {
            "process": process,
            "form": form,
            "open": process.is_open("proposals"),
            "districts": ANKARA_DISTRICTS,
            "editing": False,
            "after_field": "body",
            "after_template": "proposals/_similar_slot.html",
            "files_form": files_form,
            "extra_template": "proposals/_attachments_fields.html",
        },
        status=status,
    )


@require_POST
@login_required
def proposal_similar(request: HttpRequest, slug: str) -> HttpResponse:
    """«Benzer öneriler» while a citizen writes a proposal (htmx, from the create page): up to
    three public proposals of the process like the typed title and text; nothing when none is
    alike, the text is empty or the person asks too often. A POST: what people type stays out of
    addresses and logs."""
    process = process_for_public(user=request.user, slug=slug)
    text = suggestions.typed_text(request.POST.get("title", "")[:1000], request.POST.get("body", "")[:2000])
    found: list[Any] = []
    status = 200
    if text:
        try:
            ratelimit.check(suggestions.SIMILAR_SCOPE, request)
        except ratelimit.RateLimited:
            status = 429
        else:
            found = suggestions.similar_proposals(process, text)
    return render(request, "proposals/_similar.html", {"process": process, "similar": found}, status=status)


@attachments.bounded_uploads
@login_required
def proposal_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = process_for_public(user=request.user, slug=slug)
    proposal = selectors.proposal_for_public(process=process, pk=pk)
    initial = {
        "title": proposal.title,
        "body": proposal.body,
        "district": proposal.district,
        "neighbourhood": proposal.neighbourhood,
        "location": [proposal.latitude, proposal.longitude],
    }
    form = ProposalEditForm(request.POST or None, process=process, initial=initial)
    files_form = attachments.AttachmentsForm(request.POST or None, request.FILES or None, request=request)
    if request.method == "POST" and form.is_valid() and files_form.is_valid():
        try:
            if files_form.prepared:
                ratelimit.check(attachments.SCOPE, request)
            with atomic_with_files() as stored:
                services.proposal_edit(actor=acting_user(request), proposal=proposal, **form.service_kwargs())
                attachments.attachments_add(
                    actor=acting_user(request), proposal=proposal, prepared=files_form.prepared, stored=stored
                )
        except ratelimit.RateLimited as limited:
            form.add_error(None, limited.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your proposal was saved."))
            return redirect(proposal.get_absolute_url())
    elif not request.user.has_perm("proposals.edit", proposal):
        raise PermissionDenied(_("Only the author can edit a proposal."))
    return render(
        request,
        "proposals/form.html",
        {
            "process": process,
            "form": form,
            "open": True,
            "districts": ANKARA_DISTRICTS,
            "editing": True,
            "proposal": proposal,
            "files_form": files_form,
            "extra_template": "proposals/_attachments_fields.html",
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def proposal_support(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = process_for_public(user=request.user, slug=slug)
    proposal = selectors.proposal_for_public(process=process, pk=pk, include_hidden=True)
    withdraw = request.POST.get("action") == "withdraw"
    error = verify_url = ""
    status = 200
    try:
        ratelimit.check("support", request)
        if withdraw:
            services.proposal_unsupport(actor=acting_user(request), proposal=proposal)
        else:
            services.proposal_support(actor=acting_user(request), proposal=proposal)
    except ratelimit.RateLimited as limited:
        error, status = limited.message, 429
    except ValidationError as exc:
        error, status = _error_text(exc), 400
        if getattr(exc, "url", ""):  # processes.verification.VerificationRequired: back here once verified
            verify_url = verification_url(back_to=proposal.get_absolute_url())
    proposal.refresh_from_db(fields=["supports_count"])
    supported = selectors.has_supported(proposal, request.user)
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "proposals/_support.html",
            {
                "proposal": proposal,
                "process": process,
                "supported": supported,
                "error": error,
                "verify_url": verify_url,
                "supports_open": process.is_open("supports") and not proposal.is_merged,
            },
            status=status,
        )
    if error:
        link = format_html(' <a href="{}">{}</a>', verify_url, link_label()) if verify_url else ""
        messages.error(request, format_html("{}{}", error, link))
    return redirect(proposal.get_absolute_url())


@attachments.bounded_uploads
@require_POST
@login_required
def comment_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = process_for_public(user=request.user, slug=slug)
    proposal = selectors.proposal_for_public(process=process, pk=pk)
    form = CommentForm(request.POST)
    files_form = attachments.AttachmentsForm(request.POST, request.FILES, request=request)
    if not form.is_valid() or not files_form.is_valid():
        errors = [*form.errors.values(), *files_form.errors.values()]
        messages.error(request, " ".join(str(error) for field_errors in errors for error in field_errors))
        return redirect(proposal.get_absolute_url() + "#comments")
    parent = None
    if form.cleaned_data.get("parent"):
        parent = selectors.comment_of(proposal, form.cleaned_data["parent"])
    try:
        ratelimit.check("comment_create", request)
        if files_form.prepared:
            ratelimit.check(attachments.SCOPE, request)
        with atomic_with_files() as stored:
            comment = services.comment_create(
                actor=acting_user(request),
                proposal=proposal,
                body=form.cleaned_data["body"],
                stance=form.cleaned_data["stance"],
                parent=parent,
            )
            attachments.attachments_add(
                actor=acting_user(request), comment=comment, prepared=files_form.prepared, stored=stored
            )
    except ratelimit.RateLimited as limited:
        messages.error(request, limited.message)
        return redirect(proposal.get_absolute_url() + "#comments")
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(proposal.get_absolute_url() + "#comments")
    messages.success(request, _("Your comment was published."))
    return redirect(proposal.get_absolute_url() + f"#comment-{comment.pk}")


@require_POST
@login_required
def content_report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = process_for_public(user=request.user, slug=slug)
    proposal = selectors.proposal_for_public(process=process, pk=pk)
    form = ReportForm(request.POST)
    comment = None
    if "comment" in request.POST:
        comment = selectors.comment_of(proposal, posted_id(request, "comment"))
        if comment is None:
            messages.error(request, _("This comment does not exist."))
            return redirect(proposal.get_absolute_url() + "#comments")
    if not form.is_valid():
        messages.error(request, _("Please tell us why you report this."))
        return redirect(proposal.get_absolute_url())
    try:
        ratelimit.check("report", request)
        services.content_report(
            actor=acting_user(request),
            reason=form.cleaned_data["reason"],
            proposal=None if comment else proposal,
            comment=comment,
        )
    except ratelimit.RateLimited as limited:
        messages.error(request, limited.message)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Thank you, the moderators will look at it."))
    return redirect(proposal.get_absolute_url())


@login_required
def my_notifications(request: HttpRequest) -> HttpResponse:
    """What happened to the proposals I follow: answers, comments, merges. Reading changes
    nothing; "Mark all as read" (a POST) does."""
    user = acting_user(request)
    notifications = selectors.notifications_of(user).select_related("proposal__process")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    unread = selectors.notifications_of(user).filter(is_read=False).exists()
    return render(request, "proposals/notifications.html", {"page": page, "unread": unread})


@require_POST
@login_required
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_read(actor=acting_user(request))
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("my_notifications")


@require_POST
@login_required
def proposal_follow(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = process_for_public(user=request.user, slug=slug)
    proposal = selectors.proposal_for_public(process=process, pk=pk)
    follow = request.POST.get("action") != "unfollow"
    services.proposal_follow(actor=acting_user(request), proposal=proposal, follow=follow)
    messages.success(request, _("You follow this proposal.") if follow else _("You no longer follow this proposal."))
    return redirect(proposal.get_absolute_url())
