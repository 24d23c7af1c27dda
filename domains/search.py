"""Word-aware search of the indicator bank, the same on PostgreSQL and on SQLite.

How a query is answered (docs/features/indicator-search.md says it for officers):

1. The query is cut into words (letters and digits only: every quote, star, bracket or operator
   of either database's full-text syntax is dropped, so no query can be malformed), common
   English words are left out, and each word is stemmed with the Snowball English stemmer, the
   one PostgreSQL's "english" configuration uses ("interpreters" and "interpreting" are both
   "interpret").
2. The synonyms table (SearchSynonym, written for this service) adds the bank's own words for
   an everyday one ("loneliness" adds isolation, friends, ...), and the keyword index names the
   domains a word belongs to ("ESOL" is Language and Communication).
3. The database's own full-text index finds, for each word, the indicators whose wording, or
   whose data sources and survey questions (Indicator.search_text), hold that word in any of its
   forms: PostgreSQL with to_tsvector('english', …) and GIN indexes, SQLite with an FTS5 table
   and the Porter stemmer. A typed word that nothing holds is looked up as a misspelling: with
   pg_trgm's word similarity on PostgreSQL, and on SQLite against the FTS5 vocabulary with
   difflib.
4. Each indicator scores the sum of what it matched (WEIGHTS), so an indicator whose wording
   holds the typed words comes before one that only holds a synonym, or that is only in a
   domain the keyword index names; results come in score order, then in the bank's order.

The scoring is done in SQL by one query whatever the query's length (each word is one indexed
sub-select), so a page of results costs the same number of queries for any search.
"""

from __future__ import annotations

import difflib
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from django.db import connections
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from domains.languages import localised
from ioi_planner.text import in_lang

# A query's words beyond these are not searched (a pasted paragraph still answers quickly).
MAX_WORDS = 8
# At most this many synonym words and phrases are added to one query.
MAX_SYNONYM_TERMS = 16
# Longer "words" (a pasted string of letters) are not searched.
MAX_WORD_LENGTH = 40
# How close a word must be to count as a misspelling of it (difflib's ratio, 0 to 1).
SPELLING_CUTOFF = 0.75

WORD_RE = re.compile(r"[^\W_]+")

# Words too common to tell indicators apart. PostgreSQL's english configuration drops these and
# more; leaving them out here first makes both databases answer alike.
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "for",
        "from",
        "has",
        "have",
        "how",
        "i",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "will",
        "with",
        "you",
        "your",
    ]
)

# What each kind of match adds to an indicator's score.
WEIGHTS = {
    "wording": 8,  # a typed word (in any of its forms) is in the wording
    "index_exact": 5,  # the indicator's domain is where the keyword index puts the query
    "synonym_wording": 4,  # a synonym of a typed word is in the wording
    "spelling_wording": 4,  # the wording holds a word spelt like a typed word
    "text": 3,  # a typed word is in its data sources or survey questions
    "index_partial": 2,  # a keyword-index term sharing the query's words names its domain
    "synonym_text": 1,  # a synonym is in its data sources or survey questions
}


# A stemmer keeps the word it is working on in itself, so each thread has its own (runserver
# and the tests' live server answer requests in threads).
_stemmers = threading.local()

# Words already stemmed: a search page stems the wording and data sources of every indicator it
# shows, some 2,000 words, nearly all seen before; stemming them again was half the bank's
# page time. Bounded, as the words come from what people type and upload.
STEM_CACHE_SIZE = 50_000


@lru_cache(maxsize=STEM_CACHE_SIZE)
def _stem_lower(word: str) -> str:
    stemmer = getattr(_stemmers, "english", None)
    if stemmer is None:
        stemmer = _stemmers.english = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word)


def stem(word: str) -> str:
    return _stem_lower(word.lower())


def words_of(text: str) -> list[str]:
    """The words of `text`, lower case, in order (letters and digits; everything else splits)."""
    return [word.lower() for word in WORD_RE.findall(text)]


def stems_of(text: str) -> set[str]:
    return {stem(word) for word in words_of(text) if word not in STOP_WORDS}


