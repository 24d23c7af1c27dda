"""Look a string up in one catalogue, not a chain of them.

Django builds the translation for a language from a catalogue per installed app. For `en-gb` it
keeps them as six catalogues in turn (TranslationCatalog prepends each app's instead of merging,
as it compares a plural function with a code object), and each app's `en` catalogue, which holds
nothing but its header, is chained behind as a fallback. A string with no translation, which in
English is nearly every string, was looked for about twenty times before its own text came back;
on a page of many strings (the review page of a large plan translated about 1,200) that adds up.

`flatten` folds the chain into as few catalogues as give the same answers: catalogues next to
each other that share a plural rule (as their headers write it) become one, earlier entries
winning as they did, and the fallbacks' entries come after the translation's own. Every string
translates as before; a test compares every entry of every catalogue with Django's own chain
(tests/ioi_planner/test_translation_catalogues.py). `install` makes every translation Django
loads go through it.
"""

import re
import threading
from gettext import GNUTranslations

from django.utils.translation import trans_real

_lock = threading.Lock()
_FLAT = "_ioi_flat"


def _catalogues(translation: GNUTranslations) -> list[tuple[dict, object]]:
    """A translation's own catalogues, in the order they are searched, with their plural rule."""
    catalog = translation._catalog  # type: ignore[attr-defined]
    if isinstance(catalog, trans_real.TranslationCatalog):
        return list(zip(catalog._catalogs, catalog._plurals, strict=True))
    return [(catalog, translation.plural)]  # type: ignore[attr-defined]


_PLURAL = re.compile(r"^Plural-Forms:.*?plural=(?P<rule>[^;\n]+)", re.MULTILINE | re.IGNORECASE)


def plural_rule(entries: dict) -> str:
    """A catalogue's plural rule as written in its header, spaces and outer brackets dropped:
    Python compiles each file's rule afresh, so two functions for "n != 1" differ. A file without
    one counts as "n != 1", which is what gettext and Django then use."""
    found = _PLURAL.search(entries.get("", ""))
    rule = re.sub(r"\s+", "", found["rule"]) if found else "n!=1"
    while rule.startswith("(") and rule.endswith(")") and _balanced(rule[1:-1]):
        rule = rule[1:-1]
    return rule


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def flatten(translation: trans_real.DjangoTranslation) -> None:
    """Fold the translation's catalogues and its chain of fallbacks into one catalogue per run
    of plural rules. Stops at a fallback that is not a catalogue (e.g. NullTranslations)."""
    with _lock:
        if getattr(translation, _FLAT, False):
            return
        searched = _catalogues(translation)
        rest = translation._fallback  # type: ignore[attr-defined]
        while isinstance(rest, GNUTranslations) and hasattr(rest, "_catalog"):
            searched += _catalogues(rest)
            rest = rest._fallback  # type: ignore[attr-defined]
        merged: list[dict] = []
        plurals: list = []
        rules: list[str] = []
        for entries, plural in searched:
            rule = plural_rule(entries)
            if rules and rule == rules[-1]:
                for key, value in entries.items():
                    merged[-1].setdefault(key, value)  # the earlier catalogue wins
            else:
                merged.append(dict(entries))
                plurals.append(plural)
                rules.append(rule)
        catalog = trans_real.TranslationCatalog()
        catalog._catalogs, catalog._plurals = merged, plurals
        translation._catalog = catalog  # type: ignore[attr-defined]
        translation._fallback = rest  # type: ignore[attr-defined]
        setattr(translation, _FLAT, True)


def install() -> None:
    """Flatten every translation Django has loaded and will load (trans_real.translation is
    where activate() and the default language get theirs)."""
    original = trans_real.translation
    if getattr(original, _FLAT, False):
        return

    def translation(language: str) -> trans_real.DjangoTranslation:
        loaded = original(language)
        if not getattr(loaded, _FLAT, False):
            flatten(loaded)
        return loaded

    setattr(translation, _FLAT, True)
    trans_real.translation = translation
    for loaded in list(trans_real._translations.values()):
        flatten(loaded)
