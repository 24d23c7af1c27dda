from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import council, joining, languages, two_factor, views
from .forms import SignInForm

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("language/<str:code>/", languages.choose_language, name="choose_language"),
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
    path(
        "council/people/<int:pk>/deactivate/",
        council.council_person_deactivate,
        name="council_person_deactivate",
    ),
    path(
        "council/people/<int:pk>/two-factor-reset/",
        council.council_person_two_factor_reset,
        name="council_person_two_factor_reset",
    ),
    path(
        "council/people/<int:pk>/erase/", council.council_person_erase, name="council_person_erase"
    ),
    path("council/invite/", council.council_invite, name="council_invite"),
    path(
        "council/invitations/<int:pk>/resend/",
        council.council_invitation_act,
        {"action": "resend"},
        name="council_invitation_resend",
    ),
    path(
        "council/invitations/<int:pk>/withdraw/",
        council.council_invitation_act,
        {"action": "withdraw"},
        name="council_invitation_withdraw",
    ),
    path("council/two-factor/", council.council_two_factor, name="council_two_factor"),
    path("council/audit/", council.council_audit, name="council_audit"),
    path("councils/new/", joining.council_create, name="council_create"),
    path("invitation/<str:token>/", joining.invitation_accept_view, name="invitation_accept"),
    path("account/", views.account, name="account"),
    path("account/password/", views.PasswordChange.as_view(), name="password_change"),
    path(
        "account/sign-out-elsewhere/",
        views.account_sign_out_elsewhere,
        name="account_sign_out_elsewhere",
    ),
    path("sign-in/code/", two_factor.two_factor_verify, name="two_factor_verify"),
    path("account/two-factor/", two_factor.two_factor_setup, name="two_factor_setup"),
    path(
        "account/two-factor/recovery-codes/",
        two_factor.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("account/two-factor/remove/", two_factor.two_factor_remove, name="two_factor_remove"),
    path("session/extend/", views.session_extend, name="session_extend"),
    path("", include("domains.urls")),
    path("plans/", include("theory_of_change.urls")),
    path("plans/", include("evaluation.urls")),
    path("portfolio/", include("evaluation.portfolio_urls")),
    path("", include("readiness.urls")),
    path("notifications/", include("theory_of_change.review.notification_urls")),
    path("toolkit/", include("toolkit_import.urls")),
    path("privacy/", include("privacy.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

# Django's own 400 (a bad request or upload, and forms too large: 413) as GOV.UK pages; 403,
# 404 and 500 use the templates of the same names.
handler400 = "ioi_planner.views.bad_request"
