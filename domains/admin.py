from django.contrib import admin
from django.db import models

from .models import (
    DataSource,
    Domain,
    DomainType,
    IndexTerm,
    Indicator,
    IndicatorQuestion,
    SearchSynonym,
)
from .services import indicators_from_sources_refresh


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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Search reads each indicator's sources by name and publisher.
        indicators_from_sources_refresh(obj.questions.values_list("indicator_id", flat=True))


@admin.register(IndicatorQuestion)
class IndicatorQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "indicator", "data_source"]
    search_fields = ["text"]
    list_select_related = ["indicator", "data_source"]

    # Search reads each indicator's questions: keep what it reads in step with every change.
    def save_model(self, request, obj, form, change):
        old_indicator = (
            IndicatorQuestion.objects.filter(pk=obj.pk)
            .values_list("indicator_id", flat=True)
            .first()
        )
        super().save_model(request, obj, form, change)
        indicators_from_sources_refresh({obj.indicator_id, old_indicator} - {None})

    def delete_model(self, request, obj):
        indicator_id = obj.indicator_id
        super().delete_model(request, obj)
        indicators_from_sources_refresh([indicator_id])

    def delete_queryset(self, request, queryset):
        indicator_ids = set(queryset.values_list("indicator_id", flat=True))
        super().delete_queryset(request, queryset)
        indicators_from_sources_refresh(indicator_ids)


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    list_display = ["phrase", "related"]
    search_fields = ["phrase"]
