"""Upward proposals (issue 25, item 4): a province's Tờ trình to the Prime Minister, the dossier
that level asks for (data/law/dossiers.yaml), and the Prime Minister's decision recorded when it
comes back (data/received/), which the award history and the eligibility rules then know."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from docgen.cli.main import cli
from tests.conftest import make_workspace
from tests.support.docx_inspect import text_dump

SPEC = "data/documents/to-trinh-ubnd-nghe-an-ttg-2024.yaml"

PROPOSAL = """\
# Trường Chính trị tỉnh Nghệ An's nominees for the Prime Minister's Bằng khen, proposed upward
# by the province's People's Committee (to-trinh-ubnd-nghe-an-ttg-2024.yaml).
campaign: xd-truong-chuan
year: 2024
school: nghe-an
date: 2025-01-10
award: bang-khen-ttg
collectives:
  - name: Khoa Nhà nước và pháp luật
    achievement: Hoàn thành xuất sắc nhiệm vụ đào tạo, bồi dưỡng cán bộ năm 2024.
    eligibility:
      override: bk-ttg-tap-the
      reason: Hội đồng Thi đua - Khen thưởng tỉnh xét thành tích xuất sắc trong phạm vi tỉnh.
individuals:
  - name: Nguyễn Thị Thu Hằng
    gender: nữ
    position: Trưởng khoa
    unit: Khoa Nhà nước và pháp luật
    achievement: Nhiều năm liền đạt danh hiệu Chiến sĩ thi đua cơ sở.
    eligibility:
      override: bk-ttg-ca-nhan
      reason: Hội đồng Thi đua - Khen thưởng tỉnh xét thành tích xuất sắc trong phạm vi tỉnh.
"""

TO_TRINH = """\
kind: proposal
issuer: ubnd-nghe-an
number: auto
date: 2025-01-15
subject: Về việc đề nghị tặng Bằng khen của Thủ tướng Chính phủ
campaign: xd-truong-chuan
year: 2024
school: nghe-an
award: bang-khen-ttg
addressee: Thủ tướng Chính phủ
bases:
  - law: act
  - law: decree
intro: >-
  Năm 2024, Trường Chính trị tỉnh Nghệ An được Học viện Chính trị quốc gia Hồ Chí Minh công
  nhận đạt chuẩn trường chính trị; các tập thể, cá nhân tiêu biểu đã được Hội đồng Thi đua -
  Khen thưởng tỉnh xét, đề nghị khen thưởng.
signature:
  signer: nguyen-van-de
  authority: on_behalf
  on_behalf_of: Ủy ban nhân dân
recipients:
  - Như trên
  - Chủ tịch, các Phó Chủ tịch UBND tỉnh
archive: VT, TĐKT
output: to-trinh-ubnd-nghe-an-ttg-2024.docx
"""

COUNCIL = """\
name: Hội đồng Thi đua - Khen thưởng tỉnh Nghệ An
established_by: Quyết định số 10/QĐ-UBND ngày 05/01/2024 của Ủy ban nhân dân tỉnh Nghệ An
advises: Chủ tịch Ủy ban nhân dân tỉnh
members:
  nguyen-van-de: {name: Nguyễn Văn Đệ, position: Chủ tịch UBND tỉnh, role: chair}
  le-van-a: {name: Lê Văn An, position: Giám đốc Sở Nội vụ, role: vice_chair}
  tran-thi-b: {name: Trần Thị Bình, position: Phó Giám đốc Sở Nội vụ, role: member}
  ho-van-c: {name: Hồ Văn Cường, position: Trưởng ban Thi đua - Khen thưởng, role: secretary}
"""

COUNCIL_ISSUER = """
hd-tdkt-nghe-an:
  name: Hội đồng Thi đua - Khen thưởng tỉnh Nghệ An
  header:
    - Hội đồng Thi đua - Khen thưởng
    - tỉnh Nghệ An
  abbr: HĐTĐKT
  system: state
  place: Nghệ An
  head_title: Chủ tịch Hội đồng
  signers:
    nguyen-van-de:
      name: Nguyễn Văn Đệ
      title: Chủ tịch Hội đồng
  numbering:
    scope: year
    series: per_type
