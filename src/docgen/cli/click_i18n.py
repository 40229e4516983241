"""click's own words (usage errors, prompts, help headings) in the clerk's language.

click asks Python's gettext for each text it shows (``from gettext import gettext as _`` in
each of its modules) and, with no translation installed, shows English. This gives those
modules a gettext that reads docgen's catalogue, where click's templates, with their named
values (``No such option {name!r}.``), have whole Vietnamese sentences; the placeholders of
the usage line and of the options (``[OPTIONS]``, ``FILE``) get Vietnamese names too."""

from __future__ import annotations

import importlib
import re

from docgen.i18n import catalogue, language

# the modules of click that call gettext
_MODULES = (
    "core",
    "decorators",
    "exceptions",
    "formatting",
    "parser",
    "termui",
    "types",
    "utils",
    "_termui_impl",
)

# click's placeholders (upper case, as click writes them) and docgen's own metavars
METAVARS = {
    "OPTIONS": "TÙY_CHỌN",
    "COMMAND": "LỆNH",
    "ARGS": "THAM_SỐ",
    "TEXT": "CHỮ",
    "INTEGER RANGE": "SỐ",
    "INTEGER": "SỐ",
    "FLOAT": "SỐ",
    "BOOLEAN": "CÓ/KHÔNG",
    "FILE": "TỆP",
    "FILES": "TỆP",
    "DIRECTORY": "THƯ_MỤC",
    "PATH": "ĐƯỜNG_DẪN",
    "TYPE": "LOẠI",
    "SPEC": "TỆP_KHAI_BÁO",
    "NAME": "TÊN",
    "ISSUER": "CƠ_QUAN",
    "NUMBER": "SỐ",
    "YEAR": "NĂM",
    "DATE": "NGÀY",
    "FOLDER": "THƯ_MỤC",
    "SOURCE": "NGUỒN",
    "TARGET": "ĐÍCH",
    "URL": "URL",
}
_METAVAR = re.compile(
    r"(?<![\w-])(" + "|".join(sorted(map(re.escape, METAVARS), key=len, reverse=True)) + r")\b"
)


def gettext(text: str) -> str:
    """click's text in the chosen language (as it is when the catalogue lacks it)."""
    if language() == "en":
        return text
    return catalogue().get(text, text)


def ngettext(singular: str, plural: str, count: int) -> str:
    return gettext(singular if count == 1 else plural)


def metavars(text: str) -> str:
    """``[OPTIONS] COMMAND [ARGS]...`` → ``[TÙY_CHỌN] LỆNH [THAM_SỐ]...`` in Vietnamese."""
    if language() == "en":
        return text
    return _METAVAR.sub(lambda m: METAVARS[m.group(1)], text)


def install() -> None:
    """Give click's modules the catalogue's gettext (once; the language is read each time a
    text is shown, so ``--lang en`` still has English)."""
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
