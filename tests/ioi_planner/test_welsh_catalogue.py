"""The Welsh catalogue (locale/cy/LC_MESSAGES/django.po) translates every message of the service:
the messages are extracted again from the code and templates, as `manage.py makemessages`
does, into a copy of the catalogue, and any message left untranslated or fuzzy fails the test
(issue 21). The catalogue is compiled by the test command (bin/test) before the tests run."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "cy" / "LC_MESSAGES" / "django.po"
# What makemessages reads: the project's own code and templates (not its tests or benchmarks).
SOURCES = (
    "demo",
    "domains",
    "evaluation",
    "ioi_planner",
    "privacy",
    "readiness",
    "templates",
    "theory_of_change",
    "toolkit_import",
)


def _messages(po: Path, *options: str) -> str:
    """The entries of a catalogue msgattrib selects (e.g. --untranslated, --only-fuzzy)."""
    command = ["msgattrib", "--no-wrap", "--no-obsolete", *options, str(po)]
    # GNU gettext's msgattrib (bin/test installs it), with our own arguments and no shell.
    result = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return result.stdout


def _msgids(entries: str) -> list[str]:
    return [
        line for line in entries.splitlines() if line.startswith("msgid ") and line != 'msgid ""'
    ]


@pytest.mark.xdist_group("catalogue")
def test_every_message_of_the_service_has_a_welsh_translation(tmp_path, monkeypatch):
    for name in SOURCES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["cy"], no_location=True, verbosity=0)
    extracted = tmp_path / "locale" / "cy" / "LC_MESSAGES" / "django.po"
    untranslated = _msgids(_messages(extracted, "--untranslated"))
    fuzzy = _msgids(_messages(extracted, "--only-fuzzy"))
    assert not untranslated, (
        f"{len(untranslated)} messages have no Welsh translation: run makemessages -l cy and "
        "translate them (docs/features/languages.md):\n" + "\n".join(untranslated[:40])
    )
    assert not fuzzy, "Fuzzy (unchecked) Welsh translations:\n" + "\n".join(fuzzy[:40])


def test_the_committed_catalogue_has_no_untranslated_or_fuzzy_entry():
    assert not _msgids(_messages(CATALOGUE, "--untranslated"))
    assert not _msgids(_messages(CATALOGUE, "--only-fuzzy"))


def test_welsh_is_offered_and_its_plurals_follow_welsh_grammar():
    assert "cy" in dict(settings.LANGUAGES)
    with translation.override("cy"):
        assert translation.gettext("Sign in") == "Mewngofnodi"
        assert translation.ngettext("%(count)s comment is still open.", "x", 1) == (
            "Mae %(count)s sylw ar agor o hyd."
        )
        # Welsh has four plural forms: one, two, few/many and the rest (8 and 11).
        forms = {
            n: translation.ngettext("%(count)s gap", "%(count)s gaps", n) for n in (1, 2, 3, 8)
        }
        assert forms[1] == "%(count)s bwlch"
        assert forms[2] == "%(count)s fwlch"
        assert forms[3] == "%(count)s bwlch"


# Welsh soft mutation, as a noun takes it after "dau"/"dwy" (two): the longest match first.
SOFT_MUTATION = (
    ("ll", "l"),
    ("rh", "r"),
    ("p", "b"),
    ("t", "d"),
    ("c", "g"),
    ("b", "f"),
    ("d", "dd"),
    ("g", ""),
    ("m", "f"),
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
WORD = re.compile(r"\s*([^\W\d_][\w’'-]*)")


def soft(word: str) -> str:
    for radical, mutated in SOFT_MUTATION:
        if word.lower().startswith(radical):
            return mutated + word[len(radical) :]
    return word


def _plural_entries(po: Path) -> list[tuple[str, str, list[str]]]:
    """(msgid, msgid_plural, [msgstr[0], ...]) of each plural message of a catalogue."""
    entries, current, field = [], {}, None
    for line in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith(("msgid ", "msgid_plural ", "msgstr[")):
            field, _space, value = line.partition(" ")
            current[field] = json.loads(value)
        elif line.startswith('"') and field:
            current[field] += json.loads(line)
        elif not line.strip():
            if "msgid_plural" in current:
                forms = [current[f"msgstr[{n}]"] for n in range(4)]
                entries.append((current["msgid"], current["msgid_plural"], forms))
            current, field = {}, None
    return entries


def _word_after(text: str, placeholder: str) -> str | None:
    at = text.find(placeholder)
    found = WORD.match(text, at + len(placeholder)) if at >= 0 else None
    return found.group(1) if found else None


def test_the_welsh_two_form_mutates_the_counted_noun_softly():
    """Welsh counts nouns with four forms (one, two, few, many: the catalogue's Plural-Forms);
    after two the noun takes the soft mutation ("2 gynllun", "2 ddiwrnod", "2 fwlch"), after
    the others it keeps its radical in this catalogue's style ("3 cynllun"). The counted noun is
    the word after the placeholder whose English word changes between singular and plural."""
    wrong = []
    for singular, plural, forms in _plural_entries(CATALOGUE):
        counted = next(
            (
                p
                for p in PLACEHOLDER.findall(singular)
                if _word_after(singular, p) != _word_after(plural, p)
            ),
            None,
        )
        two = _word_after(forms[1], counted) if counted else None
        if two is None:
            continue
        others = {_word_after(form, counted) for n, form in enumerate(forms) if n != 1} - {None}
        if not any(soft(word) == two for word in others):
            wrong.append(f"{singular!r}: “{two}” after two, with {sorted(others)} otherwise")
    assert not wrong, "The two form's noun is not softly mutated:\n" + "\n".join(wrong)
