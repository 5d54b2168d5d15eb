"""Build the demo workspace from the five Deir Ezzor seed texts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from claims.models import Claim, Link, LinkState
from claims.services.claims import claim_attach_archive, enqueue_after_commit
from claims.services.credibility import claim_assess_credibility
from claims.services.imports import ImportFileError, claims_import
from claims.services.links import link_between, link_create, link_decide
from claims.tasks import refresh_gram_counts
from gazetteer.services import gazetteer_load_starter_set
from sources.services import network_get_or_create, source_create, source_grade, source_resolve
from workspaces.models import Role
from workspaces.services import membership_set, workspace_get_or_create

DATA = Path(__file__).resolve().parents[2] / "demo_data"
DEMO_SLUG = "deir-ezzor"
OTHER_SLUG = "ghouta-desk"
# Local demo logins only; the command refuses to run with DEBUG off unless told to.
USERS = {
    "alice": "alice-workbench-demo",
    "bob": "bob-workbench-demo",
    "charlie": "charlie-workbench-demo",
}


class Command(BaseCommand):
    help = "Migrate, then build the demo workspace, its users and logins from ../shared/seeds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="the URL to print")
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="run even with DEBUG off (demo passwords!)",
        )

    def handle(self, *args: Any, url: str, allow_production: bool, **options: Any) -> None:
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: the demo creates users with published passwords. "
                "Pass --allow-production if this really is a throwaway installation."
            )
        call_command("migrate", interactive=False, verbosity=0)
        places, actors = gazetteer_load_starter_set()
        self.stdout.write(f"Gazetteer: {places} places, {actors} actors.")
        try:
            summary = self.build()
        except ImportFileError as exc:
            raise CommandError(f"demo data: {exc}") from None
        self.stdout.write(summary)
        self.stdout.write(self.style.SUCCESS(f"\nWorkbench demo ready at {url}"))
        self.stdout.write(f"Log in at {url.rstrip('/')}/accounts/login/ with:")
        self.stdout.write(f"  alice   / {USERS['alice']}   (admin of {DEMO_SLUG})")
        self.stdout.write(f"  bob     / {USERS['bob']}     (reviewer in {DEMO_SLUG})")
        self.stdout.write(f"  charlie / {USERS['charlie']} (a member of {OTHER_SLUG} only)")

    @transaction.atomic
    def build(self) -> str:
        users = self.users()
        alice, bob, charlie = users["alice"], users["bob"], users["charlie"]
        demo, _ = workspace_get_or_create(slug=DEMO_SLUG, name="Deir Ezzor 2013–2021", admin=alice)
        demo.organisation = demo.organisation or "Workbench demo team"
        demo.description = demo.description or (
            "Claims split by hand from five public texts about Deir Ezzor: DeirEzzor24, "
            "Sound and Picture, ANHA/Hawar and EA WorldView quoting SANA and al-Masdar."
        )
        demo.save()
        membership_set(workspace=demo, user=alice, role=Role.ADMIN, changed_by=alice)
        membership_set(workspace=demo, user=bob, role=Role.REVIEWER, changed_by=alice)
        other, _ = workspace_get_or_create(slug=OTHER_SLUG, name="East Ghouta desk", admin=charlie)
        membership_set(workspace=other, user=charlie, role=Role.ADMIN, changed_by=charlie)

        self.sources(bob)
        result = claims_import(path=DATA / "claims.jsonl", workspace=demo, user=alice)
        # Not from the seeds: four short claims the team wrote so the demo shows a relay (al-Masdar
        # repeating SANA) and corroboration across networks on al-Omar; tagged team-illustration.
        illustrations = claims_import(path=DATA / "illustrations.jsonl", workspace=demo, user=alice)
        # The outsider's workspace gets a few claims of its own, so isolation is visible.
        claims_import(path=DATA / "other_workspace.jsonl", workspace=other, user=charlie)
        # find_similar's n-gram counts, once the imports' claims are normalised (their refresh
        # is sent first); workers redo them hourly where claims changed by a tenth.
        for workspace in (demo, other):
            enqueue_after_commit(refresh_gram_counts, workspace.pk)
        links = self.links(demo, alice, bob)
        self.assessments(demo, bob)
        archived = self.archives(demo, alice)
        return (
            f"Demo workspace {DEMO_SLUG!r}: {result.summary()}; illustrations: {illustrations.summary()}; "
            f"{links} links; "
            f"{archived} claims with an archived copy of their seed text."
        )

    def users(self) -> dict[str, Any]:
        model = get_user_model()
        users = {}
        for username, password in USERS.items():
            user, created = model.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.org"}
            )
            if created or not user.check_password(password):
                user.set_password(password)
                user.save()
            users[username] = user
        return users

    def sources(self, reviewer: Any) -> None:
        for entry in json.loads((DATA / "sources.json").read_text(encoding="utf-8")):
            source = source_resolve(name=entry["name"])
            if source is None:
                source = source_create(
                    name=entry["name"],
                    stance=entry["stance"],
                    kind=entry["kind"],
                    network=network_get_or_create(name=entry.get("network") or ""),
                    url=entry.get("url") or "",
                    aliases=entry.get("aliases", []),
                )
            if not source.assessments.exists():
                source_grade(
                    source=source,
                    grade=entry["grade"],
                    rationale=entry["grade_rationale"],
                    assessed_by=reviewer,
                )

    def links(self, workspace: Any, researcher: Any, reviewer: Any) -> int:
        by_id = {c.external_id: c for c in Claim.objects.filter(workspace=workspace).exclude(external_id="")}
        for number, line in enumerate((DATA / "links.jsonl").read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            entry = json.loads(line)
            try:
                a, b = by_id[entry["a"]], by_id[entry["b"]]
            except KeyError as exc:
                raise CommandError(f"links.jsonl line {number}: no demo claim {exc.args[0]!r}") from None
            if link_between(a, b) is not None:
                continue
            link = link_create(
                from_claim=a,
                to_claim=b,
                relation=entry["relation"],
                note=entry.get("note", ""),
                created_by=researcher,
            )
            if entry.get("state", "accepted") == LinkState.ACCEPTED:
                link_decide(link=link, decided_by=reviewer, state=LinkState.ACCEPTED)
        return Link.objects.filter(workspace=workspace).count()

    def assessments(self, workspace: Any, reviewer: Any) -> None:
        """The reviewer's credibility for the al-Omar claim, with the workbench's suggestion beside it."""
        claim = Claim.objects.get(workspace=workspace, external_id="anha-2017-omar-field")
        if claim.credibility_assessments.filter(
            assessed_by=reviewer, suggested_credibility__isnull=False
        ).exists():
            return
        claim_assess_credibility(
            claim=claim,
            credibility=2,
            rationale=(
                "Reuters and SOHR, two networks outside the SDF's, report the SDF taking al-Omar on "
                "22 October 2017. SANA's claim that the army took it is one voice, which al-Masdar "
                "only repeats; both graded D. Probably true, not confirmed: no one on the ground "
                "independent of the parties is cited."
            ),
            assessed_by=reviewer,
        )

    def archives(self, workspace: Any, user: Any) -> int:
        """Attach the seed text a claim was split from as its archived copy (verbatim claims only)."""
        seeds = sorted(Path(settings.SEEDS_DIR).glob("*.txt")) if Path(settings.SEEDS_DIR).is_dir() else []
        if not seeds:
            self.stderr.write(
                f"Seeds not found in {settings.SEEDS_DIR} (set WORKBENCH_SEEDS_DIR to the folder that "
                "holds them); claims get no archived copy."
            )
            return 0
        texts = {path: path.read_bytes() for path in seeds}
        decoded = {path: content.decode("utf-8") for path, content in texts.items()}
        attached = 0
        for claim in Claim.objects.filter(workspace=workspace, language="en"):
            for path, text in decoded.items():
                if claim.text in text:
                    claim_attach_archive(
                        claim=claim, content=texts[path], filename=path.name, attached_by=user
                    )
                    attached += 1
                    break
        return attached
