from django.contrib import admin
from django.db import models

from .models import DataSource, Domain, DomainType, IndexTerm, Indicator, IndicatorQuestion


@admin.register(DomainType)
class DomainTypeAdmin(admin.ModelAdmin):
    list_display = ["order", "name"]


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "type"]
    list_filter = ["type"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "wording", "domain", "provenance", "status"]
    list_filter = ["provenance", "status", "domain"]
    search_fields = ["code", "wording"]
    list_select_related = ["domain"]


@admin.register(IndexTerm)
class IndexTermAdmin(admin.ModelAdmin):
    list_display = ["term", "key"]
    search_fields = ["term"]
    filter_horizontal = ["domains"]


@admin.register(DataSource)
class DataSourceAdmin(admin.ModelAdmin):
    # Links without a scheme are taken as https (Django 6's default; 5.2 warns without it).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "publisher", "frequency"]
    search_fields = ["name", "publisher"]


@admin.register(IndicatorQuestion)
class IndicatorQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "indicator", "data_source"]
    search_fields = ["text"]
    list_select_related = ["indicator", "data_source"]