"""

VOTE_RULE = """\
  - awards: [bang-khen-ttg]
    from: 2024-01-01
    to: 2025-06-30
    votes: {share: 80%, of: members, secret: true, source: test, confirmed: false}
    quorum: {share: 2/3, source: test, confirmed: false}
"""

MINUTES = """\
kind: minutes
issuer: hd-tdkt-nghe-an
number: auto
date: 2025-01-12
subject: về việc xét đề nghị tặng Bằng khen của Thủ tướng Chính phủ năm 2024
campaign: xd-truong-chuan
year: 2024
award: bang-khen-ttg
schools: [nghe-an]
council: nghe-an
start: "08:00"
end: "10:00"
place: Phòng họp số 1, Ủy ban nhân dân tỉnh Nghệ An
agenda:
  - Hội đồng bỏ phiếu kín đối với từng tập thể, cá nhân được đề nghị.
recipients:
  - Các thành viên Hội đồng
archive: VT, TĐKT
output: bien-ban-hd-tdkt-nghe-an-ttg-2024.docx
"""

RECEIVED = """\
# The Prime Minister's decision answering the province's Tờ trình (number and date as printed)
number: 1234/QĐ-TTg
date: 2025-03-10
issuer: Thủ tướng Chính phủ
award: bang-khen-ttg
answers: to-trinh-ubnd-nghe-an-ttg-2024
awarded: all
"""


def upward_workspace(tmp_path: Path, *, minutes: bool = True, received: str | None = None) -> Path:
    """A copy of the example workspace with the province's upward Tờ trình and its nominees,
    the provincial council's minutes (unless ``minutes`` is false) and a received decision."""
    ws = make_workspace(tmp_path)
    data = ws / "data"
    for example in (  # the example's own upward proposal of 2025: this test makes its own
        "documents/to-trinh-ubnd-nghe-an-ttg-2025.yaml",
        "documents/bien-ban-hd-tdkt-nghe-an-ttg-2025.yaml",
        "proposals/2025/nghe-an-ttg.yaml",
        "received/ttg-2026-bang-khen-nghe-an.yaml",
    ):
        (data / example).unlink()
    (data / "proposals" / "2024" / "nghe-an-ttg.yaml").write_text(PROPOSAL, encoding="utf-8")
    (data / "documents" / "to-trinh-ubnd-nghe-an-ttg-2024.yaml").write_text(
        TO_TRINH, encoding="utf-8"
    )
    if minutes:
        (data / "councils" / "nghe-an.yaml").write_text(COUNCIL, encoding="utf-8")
        if "hd-tdkt-nghe-an:" not in (data / "issuers.yaml").read_text(encoding="utf-8"):
            with open(data / "issuers.yaml", "a", encoding="utf-8") as f:
                f.write(COUNCIL_ISSUER)
        with open(data / "law" / "votes.yaml", "a", encoding="utf-8") as f:
            f.write(VOTE_RULE)
        (data / "documents" / "bien-ban-hd-tdkt-nghe-an-ttg-2024.yaml").write_text(
            MINUTES, encoding="utf-8"
        )
    if received is not None:
        (data / "received").mkdir(exist_ok=True)
        (data / "received" / "ttg-1234-2025.yaml").write_text(received, encoding="utf-8")
    return ws


