"""HTML and script in what users and imports write are shown as text on every page, never run."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.services.claims import claim_create
from claims.services.deletion import claim_delete
from claims.services.links import link_create
from sources.services import source_create, source_grade
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"

# Every page that shows claim or source text, and the hostile text it must show escaped; add
# new pages here.
PAGES = [
    ("claims:list", {}, f"{ESCAPED} shelling"),
    ("claims:queue", {}, f"{ESCAPED} shelling"),
    ("claims:queue", {"q": SCRIPT}, "&lt;script&gt;"),
    ("insights:claim_graph", {"pk": "claim"}, f"{ESCAPED} News"),
    ("insights:dashboard", {}, f"{ESCAPED} desk"),
    ("sources:reliability", {}, f"{ESCAPED} News"),
    ("claims:list", {"q": SCRIPT}, 'value="&lt;script&gt;'),
    ("claims:detail", {"pk": "claim"}, f"{ESCAPED} shelling"),
    ("claims:edit", {"pk": "claim"}, f"{ESCAPED} shelling"),
    ("claims:delete", {"pk": "claim"}, f"{ESCAPED} shelling"),
    ("claims:detail", {"pk": "deleted"}, f"{ESCAPED} reason"),
    ("claims:deleted", {}, f"{ESCAPED} gone"),
    ("sources:list", {}, f"{ESCAPED} News"),
    ("sources:detail", {"pk": "source"}, f"{ESCAPED} News"),
    ("workspaces:detail", {}, f"{ESCAPED} desk"),
]


@pytest.fixture
def hostile(workspace, alice):
    workspace.name = f"{SCRIPT} desk"
    workspace.save()
    source = source_create(name=f"{SCRIPT} News", stance="unknown", created_by=alice)
    source_grade(source=source, grade="E", rationale=f"{IMG} unreliable", assessed_by=alice)
    claim = claim_create(
        workspace=workspace,
        created_by=alice,
        text=f"{SCRIPT} shelling on Hajin {IMG}",
        source=source,
        url="https://example.org/?q=%3Cscript%3E",
        tags=["<b>bold</b>"],
        figures=[{"count": 3, "counted": f"{SCRIPT} killed"}],
        enqueue=False,
    )
    other = claim_create(
        workspace=workspace, created_by=alice, text=f"{IMG} other", source=source, enqueue=False
    )
    link_create(from_claim=claim, to_claim=other, relation="contradicts", created_by=alice, note=SCRIPT)
    deleted = claim_create(
        workspace=workspace, created_by=alice, text=f"{SCRIPT} gone", source=source, enqueue=False
    )
    claim_delete(claim=deleted, by=alice, reason=f"{SCRIPT} reason")
    return {"claim": claim.pk, "deleted": deleted.pk, "source": source.pk}


@pytest.mark.parametrize(("name", "params", "shown"), PAGES, ids=[f"{n} {p}" for n, p, _ in PAGES])
def test_html_and_script_in_text_are_rendered_escaped(name, params, shown, hostile, workspace, alice) -> None:
    kwargs = {"slug": workspace.slug}
    query = {}
    for key, value in params.items():
        if key == "q":
            query[key] = value
        else:
            kwargs[key] = hostile[value]
    response = client_for(alice).get(reverse(name, kwargs=kwargs), query)
    assert response.status_code == 200
    html = response.content.decode()
    assert SCRIPT not in html
    assert "<img src=x" not in html
    assert shown in html
