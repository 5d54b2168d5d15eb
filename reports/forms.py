from __future__ import annotations

from django import forms

from reports.models import ReportFormat


class ReportFormatForm(forms.Form):
    format = forms.ChoiceField(
        choices=ReportFormat.choices, initial=ReportFormat.PDF, widget=forms.RadioSelect
    )
