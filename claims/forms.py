from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User

from claims.dates import format_event_window, parse_event_window
from claims.figures import format_figure, parse_figure_lines
from claims.models import Claim, ClaimStatus, LinkRelation, RelayOrigin
from claims.services.claims import DETECT, ArchiveCopy
from claims.uploads import archive_upload_check
from gazetteer.models import Actor, Place
from sources.models import Source
from workbench.forms import QuickSelectForm
from workspaces.models import Workspace

NOT_A_RELAY = "none"


def relay_choices() -> list[tuple[str, str]]:
    """The claim form's relay choice: detection (the default), "not a relay", or a source."""
    sources = Source.objects.order_by("name").values_list("pk", "name")
    return [
        ("", "— detect from the text —"),
        (NOT_A_RELAY, "— not a relay —"),
        *((str(pk), name) for pk, name in sources),
    ]


class ClaimForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}), max_length=50_000)
    source = forms.ModelChoiceField(queryset=Source.objects.order_by("name"))
    relayed_from = forms.ChoiceField(
        choices=relay_choices,
        required=False,
        label="Relay of",
        help_text="The source this claim repeats ('according to SANA'): a relay never counts as "
        "independent corroboration. Left to detection, the text decides (again after each edit of "
        "it); a source or 'not a relay' chosen here stays until someone changes it.",
    )
    language = forms.CharField(max_length=16, required=False, help_text="e.g. en, ar; guessed when empty")
    url = forms.URLField(max_length=2000, required=False, assume_scheme="https", label="URL")
    published = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    event_date = forms.CharField(
        required=False,
        max_length=32,
        help_text="A day (2017-10-22), a range (2017-11-08/2017-11-11), a month (2017-11) or a year.",
    )
    places = forms.ModelMultipleChoiceField(
        queryset=Place.objects.order_by("name"),
        required=False,
        help_text="Hold Ctrl (⌘ on a Mac) to choose several.",
    )
    actors = forms.ModelMultipleChoiceField(
        queryset=Actor.objects.order_by("name"),
        required=False,
        help_text="Hold Ctrl (⌘ on a Mac) to choose several.",
    )
    figures = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line: 'at least 57 civilians killed', 'dozens of civilians wounded'.",
    )
    tags = forms.CharField(required=False, max_length=500, help_text="Separated by commas.")
    archive_url = forms.URLField(
        max_length=2000,
        required=False,
        assume_scheme="https",
        label="Archive link",
        help_text="Where a copy was archived, e.g. a web.archive.org address.",
    )
    archive_upload = forms.FileField(
        required=False,
        label="Archived copy",
        help_text="A saved copy of the page (HTML, PDF, image, text, WARC). Its SHA-256 is recorded.",
    )
    # Reviewer-only fields; removed for other roles in __init__. Credibility is not among them: a
    # reviewer sets it on the claim page with a rationale (claims:credibility), kept in its history.
    status = forms.ChoiceField(choices=ClaimStatus.choices, required=False)
    assignee = forms.ModelChoiceField(queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, workspace: Workspace, reviewer: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if reviewer:
            assignee = self.fields["assignee"]
            assert isinstance(assignee, forms.ModelChoiceField)
            assignee.queryset = User.objects.filter(memberships__workspace=workspace).order_by("username")
        else:
            for name in ("status", "assignee"):
                del self.fields[name]

    @classmethod
    def initial_for(cls, claim: Claim) -> dict[str, Any]:
        return {
            "text": claim.text,
            "source": claim.source,
            "relayed_from": cls.relay_initial(claim),
            "language": claim.language,
            "url": claim.url,
            "published": claim.published,
            "event_date": format_event_window(claim.event_start, claim.event_end, claim.event_precision),
            "places": list(claim.places.all()),
            "actors": list(claim.actors.all()),
            "figures": "\n".join(format_figure(f.count, f.qualifier, f.counted) for f in claim.figures.all()),
            "tags": ", ".join(tag.name for tag in claim.tags.all()),
            "archive_url": claim.archive_url,
            "status": claim.status,
            "assignee": claim.assignee,
        }

    @staticmethod
    def relay_initial(claim: Claim) -> str:
        """A researcher's choice shows as chosen; a detected relay or none as left to detection."""
        if claim.relay_origin != RelayOrigin.MANUAL:
            return ""
        return str(claim.relayed_from_id) if claim.relayed_from_id else NOT_A_RELAY

    def clean_relayed_from(self) -> Any:
        """DETECT, None (not a relay) or the source."""
        value = self.cleaned_data["relayed_from"]
        if value == "":
            return DETECT
        if value == NOT_A_RELAY:
            return None
        return Source.objects.get(pk=int(value))  # one of the choices, so it exists

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        relay, source = data.get("relayed_from"), data.get("source")
        if isinstance(relay, Source) and relay == source:
            self.add_error("relayed_from", "A claim cannot be a relay of its own source.")
        return data

    def clean_event_date(self) -> Any:
        try:
            return parse_event_window(self.cleaned_data["event_date"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_figures(self) -> list[dict[str, Any]]:
        try:
            return parse_figure_lines(self.cleaned_data["figures"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_archive_upload(self) -> Any:
        upload = self.cleaned_data.get("archive_upload")
        if upload is not None:
            archive_upload_check(name=upload.name, size=upload.size, head=upload.read(16))
            upload.seek(0)
        return upload

    def archive_copy(self) -> ArchiveCopy | None:
        upload = self.cleaned_data.get("archive_upload")
        if upload is None:
            return None
        return ArchiveCopy(content=upload.read(), filename=upload.name.rsplit("/", 1)[-1][:100])

    def clean_tags(self) -> list[str]:
        return [tag.strip() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned data as claim_create / claim_update take it."""
        data = dict(self.cleaned_data)
        data.pop("archive_upload", None)
        # The relay is passed only when the researcher changed it here: left as it was, a new
        # claim's relay is detected, and an edited one's stays (a hand-set one is never lost).
        # A client that does not send the field at all leaves it alone too.
        if "relayed_from" not in self.changed_data or "relayed_from" not in self.data:
            data.pop("relayed_from", None)
        window = data.pop("event_date")
        data.update(event_start=window.start, event_end=window.end, event_precision=window.precision)
        if "status" in data and not data["status"]:
            del data["status"]
        return data


class LinkForm(QuickSelectForm):
    other = forms.CharField(
        label="Other claim", max_length=200, help_text="Its number (#12) or its external id."
    )
    relation = forms.ChoiceField(choices=LinkRelation.choices)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}))

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.workspace = workspace

    def clean_other(self) -> Claim:
        value = self.cleaned_data["other"].strip().lstrip("#")
        claims = Claim.objects.alive().filter(workspace=self.workspace)
        claim = claims.filter(external_id=value).first()
        if claim is None and value.isdigit():
            claim = claims.filter(pk=int(value)).first()
        if claim is None:
            raise forms.ValidationError(f"No claim {value!r} in this workspace.")
        return claim


class LinkDecisionForm(forms.Form):
    state = forms.ChoiceField(choices=[("accepted", "Accept"), ("rejected", "Reject")])
    relation = forms.ChoiceField(choices=LinkRelation.choices, required=False)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
