"""Finding English left on a Welsh page (issue 21): the English of the service's own catalogue
shown where the Welsh should be.

A page in Welsh may rightly hold English: what people wrote (a plan written in English), the
framework's data that has no Welsh yet (marked lang="en-gb"), names (IOI Planner, ESOL). What it
must not hold is a message of the service in English: a string marked for translation that was
not translated, or one never marked. So the check reads the page's text outside any element
marked as in another language, and looks for the catalogue's English in it:

- a piece of text that is the whole of a short message ("Save", "Back", "Sign out"): a button,
  link, label or heading left in English;
- the words of a longer message (three words or more between its placeholders and tags)
  anywhere in the text, so a sentence built around a name ("%(who)s approved “%(plan)s”.")
  is found whatever names it holds.

Messages whose Welsh is the English (the service's name, "IOI Planner: %(plan)s") cannot be told
apart and are skipped; ALLOWED lists the few English words the Welsh pages rightly show.
"""

import gettext
import re
from functools import lru_cache
from pathlib import Path

import django
from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "cy" / "LC_MESSAGES" / "django.mo"
DJANGO_CATALOGUES = [
    Path(django.__file__).parent / folder / "locale" / "en" / "LC_MESSAGES" / "django.po"
    for folder in ("conf", "contrib/auth")
]
# Reviewed: English that a Welsh page shows on purpose.
ALLOWED = {
    "IOI Planner",  # the service's name
    "English",  # the language switch names each language in itself
    "Change the language to English",  # ... and says what its link does in that language
}
LONG = 3  # words: a fragment this long is looked for anywhere in the text
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|<[^>]*>|\{[^}]*\}")
WORDS = re.compile(r"[^\W_]+(?:[’'][^\W_]+)*")

# Each text node's text, outside <script>, <style> and <template> and outside any element
# marked (lang) as in a language other than the page's.
TEXTS = """() => {
  const page = document.documentElement.lang;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const texts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, template')) continue;
    const marked = parent.closest('[lang]');
    if (marked && marked.lang !== page) continue;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (text) texts.push(text);
  }
  return texts;
}"""


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.lower() for word in WORDS.findall(text))


def _django_english() -> list[str]:
    """Django's own messages (its forms, validators, dates; and django.contrib.auth's), in
    English: those the service shows must be Welsh too, from Django's Welsh catalogue or, where
    that has none or a wrong one, from the service's."""
    messages = []
    for source in DJANGO_CATALOGUES:
        entry = ""
        for line in source.read_text(encoding="utf-8").splitlines():
            if line.startswith(("msgid ", "msgid_plural ")):
                entry = line.split(" ", 1)[1]
            elif line.startswith('"') and entry:
                entry += line
            else:
                if entry:
                    messages.append("".join(re.findall(r'"((?:[^"\\]|\\.)*)"', entry)))
                entry = ""
    return [message.replace('\\"', '"').replace("\\n", "\n") for message in messages if message]


@lru_cache(maxsize=1)
def catalogue_english() -> tuple[frozenset, dict]:
    """(the short messages, as whole texts; the long fragments by their first three words)."""
    with CATALOGUE.open("rb") as file:
        catalogue = gettext.GNUTranslations(file)._catalog  # noqa: SLF001 - the standard reader
    pairs = [(key[0] if isinstance(key, tuple) else key, welsh) for key, welsh in catalogue.items()]
    with translation.override("cy"):
        pairs += [(english, translation.gettext(english)) for english in _django_english()]
    short: set[str] = set()
    long: dict[tuple, set[tuple]] = {}
    for english, welsh in pairs:
        if not english or english == welsh or english in ALLOWED:
            continue
        english = english.split("\x04")[-1]  # a message with a context
        for fragment in PLACEHOLDER.split(english):
            fragment = " ".join(fragment.split()).strip(" .,:;–-")
            words = _words(fragment)
            if not words or fragment in ALLOWED:
                continue
            if len(words) >= LONG:
                long.setdefault(words[:LONG], set()).add(words)
            elif fragment == " ".join(english.split()).strip(" .,:;"):
                short.add(fragment.lower())
    return frozenset(short), long


def english_on_page(page) -> list[str]:
    """The catalogue's English found in the page's own text (see the module's docstring)."""
    short, long = catalogue_english()
    texts = page.evaluate(TEXTS)
    found = sorted({text for text in texts if text.strip(" .,:;").lower() in short})
    words = [word for text in texts for word in (*_words(text), "\n")]
    for start in range(len(words) - LONG + 1):
        for fragment in long.get(tuple(words[start : start + LONG]), ()):
            if tuple(words[start : start + len(fragment)]) == fragment:
                found.append(" ".join(fragment))
    return sorted(set(found))
