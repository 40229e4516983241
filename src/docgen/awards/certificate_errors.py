"""A certificate batch the disk refused: the errors that name every certificate not written
and say whether its số sổ vàng was given back."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from docgen.errors import Diagnostic, DocgenError, Location, OutputError

if TYPE_CHECKING:
    from docgen.awards.certificates import CertificateJob
    from docgen.register import Register


class CertificateNotWritten(OutputError):
    """The file system refused a certificate's file (a full disk): the batch stops."""

    code = "CERT-WRITE"

    def __init__(self, job: CertificateJob, reason: str) -> None:
        super().__init__(f"cannot write {job.file_name}: {reason}")
        self.job = job
        self.reason = reason


class BatchNotWritten(OutputError):
    """A batch that could not be written whole: nothing of it appears, every certificate not
    written is named, and the số sổ vàng it took are given back."""

    code = "CERT-WRITE"

    def __init__(
        self,
        out_dir: str,
        cause: str,
        jobs: Sequence[CertificateJob],
        released: bool,
        release_error: str | None = None,
    ) -> None:
        super().__init__(
            f"the certificates were not written into {out_dir}: {cause}",
            hint="free space on the disk (or fix the folder), then run the same command again: "
            "everyone gets the same số sổ vàng",
        )
        self.out_dir = out_dir
        self.cause = cause
        self.jobs = list(jobs)
        self.released = released
        self.release_error = release_error

    @property
    def diagnostics(self) -> list[Diagnostic]:
        found = [Diagnostic(self.code, self.message, Location(self.out_dir), hint=self.hint)]
        for job in self.jobs:
            where = Location(os.path.join(self.out_dir, job.file_name))
            label = job.context["book"]
            if job.taken and self.released:
                text = f"not written; its số sổ vàng {label} was given back"
            elif job.taken:
                text = f"not written; its số sổ vàng {label} is still taken"
            else:
                text = f"not written; its số sổ vàng {label} was given before this run"
            found.append(Diagnostic("CERT-NOT-WRITTEN", text, where))
        if self.release_error is not None:
            found.append(
                Diagnostic(
                    "CERT-BOOK-RELEASE",
                    f"the số sổ vàng taken by this run could not be given back: "
                    f"{self.release_error}",
                    Location(self.out_dir),
                    hint="run the same command again once the disk has room: it prints "
                    "them with the same numbers",
                )
            )
        return found


def give_back(
    register: Register, decision: str, jobs: Sequence[CertificateJob]
) -> tuple[bool, str | None]:
    """Release the số sổ vàng this run took (none given before it): whether they went, and
    why not."""
    taken = [job.key for job in jobs if job.taken]
    if not taken:
        return True, None
    try:
        register.release_book_numbers(decision, taken)
    except DocgenError as exc:
        return False, exc.message
    return True, None
