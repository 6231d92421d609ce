"""Generated hostile strings, and what "nothing a terminal obeys" means, for the safety tests.

The strategy mixes every code point (controls, C1, surrogates, astral), the sequences
attackers use (OSC 52 clipboard writes, window titles, screen clears, DCS, CSI as one C1
byte), bidi overrides and isolates, zero-width and tag characters, NUL, Rich and
Textual markup, TeX commands, and 100 KB strings.
"""

from __future__ import annotations

import re

from hypothesis import strategies as st

SEQUENCES = [
    "\x1b]52;c;aGVsbG8=\x07",  # OSC 52: write the user's clipboard
    "\x1b]0;owned\x07",  # set the window title
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",  # a hyperlink
    "\x1b[2J\x1b[H",  # clear the screen, cursor home
    "\x1b[6n",  # ask the terminal to answer (it types into our input)
    "\x9b31m",  # CSI as one C1 character
    "\x9d0;title\x9c",  # OSC and ST as C1 characters
    "\x1bP+q544e\x1b\\",  # DCS (terminfo query)
    "\x1b_apc\x1b\\",  # APC
    "\x1bPtmux;\x1b\x1b]52;c;eA==\x07\x1b\\",  # tmux passthrough
    "abc\u202edcba\u202c",  # right-to-left override
    "\u2066isolate\u2069",
    "zero\u200bwidth\u2060joiner\ufeff",
    "tag\U000e0041\U000e0042chars",
    "[bold red]markup[/]",
    "[link=https://evil.example]click[/link]",
    "[@click=app.quit]quit[/]",
    "\\write18{rm -rf ~}\\input{/etc/passwd}\\catcode`\\^^5c=0 ^^5cdef\\immediate",
    "lone \ud800 surrogate \udfff",
    "nul\x00byte",
    "line\r\nbreak\u2028sep\u2029para\x85nel",
    "e\u0301 combining",
]

_CHARS = st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF)
HOSTILE = st.one_of(
    st.text(alphabet=_CHARS, max_size=120),
    st.sampled_from(SEQUENCES),
    st.lists(st.sampled_from(SEQUENCES) | st.text(alphabet=_CHARS, max_size=20), max_size=6).map(
        "".join
    ),
    st.sampled_from(SEQUENCES).map(lambda s: (s + "x" * 997) * 100),  # ~100 KB
)

BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BAD = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff{BIDI}\u2028\u2029]")


def terminal_bad(text: str) -> list[str]:
    """What a terminal would obey in ``text`` (newline aside): controls, C1, bidi, surrogates."""
    return _BAD.findall(text)
