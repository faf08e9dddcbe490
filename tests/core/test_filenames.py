"""Portable names: what Windows refuses or merges never reaches an archive or an output file."""

from __future__ import annotations

from ecodesk.core.filenames import (
    MAX_NAME,
    NameAllocator,
    name_key,
    portable_name,
    utf16_length,
)


def test_windows_reserved_names_with_or_without_extension() -> None:
    for name in ("CON", "con.pdf", "Nul.txt", "COM1.tar.gz", "lpt9", "AUX .pdf", "PRN."):
        made = portable_name(name)
        assert made.startswith("_"), (name, made)
    assert portable_name("CONTENT.pdf") == "CONTENT.pdf"  # only the device names themselves
    assert portable_name("COM10.pdf") == "COM10.pdf"


def test_forbidden_characters_and_trailing_dots_and_spaces() -> None:
    assert portable_name('a<b>c:d"e/f\\g|h?i*j.pdf') == "a_b_c_d_e_f_g_h_i_j.pdf"
    assert portable_name("报告. . ") == "报告"
    assert portable_name("tab\there") == "tab_here"
    assert portable_name("...") == "_" and portable_name("") == "_"


def test_long_names_keep_their_extension_and_fit() -> None:
    name = portable_name("统计年报" * 40 + ".pdf")
    assert name.endswith(".pdf") and utf16_length(name) == MAX_NAME
    emoji = portable_name("😀" * 60 + ".txt")  # outside the BMP: two UTF-16 units each
    assert utf16_length(emoji) <= MAX_NAME and emoji.endswith(".txt")


def test_case_and_normalisation_collisions_get_distinct_stable_names() -> None:
    names = NameAllocator()
    first = names.allocate("Report.pdf", tag="aaaa1111")
    second = names.allocate("report.pdf", tag="bbbb2222")
    third = names.allocate("REPORT.PDF", tag="bbbb2222")  # the same tag again: numbered
    decomposed = names.allocate("e\u0301.txt", tag="cccc3333")
    composed = names.allocate("\u00e9.txt", tag="dddd4444")
    assert (first, second) == ("Report.pdf", "report-bbbb2222.pdf")
    assert third == "REPORT-bbbb2222-2.PDF"
    assert decomposed == "\u00e9.txt" and composed == "\u00e9-dddd4444.txt"
    made = [first, second, third, decomposed, composed]
    assert len({name_key(n) for n in made}) == len(made)
