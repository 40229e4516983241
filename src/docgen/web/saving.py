"""The one way a browser form writes a data file of the workspace: through the history of
versions (docgen.data.history), so that every save can be seen, compared and undone, and a
change made meanwhile by someone else is never written over."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from docgen.data.history import ABSENT, ConflictError, History, sha_of
from docgen.register.audit import current_actor
from docgen.web.errors import WebError


def save_data(
    root: Path,
    relpath: str,
    text: str,
    *,
    action: Literal["create", "save"],
    opened_sha: str | None,
) -> str:
    """Write ``text`` to ``root/relpath`` as a new version (who: the signed-in clerk).
    ``opened_sha``: the SHA-256 of the text the form was opened from (None: a new file, which
    must not exist yet); the write is refused (409) when the file no longer holds that text.
    Returns the SHA-256 of the text written, for the form's next save."""
    expected = ABSENT if opened_sha is None else opened_sha
    try:
        History(root).write(
            relpath, text, who=current_actor(), action=action, expected_sha=expected
        )
    except ConflictError as exc:
        raise WebError(
            "Tệp này vừa được người khác thay đổi sau khi anh/chị mở trang; để không ghi đè lên "
            "thay đổi đó, docgen chưa lưu. Hãy mở lại trang (bản mới nhất) rồi sửa lại.",
            code="WEB-CHANGED",
            status=409,
        ) from exc
    return sha_of(text)
