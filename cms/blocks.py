from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    text = blocks.RichTextBlock(label=_("text"), features=["bold", "italic", "link"])

    class Meta:
        icon = "pick"
        template = "cms/blocks/callout.html"
        label = _("Callout")


class BodyBlock(blocks.StreamBlock):
    """The blocks editors may use on content pages."""

    heading = blocks.CharBlock(
        label=_("heading"), form_classname="title", template="cms/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(
        label=_("paragraph"), features=["bold", "italic", "link", "ol", "ul"]
    )
    image = ImageBlock(label=pgettext_lazy("block", "image"), template="cms/blocks/image.html")
    callout = CalloutBlock()
