from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (URL name, label, path prefix that marks the item as the current section)
NAVIGATION = [
    ("domains:framework_overview", _("Framework"), "/framework/"),
    ("domains:indicator_list", _("Indicators"), "/indicators/"),
    ("theory_of_change:plan_list", _("Plans"), "/plans/"),
    ("readiness:assessment_list", _("Readiness"), "/readiness/"),
]
# Shown to site staff only.
STAFF_NAVIGATION = [
    ("toolkit_import:import_list", _("Toolkit imports"), "/toolkit/"),
]


def service_navigation(request):
    """Items for the service navigation bar, with the current section marked."""
    path = getattr(request, "path", "")
    user = getattr(request, "user", None)
    items = NAVIGATION + (STAFF_NAVIGATION if user is not None and user.is_staff else [])
    return {
        "service_navigation": [
            {"text": label, "href": reverse(name), "active": path.startswith(prefix)}
            for name, label, prefix in items
        ]
    }
