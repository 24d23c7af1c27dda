"""Strings are looked up in one catalogue, not a chain, and translate exactly as Django's own
chain of catalogues would (ioi_planner/translation_catalogues.py)."""

from gettext import GNUTranslations

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from ioi_planner.translation_catalogues import flatten, plural_rule

# English (the service's), Welsh (listed, with a fallback to English) and French (Django's
# fullest catalogues, with plural forms that differ between apps' files).
LANGUAGES = ["en-gb", "cy", "fr", "pl"]
COUNTS = [0, 1, 2, 3, 5, 6, 11, 21, 100]


def _chain_keys(loaded) -> set:
    keys: set = set()
    while isinstance(loaded, GNUTranslations) and hasattr(loaded, "_catalog"):
        keys.update(loaded._catalog.keys())
        loaded = loaded._fallback
    return keys


def _chain_length(loaded) -> int:
    length = 0
    while isinstance(loaded, GNUTranslations):
        length += 1
        loaded = loaded._fallback
    return length


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_translates_as_through_djangos_chain(language):
    djangos = trans_real.DjangoTranslation(language)
    flat = trans_real.DjangoTranslation(language)
    flatten(flat)
    keys = _chain_keys(djangos)
    assert keys == _chain_keys(flat)
    messages = {key for key in keys if isinstance(key, str) and key}
    plurals = {key[0] for key in keys if isinstance(key, tuple)}
    assert messages
    assert plurals or language == "en-gb"  # Django's British English has no plural entries
    for message in messages | {"A sentence no catalogue holds."}:
        assert flat.gettext(message) == djangos.gettext(message), message
    for msgid in plurals | {"%(count)s thing no catalogue holds"}:
        for count in COUNTS:
            assert flat.ngettext(msgid, msgid + "s", count) == djangos.ngettext(
                msgid, msgid + "s", count
            ), (msgid, count)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_string_is_looked_for_in_one_catalogue_per_plural_rule(language):
    djangos = trans_real.DjangoTranslation(language)
    flat = trans_real.DjangoTranslation(language)
    flatten(flat)
    rules = [plural_rule(entries) for entries in flat._catalog._catalogs]
    assert all(rule != after for rule, after in zip(rules, rules[1:], strict=False))
    assert len(rules) < len(djangos._catalog._catalogs)
    assert _chain_length(flat) == 1 < _chain_length(djangos)


def test_plural_rules_are_compared_as_written():
    def header(rule: str) -> dict:
        return {"": f"Language: x\nPlural-Forms: nplurals=2; plural={rule};\n"}

    assert plural_rule(header("(n != 1)")) == plural_rule(header("n!=1")) == plural_rule({})
    assert plural_rule(header("(n > 1)")) == "n>1"
    assert plural_rule(header("(n==1) ? 0 : (n==2) ? 1 : 2")) == "(n==1)?0:(n==2)?1:2"


def test_the_service_uses_flattened_catalogues():
    with translation.override("en-gb"):
        active = trans_real._active.value
        assert _chain_length(active) == 1
        assert len(active._catalog._catalogs) == 1
        # Django's own British English still shows through.
        assert translation.gettext("Enter a valid date.") == "Enter a valid date."
