"""A form file (from a task package or the forms folder) raises only FormError, whatever it
holds: arbitrary text, or a real form with one value replaced by a hostile TOML value."""

from __future__ import annotations

from pathlib import Path

from hostile_json import hostile_settings
from hypothesis import given
from hypothesis import strategies as st

from ecodesk.core.errors import FormError
from ecodesk.core.form_loader import parse_form
from ecodesk.resources import resource_path

FORMS = sorted(Path(resource_path("forms")).glob("*.toml"))
HOSTILE_TOML = st.one_of(
    st.sampled_from(["1" * 5000, "9223372036854775808", "-9223372036854775809", "inf", "-inf",
                     "nan", "1e999", '"\\ud800"', '"\\u001b[2J"', '"\u202e"', "[" * 500 + "]" * 500,
                     "{ a = { b = { c = 1 } } }", "[]", "{}", "true", "1979-05-27T07:32:00Z", '""',
                     "'''\n多行\n'''", '"x"', "0x7fffffffffffffffff", "1_000", "-0.0"]),
    st.integers().map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.text(max_size=20).map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
)  # fmt: skip


def _parse(source: str) -> None:
    try:
        parse_form("forms/99.toml", source)
    except FormError as exc:
        assert "forms/99.toml" in str(exc)


@hostile_settings(150)
@given(source=st.text(max_size=300))
def test_any_text_as_a_form(source: str) -> None:
    _parse(source)


@hostile_settings(200)
@given(data=st.data())
def test_any_value_in_a_real_form(data: st.DataObject) -> None:
    lines = data.draw(st.sampled_from(FORMS)).read_text(encoding="utf-8").splitlines()
    candidates = [i for i, line in enumerate(lines) if " = " in line and not line.startswith("#")]
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.sampled_from(candidates))
        key = lines[i].split(" = ", 1)[0]
        lines[i] = f"{key} = {data.draw(HOSTILE_TOML)}"
    _parse("\n".join(lines) + "\n")
