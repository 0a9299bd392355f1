"""Categories in Wagtail's admin (Snippets): administrators name them in both languages."""

from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet

from .models import Category


class CategoryDeleteView(DeleteView):
    """A category still holding products or subcategories stays, with a message, not a 500."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _("This category still has products or subcategories: move them first."),
            )
            return HttpResponseRedirect(reverse(self.index_url_name))


class CategoryViewSet(SnippetViewSet):
    model = Category
    delete_view_class = CategoryDeleteView
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
