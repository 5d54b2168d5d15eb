"""QuickSelect writes the same select as Django's templates; model choices come in one query."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.filters import ClaimFilter
from claims.models import Claim
from tests.factories import SourceFactory
from workbench.forms import QuickSelect, QuickSelectMultiple

CHOICES: list[Any] = [
    ("", "Any"),
    ("a", "Alpha & <b>"),
    ("Group", [("g1", "Inside one"), ("g2", "Inside two")]),
    ("z", "دير الزور"),
]


class Parts(HTMLParser):
    """The markup as (tag, attributes in any order) and text, whitespace between tags dropped."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.parts: list[Any] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append((tag, sorted(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(("/", tag))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.parts.append(data)


@pytest.mark.parametrize(
    ("django_widget", "quick_widget", "value"),
    [
        (forms.Select, QuickSelect, "a"),
        (forms.Select, QuickSelect, "g2"),
        (forms.Select, QuickSelect, None),
        (forms.SelectMultiple, QuickSelectMultiple, ["a", "z"]),
    ],
)
def test_quick_select_writes_what_django_writes(django_widget: Any, quick_widget: Any, value: Any) -> None:
    attrs = {"id": "id_f", "class": "wide", "required": True}
    expected = django_widget(choices=CHOICES).render("f", value, attrs=attrs)
    quick = quick_widget(choices=CHOICES).render("f", value, attrs=attrs)
    assert Parts(quick).parts == Parts(expected).parts


def test_filter_form_choices_are_read_without_a_server_side_cursor(workspace: Any, alice: Any) -> None:
    SourceFactory.create(name="SANA")
    SourceFactory.create(name="ANHA")
    claim_filter = ClaimFilter({"assignee": "null"}, queryset=Claim.objects.all(), workspace=workspace)
    with CaptureQueriesContext(connection) as queries:
        source = str(claim_filter.form["source"])
        assignee = str(claim_filter.form["assignee"])
    assert not any("DECLARE" in q["sql"] for q in queries.captured_queries)
    assert source.index(">ANHA<") < source.index(">SANA<")
    # The empty choice, then django-filter's null choice (selected here), then the members.
    assert re.findall(r'<option value="([^"]*)"( selected)?>', assignee) == [
        ("", ""),
        ("null", " selected"),
        (str(alice.pk), ""),
    ]
