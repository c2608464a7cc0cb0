"""Turkish-aware text handling: case folding and slugs.

Python's str.lower() maps "I" to "i" and "İ" to "i̇" (i + combining dot), which is wrong for
Turkish. These helpers follow Turkish rules so that "TİKA", "Tika" and "tika" are one name.
"""

from __future__ import annotations

import re
import unicodedata

_TR_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_ASCII_FOLD = str.maketrans({"ı": "i", "ş": "s", "ğ": "g", "ç": "c", "ö": "o", "ü": "u", "â": "a", "î": "i", "û": "u"})


# What XML 1.0 cannot hold, even escaped: C0 controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_chars(text: str) -> str:
    r"""`text` without the characters XML 1.0 does not allow (not even as character references):
    what an XML file (GEXF, GraphML, SVG) writes of a label that holds one; the label's other
    characters, markup included, are kept (and escaped by the writer).

    >>> xml_chars("a\x01b\ufffe </script> & é\t")
    'ab </script> & é\t'
    """
    return _NOT_XML.sub("", text)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CONTROL_BUT_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def shown(text: str, lines: bool = False) -> str:
    r"""`text` for a console: control characters and non-characters as U+XXXX, so that a label
    cannot garble the terminal; line breaks and tabs too, unless `lines` (a multi-line report).

    >>> shown("a\x01b\nc\ufffe İş")
    'aU+0001bU+000AcU+FFFE İş'
    >>> shown("a\x01b\nc", lines=True)
    'aU+0001b\nc'
    """
    return (_CONTROL_BUT_LINES if lines else _CONTROL).sub(lambda m: f"U+{ord(m.group()):04X}", text)


def tr_lower(text: str) -> str:
    """Lower-case by Turkish rules: I → ı, İ → i.

    >>> tr_lower("TİKA ISPARTA")
    'tika ısparta'
    """
    return unicodedata.normalize("NFC", text).translate(_TR_LOWER).lower()


def match_key(text: str) -> str:
    """A key under which spellings that differ only in case or dotted/dotless i compare equal.

    Turkish users type "tika" for "TİKA" and English users "Elcibey" for "Elçibey"; both fold to
    one key. The stored label is never changed, only compared through this key.

    >>> match_key("TİKA") == match_key("Tika") == match_key("tika")
    True
    >>> match_key("Elçibey") == match_key("ELÇİBEY")
    True
    """
    lowered = tr_lower(text).translate(_ASCII_FOLD)
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split())


def slug(text: str) -> str:
    """The IRI slug of a name: ASCII-folded, lower case, words joined by '-'.

    >>> slug("Süleyman Demirel")
    'suleyman-demirel'
    >>> slug("A. N. Mutalıbov")
    'a-n-mutalibov'
    """
    key = match_key(text)
    words = "".join(c if c.isalnum() else " " for c in key).split()
    return "-".join(words)
