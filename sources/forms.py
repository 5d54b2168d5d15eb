from django import forms

from claims.models import Credibility
from sources.models import Grade, Source, SourceKind, Stance
from workbench.forms import QuickSelectForm


class GradeForm(forms.Form):
    grade = forms.ChoiceField(choices=Grade.choices)
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}), max_length=5000)


class SourceForm(forms.Form):
    name = forms.CharField(max_length=200, widget=forms.TextInput(attrs={"dir": "auto"}))
    kind = forms.ChoiceField(choices=SourceKind.choices, initial=SourceKind.WEBSITE)
    stance = forms.ChoiceField(choices=Stance.choices, initial=Stance.UNKNOWN)
    network = forms.CharField(
        max_length=200,
        required=False,
        help_text="Sources of one network are one voice, e.g. 'SDF/AANES media', 'Syrian government'.",
    )
    url = forms.URLField(max_length=500, required=False, assume_scheme="https", label="Website")
    aliases = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text="Other names, separated by commas, in any script: Hawar News Agency, وكالة هاوار",
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))

    def clean_aliases(self) -> list[str]:
        return [alias.strip() for alias in self.cleaned_data["aliases"].split(",") if alias.strip()]


class CredibilityForm(QuickSelectForm):
    credibility = forms.TypedChoiceField(choices=Credibility.choices, coerce=int)
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        max_length=5000,
        help_text="Why this credibility: which sources, how independent, what contradicts it.",
    )


class RelayForm(QuickSelectForm):
    relayed_from = forms.ModelChoiceField(
        queryset=Source.objects.only("name").order_by("name"),
        required=False,
        empty_label="— not a relay —",
        label="Relay of",
        help_text="The source this claim repeats. A relay is never independent corroboration.",
    )
