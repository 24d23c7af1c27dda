"""Tagged PDFs from HTML, for every app's documents (evaluation plans, plan reports, readiness
assessments): WeasyPrint, PDF/UA-1, the shipped fonts (ioi_planner/fonts/) and nothing else.

A document's template includes "pdf/page.css" (the fonts, A4 landscape, the footer) with
`font_context()` in its context.
"""

from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from .text import for_xml

FONTS = Path(__file__).resolve().parent / "fonts"
PDF_VARIANT = "pdf/ua-1"  # tagged: headings, tables and figures with their alternative text


def font_context() -> dict:
    """What pdf/page.css needs: the shipped fonts' file URLs."""
    return {
        "font_regular": (FONTS / "LiberationSans-Regular.ttf").as_uri(),
        "font_bold": (FONTS / "LiberationSans-Bold.ttf").as_uri(),
    }


def local_fonts_only(url: str) -> bool:
    """Whether a PDF may load `url`: only the fonts shipped in ioi_planner/fonts/. User text is
    escaped in the templates, so it should never name a resource; if it ever did, a web address
    (http://127.0.0.1/…) or a file elsewhere (file:///etc/…) is refused, not fetched."""
    parsed = urlparse(url)
    if parsed.scheme != "file":
        return False
    return Path(url2pathname(parsed.path)).resolve().is_relative_to(FONTS)


def _url_fetcher():
    from weasyprint.urls import URLFetcher

    class LocalFontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            # Looked up on the module each time, so a test can watch what is asked for.
            if not _module_local_fonts_only(url):
                raise ValueError(f"The PDF loads only its own fonts, not {url[:80]}")
            return super().fetch(url, headers)

    return LocalFontsOnly(allowed_protocols=["file"])


def _module_local_fonts_only(url: str) -> bool:
    import ioi_planner.pdf

    return ioi_planner.pdf.local_fonts_only(url)


def html_document(html: str):
    """WeasyPrint's HTML for `html`, loading nothing but the shipped fonts."""
    from weasyprint import HTML  # imported here: Pango is loaded only when a PDF is made

    return HTML(string=for_xml(html), base_url=str(FONTS), url_fetcher=_url_fetcher())


def html_to_pdf(html: str) -> bytes:
    return html_document(html).write_pdf(pdf_variant=PDF_VARIANT)
