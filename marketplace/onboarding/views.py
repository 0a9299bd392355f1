"""Officer pages for the roster and assisted onboarding (/can-bo/...), and /kich-hoat/."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from marketplace.accounts.selectors import communes_visible_to, landing_url
from marketplace.accounts.views import safe_next
from marketplace.core.preview import PreviewExpired, preview_load, preview_sign
from marketplace.core.shortcuts import render_form
from marketplace.core.spreadsheets import SpreadsheetError
from marketplace.sellers.models import AssistedAct, Household, Seller
from marketplace.training.decorators import officer_required
from marketplace.training.errors import TrainingError
from marketplace.training.forms import CompletionForm
from marketplace.training.selectors import completions_of_household
from marketplace.training.services import completion_record

from .acts import act_rows
from .errors import OnboardingError
from .forms import HouseholdForm, OnboardingForm, RosterUploadForm, TakeoverForm
from .permissions import can_manage_household
from .roster import roster_cells, roster_check
from .roster_template import roster_template_csv, roster_template_xlsx
from .services import (
    household_register_by_officer,
    login_unlock_for_household,
    onboarding_assist,
    roster_import,
    takeover_claim,
    takeover_code_issue,
)

ROSTER_SALT = "training.roster"  # kept: previews signed before the split stay valid
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _roster_confirm(request, context):
    try:
        cells = preview_load(request.POST["payload"], salt=ROSTER_SALT)
    except PreviewExpired:
        messages.error(request, _("The preview has expired. Upload the file again."))
        return redirect("onboarding:roster_import")
    check = roster_import(actor=request.user, cells=cells)
    if check.ok:
        messages.success(
            request,
            _("%(new)d households added, %(merged)d completed (already on the roster).")
            % {"new": check.new_count, "merged": check.merge_count},
        )
        return redirect("dashboard:dashboard")
    context["check"] = check
    return None


def _roster_preview(request, context) -> None:
    form = RosterUploadForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return
    upload = form.cleaned_data["file"]
    try:
        cells = roster_cells(name=upload.name, data=upload.read())
        check = roster_check(cells=cells, communes=list(communes_visible_to(user=request.user)))
    except SpreadsheetError as error:
        form.add_error("file", error.message)
        return
    context["check"] = check
    if check.ok:
        context["payload"] = preview_sign(cells, salt=ROSTER_SALT)


@officer_required
def roster_import_view(request):
    """Upload shows a preview and saves nothing; confirming saves every row or none."""
    context = {"form": RosterUploadForm()}
    if request.method == "POST" and "payload" in request.POST:
        response = _roster_confirm(request, context)
        if response is not None:
            return response
    elif request.method == "POST":
        _roster_preview(request, context)
    check = context.get("check")
    return render_form(
        request,
        "onboarding/roster_import.html",
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
        body, content_type = roster_template_xlsx(communes), XLSX
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
        except (OnboardingError, ValidationError) as error:
            form.add_error(
                None, error.messages if isinstance(error, ValidationError) else str(error)
            )
        else:
            messages.success(request, _("Household added to the roster."))
            return redirect("onboarding:household_detail", pk=household.pk)
    return render(request, "onboarding/household_add.html", {"form": form})


def _household_post(request, household, forms) -> str | None:
    """Run the posted action; returns the one-time code to show, if one was given."""
    action = request.POST.get("action")
    if action == "completion":
        forms["completion"] = CompletionForm(request.POST, prefix="c")
        if forms["completion"].is_valid():
            completion_record(
                actor=request.user,
                household=household,
                course=forms["completion"].cleaned_data["course"],
                on=forms["completion"].cleaned_data["date"],
            )
            messages.success(request, _("Completion recorded."))
            forms["done"] = True
    elif action == "onboard":
        forms["onboarding"] = OnboardingForm(request.POST, prefix="o")
        if forms["onboarding"].is_valid():
            _seller, code = onboarding_assist(
                actor=request.user, household=household, **forms["onboarding"].cleaned_data
            )
            household.refresh_from_db()
            return code
    elif action == "code":
        return takeover_code_issue(actor=request.user, household=household)
    elif action == "unlock" and household.user_id:
        login_unlock_for_household(actor=request.user, household=household)
        messages.success(request, _("The login is unlocked: the household can try again now."))
        forms["done"] = True
    return None


@officer_required
def household_detail(request, pk):
    household = get_object_or_404(Household.objects.select_related("commune", "user"), pk=pk)
    if not can_manage_household(request.user, household):
        raise Http404
    forms = {"completion": CompletionForm(prefix="c"), "onboarding": OnboardingForm(prefix="o")}
    code = None
    if request.method == "POST":
        try:
            code = _household_post(request, household, forms)
        except (TrainingError, OnboardingError) as error:
            messages.error(request, str(error))
        if forms.get("done"):
            return redirect("onboarding:household_detail", pk=pk)
    acts = (
        AssistedAct.objects.filter(household=household)
        .select_related("actor")
        .order_by("-created_at", "-pk")[:20]
    )
    return render(
        request,
        "onboarding/household_detail.html",
        {
            "household": household,
            "completions": completions_of_household(household=household),
            "acts": act_rows(acts),
            "seller": Seller.objects.filter(household=household).first(),
            "completion_form": forms["completion"],
            "onboarding_form": forms["onboarding"],
            "code": code,
        },
    )


def takeover(request):
    form = TakeoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = takeover_claim(**form.cleaned_data)
        except OnboardingError as error:
            form.add_error(None, str(error))
        else:
            login(request, user, backend="marketplace.accounts.backends.PhoneOrEmailBackend")
            messages.success(request, _("Your password is set. Welcome to Chợ Số!"))
            return redirect(safe_next(request) or landing_url(user=user))
    return render(request, "onboarding/takeover.html", {"form": form})
