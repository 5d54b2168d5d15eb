"""What an uploaded archived copy may be: its size and its type, both set in settings."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError

# The first bytes a file of these types starts with: an image that is not an image is refused.
MAGIC = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
    "wacz": (b"PK\x03\x04",),
}


def archive_upload_check(*, name: str, size: int, head: bytes) -> None:
    """Raise a ValidationError naming the problem if the file may not be stored."""
    limit = settings.ARCHIVE_UPLOAD_MAX_BYTES
    if size > limit:
        raise ValidationError(
            f"The file is {size / 2**20:.1f} MB; an archived copy may be at most {limit / 2**20:g} MB."
        )
    allowed = [ext.lower().lstrip(".") for ext in settings.ARCHIVE_UPLOAD_EXTENSIONS]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed:
        raise ValidationError(
            f"'{name}' is not a type an archived copy may be; allowed: {', '.join('.' + e for e in allowed)}."
        )
    signatures = MAGIC.get(extension)
    if signatures and not head.startswith(signatures):
        raise ValidationError(f"'{name}' does not look like a .{extension} file.")
