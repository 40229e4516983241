"""The one error family of docgen: every failure a clerk sees carries a code and a location."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem is: a file, and when known a line and column (both 1-based)."""

    file: str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
            if self.col is not None:
                text += f":{self.col}"
        return text


def column_letters(col: int) -> str:
    """1 → ``A``, 27 → ``AA``: a spreadsheet column as Excel names it."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True, order=True)
class CellLocation(Location):
    """A cell of a spreadsheet, as Excel names it: ``lao-cai.xlsx:Danh sách!C12`` (``line`` is
    the row, ``col`` the column; both 1-based)."""

    sheet: str = ""

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}:{self.sheet}" if self.sheet else self.file
        return f"{self.file}:{self.sheet}!{column_letters(self.col or 1)}{self.line}"


@dataclass(frozen=True, order=True)
class TableLocation(Location):
    """A row of a table in a Word document: ``to-trinh.docx:bảng 2, dòng 7`` (``line`` is the
    row; tables and rows are counted from 1, as a clerk counts them)."""

    table: int = 0

    def __str__(self) -> str:
        where = f"{self.file}:bảng {self.table}"
        return f"{where}, dòng {self.line}" if self.line is not None else where


@dataclass(frozen=True)
class Diagnostic:
    """One finding: ``data/x.yaml:14:7: error[DATA-TYPE]: message``."""

    code: str
    message: str
    location: Location | None = None
    severity: Severity = Severity.ERROR
    hint: str | None = None

    def format(self) -> str:
        """``file:line:col: error[CODE]: message`` in the clerk's language (docgen.i18n):
        ``lỗi[CODE]``/``cảnh báo[CODE]`` in Vietnamese; the location and code are the same in
        every language."""
        from docgen.i18n import hint_label, severity_label, translate

        where = f"{self.location}: " if self.location else ""
        label = severity_label(self.severity.value)
        text = f"{where}{label}[{self.code}]: {translate(self.message)}"
        if self.hint:
            text += f"\n    {hint_label()}: {translate(self.hint)}"
        return text


class DocgenError(Exception):
    """Base of every error docgen raises on purpose. The CLI prints it without a traceback.

    Its exit status is 2, as for the clerk's data: what was asked cannot be done as given (a
    spec that is no proposal, an award without certificate, an unknown document type). The
    subclasses say 3 (template), 4 (register), 5 (output), 6 (PDF) and 7 (signing); 1 is the
    findings of `docgen check` and `docgen verify` only (README, "Exit status")."""

    code = "DOCGEN"
    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        location: Location | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.location = location
        self.hint = hint

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [Diagnostic(self.code, self.message, self.location, Severity.ERROR, self.hint)]

    def format(self) -> str:
        return "\n".join(d.format() for d in self.diagnostics)

    def __str__(self) -> str:
        return self.format()


class DocxReadError(DocgenError):
    """A .docx could not be read safely: not a zip, damaged, too large, or hostile XML (exit
    status 2). Its message is the reason in plain words; its location names the file."""

    code = "CHECK-READ"
    exit_code = 2


class DataError(DocgenError):
    """The clerk's data is wrong: one or many problems, all reported at once (exit status 2)."""

    code = "DATA"
    exit_code = 2

    def __init__(self, problems: Iterable[Diagnostic]) -> None:
        self.problems = sorted(
            dict.fromkeys(problems),  # a problem found twice (loading, then validating) once
            key=lambda d: (
                d.location.file if d.location else "",
                (d.location.line or 0) if d.location else 0,
                (d.location.col or 0) if d.location else 0,
            ),
        )
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the data")

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return list(self.problems)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.problems)


class TemplateError(DocgenError):
    """A template is broken or does not fit its data (exit status 3)."""

    code = "TEMPLATE"
    exit_code = 3


class RegisterError(DocgenError):
    """The document-number register refused an operation (exit status 4)."""

    code = "REGISTER"
    exit_code = 4


class OutputError(DocgenError):
    """A file could not be written safely (exit status 5)."""

    code = "OUTPUT"
    exit_code = 5


class ConversionError(DocgenError):
    """LibreOffice could not convert a document (exit status 6)."""

    code = "PDF"
    exit_code = 6


class SigningError(DocgenError):
    """A document could not be signed as asked: not issued, the wrong certificate, an
    expired one, a key that does not open (exit status 7)."""

    code = "SIGN"
    exit_code = 7


@dataclass
class Problems:
    """Collects diagnostics during a stage; ``raise_if_any`` stops the pipeline with all of them."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(
        self,
        code: str,
        message: str,
        location: Location | None = None,
        hint: str | None = None,
    ) -> None:
        self.items.append(Diagnostic(code, message, location, Severity.ERROR, hint))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise DataError(self.items)
