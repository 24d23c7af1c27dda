from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import council, views
from .forms import SignInForm

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            template_name="ioi_planner/sign_in.html",
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("sign-in/forgotten-password/", views.PasswordReset.as_view(), name="password_reset"),
    path(
        "sign-in/forgotten-password/sent/",
        views.PasswordResetSent.as_view(),
        name="password_reset_sent",
    ),
    path(
        "sign-in/reset/<uidb64>/<token>/",
        views.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "sign-in/reset/done/",
        views.PasswordResetComplete.as_view(),
        name="password_reset_complete",
    ),
    path("council/", council.council_home, name="council_home"),
    path("council/people/<int:pk>/", council.council_person, name="council_person"),
    path("account/", views.account, name="account"),
    path("account/password/", views.PasswordChange.as_view(), name="password_change"),
    path(
        "account/sign-out-elsewhere/",
        views.account_sign_out_elsewhere,
        name="account_sign_out_elsewhere",
    ),
    path("session/extend/", views.session_extend, name="session_extend"),
    path("", include("domains.urls")),
    path("plans/", include("theory_of_change.urls")),
    path("plans/", include("evaluation.urls")),
    path("notifications/", include("theory_of_change.review.notification_urls")),
    path("toolkit/", include("toolkit_import.urls")),
    path("privacy/", include("privacy.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

# Django's own 400 (a bad request or upload, and forms too large: 413) as GOV.UK pages; 403,
# 404 and 500 use the templates of the same names.
handler400 = "ioi_planner.views.bad_request"
