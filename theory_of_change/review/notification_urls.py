"""The notifications list lives at /notifications/, outside /plans/."""

from django.urls import path

from theory_of_change.review import views as review_views

app_name = "notifications"


urlpatterns = [
    path("", review_views.notification_list, name="notification_list"),
    path("read/", review_views.notifications_mark_read, name="notifications_mark_read"),
]
