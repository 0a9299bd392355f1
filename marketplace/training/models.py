"""Courses (Wagtail pages), training sessions, attendance, completions and withdrawals.

Training records (sessions, attendance, completions) are never deleted: they say
who recorded what and when.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index


class VideoLinkBlock(blocks.StructBlock):
    """A link, not an embed: an embed would load another host's player on slow 3G."""

    title = blocks.CharBlock(label=_("title"))
    url = blocks.URLBlock(label=_("address of the video"))

    class Meta:
        icon = "media"
        label = _("Video link")
        template = "training/blocks/video_link.html"


class LessonBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(label=_("text"), features=["h3", "bold", "italic", "ol", "ul"])
    image = ImageBlock(label=pgettext_lazy("block", "image"), template="training/blocks/image.html")
    video = VideoLinkBlock()


class CourseIndexPage(Page):
    """The list of courses: /khoa-hoc/."""

    intro = models.CharField(_("introduction"), max_length=250, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["training.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("course index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = CoursePage.objects.child_of(self).live().order_by("path")
        return context


class CoursePage(Page):
    """A course households read on a phone; lessons are a StreamField."""

    summary = models.CharField(_("summary"), max_length=250, blank=True)
    required_for_trained = models.BooleanField(
        _("required for 'trained'"),
        default=False,
        help_text=_("A household counts as trained once it has completed every required course."),
    )
    lessons = StreamField(LessonBlock(), blank=True, verbose_name=_("lessons"))

    search_fields = Page.search_fields + [index.SearchField("summary")]
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("required_for_trained"),
        FieldPanel("lessons"),
    ]

    parent_page_types = ["training.CourseIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def get_context(self, request, *args, **kwargs):
        from .selectors import completion_of

        context = super().get_context(request, *args, **kwargs)
        household = (
            getattr(request.user, "household", None) if request.user.is_authenticated else None
        )
        context["household"] = household
        context["completion"] = (
            completion_of(household=household, course=self) if household else None
        )
        return context


class KeptForever(models.Model):
    """Training records are evidence of who was trained: they are never deleted."""

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise PermissionError("Training records are never deleted.")


class TrainingSession(KeptForever):
    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.PROTECT, related_name="sessions"
    )
    date = models.DateField(_("date"))
    commune = models.ForeignKey(
        "regions.Commune",
        verbose_name=_("place (commune)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    trainer = models.CharField(_("trainer"), max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        indexes = [models.Index(fields=["commune", "-date"])]

    def __str__(self):
        return f"{self.course.title} · {self.date:%d/%m/%Y}"


class Attendance(KeptForever):
    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    household = models.ForeignKey(
        "sellers.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    # Set once, together with the Withdrawal that says who, when and why: a withdrawn
    # tick stays on record and frees the place for a later, right one.
    withdrawn = models.BooleanField(_("withdrawn"), default=False, editable=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "household"],
                condition=models.Q(withdrawn=False),
                name="attendance_once",
            )
        ]

    def __str__(self):
        return f"{self.household} @ {self.session}"


class CompletionMethod(models.TextChoices):
    ATTENDANCE = "attendance", _("Attended a session")
    OFFICER = "officer", _("Recorded by an officer")
    ONLINE = "online", _("Completed online")


class Completion(KeptForever):
    """A household completed a course: once per household and course."""

    household = models.ForeignKey(
        "sellers.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="completions",
    )
    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.PROTECT, related_name="completions"
    )
    completed_on = models.DateField(_("completed on"))
    method = models.CharField(_("how"), max_length=12, choices=CompletionMethod.choices)
    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    withdrawn = models.BooleanField(_("withdrawn"), default=False, editable=False)

    class Meta:
        ordering = ["completed_on"]
        verbose_name = _("completion")
        verbose_name_plural = _("completions")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "course"],
                condition=models.Q(withdrawn=False),
                name="completion_once",
            )
        ]
        indexes = [models.Index(fields=["course", "household", "completed_on"])]

    def __str__(self):
        return f"{self.household} · {self.course.title}"


class Withdrawal(KeptForever):
    """A mistaken attendance tick taken back: who, when and why.

    The attendance (and the completion it gave, if any) stay on record, marked
    withdrawn; the figures stop counting them.
    """

    attendance = models.OneToOneField(
        Attendance,
        verbose_name=_("attendance"),
        on_delete=models.PROTECT,
        related_name="withdrawal",
    )
    completion = models.OneToOneField(
        Completion,
        verbose_name=_("completion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="withdrawal",
    )
    reason = models.CharField(_("reason"), max_length=200)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), default=timezone.now)

    class Meta:
        ordering = ["-withdrawn_at"]
        verbose_name = _("withdrawn attendance")
        verbose_name_plural = _("withdrawn attendances")

    def __str__(self):
        return str(self.attendance)
