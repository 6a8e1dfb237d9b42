"""Free text as people type it, made safe to store and to show to others.

Two kinds of character are removed from every free-text input:

- C0 control characters (and DEL) other than tab and newline. NUL cannot be
  stored by PostgreSQL at all, and the others only hide or garble text.
  Carriage returns become newlines so every line ends the same way.
- The explicit bidirectional embedding, override and isolate controls
  (U+202A-U+202E, U+2066-U+2069). They can make a statement read differently
  from what it says ("Trojan Source"), and no right-to-left language needs
  them: the Unicode bidirectional algorithm orders Arabic, Hebrew or Urdu text
  by itself. The implicit marks (U+200E LRM, U+200F RLM, U+061C ALM) that such
  writers do use are kept.

>>> text_clean("Day\\x00 centres\\r\\nmatter")
'Day centres\\nmatter'
>>> text_clean("abc\\u202edcb")
'abcdcb'
>>> text_clean("\\u05e9\\u05dc\\u05d5\\u05dd \\u200f!")
'\\u05e9\\u05dc\\u05d5\\u05dd \\u200f!'
>>> text_has_controls("fine\\ttext\\n")
False
>>> text_has_controls("bell\\x07")
True
"""

import re

# C0 controls except tab (\x09) and newline (\x0a); \r is handled separately.
_C0 = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_BIDI = "\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[{_C0}{_BIDI}]")
_NEWLINES = re.compile(r"\r\n?")


def text_clean(value: str) -> str:
    """``value`` without control and bidirectional override characters."""
    return _UNSAFE.sub("", _NEWLINES.sub("\n", value))


def text_has_controls(value: str) -> bool:
    """Whether ``value`` holds a character that :func:`text_clean` removes."""
    return bool(_UNSAFE.search(value)) or "\r" in value
