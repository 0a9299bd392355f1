"""Officer pages for training sessions and attendance, and the online course confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from marketplace.accounts.selectors import communes_visible_to
from marketplace.core.params import id_from

from .decorators import officer_required
from .errors import TrainingError
from .forms import SessionForm
from .models import Attendance, CoursePage, TrainingSession
from .permissions import can_record_session
from .selectors import session_attendance_sheet, sessions_visible_to
from .services import (
    attendance_record_many,
    attendance_withdraw,
    completion_confirm_online,
    session_create,
)


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
    sessions = sessions_visible_to(user=request.user)[:30]
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
        {
            "session": session,
            "query": query,
            **session_attendance_sheet(session=session, query=query),
        },
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
