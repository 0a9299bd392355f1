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
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.accounts.selectors import communes_visible_to
from marketplace.core.params import id_from
from marketplace.core.shortcuts import render_form
from marketplace.sellers.models import AssistedAct, Household

from .chart import rate_chart
from .errors import TrainingError
from .export import dashboard_csv, dashboard_xlsx
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
    completions_of_household,
    dashboard_figures,
    household_funnel,
    households_with_funnel,
    required_courses,
    roster_search,
    sessions_visible_to,
)
from .services import (
    attendance_record,
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
    commune = communes_visible_to(request.user).select_related("province").filter(pk=pk).first()
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


@officer_required
def commune_households(request, pk):
    commune = _visible_commune(request, pk)
    households = Household.objects.filter(commune=commune).order_by("head_name_folded")
    query = request.GET.get("q", "").strip()
    if query:
        households = roster_search(communes=[commune], query=query, limit=200)
        households = Household.objects.filter(pk__in=[h.pk for h in households])
    page = Paginator(households_with_funnel(households.order_by("head_name_folded")), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "training/commune_households.html",
        {"commune": commune, "page": page, "query": query},
    )


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
                check = roster_check(cells=cells, communes=list(communes_visible_to(request.user)))
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
def household_add(request):
    communes = communes_visible_to(request.user)
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
            "acts": AssistedAct.objects.filter(household=household).select_related("actor")[:20],
            "completion_form": completion_form,
            "onboarding_form": onboarding_form,
            "code": code,
        },
    )


@officer_required
def session_list(request):
    communes = communes_visible_to(request.user)
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
        household = get_object_or_404(
            Household, pk=id_from(request.POST.get("household")) or 0, commune=session.commune
        )
        try:
            attendance_record(actor=request.user, session=session, household=household)
        except TrainingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("%(name)s is marked present.") % {"name": household.head_name}
            )
        return redirect(f"{request.path}?q={query}" if query else request.path)
    present = (
        Attendance.objects.filter(session=session)
        .select_related("household")
        .order_by("-recorded_at")
    )
    present_ids = {a.household_id for a in present}
    results = roster_search(communes=[session.commune], query=query)
    return render(
        request,
        "training/session_attendance.html",
        {
            "session": session,
            "query": query,
            "results": results,
            "present": present,
            "present_ids": present_ids,
        },
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
            return redirect("/")
    return render(request, "training/takeover.html", {"form": form})
