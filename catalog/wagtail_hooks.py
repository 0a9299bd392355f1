"""Categories in Wagtail's admin (Snippets): administrators name them in both languages."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Category


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    add_to_admin_menu = True
    list_display = ["name", "name_en", "parent", "position"]
    search_fields = ["name", "name_en"]
    ordering = ["parent__position", "position", "name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldPanel("position"),
    ]


register_snippet(CategoryViewSet)
