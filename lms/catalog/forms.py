"""Forms of the catalog's public pages (the catalog filter, applying to teach)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.catalog.models import CourseLevel, InstructorApplication

SORT_CHOICES = [
    ("newest", _("Newest")),
    ("title", _("Title")),
    ("price_asc", _("Price: low to high")),
    ("price_desc", _("Price: high to low")),
]
PRICE_CHOICES = [
    ("", _("Any price")),
    ("free", _("Free")),
    ("paid", pgettext_lazy("price", "Paid")),
]


class CatalogFilterForm(forms.Form):
    """The catalog's search and filters; every field optional, invalid values ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    domain = forms.ChoiceField(label=_("Domain"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("Any level")), *CourseLevel.choices]
    )
    price = forms.ChoiceField(label=_("Price"), required=False, choices=PRICE_CHOICES)
    max_price = forms.DecimalField(
        label=_("Max price"), required=False, min_value=0, decimal_places=2, max_digits=10
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, domains: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = [
            ("", _("All domains")),
            *[(domain, domain) for domain in domains],
        ]
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": _("Search courses")})

    def filters(self) -> dict:
        data = (
            self.cleaned_data
            if self.is_valid()
            else {
                name: value for name, value in self.cleaned_data.items() if name not in self.errors
            }
        )
        return {
            "search": data.get("q") or "",
            "domain": data.get("domain") or "",
            "level": data.get("level") or "",
            "price": data.get("price") or "",
            "max_price": data.get("max_price"),
            "sort": data.get("sort") or "newest",
        }


class InstructorApplicationForm(forms.ModelForm):
    class Meta:
        model = InstructorApplication
        fields = ["expertise", "motivation"]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "expertise": _("The subjects you can teach, e.g. Python, SQL, interview preparation."),
        }