@dataclass(frozen=True)
class Term:
    """A word or phrase searched for: typed, or added by a synonym of `origin`."""

    text: str
    stems: frozenset[str]
    origin: str = ""

    @property
    def is_synonym(self) -> bool:
        return bool(self.origin)


@dataclass(frozen=True)
class IndexEntry:
    """A term of the keyword index and the domains it names, in domain order."""

    term: str
    domains: tuple  # Domain rows


@dataclass
class ParsedQuery:
    typed: list[Term]
    synonyms: list[Term] = field(default_factory=list)
    index_terms: list[IndexEntry] = field(default_factory=list)  # the index's terms that match
    exact_domains: set[int] = field(default_factory=set)  # domain ids
    partial_domains: set[int] = field(default_factory=set)
    # Stems of the typed words that a synonym or an index term stands for: not misspellings.
    covered: set[str] = field(default_factory=set)
    # Typed words that nothing holds, searched for as misspellings (filled by `scored`).
    misspelt: list[str] = field(default_factory=list)

    @property
    def stems(self) -> frozenset[str]:
        return frozenset().union(*(term.stems for term in self.typed))

    @property
    def is_empty(self) -> bool:
        return not self.typed

    @property
    def synonym_texts(self) -> list[str]:
        return [term.text for term in self.synonyms]


def parse(query: str, *, synonyms: Iterable, index_terms: Iterable[IndexEntry]) -> ParsedQuery:
    """The words of `query` with their synonyms and the keyword index's domains.

    `synonyms` are SearchSynonym rows; `index_terms` the keyword index as IndexEntry (both
    small tables, read whole: domains/selectors.py keyword_index).
    """
    typed: list[Term] = []
    for word in words_of(query):
        if (
            word in STOP_WORDS
            or len(word) > MAX_WORD_LENGTH
            or any(term.text == word for term in typed)
        ):
            continue
        typed.append(Term(word, frozenset({stem(word)})))
        if len(typed) == MAX_WORDS:
            break
    parsed = ParsedQuery(typed=typed)
    if not typed:
        return parsed
    query_stems = parsed.stems

    seen = {term.text for term in typed}
    for synonym in synonyms:
        phrase_stems = stems_of(synonym.phrase)
        if not phrase_stems or not phrase_stems <= query_stems:
            continue
        parsed.covered |= phrase_stems
        for related in synonym.related:
            text = " ".join(words_of(related))
            if text and text not in seen and len(parsed.synonyms) < MAX_SYNONYM_TERMS:
                seen.add(text)
                parsed.synonyms.append(Term(text, frozenset(stems_of(text)), synonym.phrase))

    for index_term in index_terms:
        term_stems = stems_of(index_term.term)
        if not term_stems:
            continue
        domain_ids = {domain.pk for domain in index_term.domains}
        if term_stems == query_stems:
            parsed.exact_domains |= domain_ids
        elif term_stems <= query_stems or query_stems <= term_stems:
            parsed.partial_domains |= domain_ids
        else:
            continue
        parsed.index_terms.append(index_term)
        parsed.covered |= term_stems & query_stems
    parsed.partial_domains -= parsed.exact_domains
    return parsed


# -- The databases' full-text indexes --------------------------------------------------------

# The columns searched, by the name the backends are asked for (never text from a request).
COLUMNS = {"wording": "wording", "search_text": "search_text"}


class Backend:
    """One database's full-text index: SQL selecting the ids of indicators that match."""

    vendor = ""

    def __init__(self, connection):
        self.connection = connection

    def ids_matching(self, column: str, term: Term) -> tuple[str, list]:
        raise NotImplementedError

    def matching_any(self, terms: list[Term]) -> Q:
        """Indicators whose wording or search text holds any of `terms` (at least one)."""
        raise NotImplementedError

    def ids_spelt_like(self, word: str) -> tuple[str, list] | None:
        raise NotImplementedError

    def any_match(self, terms: list[Term]) -> list[bool]:
        """For each term, whether any indicator's wording or search text holds it."""
        if not terms:
            return []
        parts, params = [], []
        for term in terms:
            sqls = [self.ids_matching(column, term) for column in ("wording", "search_text")]
            parts.append("(" + " OR ".join(f"EXISTS ({sql})" for sql, _params in sqls) + ")")
            for _sql, sql_params in sqls:
                params += sql_params
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            return [bool(value) for value in cursor.fetchone()]


