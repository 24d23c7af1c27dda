"""The Welsh toolkit ("Pecyn Cymorth"), issue 21: the names its data sheet and columns may go
by, and how a workbook is told to be Welsh.

The Home Office publishes the toolkit in Welsh as well as English. A Welsh workbook gives the
Welsh of indicators the bank already has: importing it fills their Welsh wording and group
(`wording_cy`, `group_cy`), matched by indicator code, and adds, changes or retires nothing
else (toolkit_import/planning.py). The English toolkit is imported first; it is the one that
shapes the bank.

The names below are ours, not read from the published Welsh workbook (which was not available
to us): each is what a Welsh toolkit would plausibly call the sheet or column, as
docs/welsh-glossary.md words the same things. Where a Welsh workbook uses other words, the
admin maps its columns on the import's first page as for any workbook, and the names found
should be added here.
"""

# (Excel allows a sheet name 31 characters at most.)
WELSH_SHEET_NAMES = [
    "Cwestiynau a gwybodaeth data DU",
    "Cwestiynau a data’r DU",
    "Cwestiynau’r DU",
]

WELSH_HEADERS = {
    "indicator_type": ("math o ddangosydd", "math", "math o barth"),
    "domain": ("parth", "enw’r parth", "parth integreiddio", "parthau"),
    "code": ("cod y dangosydd", "cod", "cyfeirnod y dangosydd", "cyfeirnod"),
    "group": ("grŵp y dangosydd", "grŵp", "is-barth", "thema", "pwnc"),
    "indicator": ("dangosydd", "dangosyddion", "geiriad y dangosydd", "testun y dangosydd"),
    "data_availability": ("argaeledd data", "argaeledd", "math o ddata"),
    "question": ("cwestiwn neu newidyn", "cwestiynau neu newidynnau", "cwestiwn", "newidyn"),
    "source": ("ffynhonnell", "ffynhonnell ddata", "ffynhonnell y data", "arolwg", "set ddata"),
    "publisher": ("cyhoeddwr", "cyhoeddwyd gan"),
    "level": ("lefel y data", "lefel", "daearyddiaeth", "lefel ddaearyddol"),
    "frequency": ("pa mor aml y’i casglir", "amlder", "amlder casglu"),
    "disaggregation": ("sut y gellir dadgyfuno’r data", "dadgyfuno", "dadansoddiadau"),
    "technical_url": ("dolen i wybodaeth dechnegol", "gwybodaeth dechnegol"),
    "data_url": ("dolen i’r data", "dolen", "cyfeiriad gwe"),
}
