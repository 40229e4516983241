"""The warning for numbers left "bỏ trống" in the register, as ``docgen validate`` gives it."""

from __future__ import annotations

from docgen.errors import Diagnostic, Location, Severity
from docgen.i18n import message
from docgen.register.entries import Gap, symbol_width


def gap_warning(gap: Gap, where: Location) -> Diagnostic:
    """REGISTER-GAP at ``where`` (the ``number`` of the document that skipped the numbers):
    one whole sentence for one number and one for several (docgen.i18n.message)."""
    above, below = gap.above, gap.below
    values = {
        "numbers": gap.numbers_text(symbol_width(above.symbol)),
        "series": gap.series,
        "above": above.symbol,
        "above_date": f"{above.date:%d/%m/%Y}",
        "below": below.symbol,
        "below_date": f"{below.date:%d/%m/%Y}",
    }
    void = f'docgen register void {gap.issuer} {gap.first} --year {above.date.year} --reason "…"'
    if gap.count == 1:
        text = message(
            "number {numbers} of series {series} is bỏ trống: {above} of {above_date} was "
            "given by hand after {below} of {below_date}, and no document took it",
            **values,
        )
        hint = message(
            "give it by hand to documents dated between those two, or void it: {void}",
            void=void,
        )
    else:
        text = message(
            "numbers {numbers} of series {series} are bỏ trống: {above} of {above_date} was "
            "given by hand after {below} of {below_date}, and no document took them",
            **values,
        )
        hint = message(
            "give them by hand to documents dated between those two, or void each: {void}",
            void=void,
        )
    return Diagnostic("REGISTER-GAP", text, where, Severity.WARNING, hint=hint)
