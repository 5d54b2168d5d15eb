from __future__ import annotations

from django import forms


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text="JSONL (one claim per line) or CSV with a header; UTF-8.",
        widget=forms.ClearableFileInput(attrs={"accept": ".jsonl,.ndjson,.csv"}),
    )