class _TextMatches(Func):
    """`to_tsvector('english', column) @@ (query)`: written as the expression indexes are."""

    template = "(to_tsvector('english'::regconfig, %(expressions)s))"
    arg_joiner = ") @@ ("
    output_field = BooleanField()


class PostgresBackend(Backend):
    """to_tsvector('english', …) with GIN indexes on wording and search_text, and pg_trgm's
    word similarity (a GIN trigram index on wording) for misspellings.

    The indexes are kept with `fastupdate = off`: by default a GIN index puts new entries in a
    pending list that every search reads through, row by row, until a vacuum merges it, so
    after a framework load or a toolkit import the bank's search was three times slower until
    autovacuum came round (issue 20). The bank is read far more often than it is written; its
    writes pay for keeping the index whole instead."""

    vendor = "postgresql"
    INDEXES = {
        "domains_indicator_wording_fts": "gin (to_tsvector('english'::regconfig, wording))",
        "domains_indicator_search_text_fts": (
            "gin (to_tsvector('english'::regconfig, search_text))"
        ),
        "domains_indicator_wording_trgm": "gin (wording gin_trgm_ops)",
    }
    STRUCTURES = [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        *(
            f"CREATE INDEX IF NOT EXISTS {name} ON domains_indicator USING {definition} "
            "WITH (fastupdate = off)"
            for name, definition in INDEXES.items()
        ),
        # Indexes made before fastupdate was turned off: turn it off and merge what they had
        # pending (a no-op once merged).
        *(f"ALTER INDEX {name} SET (fastupdate = off)" for name in INDEXES),
        *(f"SELECT gin_clean_pending_list('{name}'::regclass)" for name in INDEXES),
    ]

    def ensure_structures(self) -> None:
        with self.connection.cursor() as cursor:
            for statement in self.STRUCTURES:
                cursor.execute(statement)

    def ids_matching(self, column: str, term: Term) -> tuple[str, list]:
        return (
            "SELECT id FROM domains_indicator WHERE to_tsvector('english'::regconfig, "  # noqa: S608 - a column name of ours
            f"{COLUMNS[column]}) @@ phraseto_tsquery('english'::regconfig, %s)",
            [term.text],
        )

    def matching_any(self, terms: list[Term]) -> Q:
        # On the row itself, so the planner reads both GIN indexes (a BitmapOr) rather than
        # joining a sub-select to every row. The column is an F(), so that Django names it
        # right when the search is a sub-select of another query (the wizard's).
        query = " || ".join(["phraseto_tsquery('english'::regconfig, %s)"] * len(terms))
        texts = [term.text for term in terms]
        return Q(_TextMatches(F("wording"), RawSQL(query, texts))) | Q(  # noqa: S611 - ours
            _TextMatches(F("search_text"), RawSQL(query, texts))  # noqa: S611 - our SQL
        )

    def ids_spelt_like(self, word: str) -> tuple[str, list] | None:
        # `word <% wording`: some word of the wording is at least pg_trgm's
        # word_similarity_threshold (0.6) alike; the trigram index answers it.
        return ("SELECT id FROM domains_indicator WHERE %s <%% wording", [word])


