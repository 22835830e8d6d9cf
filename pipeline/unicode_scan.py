"""Find characters that hide or reorder text: bidi controls, invisible and control characters.

Trojan Source (CVE-2021-42574) showed that bidi overrides make readers see something other
than what is stored; zero-width characters break hashtags and hide text from reviewers.
Legitimate uses stay allowed: LRM/RLM marks, balanced isolates, ZWJ inside emoji sequences
and tag characters inside flag emoji.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

_BIDI_OVERRIDES = set(range(0x202A, 0x202F))
_ISOLATE_OPEN = {0x2066, 0x2067, 0x2068}
_ISOLATE_CLOSE = 0x2069
_INVISIBLE = {
    0x200B,
    0x200C,
    0x200D,
    0x2060,
    0x2061,
    0x2062,
    0x2063,
    0x2064,
    0xFEFF,
    0x00AD,
    0x180E,
    0x034F,
    0x115F,
    0x1160,
    0x3164,
    0xFFA0,
}
_WAVING_BLACK_FLAG = 0x1F3F4
_SUSPECT_MULTILINE = re.compile(r"[^\x20-\x7e\n\t]")
_SUSPECT_ONE_LINE = re.compile(r"[^\x20-\x7e]")


@dataclass(frozen=True, slots=True)
class Finding:
    code: str  # TEXT_BIDI_CONTROL, TEXT_INVISIBLE_CHAR or TEXT_CONTROL_CHAR
    index: int
    char: str

    @property
    def label(self) -> str:
        name = unicodedata.name(self.char, "") or _control_name(self.char)
        return f"U+{ord(self.char):04X}" + (f" ({name})" if name else "")


def scan(text: str, *, allow_newlines: bool = True) -> Iterator[Finding]:
    """Every suspicious character of `text`, in order."""
    suspect = _SUSPECT_MULTILINE if allow_newlines else _SUSPECT_ONE_LINE
    if not suspect.search(text):  # the usual case: plain printable ASCII
        return
    open_isolates: list[int] = []
    for index, char in enumerate(text):
        point = ord(char)
        if point < 0x80 and char.isprintable():
            continue
        if point in _BIDI_OVERRIDES:
            yield Finding("TEXT_BIDI_CONTROL", index, char)
        elif point in _ISOLATE_OPEN:
            open_isolates.append(index)
        elif point == _ISOLATE_CLOSE:
            if open_isolates:
                open_isolates.pop()
            else:
                yield Finding("TEXT_BIDI_CONTROL", index, char)
        elif point == 0x200D and _is_emoji(text, index - 1) and _is_emoji(text, index + 1):
            continue
        elif 0xE0000 <= point <= 0xE007F:
            if not _in_flag_sequence(text, index):
                yield Finding("TEXT_INVISIBLE_CHAR", index, char)
        elif point in _INVISIBLE or 0xD800 <= point <= 0xDFFF:
            yield Finding("TEXT_INVISIBLE_CHAR", index, char)
        elif unicodedata.category(char) == "Cc" and not (allow_newlines and char in "\n\t"):
            yield Finding("TEXT_CONTROL_CHAR", index, char)
    for index in open_isolates:
        yield Finding("TEXT_BIDI_CONTROL", index, text[index])


def _is_emoji(text: str, index: int) -> bool:
    if not 0 <= index < len(text):
        return False
    point = ord(text[index])
    return (
        point >= 0x1F000
        or 0x2600 <= point <= 0x27BF
        or point == 0xFE0F
        or unicodedata.category(text[index]) == "So"
    )


def _in_flag_sequence(text: str, index: int) -> bool:
    start = index
    while start > 0 and 0xE0000 <= ord(text[start - 1]) <= 0xE007F:
        start -= 1
    return start > 0 and ord(text[start - 1]) == _WAVING_BLACK_FLAG


def _control_name(char: str) -> str:
    names = {
        "\x1b": "ESCAPE",
        "\x00": "NULL",
        "\x7f": "DELETE",
        "\r": "CARRIAGE RETURN",
        "\n": "LINE FEED",
        "\t": "TAB",
    }
    return names.get(char, "")
