from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from gazetteer.models import Place
from insights.selectors import place_find

DATE = forms.DateInput(attrs={"type": "date"})
MAX_WINDOW_DAYS = 366


class EventForm(forms.Form):
    place = forms.CharField(
        max_length=200,
        help_text="A place's name or any of its spellings (Latin or Arabic); places within it count.",
        widget=forms.TextInput(attrs={"list": "place-names", "dir": "auto", "autocomplete": "off"}),
    )
    start = forms.DateField(widget=DATE, label="From")
    end = forms.DateField(widget=DATE, label="Until")

    def clean_place(self) -> Place:
        query = self.cleaned_data["place"]
        place = place_find(query=query)
        if place is None:
            raise forms.ValidationError(f"No place called {query!r} in the gazetteer.")
        return place

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date):
            if end < start:
                self.add_error("end", "The window ends before it starts.")
            elif (end - start).days > MAX_WINDOW_DAYS:
                self.add_error("end", f"A window of at most {MAX_WINDOW_DAYS} days.")
        return data