class SqliteBackend(Backend):
    """An FTS5 table over wording and search_text (Porter stemmer), kept by triggers, and its
    vocabulary for misspellings."""

    vendor = "sqlite"
    TABLE = "domains_indicator_fts"
    # The wording's words as written (no stemmer), for finding what a misspelt word meant.
    WORDS = "domains_indicator_words"
    VOCABULARY = "domains_indicator_words_vocab"
    _INSERT = (
        "INSERT INTO domains_indicator_fts(rowid, wording, search_text) "
        "VALUES (new.id, new.wording, new.search_text); "
        "INSERT INTO domains_indicator_words(rowid, wording) VALUES (new.id, new.wording); "
    )
    _DELETE = (
        "INSERT INTO domains_indicator_fts(domains_indicator_fts, rowid, wording, search_text) "
        "VALUES ('delete', old.id, old.wording, old.search_text); "
        "INSERT INTO domains_indicator_words(domains_indicator_words, rowid, wording) "
        "VALUES ('delete', old.id, old.wording); "
    )
    TRIGGERS = {
        "domains_indicator_fts_insert": f"AFTER INSERT ON domains_indicator BEGIN {_INSERT}END",
        "domains_indicator_fts_delete": f"AFTER DELETE ON domains_indicator BEGIN {_DELETE}END",
        "domains_indicator_fts_update": (
            f"AFTER UPDATE OF wording, search_text ON domains_indicator BEGIN {_DELETE}{_INSERT}END"
        ),
    }

    def ensure_structures(self) -> None:
        """Create the FTS5 tables and their triggers where they are missing, and fill them.

        Run after every migrate: Django rebuilds a SQLite table to alter it, which drops its
        triggers, so a later migration of Indicator would otherwise stop the index following
        the bank."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                ["domains_indicator_fts_%"],
            )
            present = {name for (name,) in cursor.fetchall()}
            if present == set(self.TRIGGERS):
                return
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.TABLE} USING fts5("
                "wording, search_text, content='domains_indicator', content_rowid='id', "
                "tokenize='porter unicode61 remove_diacritics 2')"
            )
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.WORDS} USING fts5("
                "wording, content='domains_indicator', content_rowid='id', "
                "tokenize='unicode61 remove_diacritics 2')"
            )
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.VOCABULARY} "
                f"USING fts5vocab({self.WORDS}, 'row')"
            )
            for name, body in self.TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(f"CREATE TRIGGER {name} {body}")
            for table in (self.TABLE, self.WORDS):
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")  # noqa: S608

    def ids_matching(self, column: str, term: Term) -> tuple[str, list]:
        # The term holds letters, digits and spaces only (words_of), so as a quoted FTS5
        # phrase it cannot be read as syntax; it is a parameter all the same.
        return (
            f"SELECT rowid FROM {self.TABLE} WHERE {self.TABLE} MATCH %s",  # noqa: S608 - our table
            [f'{COLUMNS[column]} : "{term.text}"'],
        )

    def matching_any(self, terms: list[Term]) -> Q:
        phrases = " OR ".join(f'"{term.text}"' for term in terms)
        return _matched(
            (
                f"SELECT rowid FROM {self.TABLE} WHERE {self.TABLE} MATCH %s",  # noqa: S608
                [f"{{wording search_text}} : ({phrases})"],
            )
        )

    def ids_spelt_like(self, word: str) -> tuple[str, list] | None:
        # The words as written, like pg_trgm's word similarity: the closest, and any as close.
        # Only words of its first letter and about its length are compared: a misspelling
        # rarely changes the first letter, and a bank of many councils' indicators has a
        # vocabulary too large to compare whole.
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term FROM {self.VOCABULARY} WHERE term >= %s AND term < %s "  # noqa: S608
                "AND length(term) BETWEEN %s AND %s",
                [word[0], word[0] + "\U0010ffff", len(word) - 3, len(word) + 3],
            )
            vocabulary = [term for (term,) in cursor.fetchall()]
        close = difflib.get_close_matches(word, vocabulary, n=3, cutoff=SPELLING_CUTOFF)
        if not close:
            return None
        best = difflib.SequenceMatcher(None, word, close[0]).ratio()
        close = [
            term
            for term in close
            if difflib.SequenceMatcher(None, word, term).ratio() >= best - 0.05
        ]
        phrases = " OR ".join(f'"{term}"' for term in close if WORD_RE.fullmatch(term))
        if not phrases:
            return None
        return (
            f"SELECT rowid FROM {self.TABLE} WHERE {self.TABLE} MATCH %s",  # noqa: S608 - our table
            [f"wording : ({phrases})"],
        )


BACKENDS = {backend.vendor: backend for backend in (PostgresBackend, SqliteBackend)}


def backend_for(alias: str) -> Backend:
    connection = connections[alias]
    try:
        return BACKENDS[connection.vendor](connection)
    except KeyError:
        raise NotImplementedError(f"No indicator search for {connection.vendor}") from None


def ensure_structures(*, using: str) -> None:
    """Create the database's full-text structures where missing (after migrate)."""
    backend_for(using).ensure_structures()