def run(ws: Path, *args: str) -> tuple[int, str, str]:
    register = ws / "register.sqlite"
    result = CliRunner().invoke(cli, ["-C", str(ws), "--register", str(register), *args])
    return result.exit_code, result.stdout, result.stderr


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_the_upward_dossier_holds_what_the_prime_ministers_level_asks_for(
    tmp_path: Path,
) -> None:
    ws = upward_workspace(tmp_path)
    out = ws / "ho-so-ttg"
    code, stdout, stderr = run(ws, "dossier", SPEC, "--out", str(out))
    assert code == 0, stderr
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    # the parts data/law/dossiers.yaml lists on the Tờ trình's date, in that order
    assert names[0].startswith("01-to-trinh-ubnd-nghe-an-ttg-2024")
    assert names[1].startswith("02-bien-ban-hd-tdkt-nghe-an-ttg-2024")
    assert names[2] == "03-bao-cao-thanh-tich"
    assert len(names) == 3
    assert len(list((out / "03-bao-cao-thanh-tich").iterdir())) == 2
    # the index names each part as the law words it, and the sets to submit
    assert "Biên bản họp Hội đồng Thi đua - Khen thưởng kèm kết quả bỏ phiếu kín" in stdout
    assert stdout.strip().splitlines()[-1].startswith("dossier of 4 documents in")
    assert "to Thủ tướng Chính phủ: the law asks for 2 sets" in stdout
    # every value of the dossier's law not read in the act is warned about
    assert "warning[LAW-UNCONFIRMED]" in stderr and "data/law/dossiers.yaml" in stderr

    text = text_dump(out / names[0]).replace("\xa0", " ")
    # the province writes to the Prime Minister, through the central board
    assert "Kính gửi: Thủ tướng Chính phủ (qua Ban Thi đua - Khen thưởng Trung ương)" in text
    assert (
        "Ủy ban nhân dân tỉnh Nghệ An kính đề nghị Thủ tướng Chính phủ xem xét, tặng Bằng khen "
        "của Thủ tướng Chính phủ cho 01 tập thể và 01 cá nhân"
    ) in text
    assert "Ủy ban nhân dân tỉnh Nghệ An kính trình Thủ tướng Chính phủ xem xét" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text and "Nguyễn Văn Đệ" in text
    assert "Khoa Nhà nước và pháp luật" in text and "Nguyễn Thị Thu Hằng" in text
    assert "của Ủy ban nhân dân tỉnh Nghệ An)" in text  # the list's "Kèm theo Tờ trình số …"


def test_a_part_the_level_asks_for_and_the_workspace_lacks_stops_the_dossier(
    tmp_path: Path,
) -> None:
    ws = upward_workspace(tmp_path, minutes=False)
    out = ws / "ho-so-ttg"
    code, _, stderr = run(ws, "dossier", SPEC, "--out", str(out))
    assert code != 0
    spec_line = line_of(ws / SPEC, "award:")
    assert f"{SPEC}:{spec_line}:8: error[DOSSIER-MISSING]" in stderr
    assert "must hold the Biên bản họp Hội đồng Thi đua - Khen thưởng" in stderr
    assert "data/law/dossiers.yaml:" in stderr
    assert "kind: minutes, campaign: xd-truong-chuan, year: 2024, award: bang-khen-ttg" in stderr
    assert "Traceback" not in stderr
    assert not out.exists()


def test_the_received_decision_is_in_a_later_achievement_reports_history(
    tmp_path: Path,
) -> None:
    ws = upward_workspace(tmp_path, received=RECEIVED)
    out = tmp_path / "bao-cao"
    decision = "data/documents/quyet-dinh-khen-thuong-ubnd-nghe-an-2025.yaml"
    code, _, stderr = run(ws, "achievements", str(ws / decision), "--out", str(out))
    assert code == 0, stderr
    report = next(p for p in out.iterdir() if "Nguyễn Thị Thu Hằng" in p.name)
    text = text_dump(report).replace("\xa0", " ")  # names are kept whole on a line
    assert (
        "Bằng khen của Thủ tướng Chính phủ\n[DGTableText 13] Quyết định số 1234/QĐ-TTg ngày "
        "10/3/2025 của Thủ tướng Chính phủ"
    ) in text
    # the nominee the decision leaves out is not credited with it
    except_one = RECEIVED.replace("awarded: all", "except: [Nguyễn Thị Thu Hằng]")
    ws2 = upward_workspace(tmp_path / "two", received=except_one)
    out2 = tmp_path / "bao-cao-2"
    code, _, stderr = run(ws2, "achievements", str(ws2 / decision), "--out", str(out2))
    assert code == 0, stderr
    report = next(p for p in out2.iterdir() if "Nguyễn Thị Thu Hằng" in p.name)
    assert "1234/QĐ-TTg" not in text_dump(report)


NOT_TWICE = """\
  - id: bk-ttg-tap-the
    award: bang-khen-ttg
    recipient: collective
    from: 2024-01-01
    source: test rule (not the law)
    confirmed: false
    conditions:
      - type: not_within
        years: 1
"""

