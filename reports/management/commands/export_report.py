"""Write a report of a workspace's claims, filtered as on the pages, and its manifest beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.matching.normalize import normalize_text
from gazetteer.models import Place
from reports.manifest import manifest_dumps
from reports.models import ReportFormat
from reports.selectors import ReportFilterError
from reports.services import DEFAULT_BASE_URL, ReportError, report_write
from sources.services import source_resolve
from workspaces.models import Membership, Workspace

# Command-line option -> ClaimFilter field (claims/filters.py). Any other filter of ClaimFilter is
# reachable with --filter NAME=VALUE.
OPTIONS = {
    "status": "status",
    "stance": "stance",
    "source": "source",
    "place": "place",
    "q": "q",
    "event_from": "event_after",
    "event_to": "event_before",
    "published_from": "published_after",
    "published_to": "published_before",
}
OPTION_OF = {field: "--" + option.replace("_", "-") for option, field in OPTIONS.items()}


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


class Command(BaseCommand):
    help = (
        "Export the claims of a workspace that match the filters as csv, json, claimreview (schema.org "
        "JSON-LD), html or pdf; writes FILE and FILE.manifest.json (SHA-256, filters, counts)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workspace", required=True, help="the workspace's slug")
        parser.add_argument("--format", required=True, choices=ReportFormat.values)
        parser.add_argument("-o", "--output", required=True, help="the report file to write")
        parser.add_argument("--user", help="who the manifest names (must be a member of the workspace)")
        parser.add_argument("--base-url", default=DEFAULT_BASE_URL, help="where claim pages are linked")
        parser.add_argument("--status", action="append", help="repeatable, or comma-separated")
        parser.add_argument("--stance", action="append", help="a source stance; repeatable")
        parser.add_argument("--source", help="a source's name, alias or id")
        parser.add_argument(
            "--place", help="a gazetteer place's name, alias or id (includes what lies within)"
        )
        parser.add_argument("--q", help="text search, as on the claim list")
        parser.add_argument("--event-from", help="YYYY-MM-DD")
        parser.add_argument("--event-to", help="YYYY-MM-DD")
        parser.add_argument("--published-from", help="YYYY-MM-DD")
        parser.add_argument("--published-to", help="YYYY-MM-DD")
        parser.add_argument(
            "--filter",
            action="append",
            metavar="NAME=VALUE",
            help="any other filter of the claim list by its name; repeatable",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        workspace = Workspace.objects.filter(slug=options["workspace"]).first()
        if workspace is None:
            raise CommandError(f"--workspace: no workspace {options['workspace']!r}.")
        generated_by = "command line"
        if options["user"]:
            member = (
                Membership.objects.filter(workspace=workspace, user__username=options["user"])
                .select_related("user")
                .first()
            )
            if member is None:
                exists = get_user_model().objects.filter(username=options["user"]).exists()
                why = "is not a member of this workspace" if exists else "does not exist"
                raise CommandError(f"--user: {options['user']!r} {why}.")
            generated_by = member.user.get_username()
        filters = self.filters(options)
        path = Path(options["output"])
        if not path.parent.is_dir():
            raise CommandError(f"-o: the folder {str(path.parent)!r} does not exist.")
        try:
            manifest = report_write(
                workspace=workspace,
                format=options["format"],
                filters=filters,
                path=path,
                generated_by=generated_by,
                base_url=options["base_url"],
            )
        except ReportFilterError as exc:
            option = OPTION_OF.get(exc.field, f"--filter {exc.field}=")
            raise CommandError(f"{option}: {exc.message}") from None
        except ReportError as exc:
            path.unlink(missing_ok=True)
            raise CommandError(str(exc)) from None
        manifest_path = path.with_name(path.name + ".manifest.json")
        manifest_path.write_text(manifest_dumps(manifest), encoding="utf-8")
        counts = manifest["counts"]
        extra = f", {counts['claim_reviews']} claim reviews" if "claim_reviews" in counts else ""
        self.stdout.write(
            f"{path}: {counts['claims']} claims{extra}; manifest {manifest_path} "
            f"(sha256 {manifest['files'][0]['sha256'][:16]}…)"
        )

    def filters(self, options: dict[str, Any]) -> dict[str, Any]:
        filters: dict[str, Any] = {}
        for value in options["filter"] or []:
            name, sep, raw = value.partition("=")
            if not sep or not name.strip():
                raise CommandError(f"--filter: {value!r} is not NAME=VALUE.")
            filters.setdefault(name.strip(), []).append(raw.strip())
        filters = {k: v if len(v) > 1 else v[0] for k, v in filters.items()}
        if options["status"]:
            filters["status"] = _split(options["status"])
        if options["stance"]:
            filters["stance"] = _split(options["stance"])
        if options["source"]:
            filters["source"] = self.source_id(options["source"])
        if options["place"]:
            filters["place"] = self.place_id(options["place"])
        for option in ("q", "event_from", "event_to", "published_from", "published_to"):
            if options[option]:
                filters[OPTIONS[option]] = options[option]
        unknown = [name for name in filters if name not in self.filter_names()]
        if unknown:
            raise CommandError(
                f"--filter: no filter {unknown[0]!r}; the claim filters are {', '.join(self.filter_names())}."
            )
        return filters

    @staticmethod
    def filter_names() -> list[str]:
        from claims.filters import ClaimFilter

        return list(ClaimFilter.base_filters)

    @staticmethod
    def source_id(value: str) -> str:
        if value.isdigit():
            return value
        source = source_resolve(name=value)
        if source is None:
            raise CommandError(f"--source: no source named {value!r}.")
        return str(source.pk)

    @staticmethod
    def place_id(value: str) -> str:
        if value.isdigit():
            return value
        place = (
            Place.objects.filter(name__iexact=value.strip()).first()
            or Place.objects.filter(aliases__normalized=normalize_text(value)).distinct().first()
        )
        if place is None:
            raise CommandError(f"--place: no gazetteer place named {value!r}.")
        return str(place.pk)
