"""What a document kind is: the one extension point of docgen, one module per kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from docgen.data.models import Basis, Campaign, Issuer, SpecBase
from docgen.errors import Problems
from docgen.rules import DocumentType, FormatRules

if TYPE_CHECKING:
    from docgen.data.loader import Source
    from docgen.data.workspace import Workspace


@dataclass(frozen=True)
class RenderJob:
    """Everything a kind needs to build the values its template sees."""

    ws: Workspace
    spec_id: str
    spec: SpecBase
    issuer: Issuer
    campaign: Campaign | None
    rules: FormatRules
    symbol: str  # from the register
    bases: list[str]  # the legal bases as text, citations resolved
    replaces: str | None = None  # a decision replacing another: that one's citation text

    @property
    def names(self) -> tuple[str, ...]:
        """The workspace's names no title line may break inside (documents.context)."""
        from docgen.documents.context import workspace_names

        return workspace_names(self.ws)


@dataclass(frozen=True)
class TemplateSource:
    """A template docgen builds for a kind (``make templates``), in both systems.

    ``type_id`` names the document type whose name the title block prints; None prints the
    ``type_title`` variable instead (one template for many types). ``layout`` is ``titled``
    (type name and subject under the header) or ``letter`` (a công văn: no type name, the
    subject under the number).
    """

    name: str  # templates/<system>/<name>.docx, built from templates/source/<name>.txt
    type_id: str | None
    layout: str = "titled"


class Kind:
    """A kind of document: its spec model, its document type, its template and its context.

    A new kind is a module in ``docgen/kinds/`` with a ``KIND`` instance of a subclass, and its
    name in ``KIND_MODULES`` (``docgen/kinds/__init__.py``).
    """

    name: ClassVar[str]  # the ``kind:`` of a spec
    summary: ClassVar[str]  # one line, for messages and the documentation
    spec_model: ClassVar[type[SpecBase]]
    type_id: ClassVar[str | None] = None  # the document type; None: the spec names it
    templates: ClassVar[tuple[TemplateSource, ...]] = ()  # built by ``make templates``

    def document_type_id(self, spec: SpecBase) -> str:
        """The id of the spec's document type in the types table."""
        if self.type_id is None:  # pragma: no cover - kinds without a fixed type override this
            raise NotImplementedError(self.name)
        return self.type_id

    def document_type(self, spec: SpecBase, rules: FormatRules) -> DocumentType:
        return rules.document_types[self.document_type_id(spec)]

    def type_abbr(self, spec: SpecBase, issuer: Issuer, rules: FormatRules) -> str | None:
        """The type abbreviation in the document's symbol (none for a State công văn)."""
        return self.document_type(spec, rules).abbr_for(issuer.system)

    def template(self, spec: SpecBase, issuer: Issuer) -> str:
        """The template, relative to the workspace's templates/ folder: the spec's own
        (``template: my-office/cong-van.docx``), else the kind's for the issuer's system."""
        if spec.template:
            return spec.template
        return f"{issuer.system}/{self.name}.docx"

    def symbol_issuer(self, spec: SpecBase, issuer: Issuer) -> str:
        """What follows the type in the symbol: the issuer's abbreviation."""
        return issuer.abbr

    def signer_name(self, ws: Workspace, spec: SpecBase) -> str:
        """Who signs, for the register: the issuer's signer the spec names."""
        assert spec.signature is not None  # only a kind that signs otherwise has none
        return ws.issuers[spec.issuer].signers[spec.signature.signer].name

    def default_bases(self, ws: Workspace, spec: SpecBase) -> list[Basis]:
        """The legal bases when the spec gives none."""
        return []

    def check(self, ws: Workspace, spec_id: str, source: Source, problems: Problems) -> None:
        """Cross-checks of one spec against the rest of the workspace (after validation)."""

    def context(self, job: RenderJob) -> dict[str, Any]:
        """The values the template sees."""
        raise NotImplementedError(self.name)  # pragma: no cover
