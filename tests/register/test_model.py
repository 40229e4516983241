"""The register against a model: random sequences of builds (automatic or manual numbers,
on a few dates, some failing), rebuilds and voids give exactly the numbers the rules predict,
and a series never carries an earlier date under a later number."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from docgen.errors import RegisterError
from docgen.register import Register
from tests.register.conftest import YEARLY, make_request

# ("build", spec, year, day of June, manual number, fails)
Build = tuple[str, int, int, int, int | None, bool]
Void = tuple[str, int]

operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("build"),
            st.integers(0, 4),
            st.sampled_from([2024, 2025]),
            st.integers(1, 3),
            st.sampled_from([None, None, None, 3, 7]),
            st.booleans(),
        ),
        st.tuples(st.just("void"), st.integers(0, 4)),
    ),
    max_size=25,
)


class Model:
    """What the rules say should happen: one series per year, shared by all types; within a
    series no live number is lower than another's and dated after it."""

    def __init__(self) -> None:
        self.used: dict[int, set[int]] = {2024: set(), 2025: set()}
        self.bound: dict[str, tuple[int, int]] = {}  # spec → (year, number), live entries
        self.day: dict[str, int] = {}  # spec → its day, live entries

    def out_of_order(self, spec: str, year: int, number: int, day: int) -> bool:
        return any(
            y == year and other != spec and (n - number) * (d - day) < 0
            for other, (y, n) in self.bound.items()
            for d in [self.day[other]]
        )

    def build(self, spec: str, year: int, day: int, manual: int | None) -> int | str:
        if spec in self.bound:
            old_year, number = self.bound[spec]
            if old_year != year or (manual is not None and manual != number):
                return "REGISTER-REBIND"
        elif manual is not None:
            if manual in self.used[year]:
                return "REGISTER-CLASH"
            number = manual
        else:
            number = max(self.used[year], default=0) + 1
        if self.out_of_order(spec, year, number, day):
            return "REGISTER-DATE-ORDER"
        return number


_examples = itertools.count()


# One register for all examples; each example is a new issuer (its own series) with its own specs.
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(ops=operations)
# a rebuild moving its date past the next number's; an automatic number after a later date
@example(
    ops=[
        ("build", 0, 2024, 1, None, False),
        ("build", 1, 2024, 2, None, False),
        ("build", 0, 2024, 3, None, False),
        ("build", 2, 2024, 1, None, False),
    ]
)
# a rebuild with a new date keeps the issued date: a later automatic number is in order
@example(
    ops=[
        ("build", 0, 2024, 1, None, False),
        ("build", 0, 2024, 2, None, False),
        ("build", 1, 2024, 1, None, False),
    ]
)
def test_the_register_follows_the_rules(register: Register, ops: list[Build | Void]) -> None:
    issuer = f"issuer{next(_examples)}"
    model = Model()
    for op in ops:
        spec = f"{issuer}/s{op[1]}"
        if op[0] == "void":
            if spec in model.bound:
                year, number = model.bound.pop(spec)
                register.void(issuer, str(number), "hủy", year=year)
            continue
        _, _, year, day, manual, fails = op  # type: ignore[misc]
        expected = model.build(spec, year, day, manual)
        request = make_request(
            spec, dt.date(year, 6, day), number=manual, issuer=issuer, issuer_abbr="X"
        )
        try:
            with register.issue(request, YEARLY) as slot:
                got: int | str = slot.number
                if fails:
                    raise RuntimeError("render failed")
                slot.complete(f"output/{spec}.docx", "0" * 64)
        except RegisterError as exc:
            got = exc.code
        except RuntimeError:
            assert fails
        assert got == expected, (op, got, expected)
        if isinstance(expected, int) and not fails:
            model.used[year].add(expected)
            # an issued entry keeps the date it was issued with: a rebuild never rewrites it
            if spec not in model.bound:
                model.day[spec] = day
            model.bound[spec] = (year, expected)
    entries = register.entries(issuer=issuer)
    assert {(e.date.year, e.number) for e in entries} == {
        (year, n) for year, numbers in model.used.items() for n in numbers
    }
    live = {e.spec: (e.date.year, e.number) for e in entries if e.state == "issued"}
    assert live == model.bound
    for year in (2024, 2025):
        days = [e.date for e in entries if e.state == "issued" and e.date.year == year]
        assert days == sorted(days)  # by number, the live entries run in date order
