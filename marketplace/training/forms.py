from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.core.params import id_from
from marketplace.regions.models import Commune

from .models import CoursePage

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def live_courses():
    return CoursePage.objects.live().order_by("path")


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title

    def to_python(self, value):
        # A course is a Wagtail page: its id is a link to the page table, which Django
        # does not range-check, so a huge number would reach the database and crash.
        if value not in self.empty_values and id_from(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SessionForm(forms.Form):
    course = CourseChoiceField(label=_("Course"), queryset=CoursePage.objects.none())
    date = forms.DateField(label=_("Date"), widget=DATE)
    commune = CommuneChoiceField(label=_("Place (commune)"), queryset=Commune.objects.none())
    trainer = forms.CharField(label=_("Trainer"), max_length=120)

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        self.fields["course"].queryset = live_courses()


class CompletionForm(forms.Form):
    course = CourseChoiceField(label=_("Course"), queryset=CoursePage.objects.none())
    date = forms.DateField(label=_("Completed on"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = live_courses()