def _matched(sql_params: tuple[str, list]) -> Q:
    sql, params = sql_params
    # The SQL is the backends' own; what the user typed is only ever a parameter.
    return Q(pk__in=RawSQL(sql, params))  # noqa: S611


def _any(conditions: list[Q]) -> Q:
    combined = Q()
    for condition in conditions:
        combined |= condition
    return combined


def scored(indicators: QuerySet, parsed: ParsedQuery) -> QuerySet:
    """`indicators` that match `parsed`, annotated with `search_score` and ordered by it.

    Each typed word adds its best match in the wording (the word itself, else one of its
    synonyms or a word spelt like it) and its best match in the sources and questions; a
    synonym of a phrase ("employment support") counts once for the phrase; the keyword index's
    domains add their weight. So a synonym never outweighs the typed word, and ten synonyms of
    one word count as one.
    """
    backend = backend_for(indicators.db)
    found = backend.any_match(parsed.typed)

    def matched(column: str, terms: list[Term]) -> Q:
        return _any([_matched(backend.ids_matching(column, term)) for term in terms])

    by_origin: dict[str, list[Term]] = {}
    for synonym in parsed.synonyms:
        by_origin.setdefault(synonym.origin, []).append(synonym)
    scores: list[Case] = []
    # What a result must match at least one of: the same as a score above 0, but one indexed
    # look-up for all the words, so the score is worked out for the results only.
    searched = [term for term, any_found in zip(parsed.typed, found, strict=True) if any_found]
    searched += parsed.synonyms
    candidates: list[Q] = []
    for term, any_found in zip(parsed.typed, found, strict=True):
        own = [
            by_origin.pop(origin)
            for origin in list(by_origin)
            if stems_of(origin) == set(term.stems)
        ]
        synonyms = [synonym for group in own for synonym in group]
        in_wording: list[When] = []
        in_text: list[When] = []
        if any_found:
            in_wording.append(When(matched("wording", [term]), then=WEIGHTS["wording"]))
            in_text.append(When(matched("search_text", [term]), then=WEIGHTS["text"]))
        elif not term.stems <= parsed.covered:
            # Nothing holds it, and no synonym or index term knows it: a misspelling?
            spelt_like = backend.ids_spelt_like(term.text)
            if spelt_like is not None:
                parsed.misspelt.append(term.text)
                in_wording.append(When(_matched(spelt_like), then=WEIGHTS["spelling_wording"]))
                candidates.append(_matched(spelt_like))
        if synonyms:
            in_wording.append(When(matched("wording", synonyms), then=WEIGHTS["synonym_wording"]))
            in_text.append(When(matched("search_text", synonyms), then=WEIGHTS["synonym_text"]))
        scores += [Case(*cases, default=Value(0)) for cases in (in_wording, in_text) if cases]
    for synonyms in by_origin.values():  # synonyms of a phrase of several typed words
        scores.append(
            Case(
                When(matched("wording", synonyms), then=WEIGHTS["synonym_wording"]),
                When(matched("search_text", synonyms), then=WEIGHTS["synonym_text"]),
                default=Value(0),
            )
        )
    if parsed.exact_domains:
        scores.append(
            Case(
                When(domain_id__in=sorted(parsed.exact_domains), then=WEIGHTS["index_exact"]),
                default=Value(0),
            )
        )
    if parsed.partial_domains:
        scores.append(
            Case(
                When(domain_id__in=sorted(parsed.partial_domains), then=WEIGHTS["index_partial"]),
                default=Value(0),
            )
        )
    if not scores:
        return indicators.none().annotate(search_score=Value(0, output_field=IntegerField()))
    if searched:
        candidates.append(backend.matching_any(searched))
    if index_domains := parsed.exact_domains | parsed.partial_domains:
        candidates.append(Q(domain_id__in=sorted(index_domains)))
    score = sum(scores, start=Value(0, output_field=IntegerField()))
    return (
        indicators.filter(_any(candidates))
        .annotate(search_score=score)
        .order_by("-search_score", "domain__number", "group", "code")
    )


