"""A campaign's timeline against its period: every year written, or stated empty."""

from __future__ import annotations

from docgen.data.loader import Source
from docgen.data.models import Campaign
from docgen.errors import Diagnostic, Problems, Severity


def check_timeline(campaign: Campaign, src: Source, problems: Problems) -> list[Diagnostic]:
    """Every year of the campaign's period has its entry in the timeline (a year left out
    would be skipped silently by the plan of the period); returns a warning for each year
    written without activities (``activities: []``), which the plan leaves out."""
    missing = campaign.missing_years()
    if missing:
        problems.add(
            "DATA-TIMELINE",
            f"the timeline has no entry for {', '.join(str(y) for y in missing)} (the period "
            f"is {campaign.period})",
            src.locate(("timeline",), key=True),
            hint="add the activities of the year, or write the year with 'activities: []' "
            "if it has none",
        )
    return [
        Diagnostic(
            "CAMPAIGN-EMPTY-YEAR",
            f"the timeline of {entry.year} has no activities: the plan of the period leaves "
            "the year out",
            src.locate(("timeline", i, "activities")),
            Severity.WARNING,
        )
        for i, entry in enumerate(campaign.timeline)
        if not entry.activities
    ]
