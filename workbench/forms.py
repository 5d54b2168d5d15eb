from __future__ import annotations

import html
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field where the form has one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


SELECTED = " selected"


def _escape(value: Any) -> str:
    """django.utils.html.conditional_escape, without its lazy-string wrapper: HTML-safe values
    (SafeString, anything with __html__) as they are, everything else escaped."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


class QuickSelect(forms.Select):
    """A select whose options are written in Python rather than through a template each.

    The claim filters list some 270 options on every list and queue page (sources, places, actors,
    networks); through the form templates that is a fifth of the page's time. The HTML is the same
    as Django's `select.html` and `select_option.html` (optgroups included), without their
    whitespace.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        selected = {str(v) for v in self.format_value(value)}
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True

        def options(choices: Any) -> str:
            # f-strings and the stdlib's escape: format_html's lazy-string checks on every
            # argument were half of the list page's filter form.
            return mark_safe(  # each value and label goes through _escape
                "".join(
                    f'<option value="{_escape(v)}"{SELECTED if str(v) in selected else ""}>'
                    f"{_escape(label)}</option>"
                    for v, label in choices
                )
            )

        body: list[str] = []
        for group, label in self.choices:
            if isinstance(label, list | tuple):
                body.append(format_html('<optgroup label="{}">{}</optgroup>', group, options(label)))
            else:
                body.append(options([(group, label)]))
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(final_attrs), mark_safe("".join(body))
        )


class QuickSelectMultiple(QuickSelect, forms.SelectMultiple):
    pass


class ListedModelChoices(ModelChoiceIterator):
    """A model field's choices read with one plain query.

    Django reads them with `QuerySet.iterator()`, which on PostgreSQL opens a server-side cursor:
    DECLARE, FETCH and CLOSE, three round trips for a list of sixty sources. The empty choice
    comes first, then django-filter's null choice (e.g. "Unassigned") where the field has one.
    """

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        null_label = getattr(self.field, "null_label", None)
        if null_label is not None:
            yield (getattr(self.field, "null_value", "null"), null_label)
        for obj in self.queryset:
            yield self.choice(obj)


class QuickSelectForm(forms.Form):
    """A form whose plain selects render as QuickSelect, their model choices read in one query
    (the filter forms' base)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.iterator = ListedModelChoices
                field.widget.choices = field.choices
            quick = {forms.Select: QuickSelect, forms.SelectMultiple: QuickSelectMultiple}.get(
                type(field.widget)
            )
            if quick is not None:
                old = field.widget
                field.widget = quick(attrs=old.attrs, choices=old.choices)
                field.widget.is_required = old.is_required
