from django import forms

from sources.models import Grade


class GradeForm(forms.Form):
    grade = forms.ChoiceField(choices=Grade.choices)
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}), max_length=5000)
