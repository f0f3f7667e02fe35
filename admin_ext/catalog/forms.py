"""Form field widgets of the catalog pages and the forms that console actions ask for."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from unfold.contrib.forms.widgets import WysiwygWidget
from unfold.widgets import (
    UnfoldAdminSelect2MultipleWidget,
    UnfoldAdminSelect2Widget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminURLInputWidget,
)

from lms.accounts.models import Cohort, Role, User

RICH_TEXT = {
    models.TextField: {"widget": WysiwygWidget},
    # Links typed without a scheme are taken as https (Django 6's default, chosen now).
    models.URLField: {"widget": UnfoldAdminURLInputWidget, "assume_scheme": "https"},
}


class RejectForm(forms.Form):
    feedback = forms.CharField(
        label=_("Feedback for the instructor"),
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 5}),
        help_text=_("What should change before the course can be published?"),
    )


class EnrollForm(forms.Form):
    users = forms.ModelMultipleChoiceField(
        label=_("People"),
        queryset=User.objects.filter(is_active=True, role=Role.STUDENT).order_by("email"),
        required=False,
        widget=UnfoldAdminSelect2MultipleWidget,  # searchable: type a name or an email
    )
    cohort = forms.ModelChoiceField(
        label=_("Or a whole group"),
        queryset=Cohort.objects.all(),
        required=False,
        widget=UnfoldAdminSelect2Widget,
    )

    def clean(self):
        data = super().clean()
        if not data.get("users") and not data.get("cohort"):
            raise forms.ValidationError(_("Pick people, a group, or both."))
        return data


class ApplicationRejectForm(forms.Form):
    feedback = forms.CharField(
        label=_("Feedback for the applicant"),
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 4}),
        required=False,
    )
