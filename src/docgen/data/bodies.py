"""Bodies (đơn vị) whose collectives and people are proposed: one lookup for them all.

A body is a school of data/schools.yaml, a body of the optional data/bodies.yaml (the issuer's
own departments and institutes, a Sở's own units, another office), or an issuer of
data/issuers.yaml (its head is its head signer). Only schools belong to an emulation cluster
(data/schools.yaml): the statistics by cluster count the other bodies in a row of their own.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field

from docgen.data.loader import Source
from docgen.data.models import Identifier, Issuer, Name, Record, Text
from docgen.errors import Diagnostic, Location, Problems

if TYPE_CHECKING:
    from docgen.data.workspace import Workspace


class BodyHead(Record):
    """The head of a body (Thủ trưởng đơn vị): who confirms its people's achievement reports."""

    title: Text  # "Giám đốc", "Viện trưởng", "Vụ trưởng"
    name: Name


class Body(Record):
    """A body whose collectives and people can be proposed."""

    name: Text  # as in lists and headers: "Học viện Chính trị khu vực I"
    abbr: Text  # "HVCTKV I"
    parent: Identifier | None = None  # the issuer (data/issuers.yaml) it is a unit of
    province: Text | None = None
    place: Text | None = None  # where it sits, for the date line of its reports
    head: BodyHead | None = None


class BodiesFile(Record):
    """data/bodies.yaml: the bodies that are neither schools nor issuers."""

    bodies: dict[Identifier, Body] = Field(min_length=1)


def body_key(source: Source, new: str = "body", old: str = "school") -> str:
    """The key a file names its body by (``body`` or ``school``; ``bodies`` or ``schools``
    for a list), to point at it."""
    data = source.data
    return new if isinstance(data, dict) and new in data else old


def check_body(
    ws: Workspace, ident: str, at: Location, problems: Problems, key: str = "body"
) -> bool:
    """Whether ``ident`` is a known body; else one DATA-REF at ``at``, in the words of the
    ``key`` the file wrote (a school, a body), with the known ids (nothing when data/schools.yaml
    or data/bodies.yaml could not be read: that is reported there)."""
    if ws.body(ident) is not None:
        return True
    if not ws.is_broken("body", "*") and not ws.is_broken("issuer", ident):
        hint = f"declare it in data/schools.yaml or data/bodies.yaml; known: {known_ids(ws, ident)}"
        if key.startswith("school"):
            problems.add("DATA-REF", f"unknown school '{ident}'", at, hint=hint)
        else:
            problems.add("DATA-REF", f"unknown body '{ident}'", at, hint=hint)
    return False


def find_body(ws: Workspace, ident: str) -> Body | None:
    """The body ``ident``: a school, a body of data/bodies.yaml, else an issuer; None if none."""
    if ws.schools is not None:
        school = ws.schools.schools.get(ident)
        if school is not None:
            return Body.model_construct(
                name=school.name,
                abbr=school.abbr,
                province=school.province,
                parent=None,
                place=None,
                head=None,
            )
    if ws.bodies is not None and ident in ws.bodies.bodies:
        return ws.bodies.bodies[ident]
    issuer = issuer_body(ws, ident)
    if issuer is not None:
        return Body.model_construct(
            name=issuer.name,
            abbr=issuer.abbr,
            parent=None,
            province=None,
            place=issuer.place,
            head=head_signer(issuer),
        )
    return None


def issuer_body(ws: Workspace, ident: str) -> Issuer | None:
    """The issuer that is the body ``ident``, when no school or declared body has that id."""
    if ws.schools is not None and ident in ws.schools.schools:
        return None
    if ws.bodies is not None and ident in ws.bodies.bodies:
        return None
    return ws.issuers.get(ident)


def head_signer(issuer: Issuer) -> BodyHead | None:
    """The issuer's signer whose title is its head's ("Giám đốc")."""
    wanted = issuer.head_title.casefold()
    for signer in issuer.signers.values():
        if signer.title.casefold() == wanted:
            return BodyHead(name=signer.name, title=signer.title)
    return None


def body_ids(ws: Workspace) -> list[str]:
    """Every body's id: data/bodies.yaml's, the issuers', the schools'."""
    schools = list(ws.schools.schools) if ws.schools is not None else []
    others = list(ws.bodies.bodies) if ws.bodies is not None else []
    issuers = [i for i in ws.issuers if i not in schools and i not in others]
    return [*others, *issuers, *schools]


def known_ids(ws: Workspace, ident: str) -> str:
    """A few known bodies' ids for the hint of the unknown ``ident``: the closest first."""
    ids = body_ids(ws)
    close = difflib.get_close_matches(ident, ids, n=3, cutoff=0.6)
    shown = list(dict.fromkeys([*close, *ids]))
    return ", ".join(shown[:12]) + (", …" if len(shown) > 12 else "")


def load_bodies(
    ws: Workspace,
    data: Path,
    load: Callable[[Path], Source | None],
    validate: Callable[..., tuple[BodiesFile | None, list[Diagnostic]]],
    problems: Problems,
) -> None:
    """Read data/bodies.yaml (optional): its bodies, each parent a known issuer, no id twice
    (``load`` and ``validate`` are the workspace's, docgen.data.workspace)."""
    if ws.schools is None and (data / "schools.yaml").exists():
        ws.broken.add("body:*")  # its errors are reported: not every proposal's body again
    path = data / "bodies.yaml"
    if not path.exists():
        return
    src = load(path)
    if src is None:
        ws.broken.add("body:*")  # unreadable: reported, and not every proposal's body again
        return
    bodies, found = validate(BodiesFile, src, src.data)
    problems.extend(found)
    if bodies is None:
        ws.broken.add("body:*")
        return
    ws.bodies = bodies
    schools = ws.schools.schools if ws.schools is not None else {}
    for key, body in bodies.bodies.items():
        if key in schools or key in ws.issuers:
            where = "data/schools.yaml" if key in schools else "data/issuers.yaml"
            problems.add(
                "DATA-DUPLICATE-ID",
                f"the body '{key}' is already declared in {where}",
                src.locate(("bodies", key), key=True),
            )
        parent = body.parent
        if parent is not None and parent not in ws.issuers and not ws.is_broken("issuer", parent):
            problems.add(
                "DATA-REF",
                f"unknown issuer '{body.parent}'",
                src.locate(("bodies", key, "parent")),
                hint=f"the issuers are those of data/issuers.yaml: {', '.join(ws.issuers)}",
            )
