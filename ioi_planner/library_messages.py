"""Messages that other libraries show on the service's pages, listed here so that the service's
own catalogue translates them (issue 21): a project's catalogue (LOCALE_PATHS) comes before
every app's, so the Welsh given here is the one shown.

- crispy-forms-gds has no Welsh catalogue: its date input names its three boxes.
- Django's own Welsh is incomplete and, in places, wrong; a message of Django's that the
  service shows belongs here with the Welsh it should have. (The service's forms give their own
  messages for nearly everything, so few do.)

Nothing calls these: `gettext_noop` only marks them for `makemessages`.
"""

from django.utils.translation import gettext_noop

LIBRARY_MESSAGES = (
    # crispy_forms_gds.fields.DateInputField and widgets.DateInputWidget
    gettext_noop("Day"),
    gettext_noop("Month"),
    gettext_noop("Year"),
)
