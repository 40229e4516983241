"""Plain Vietnamese everywhere (issue 26): no English word, ISO time, "None" or raw id in what
a clerk reads, on the command line (under a Vietnamese locale) and on every web page."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from docgen.api import build
from docgen.web.app import create_app
from docgen.web.config import users_file
from docgen.web.users import add_user
from tests.conftest import ROOT, make_workspace
from tests.web.conftest import wait_for_job

# Common English words that have no business in a Vietnamese sentence. Words that are also
# Vietnamese without their accents ("in", "to", "do", "an", "no", "can", "con") are left out.
ENGLISH = set(
    """
    the of is was are were be been by and or with for from this that these those which there
    their its it has have had not found none true false error errors warning warnings file
    files must missing unknown cannot invalid should would could please try usage option
    options such command commands password repeat confirmation into only than then when where
    what will after before given hand uses used read written first last each every number
    numbers series document documents page pages rules type recognised aborted enter value
    values expected while scanning parsing mapping allowed here could find start end block flow
    sequence key keys line column did mean help
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
# A time as stored (2026-12-07T01:30:22+00:00): the clerk reads "08:30 ngày 07/12/2026".
ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
# An id (bang-khen-2024-phoi, snv-nghe-an): allowed in code (monospace) elements only.
ID = re.compile(r"(?<![\w/.\-'\"`])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w/.\-'\"`])")
# What a clerk may read although it is written in Latin letters: paths, file names, options,
# command lines, quoted YAML keys and values, codes in brackets, e-mail-like user names.
_ALLOWED = [
    re.compile(r"\S*[/\\]\S*"),  # paths (data/documents/x.yaml:3:5)
    re.compile(r"\S+\.(?:yaml|yml|docx|xlsx|pdf|png|csv|zip|sqlite|json)\b"),
    re.compile(r"(?<!\w)--?[a-zA-Z][\w-]*"),  # options
    re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|“[^”\n]*”|`[^`\n]*`"),  # quoted
    re.compile(r"\[[A-Z0-9-]+\]"),  # codes
    re.compile(r"docgen(?: [a-z][\w-]*)*"),  # command names
    re.compile(r"\S+@\S+"),
    re.compile(r"\w*_\w*"),  # YAML keys and values (allowed_hosts, van_thu)
]


def problems(text: str, *, ids: bool = True) -> list[str]:
    """The English words, ISO times, 'None' and ids (outside code) in ``text``."""
    found = [m.group(0) for m in ISO_TIME.finditer(text)]
    for pattern in _ALLOWED:
        text = pattern.sub(" ", text)
    id_found = [m.group(0) for m in ID.finditer(text) if re.search("[a-z]", m.group(0))]
    words = ID.sub(" ", text)
    found += [w for w in re.findall(r"[A-Za-z]+", words) if w.lower() in ENGLISH or w in ("None",)]
    if ids:
        found += id_found
    return found


class _Visible(HTMLParser):
    """The text a reader sees: element text and the attributes shown (title, placeholder,
    buttons' values), without scripts, styles and code elements (ids are fine there)."""

    HIDDEN = frozenset({"script", "style", "code", "kbd", "samp", "pre", "title"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        shown = dict(attrs)
        for name in ("title", "placeholder", "alt", "aria-label"):
            if shown.get(name):
                self.parts.append(str(shown[name]))
        if tag == "input" and shown.get("type") in ("submit", "button") and shown.get("value"):
            self.parts.append(str(shown["value"]))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    return " ".join([title.group(1) if title else "", *parser.parts])


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("Đợt in bang-khen-2024-phoi", ["bang-khen-2024-phoi"]),
        ("Phong trào None", ["None"]),
        ("Đã hủy 2026-12-07T01:30:22+00:00: nhầm", ["2026-12-07T01:30"]),
        ("x.docx: 0 errors, 0 warnings (state rules, công văn)", ["errors", "warnings", "rules"]),
        ("dùng the citation of Thông tư", ["the", "of"]),
        ("Try 'docgen --help' for help.", ["Try", "for", "help"]),
        ("data/documents/ke-hoach-2024.yaml:3:5: lỗi[DATA-REF]: không có 'khong-co'", []),
        ("08:30 ngày 07/12/2026 · hãy chạy docgen register void --year 2024", []),
    ],
)
def test_the_detector(text: str, bad: list[str]) -> None:
    assert problems(text) == bad


# -- the command line ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_workspace(tmp_path_factory.mktemp("no-english"), achievements=True)
    return root


def _docgen(root: Path, *args: str, stdin: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("DOCGEN_LANG", "LC_ALL")}
    env.update(LANG="vi_VN.UTF-8", PYTHONPATH=str(ROOT / "src"))
    run = subprocess.run(
        [sys.executable, "-m", "docgen", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=600,
    )
    return run.stdout + run.stderr


COMMANDS = [
    ["validate"],
    ["build"],
    ["validate"],  # after the build: the register's warnings too
    ["check", "output/ke-hoach-2024-KH-HVCTQG.docx", "output/cong-van-125-SNV-VP.docx"],
    ["register", "void", "snv-nghe-an", "01/TB-SNV", "--year", "2025", "--reason", "ghi nhầm"],
    ["register", "list"],
    ["register", "log"],
    ["register", "gaps"],
    ["stats"],
    ["--help"],
    ["build", "--help"],
    ["register", "--help"],
    ["serve", "--help"],
    ["-C"],
    ["build", "--no-such-option"],
    ["khong-co-lenh"],
    ["new"],
    ["new", "cong_van", "--system", "khong-co"],
    ["history"],  # no version recorded yet
    ["history", "data/documents/ke-hoach-2024.yaml", "--show", "1"],
    ["history", "--help"],
]


def test_the_command_line_speaks_only_vietnamese(workspace: Path) -> None:
    found: dict[str, list[str]] = {}
    shown: list[str] = []
    for args in COMMANDS:
        output = _docgen(workspace, *args)
        # ids are part of a command line's output (the spec files, the issuers' ids)
        bad = problems(output, ids=False)
        if bad:
            found[" ".join(args)] = sorted(set(bad))
            shown += [line for line in output.splitlines() if problems(line, ids=False)]
    assert found == {}, "\n".join(shown)


def test_a_yaml_syntax_error_is_told_in_vietnamese(tmp_path: Path) -> None:
    root = make_workspace(tmp_path)
    spec = root / "data/documents/ke-hoach-2024.yaml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace("issuer: hvctqg", "issuer hvctqg\n  : x:"),
        encoding="utf-8",
    )
    output = _docgen(root, "validate")
    assert "data/documents/ke-hoach-2024.yaml:" in output
    assert problems(output, ids=False) == [], output


def test_new_and_init_write_vietnamese_comments(tmp_path: Path) -> None:
    _docgen(tmp_path, "init", "van-phong")
    root = tmp_path / "van-phong"
    # the files init writes for the clerk to edit (the law data is copied as docgen has it)
    written = [root / "data/issuers.yaml", root / "data/settings.yaml"]
    written += [*root.glob("data/campaigns/*.yaml"), *root.glob("data/documents/*.yaml")]
    assert len(written) == 4
    (root / "data/documents").mkdir(parents=True, exist_ok=True)
    _docgen(root, "new", "cong_van", "-o", "data/documents/moi.yaml")
    # a YAML value in a hint stays as the clerk must write it, not translated
    refused = _docgen(root, "new", "cong_van", "--system", "party")
    assert "'system: party'" in refused, refused
    written.append(root / "data/documents/moi.yaml")
    found = {}
    for path in written:
        comments = "\n".join(
            line.split("#", 1)[1]
            for line in path.read_text(encoding="utf-8").splitlines()
            if "#" in line
        )
        bad = problems(comments, ids=False)
        if bad:
            found[str(path.relative_to(root))] = sorted(set(bad))
    assert found == {}, found


def test_the_password_prompts_are_vietnamese(tmp_path: Path) -> None:
    root = make_workspace(tmp_path)
    output = _docgen(root, "user", "add", "lan", "--role", "van_thu", stdin="a\nb\nmk\nmk\n")
    # Python's own warning when the input is no terminal (as here), not shown to a clerk
    output = "\n".join(
        line
        for line in output.splitlines()
        if "GetPassWarning" not in line
        and "fallback_getpass" not in line
        and line != "Warning: Password input may be echoed."
    )
    assert "Mật khẩu" in output, output
    assert problems(output, ids=False) == [], output


# -- the web pages ------------------------------------------------------------------------

_NOT_PAGES = re.compile(
    r"^/(files|pdf|static|pages|voided)/|^/register/export|^/certificates/.*/(zip|pdf|files)"
    r"|^/logout"
)


def test_every_web_page_speaks_only_vietnamese(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from starlette.testclient import TestClient

    monkeypatch.delenv("DOCGEN_LANG", raising=False)
    if not (workspace / "output").exists():
        build(workspace)
    add_user(users_file(workspace), "quan", "admin", "mat-khau-quan-tri")
    client = TestClient(create_app(workspace))
    form = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token
    # the login page, and a failed login, before signing in
    pages = {"/login": form}
    failed = client.post(
        "/login",
        data={"username": "quan", "password": "sai", "csrf_token": token.group(1), "next": "/"},
    )
    pages["/login (sai mật khẩu)"] = failed.text
    client.post(
        "/login",
        data={
            "username": "quan",
            "password": "mat-khau-quan-tri",
            "csrf_token": token.group(1),
            "next": "/documents",
        },
    )
    # a voided number (its time shown), a build run from the web (its page and times), and a
    # document checked on the check page
    from docgen.register import open_register

    book = open_register(workspace / "register.sqlite")
    live = [e for e in book.entries("snv-nghe-an", 2025) if e.state == "issued"]
    book.void("snv-nghe-an", live[-1].symbol, "ghi nhầm ngày", 2025)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/documents").text)
    assert token
    started = client.post("/build", data={"csrf_token": token.group(1)}, follow_redirects=False)
    wait_for_job(client, started.headers["location"])
    docx = (workspace / "output" / "ke-hoach-2024-KH-HVCTQG.docx").read_bytes()
    for system in ("auto", "party"):
        checked = client.post(
            "/check",
            data={"csrf_token": token.group(1), "system": system},
            files={"file": ("ke-hoach.docx", docx, "application/octet-stream")},
        )
        pages[f"/check ({system})"] = checked.text
    todo, seen, previews = ["/", "/khong-co", "/documents/khong-co"], set(), 0
    while todo:
        url = todo.pop(0)
        if url in seen or _NOT_PAGES.search(url):
            continue
        seen.add(url)
        if url.startswith("/preview/"):  # LibreOffice lays each out: one is enough
            previews += 1
            if previews > 1:
                continue
        response = client.get(url)
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        pages[url] = response.text
        todo += re.findall(r'href="(/[^"#?]*)', response.text)
    # an import that fails keeps the form's year and school: a damaged workbook, a file of
    # another type
    page = client.get("/import").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    failed_imports = [
        client.post(
            "/import",
            data={"csrf_token": token.group(1), "year": "2024", "school": "lao-cai"},
            files={"file": (name, b"not a workbook", "application/octet-stream")},
        )
        for name in ("ds.xlsx", "ds.txt")
    ]
    for n, failed_import in enumerate(failed_imports):
        assert failed_import.status_code in (415, 422)
        pages[f"/import (tệp hỏng {n})"] = failed_import.text
        assert 'value="2024"' in failed_import.text
        assert re.search(r'<option value="lao-cai"[^>]* selected', failed_import.text)
    found = {}
    for url, html in pages.items():
        bad = problems(visible_text(html))
        if bad:
            found[url] = sorted(set(bad))
    assert found == {}, found
    # and each page says, under its title, what it is for and what to do
    without_help = [url for url, html in pages.items() if 'class="help"' not in html]
    assert without_help == []


@pytest.mark.parametrize(
    ("stored", "zone", "shown"),
    [
        ("2026-12-07T01:30:22+00:00", None, "08:30 ngày 07/12/2026"),
        ("2026-12-07T20:05:00+00:00", None, "03:05 ngày 08/12/2026"),
        ("2026-12-07T01:30:22+00:00", "Europe/Paris", "02:30 ngày 07/12/2026"),
        ("2026-12-07T01:30:22", None, "08:30 ngày 07/12/2026"),  # no zone: UTC, as stored
        ("", None, ""),
        ("hôm qua", None, "hôm qua"),
    ],
)
def test_times_are_the_offices(
    stored: str, zone: str | None, shown: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docgen.vn.times import moment_text

    if zone:
        monkeypatch.setenv("DOCGEN_TIMEZONE", zone)
    else:
        monkeypatch.delenv("DOCGEN_TIMEZONE", raising=False)
    assert moment_text(stored) == shown
