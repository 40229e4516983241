"""Numbers and money in Vietnamese words and figures (vietnamese.md "Numbers and money")."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_SCALES = ("", "nghìn", "triệu")
_BILLION = 10**9
_LIMIT = 10**15


def _group(n: int, inner: bool) -> list[str]:
    """Words for 0 < n < 1000; ``inner``: not the leading group, so a zero hundreds is said."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or inner:
        words += [_DIGITS[hundreds], "trăm"]  # inner zero hundreds: "không trăm"
    if tens == 0:
        if units:
            if words:
                words.append("linh")  # northern, official ("lẻ" in the south)
            words.append(_DIGITS[units])
        return words
    words += ["mười"] if tens == 1 else [_DIGITS[tens], "mươi"]
    if units == 1:
        words.append("mốt" if tens >= 2 else "một")
    elif units == 4:
        words.append("tư" if tens >= 2 else "bốn")
    elif units == 5:
        words.append("lăm")  # 5 after any tens digit
    elif units:
        words.append(_DIGITS[units])
    return words


def _below_billion(n: int, inner: bool) -> list[str]:
    groups = []
    while n:
        n, g = divmod(n, 1000)
        groups.append(g)
    words: list[str] = []
    top = len(groups) - 1
    for index in range(top, -1, -1):
        g = groups[index]
        if not g:
            continue  # entirely empty groups are left out
        words += _group(g, inner or index != top)
        if _SCALES[index]:
            words.append(_SCALES[index])
    return words


def _words(n: int, inner: bool) -> list[str]:
    if n >= _BILLION:
        high, low = divmod(n, _BILLION)
        return [*_words(high, inner), "tỷ", *_below_billion(low, True)]
    return _below_billion(n, inner)


def number_words(n: int) -> str:
    """``105`` → ``một trăm linh năm``; ``2001`` → ``hai nghìn không trăm linh một``."""
    if n < 0:
        raise ValueError(f"negative numbers are not written in words here: {n}")
    if n >= _LIMIT:
        raise ValueError(f"{n} is too large")
    return "không" if n == 0 else " ".join(_words(n, False))


def money_words(amount: int) -> str:
    """``710000`` → ``Bảy trăm mười nghìn đồng`` (first letter capitalised, ending "đồng")."""
    text = number_words(amount)
    return f"{text[0].upper()}{text[1:]} đồng"


def format_money(amount: int) -> str:
    """``8190000`` → ``8.190.000`` (dots as thousands separators)."""
    if amount < 0:
        return "-" + format_money(-amount)
    return f"{amount:,}".replace(",", ".")


def format_money_dong(amount: int) -> str:
    """``8190000`` → ``8.190.000 đồng``."""
    return f"{format_money(amount)} đồng"


def pad_count(n: int) -> str:
    """Counts in official text carry a leading zero below 10: ``05 tập thể``, ``12 cá nhân``."""
    return f"{n:02d}"


_UNIT_WORDS = {w: i for i, w in enumerate(_DIGITS)} | {"mốt": 1, "tư": 4, "lăm": 5, "nhăm": 5}


def parse_number_words(text: str) -> int:
    """The inverse of number_words (also accepts the money form with ``đồng``)."""
    words = text.strip().lower().removesuffix("đồng").split()
    if not words:
        raise ValueError("no words to read")
    result = 0  # everything up to the last "tỷ", already multiplied
    section = 0  # nghìn and triệu parts since then
    current = 0  # the group being read (< 1000)
    pending: int | None = None  # a digit waiting for "trăm" or "mươi"
    seen_digit = False
    for word in words:
        if word in _UNIT_WORDS:
            if pending is not None:
                current += pending
            pending = _UNIT_WORDS[word]
            seen_digit = True
        elif word == "trăm":
            if pending is None:
                raise ValueError(f"'trăm' without a digit in {text!r}")
            current += pending * 100
            pending = None
        elif word == "mươi":
            if pending is None or pending < 2:
                raise ValueError(f"'mươi' after {pending} in {text!r}")
            current += pending * 10
            pending = None
        elif word == "mười":
            current += 10
        elif word in ("linh", "lẻ"):
            continue
        elif word in ("nghìn", "ngàn", "triệu", "tỷ"):
            current += pending or 0
            pending = None
            if word == "tỷ":
                result = (result + section + current) * _BILLION
                section = 0
            else:
                section += current * (1000 if word in ("nghìn", "ngàn") else 10**6)
            current = 0
        else:
            raise ValueError(f"unknown word {word!r} in {text!r}")
    current += pending or 0
    if not seen_digit and current == 0 and result == 0 and section == 0 and "mười" not in words:
        raise ValueError(f"no number in {text!r}")
    return result + section + current


def percent_figure(part: int, whole: int, decimals: int, *, whole_as_integer: bool = False) -> str:
    """``part`` of ``whole`` as a percentage with ``decimals`` decimals, rounded half up, with
    a decimal comma: ``percent_figure(8, 13, 2)`` → ``61,54``; ``(1, 8, 1)`` → ``12,5``.
    ``whole_as_integer``: a whole number prints without decimals (``100``, not ``100,00``).
    Exact (Decimal), so ``1/16`` at one decimal is ``6,3`` (6.25 half up), never 6,2."""
    if whole <= 0:
        return "0" if whole_as_integer or decimals == 0 else "0," + "0" * decimals
    value = Decimal(part) * 100 / Decimal(whole)
    step = Decimal(1).scaleb(-decimals)  # 0.01 for two decimals
    rounded = value.quantize(step, rounding=ROUND_HALF_UP)
    if whole_as_integer and rounded == rounded.to_integral_value():
        return str(int(rounded))
    return f"{rounded:.{decimals}f}".replace(".", ",")
