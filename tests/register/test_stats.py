"""``docgen stats`` over each register backend: what the register holds issued counts, a voided
number does not, and a decision built again after its number was voided counts again."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from docgen.api import build, validate_workspace
from docgen.awards.stats import award_stats
from docgen.cli.main import cli
from docgen.register import open_register
from tests.conftest import make_workspace

HV = "data/documents/quyet-dinh-khen-thuong-2024.yaml"
UBND = "data/documents/quyet-dinh-khen-thuong-ubnd-nghe-an-2024.yaml"
LATER = "data/documents/quyet-dinh-khen-thuong-ubnd-nghe-an-2025.yaml"
TERM = "data/documents/quyet-dinh-tong-ket-2022-2025.yaml"  # the Học viện's, for 2022-2025
NOT_BUILT = [LATER, TERM]  # the example's other award decisions, not built here
SPECS = ["ke-hoach-1247-phat-dong", "ke-hoach-2024", "bien-ban-hoi-dong-2024",
         "quyet-dinh-khen-thuong-2024", "quyet-dinh-khen-thuong-ubnd-nghe-an-2024"]  # fmt: skip


def test_a_voided_decision_is_not_counted(tmp_path: Path, register_url: str) -> None:
    ws = make_workspace(tmp_path / "ws")
    assert not build(ws, ws / "output", only=SPECS, register=register_url).failed
    workspace = validate_workspace(ws)
    register = open_register(register_url)
    before = award_stats(workspace, register, by="school")
    assert [d.spec for d in before.decisions] == [HV, UBND]
    ubnd = next(d for d in before.decisions if d.spec == UBND)

    register.void("ubnd-nghe-an", ubnd.symbol, "ký nhầm người ký")
    after = award_stats(workspace, register, by="school")
    assert [d.spec for d in after.decisions] == [HV]
    assert [(d.spec, d.reason, d.symbol) for d in after.left_out] == [
        (UBND, "voided", ubnd.symbol),
        *((spec, "not_built", None) for spec in NOT_BUILT),
    ]
    assert after.total.money == before.total.money - ubnd.figures.money
    assert after.total.total == before.total.total - ubnd.figures.total
    result = CliRunner().invoke(cli, ["-C", str(ws), "--register", register_url, "stats"])
    assert result.exit_code == 0, result.stderr
    assert f"{UBND}: warning[STATS-LEFT-OUT]: not counted: its number {ubnd.symbol} was voided" in (
        result.stderr
    )
    assert f"Không tính 01 quyết định có số đã bị hủy và chưa được cấp số mới: {UBND} (số " in (
        result.stdout.replace("\n  ", " ")
    )

    # built again: a new number, counted again
    assert not build(ws, ws / "output", only=SPECS, register=register_url).failed
    again = award_stats(workspace, register, by="school")
    assert again.total == before.total
    assert [d.spec for d in again.left_out] == NOT_BUILT
    assert next(d.symbol for d in again.decisions if d.spec == UBND) != ubnd.symbol