AGAIN_2025 = """\
campaign: xd-truong-chuan
year: 2025
school: nghe-an
date: 2025-11-20
award: bang-khen-ttg
collectives:
  - name: Khoa Nhà nước và pháp luật
    achievement: Hoàn thành xuất sắc nhiệm vụ năm 2025.
"""


def test_the_received_decision_counts_for_eligibility(tmp_path: Path) -> None:
    def validate(received: str | None, where: str) -> tuple[int, str]:
        ws = upward_workspace(tmp_path / where, received=received)
        # the test rule instead of the collectives' rule of the law data
        rules = ws / "data" / "law" / "eligibility.yaml"
        text = rules.read_text(encoding="utf-8")
        start = text.index("  - id: bk-ttg-tap-the\n")
        end = text.index("\n  - id: ", start + 1)
        rules.write_text(text[:start] + NOT_TWICE + text[end + 1 :], encoding="utf-8")
        again = ws / "data" / "proposals" / "2025" / "nghe-an-ttg.yaml"
        again.write_text(AGAIN_2025, encoding="utf-8")
        code, _, stderr = run(ws, "validate")
        return code, stderr

    code, stderr = validate(None, "without")
    assert code == 0, stderr
    code, stderr = validate(RECEIVED, "with")
    assert code != 0
    failing = [line for line in stderr.splitlines() if "error[" in line]
    assert len(failing) == 1, stderr
    assert "data/proposals/2025/nghe-an-ttg.yaml" in failing[0]
    assert "Khoa Nhà nước và pháp luật" in failing[0]


def test_a_received_decision_is_checked_against_its_proposal(tmp_path: Path) -> None:
    bad = RECEIVED.replace("date: 2025-03-10", "date: 2025-01-12").replace(
        "awarded: all", "awarded: [Nguyễn Thị Thu Hằng, Trần Văn Không]"
    )
    ws = upward_workspace(tmp_path, received=bad)
    code, _, stderr = run(ws, "validate")
    assert code != 0
    shown = "data/received/ttg-1234-2025.yaml"
    path = ws / shown
    assert f"{shown}:{line_of(path, 'date:')}:7: error[DATA-DATE-ORDER]" in stderr
    assert "before the Tờ trình it answers" in stderr
    name_line = line_of(path, "awarded:")
    assert f"{shown}:{name_line}:" in stderr and "'Trần Văn Không' is not a nominee" in stderr

    unknown = RECEIVED.replace("answers: to-trinh-ubnd-nghe-an-ttg-2024", "answers: to-trinh-x")
    ws = upward_workspace(tmp_path / "two", received=unknown)
    code, _, stderr = run(ws, "validate")
    assert code != 0
    line = line_of(ws / shown, "answers:")
    assert f"{shown}:{line}:10: error[DATA-REF]: unknown proposal 'to-trinh-x'" in stderr
    assert stderr.count("error[") == 1, stderr


def test_received_add_writes_the_decision_and_refuses_a_wrong_one(tmp_path: Path) -> None:
    ws = upward_workspace(tmp_path)
    add = ["received", "add", "to-trinh-ubnd-nghe-an-ttg-2024", "--number", "1234/QĐ-TTg"]
    who = ["--issuer", "Thủ tướng Chính phủ", "--except", "Nguyễn Thị Thu Hằng"]
    written = ws / "data" / "received" / "1234-qd-ttg.yaml"
    # dated before the Tờ trình: refused, nothing left behind
    code, _, stderr = run(ws, *add, "--date", "2025-01-02", *who)
    assert code != 0 and "error[DATA-DATE-ORDER]" in stderr
    assert not written.exists()
    code, stdout, stderr = run(ws, *add, "--date", "2025-03-10", *who)
    assert code == 0, stderr
    assert "recorded 1234/QĐ-TTg in received/1234-qd-ttg.yaml" in stdout
    text = written.read_text(encoding="utf-8")
    assert "number: 1234/QĐ-TTg" in text and "date: 2025-03-10" in text
    assert "award: bang-khen-ttg" in text and "- Nguyễn Thị Thu Hằng" in text
    assert run(ws, "validate")[0] == 0
    code, _, stderr = run(ws, *add, "--date", "2025-03-10", *who)
    assert code != 0 and "error[RECEIVED-EXISTS]" in stderr
