"""Choosing the language of the service: English or Welsh (Cymraeg), issue 21.

Which language a page is in, first that applies:
1. a signed-in person's choice, kept on their account (`User.language`), so their emails and
   documents are in it too, whichever device they use;
2. a visitor's choice, kept in a cookie (settings.LANGUAGE_COOKIE_NAME, a year);
3. what the browser asks for (Accept-Language);
4. English.
Only a language whose catalogue is compiled is ever offered or activated (settings.LANGUAGES),
so a page's `lang` always matches its text.

The switch in every page's header (templates/components/language_select.html) is a link to
`choose_language`, as the GOV.UK and HMRC language switches are: each language named in
itself, with `lang` and `hreflang`. It is a GET because it changes nothing but how pages are
shown (a link works without JavaScript, can be bookmarked and opened in a new tab); it then
returns the person to the page they were on (`next`, same site only).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

# Each language named in itself, and the hidden words that say what its link does, in that
# language (a screen reader reads them with the link's lang).
NAMES = {"en-gb": "English", "cy": "Cymraeg"}
SWITCH_TO = {"en-gb": "Change the language to English", "cy": "Newid yr iaith i’r Gymraeg"}


def offered() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def account_language(user) -> str | None:
    """The person's chosen language, if it is offered; None otherwise (no choice, or a
    language no longer offered)."""
    language = getattr(user, "language", "")
    return language if language in offered() else None


def language_of(user) -> str:
    """The language to write to this person in, away from their own pages (notifications,
    emails, documents made for them): their account's choice, else the service's default."""
    return account_language(user) or settings.LANGUAGE_CODE


class AccountLanguage:
    """Pages of a signed-in person in the language on their account (after Django's
    LocaleMiddleware, which has taken the cookie or Accept-Language; and after authentication)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            language = account_language(request.user)
            if language and language != translation.get_language():
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)


def language_choices(request: HttpRequest) -> dict:
    """Context processor: the header's language switch, for every page with a request."""
    languages = offered()
    if len(languages) < 2 or request.resolver_match is None:
        return {}
    current = translation.get_language()
    back = urlencode({"next": request.get_full_path()})
    return {
        "language_choices": [
            {
                "code": code,
                "name": NAMES.get(code, code),
                "switch_to": SWITCH_TO.get(code, ""),
                "current": code == current,
                "href": f"{reverse('choose_language', kwargs={'code': code})}?{back}",
            }
            for code in languages
        ]
    }


@require_safe
def choose_language(request: HttpRequest, code: str) -> HttpResponse:
    """Switch to `code` and go back to the page the person was on."""
    if code not in offered():
        raise Http404
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("home")
    response = redirect(back)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    user = request.user
    if user.is_authenticated and user.language != code:
        user.language = code
        user.save(update_fields=["language"])
    return response


@receiver(user_logged_in, dispatch_uid="language_kept_at_sign_in")
def keep_the_visitor_s_choice(sender, request, user, **kwargs) -> None:
    """Someone who chose a language before signing in, and has none on their account yet,
    keeps it: it becomes their account's."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) if request else None
    if chosen in offered() and not user.language:
        user.language = chosen
        user.save(update_fields=["language"])
