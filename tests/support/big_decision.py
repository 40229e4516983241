"""A workspace whose award decision lists N generated individuals over all the schools: for the
long-list tests and benchmarks/award_decision.py (the generator is docgen.awards.stress, which
the print gallery uses too)."""

from __future__ import annotations

from pathlib import Path

from docgen.awards import stress
from docgen.awards.stress import AWARD, DECISION, KEPT_SPECS, individual_names, proposal_yaml

ROOT = Path(__file__).resolve().parent.parent.parent

__all__ = ["AWARD", "DECISION", "KEPT_SPECS", "individual_names", "proposal_yaml"]


def school_ids() -> list[str]:
    return stress.school_ids(ROOT)


def make_decision_workspace(path: Path, n: int | None) -> Path:
    """A workspace building the decision and the plans it cites; ``n`` individuals over all
    schools, or the stock proposals when ``n`` is None."""
    return stress.make_decision_workspace(ROOT, path, n)
