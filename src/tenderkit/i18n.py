"""Messages in the user's language: Swedish by default, English with `--lang en` or an English locale.

The source strings are English, marked with `_()`, `ngettext()` and, where a message is defined
before the language is known (a module-level table), `N_()` and translated where it is used. The
Swedish catalog, `locale/sv/LC_MESSAGES/tenderkit.po`, is extracted from the marks, updated and
compiled with Babel (`make catalogs`, tools/catalogs.py). English needs no catalog: a message id
is its own English text, and gettext's fallback gives English its plural forms.

Placeholders are named, `_("{count} specs").format(count=n)`: a translation may reorder them, and
the catalog check proves each translation keeps the same names.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "tenderkit"
LANGUAGES = ("sv", "en")
DEFAULT = "sv"
# Where gettext looks for the user's language, in gettext's own order.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_current: gettext.NullTranslations | None = None
_language = DEFAULT


def language_of(environ: Mapping[str, str]) -> str:
    """The language the environment's locale asks for: English for an English locale (`en_GB.UTF-8`,
    `LANGUAGE=en:sv`), else Swedish, the language of the documents (so also `C.UTF-8` or none)."""
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable)
        if value:
            for candidate in value.split(":"):
                code = candidate.split(".")[0].split("_")[0].split("@")[0].lower()
                if code in LANGUAGES:
                    return code
            return DEFAULT
    return DEFAULT


def use(language: str | None = None) -> str:
    """Speak `language` from now on (the environment's when None); returns the language chosen."""
    global _current, _language
    _language = language if language in LANGUAGES else language_of(os.environ)
    if _language == "en":
        _current = gettext.NullTranslations()
    else:
        _current = gettext.translation(DOMAIN, LOCALE_DIR, languages=[_language])
    return _language


def language() -> str:
    _translations()
    return _language


def _translations() -> gettext.NullTranslations:
    if _current is None:
        use()
    return _current


def _(message: str) -> str:
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translations().ngettext(singular, plural, count)


def N_(message: str) -> str:  # noqa: N802 (the name gettext's tools look for)
    """Marks a message for the catalog where it is defined; `_()` translates it where it is used."""
    return message