# -- Why a result matched ------------------------------------------------------------------------


@dataclass
class Explanation:
    """What to show under a result: its wording with the matching words marked, and why."""

    wording: SafeString
    typed: list[str]  # typed words found in the wording
    synonyms: list[tuple[str, str]]  # (synonym found in the wording, the typed word it stands for)
    spellings: list[tuple[str, str]]  # (the wording's word, the typed word spelt like it)
    in_sources: list[str]  # typed words or synonyms found in its sources or questions
    index_exact: bool
    index_partial: bool

    @property
    def reasons(self) -> list[str]:
        """Why it matched, in words: for the results page and the indicator picker's hints."""
        reasons = []
        if self.typed:
            reasons.append(_("Matches: %(words)s.") % {"words": ", ".join(self.typed)})
        for synonym, origin in self.synonyms:
            reasons.append(
                _("“%(synonym)s”, for %(origin)s.") % {"synonym": synonym, "origin": origin}
            )
        for found, typed in self.spellings:
            reasons.append(
                _("“%(found)s”, spelt like %(typed)s.") % {"found": found, "typed": typed}
            )
        if self.in_sources:
            reasons.append(
                _("Its data sources or survey questions mention: %(words)s.")
                % {"words": ", ".join(self.in_sources)}
            )
        if self.index_exact:
            reasons.append(_("In a domain the keyword index gives for your search."))
        elif self.index_partial:
            reasons.append(_("In a domain the keyword index gives for words like yours."))
        return reasons


def mark(text: str, stems: Iterable[str], also: Iterable[str] = ()) -> SafeString:
    """`text`, escaped, with each word whose stem is in `stems` (or that is in `also`, lower
    case) in <mark>: shown bold as well as highlighted, not by colour alone."""
    stems, also = set(stems), set(also)
    out, last = [], 0
    for found in WORD_RE.finditer(text):
        word = found.group()
        if stem(word) in stems or word.lower() in also:
            out.append(escape(text[last : found.start()]))
            out.append(f'<mark class="app-match">{escape(word)}</mark>')
            last = found.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - each piece is escaped above


def explain(indicator, parsed: ParsedQuery) -> Explanation:
    """Why `indicator` matched, with its wording as the reader sees it (Welsh on a Welsh page,
    where there is some): a word of either language's wording counts as in the wording."""
    shown, lang = localised(indicator, "wording")
    wording_stems = {stem(word) for word in words_of(shown)}
    if shown is not indicator.wording:  # the Welsh shown: the English counts too
        wording_stems |= {stem(word) for word in words_of(indicator.wording)}
    text_stems = {stem(word) for word in words_of(indicator.search_text)}
    typed = [term.text for term in parsed.typed if term.stems <= wording_stems]
    synonyms = [(term.text, term.origin) for term in parsed.synonyms if term.stems <= wording_stems]
    spellings = []
    if parsed.misspelt:
        words = sorted(set(words_of(shown)))
        for typed_word in parsed.misspelt:
            close = difflib.get_close_matches(typed_word, words, n=1, cutoff=0.6)
            if close:
                spellings.append((close[0], typed_word))
    in_sources = [
        term.text
        for term in [*parsed.typed, *parsed.synonyms]
        if term.stems <= text_stems and term.text not in typed
    ]
    marked_stems = set().union(
        *(term.stems for term in parsed.typed if term.text in typed),
        *(term.stems for term in parsed.synonyms if term.stems <= wording_stems),
    )
    return Explanation(
        wording=in_lang(
            mark(shown, marked_stems, also=[word for word, _ in spellings]), lang or ""
        ),
        typed=typed,
        synonyms=synonyms,
        spellings=spellings,
        in_sources=in_sources,
        index_exact=indicator.domain_id in parsed.exact_domains,
        index_partial=indicator.domain_id in parsed.partial_domains,
    )
