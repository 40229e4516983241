"""A spec being edited in the browser: its YAML text, checked as ``docgen validate`` checks a
spec (the same model, the same cross-checks, the same messages), and its pages rendered with
the number left blank, without the register giving one."""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.data.loader import Source, load_text
from docgen.data.models import SpecBase
from docgen.data.roundtrip import updated_text
from docgen.data.workspace import Workspace, validate
from docgen.errors import Diagnostic, Problems
from docgen.i18n import translate


@dataclass
class Problem:
    """One message of the form, beside the field (or outline row) ``path`` names."""

    path: str
    message: str
    hint: str

    def as_json(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message, "hint": self.hint}


@dataclass
class Checked:
    text: str  # the file as it would be saved
    spec: SpecBase | None  # the spec, when the model accepts it
    source: Source
    problems: list[Problem]


def _paths(data: Any, base: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [base]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*base, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _paths(value, (*base, i))
    return out


_MISSING = re.compile(r"^required field '([^']+)' is missing")


def _placed(
    source: Source, found: list[Diagnostic], places: dict[tuple[Any, ...], str]
) -> list[Problem]:
    """Each diagnostic's file:line:col back to the path of the value written there, then to the
    form's field (or outline row) holding it."""
    at: dict[tuple[int | None, int | None], tuple[Any, ...]] = {}
    for path in _paths(source.data):
        for key in (True, False):  # a value's own place wins over its key's
            where = source.locate(path, key=key)
            at[(where.line, where.col)] = path
    out = []
    for diag in found:
        loc = diag.location
        path = at.get((loc.line, loc.col), ()) if loc is not None else ()
        missing = _MISSING.match(diag.message)
        if missing:
            path = (*path, missing.group(1))
        shown_at = _field_of(path, places)
        message = _named(shown_at, path, translate(diag.message))
        out.append(Problem(shown_at, message, translate(diag.hint or "")))
    return out


def _named(where: str, path: tuple[Any, ...], message: str) -> str:
    """A message shown beside its field names the field as the form does, not by the data
    file's key: "'subject' …" beside "Tên văn bản kèm theo" reads "“Tên văn bản kèm theo” …"."""
    from docgen.web.forms import form_texts

    keys = [p for p in path if isinstance(p, str)]
    if not keys or f"'{keys[-1]}'" not in message:
        return message
    texts = form_texts()
    about = texts["fields"].get(where) if "@" not in where else None
    label = about.get("label") if isinstance(about, dict) else texts["rows"].get(keys[-1])
    return message.replace(f"'{keys[-1]}'", f"“{label}”", 1) if label else message


def _field_of(path: tuple[Any, ...], places: dict[tuple[Any, ...], str]) -> str:
    """``body.3.points.1`` → the outline row it came from; ``signature.signer`` as it is."""
    for cut in range(len(path), 0, -1):
        found = places.get(path[:cut])
        if found is not None:
            return found
    keys = [str(p) for p in path if isinstance(p, str)]
    return ".".join(keys)


def _text(old_text: str | None, data: dict[str, Any], display: str) -> str:
    """updated_text, also over a file whose own text holds an impossible date (ruamel.yaml
    raises ValueError on it, not a YAML error): then written afresh under its leading
    comments, as updated_text does for a file that is not YAML."""
    try:
        return updated_text(old_text, data, display)
    except ValueError:
        lines = (old_text or "").splitlines(keepends=True)
        head = "".join(
            line
            for line in lines[
                : next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
            ]
        )
        return updated_text(head, data, display)


def _keep_nulls(old: Any, new: Any) -> Any:
    """An empty text where the file has a null (``article:`` with no title) stays a null, so
    that saving an unchanged form leaves the line as the clerk wrote it."""
    if isinstance(old, dict) and isinstance(new, dict):
        return {
            k: None if v == "" and k in old and old[k] is None else _keep_nulls(old.get(k), v)
            for k, v in new.items()
        }
    if isinstance(old, list) and isinstance(new, list):
        return [_keep_nulls(old[i] if i < len(old) else None, v) for i, v in enumerate(new)]
    return new


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _bare_dates(text: str, data: Any) -> str:
    """A date typed as 2025-02-30 is written bare, as a clerk would write it in the file, so
    that the loader says what ``docgen validate`` says of it ("not a real date: …")."""
    if isinstance(data, dict):
        for value in data.values():
            text = _bare_dates(text, value)
    elif isinstance(data, list):
        for value in data:
            text = _bare_dates(text, value)
    elif isinstance(data, str) and _ISO_DATE.match(data):
        text = re.sub(rf"(:\s*)[\"']{data}[\"']\s*$", rf"\g<1>{data}", text, flags=re.M)
    return text


def check_draft(
    ws: Workspace | None,
    spec_id: str,
    display: str,
    data: dict[str, Any],
    old_text: str | None,
    places: dict[tuple[Any, ...], str],
) -> Checked:
    """The spec's text and every problem ``docgen validate`` would report in it: the YAML read
    back, the kind's model, then the workspace's cross-checks of one spec (issuer, signer,
    campaign, citations, the kind's own checks) against the workspace as it is (None: the
    workspace does not validate; only the file itself is checked)."""
    from docgen.data.workspace import _check_references
    from docgen.documents.kinds import registry

    if old_text:
        old, _ = load_text(old_text, display)
        data = _keep_nulls(old, data)
    text = _bare_dates(_text(old_text, data, display), data)
    read, found = load_text(text, display)
    source = Source(Path(display), display, read, text.encode("utf-8"))
    if found:
        return Checked(text, None, source, _placed(source, found, places))
    kind = registry().get(str(read.get("kind"))) if isinstance(read, dict) else None
    if kind is None:
        return Checked(text, None, source, [Problem("kind", "Không rõ loại hồ sơ.", "")])
    spec, found = validate(kind.spec_model, source, read)
    if spec is None or ws is None:
        return Checked(text, spec, source, _placed(source, found, places))
    draft = with_draft(ws, spec_id, spec, source)
    problems = Problems()
    _check_references(draft, problems)
    kind.check(draft, spec_id, source, problems)
    mine = [d for d in problems.items if d.location is None or d.location.file == display]
    return Checked(text, spec, source, _placed(source, mine, places))


def with_draft(ws: Workspace, spec_id: str, spec: SpecBase, source: Source) -> Workspace:
    """The workspace as it would be with the draft saved (a shallow copy: nothing shared
    changes)."""
    draft = copy.copy(ws)
    draft.specs = {**ws.specs, spec_id: spec}
    draft.spec_paths = {**ws.spec_paths, spec_id: ws.root / source.display}
    draft.sources = {**ws.sources, source.display: source}
    draft.derived = dict(ws.derived)
    return draft


# -- the pages before a number is given ---------------------------------------------------------


def blank_symbol(ws: Workspace, spec: SpecBase) -> str:
    """The symbol with the number left blank, as a draft shows it ("Số:      /QĐ-UBND"): the
    records desk writes the number when the document is registered (the format checker
    accepts it as a draft's, checker/header_rules.py)."""
    from docgen.documents.kinds import kind_of
    from docgen.register.symbols import format_symbol
    from docgen.rules import load_rules

    issuer = ws.issuers[spec.issuer]
    kind = kind_of(spec)
    symbol = format_symbol(
        issuer.system,
        1,
        kind.type_abbr(spec, issuer, load_rules()),
        kind.symbol_issuer(spec, issuer),
    )
    return "\u00a0" * 6 + symbol[2:]


def render_draft(ws: Workspace, spec_id: str, register: Any) -> bytes:
    """The .docx of the draft ``spec_id`` of ``ws`` (see with_draft), numbered blank: the
    register is only read (citations of other documents), never asked for a number."""
    from docgen.api import _context
    from docgen.data.workspace import display_path
    from docgen.documents.bases import replaced_citation, resolve_bases
    from docgen.documents.kinds import kind_of
    from docgen.documents.render import render_docx

    spec = ws.specs[spec_id]
    issuer = ws.issuers[spec.issuer]
    template = ws.templates_dir / kind_of(spec).template(spec, issuer)
    bases = resolve_bases(ws, spec_id, register)
    context = _context(
        ws, spec_id, blank_symbol(ws, spec), bases, replaced_citation(ws, spec_id, register)
    )
    images = context.pop("_images", None)
    return render_docx(
        template,
        context,
        record=ws.spec_display(spec_id),
        shown=display_path(ws.root, template),
        images=images,
    )


# -- a new document's file --------------------------------------------------------------------


def slug(text: str, most: int = 48) -> str:
    """``Về việc ban hành Quy chế`` → ``ve-viec-ban-hanh-quy-che``."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    words = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    if len(words) <= most:
        return words
    cut = words[: most + 1]
    return cut.rsplit("-", 1)[0] if "-" in cut else words[:most]  # whole words only


def new_spec_id(documents: Path, type_id: str, subject: str, year: int) -> str:
    """A file name for a new document: its type, its subject, its year; never one in use."""
    base = "-".join(p for p in (slug(type_id), slug(subject, 40), str(year)) if p)
    candidate, n = base, 2
    while (documents / f"{candidate}.yaml").exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate
