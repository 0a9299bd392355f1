"""Officer pages (/can-bo/...), the household's takeover page and the online course confirmation."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from marketplace.accounts.selectors import communes_visible_to, landing_url
from marketplace.accounts.views import safe_next
from marketplace.core.params import id_from
from marketplace.core.shortcuts import render_form
from marketplace.sellers.models import AssistedAct, Household, Seller
from traceability.selectors import phi_flags_in_communes

from .acts import act_rows
from .chart import rate_chart
from .errors import TrainingError
from .export import (
    EXPORT_LIMIT,
    dashboard_csv,
    dashboard_xlsx,
    households_csv,
    households_xlsx,
    roster_template_csv,
    roster_template_xlsx,
    stage_choices,
)
from .forms import (
    CompletionForm,
    HouseholdForm,
    OnboardingForm,
    RosterUploadForm,
    SessionForm,
    TakeoverForm,
)
from .models import Attendance, CoursePage, TrainingSession
from .permissions import can_manage_household, can_record_session, can_see_dashboard
from .roster import RosterFileError, roster_cells, roster_check
from .selectors import (
    STAGE_FILTERS,
    commune_households,
    completions_of_household,
    dashboard_figures,
    household_funnel,
    required_courses,
    session_attendance_sheet,
    sessions_visible_to,
)
from .services import (
    attendance_record_many,
    attendance_withdraw,
    completion_confirm_online,
    completion_record,
    household_register_by_officer,
    onboarding_assist,
    roster_import,
    session_create,
    takeover_claim,
    takeover_code_issue,
)

ROSTER_SALT = "training.roster"


def officer_required(view):
    """Logged in (else to the login page) and an officer or administrator (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_see_dashboard(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _visible_commune(request, pk):
    commune = (
        communes_visible_to(user=request.user).select_related("province").filter(pk=pk).first()
    )
    if commune is None:
        raise Http404
    return commune


def _commune_param(request):
    raw = request.GET.get("commune", "")
    if not raw:
        return None
    pk = id_from(raw)
    if pk is None:
        raise Http404
    return _visible_commune(request, pk)


@officer_required
def dashboard(request):
    commune = _commune_param(request)
    figures = dashboard_figures(user=request.user, commune=commune)
    return render(
        request,
        "training/dashboard.html",
        {
            "figures": figures,
            "commune": commune,
            "chart": rate_chart(figures.series) if figures.series else None,
            "required_courses": required_courses(),
        },
    )


@officer_required
def dashboard_export(request, fmt):
    commune = _commune_param(request)
    figures = dashboard_figures(user=request.user, commune=commune)
    if fmt == "csv":
        response = HttpResponse(dashboard_csv(figures), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            dashboard_xlsx(figures),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="cho-so-so-lieu.{fmt}"'
    return response


def _drill_down(request, pk):
    commune = _visible_commune(request, pk)
    stage = request.GET.get("stage", "")
    stage = stage if stage in STAGE_FILTERS else ""
    query = request.GET.get("q", "").strip()
    households = commune_households(commune=commune, stage=stage, query=query)
    return commune, stage, query, households


@officer_required
def commune_households_view(request, pk):
    commune, stage, query, households = _drill_down(request, pk)
    page = Paginator(households, 50).get_page(request.GET.get("page"))
    keep = {key: value for key, value in (("stage", stage), ("q", query)) if value}
    return render(
        request,
        "training/commune_households.html",
        {
            "commune": commune,
            "page": page,
            "query": query,
            "stage": stage,
            "stages": stage_choices(),
            "keep": urlencode(keep),
            "as_of": timezone.now(),
        },
    )


@officer_required
def commune_households_export(request, pk, fmt):
    commune, stage, query, households = _drill_down(request, pk)
    as_of = timezone.now()
    rows = households[:EXPORT_LIMIT]
    if fmt == "csv":
        body, content_type = households_csv(rows, as_of=as_of), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body = households_xlsx(rows, as_of=as_of)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    name = f"cho-so-ho-{commune.code or commune.pk}{'-' + stage if stage else ''}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@officer_required
def roster_import_view(request):
    form = RosterUploadForm()
    context = {"form": form}
    if request.method == "POST" and "payload" in request.POST:
        try:
            cells = signing.loads(request.POST["payload"], salt=ROSTER_SALT, max_age=3600)
        except signing.BadSignature:
            messages.error(request, _("The preview has expired. Upload the file again."))
            return redirect("training:roster_import")
        check = roster_import(actor=request.user, cells=cells)
        if check.ok:
            messages.success(
                request,
                _("%(new)d households added, %(merged)d completed (already on the roster).")
                % {"new": check.new_count, "merged": check.merge_count},
            )
            return redirect("training:dashboard")
        context["check"] = check
    elif request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                cells = roster_cells(name=upload.name, data=upload.read())
                check = roster_check(
                    cells=cells, communes=list(communes_visible_to(user=request.user))
                )
            except RosterFileError as error:
                form.add_error("file", str(error))
            else:
                context["check"] = check
                if check.ok:
                    context["payload"] = signing.dumps(cells, salt=ROSTER_SALT, compress=True)
    check = context.get("check")
    return render_form(
        request,
        "training/roster_import.html",
        context,
        forms=[context["form"]],
        refused=check is not None and not check.ok,
    )


@officer_required
def roster_template(request, fmt):
    communes = communes_visible_to(user=request.user).order_by("name_folded")
    if fmt == "csv":
        body, content_type = roster_template_csv(), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body = roster_template_xlsx(communes)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="mau-danh-sach-ho.{fmt}"'
    return response


@officer_required
def household_add(request):
    communes = communes_visible_to(user=request.user)
    form = HouseholdForm(request.POST or None, communes=communes)
    if request.method == "POST" and form.is_valid():
        try:
            household = household_register_by_officer(actor=request.user, **form.cleaned_data)
        except (TrainingError, ValidationError) as error:
            form.add_error(
                None, error.messages if isinstance(error, ValidationError) else str(error)
            )
        else:
            messages.success(request, _("Household added to the roster."))
            return redirect("training:household_detail", pk=household.pk)
    return render(request, "training/household_add.html", {"form": form})


@officer_required
def household_detail(request, pk):
    household = get_object_or_404(Household.objects.select_related("commune", "user"), pk=pk)
    if not can_manage_household(request.user, household):
        raise Http404
    completion_form = CompletionForm(prefix="c")
    onboarding_form = OnboardingForm(prefix="o")
    code = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "completion":
                completion_form = CompletionForm(request.POST, prefix="c")
                if completion_form.is_valid():
                    completion_record(
                        actor=request.user,
                        household=household,
                        course=completion_form.cleaned_data["course"],
                        on=completion_form.cleaned_data["date"],
                    )
                    messages.success(request, _("Completion recorded."))
                    return redirect("training:household_detail", pk=pk)
            elif action == "onboard":
                onboarding_form = OnboardingForm(request.POST, prefix="o")
                if onboarding_form.is_valid():
                    _seller, code = onboarding_assist(
                        actor=request.user, household=household, **onboarding_form.cleaned_data
                    )
                    household.refresh_from_db()
            elif action == "code":
                code = takeover_code_issue(actor=request.user, household=household)
        except TrainingError as error:
            messages.error(request, str(error))
    return render(
        request,
        "training/household_detail.html",
        {
            "household": household,
            "funnel": household_funnel(household),
            "completions": completions_of_household(household),
            "acts": act_rows(
                AssistedAct.objects.filter(household=household)
                .select_related("actor")
                .order_by("-created_at", "-pk")[:20]
            ),
            "seller": Seller.objects.filter(household=household).first(),
            "completion_form": completion_form,
            "onboarding_form": onboarding_form,
            "code": code,
        },
    )


@officer_required
def phi_flags(request):
    """Harvests inside a pre-harvest interval in the officer's area, to follow up."""
    flags = phi_flags_in_communes(communes=communes_visible_to(user=request.user))
    return render(request, "training/phi_flags.html", {"flags": flags})


@officer_required
def session_list(request):
    communes = communes_visible_to(user=request.user)
    form = SessionForm(request.POST or None, communes=communes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = session_create(
                actor=request.user,
                course=data["course"],
                on=data["date"],
                commune=data["commune"],
                trainer=data["trainer"],
            )
        except TrainingError as error:
            form.add_error(None, str(error))
        else:
            return redirect("training:session_attendance", pk=session.pk)
    sessions = sessions_visible_to(request.user)[:30]
    return render(request, "training/session_list.html", {"form": form, "sessions": sessions})


@officer_required
def session_attendance(request, pk):
    session = get_object_or_404(TrainingSession.objects.select_related("course", "commune"), pk=pk)
    if not can_record_session(request.user, session):
        raise Http404
    query = request.GET.get("q", "")
    if request.method == "POST":
        _attendance_post(request, session)
        return redirect(f"{request.path}?q={query}" if query else request.path)
    return render(
        request,
        "training/session_attendance.html",
        {"session": session, "query": query, **session_attendance_sheet(session, query=query)},
    )


def _attendance_post(request, session) -> None:
    try:
        if request.POST.get("action") == "withdraw":
            attendance = get_object_or_404(
                Attendance, pk=id_from(request.POST.get("attendance")) or 0, session=session
            )
            attendance_withdraw(
                actor=request.user, attendance=attendance, reason=request.POST.get("reason", "")
            )
            messages.success(
                request,
                _("The tick of %(name)s is withdrawn.") % {"name": attendance.household.head_name},
            )
            return
        ids = [id_from(raw) for raw in request.POST.getlist("household")]
        if not ids or None in ids:
            raise TrainingError(_("Tick at least one household."))
        marked = attendance_record_many(actor=request.user, session=session, household_ids=ids)
    except TrainingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext(
                "%(n)d household is marked present.",
                "%(n)d households are marked present.",
                len(marked),
            )
            % {"n": len(marked)},
        )


@login_required
@require_POST
def course_complete(request, pk):
    if id_from(pk) is None:  # past the page table's integer range (see forms.CourseChoiceField)
        raise Http404
    course = get_object_or_404(CoursePage.objects.live(), pk=pk)
    try:
        completion_confirm_online(user=request.user, course=course)
    except TrainingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Well done: the course is marked as completed."))
    # A course outside every site (no URL) must not turn a confirmation into an error.
    return redirect(course.get_url(request) or "/")


def takeover(request):
    form = TakeoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = takeover_claim(**form.cleaned_data)
        except TrainingError as error:
            form.add_error(None, str(error))
        else:
            login(request, user, backend="marketplace.accounts.backends.PhoneOrEmailBackend")
            messages.success(request, _("Your password is set. Welcome to Chợ Số!"))
            return redirect(safe_next(request) or landing_url(user=user))
    return render(request, "training/takeover.html", {"form": form})
