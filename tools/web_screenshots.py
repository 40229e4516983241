"""Screenshots of the main pages of the web app, for looking at them and for the README.

    .venv/bin/python tools/web_screenshots.py [--out /tmp/docgen-shots] [--phone]

With --phone the pages are taken at a phone's width (375 × 812), whole pages.

Copies the example workspace into a temporary folder, adds a văn thư user, serves it on
127.0.0.1 (a free port), signs in with headless chromium (Debian's /usr/bin/chromium through
Playwright), builds everything and saves one PNG per page.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--lang=vi",  # the browser's own words (file pickers) in Vietnamese, as on a clerk's PC
]


def main() -> None:
    import uvicorn
    from playwright.sync_api import sync_playwright

    from docgen.web.app import create_app
    from docgen.web.config import users_file
    from docgen.web.users import add_user

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("/tmp/docgen-shots"))
    parser.add_argument("--phone", action="store_true", help="A phone's width: 375 × 812.")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "data", root / "data")
        shutil.copytree(ROOT / "templates", root / "templates")
        # its register, as docgen register init makes it (nothing creates one silently)
        from docgen.register import open_register

        open_register(root / "register.sqlite", create=True)
        add_user(users_file(root), "lan", "van_thu", "mat-khau-demo")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(
            uvicorn.Config(create_app(root), host="127.0.0.1", port=port, log_level="warning")
        )
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            size = {"width": 375, "height": 812} if args.phone else {"width": 1280, "height": 900}
            page = browser.new_page(viewport=size)

            def shot(name: str, full: bool = False) -> None:
                path = str(args.out / f"{name}.png")
                page.screenshot(path=path, full_page=full or args.phone)
                print(args.out / f"{name}.png")

            page.goto(f"{base}/login")
            shot("login")
            page.fill("input[name=username]", "lan")
            page.fill("input[name=password]", "mat-khau-demo")
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/documents")
            shot("documents-before")
            page.click("text=Tạo tất cả văn bản")
            page.wait_for_selector("#state.ok, #state.error", timeout=180_000)
            shot("build")
            page.goto(f"{base}/documents")
            shot("documents", full=True)
            page.goto(f"{base}/preview/ke-hoach-2024-KH-HVCTQG.docx", timeout=180_000)
            page.wait_for_function(
                "() => [...document.images].every(i => i.complete)", timeout=60_000
            )
            shot("preview")
            page.goto(f"{base}/decisions/quyet-dinh-khen-thuong-2024")
            shot("decision")
            page.goto(f"{base}/register")
            shot("register")
            page.goto(f"{base}/check")
            shot("check")
            spec = root / "data" / "documents" / "ke-hoach-2024.yaml"
            text = spec.read_text(encoding="utf-8")
            spec.write_text(text.replace("date: 2024-01-05", "date: 2024-02-30"), "utf-8")
            page.goto(f"{base}/data")
            shot("data-errors")
            browser.close()
        server.should_exit = True


if __name__ == "__main__":
    main()
