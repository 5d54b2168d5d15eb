"""Archived copies: the size limit and the allow-list of types come from settings."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Claim
from claims.uploads import archive_upload_check
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.mark.parametrize(
    ("name", "head"),
    [("page.html", b"<html>"), ("report.PDF", b"%PDF-1.7"), ("shot.png", PNG), ("page.warc", b"WARC/1.1")],
)
def test_allowed_types_pass(name: str, head: bytes) -> None:
    archive_upload_check(name=name, size=len(head), head=head[:16])


@pytest.mark.parametrize(
    ("name", "head", "message"),
    [
        ("tool.exe", b"MZ", "'tool.exe' is not a type an archived copy may be; allowed: .html"),
        ("noextension", b"<html>", "is not a type"),
        ("shot.png", b"<script>alert(1)</script>", "'shot.png' does not look like a .png file."),
        ("report.pdf", b"<html>", "does not look like a .pdf file"),
    ],
)
def test_other_types_and_disguised_files_are_refused(name: str, head: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace(".", r"\.")):
        archive_upload_check(name=name, size=len(head), head=head)


def test_the_limits_are_settings(settings) -> None:
    settings.ARCHIVE_UPLOAD_MAX_BYTES = 2**20
    settings.ARCHIVE_UPLOAD_EXTENSIONS = ["txt"]
    with pytest.raises(ValidationError, match="is 2.0 MB; an archived copy may be at most 1 MB"):
        archive_upload_check(name="a.txt", size=2 * 2**20, head=b"")
    with pytest.raises(ValidationError, match="allowed: .txt"):
        archive_upload_check(name="a.html", size=10, head=b"<html>")


def test_the_claim_form_refuses_a_disguised_upload_and_stores_nothing(
    workspace, rita, source, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    response = client_for(rita).post(
        reverse("claims:create", kwargs={"slug": workspace.slug}),
        {
            "text": "Strike on al-Mayadeen",
            "source": source.pk,
            "archive_upload": SimpleUploadedFile("shot.png", b"<html><script>x</script></html>"),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["archive_upload"] == ["'shot.png' does not look like a .png file."]
    assert not Claim.objects.exists()
    assert not any(tmp_path.rglob("*.png"))


def test_a_request_body_over_the_limit_is_refused(workspace, rita, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client_for(rita).post(
        reverse("claims:create", kwargs={"slug": workspace.slug}), {"text": "x" * 5000}
    )
    assert response.status_code == 400
    assert not Claim.objects.exists()
