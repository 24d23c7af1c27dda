from django.urls import path

from . import portfolio_views

app_name = "portfolio"

urlpatterns = [
    path("", portfolio_views.portfolio, name="portfolio"),
    path(
        "indicators/<int:indicator_id>/",
        portfolio_views.portfolio_indicator,
        name="portfolio_indicator",
    ),
    path("portfolio.xlsx", portfolio_views.portfolio_xlsx, name="portfolio_xlsx"),
]
