"""Errors of the web app and of the users file, in the docgen error family."""

from __future__ import annotations

from docgen.errors import DocgenError, Location


class WebError(DocgenError):
    """The web app refused or could not do something; ``status`` is the HTTP status of the
    page that says so (the exit status is for ``docgen serve`` failing to start)."""

    code = "WEB"
    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int = 400,
        location: Location | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, code=code, location=location, hint=hint)
        self.status = status


class UsersError(DocgenError):
    """The users file is missing, unreadable, or a user command was refused."""

    code = "USERS"
    exit_code = 2


class ServeSettingsError(WebError):
    """``docgen serve`` was told to serve in a way it refuses (exit status 2, as a usage
    error): on every address with no allowed host name, a host name that is a pattern."""

    exit_code = 2
