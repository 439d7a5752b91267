from django.contrib import admin

from keqi.reference.models import DictionaryEntry, Industry, IPType, Region


@admin.register(DictionaryEntry)
class DictionaryEntryAdmin(admin.ModelAdmin):
    list_display = ("category", "code", "label", "sort_order", "is_active")
    list_filter = ("category", "is_active")
    search_fields = ("code", "label")


@admin.register(IPType)
class IPTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "ip_class", "sort_order")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "full_name", "level")
    list_filter = ("level",)
    search_fields = ("code", "name", "full_name")


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level")
    list_filter = ("level", "section")
    search_fields = ("code", "name")
