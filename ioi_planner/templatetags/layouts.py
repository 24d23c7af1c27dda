"""Template tags for the page layouts in templates/layouts/.

A layout builds the page's <title> from the text of its <h1>, which the page fills in a block.
The <title> comes first in the document, so the layout renders the block there, inside
`{% capture "heading" %}…{% endcapture %}`, which also keeps the text for the rest of this
render; `{% captured "heading" %}` prints it again in the <h1>. The text is kept in
`context.render_context`, Django's documented place for state of one render of a template.
"""

from django import template
from django.template.base import Node, NodeList, Parser, Token
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _key(name: str) -> tuple[str, str]:
    return ("layouts.captured", name)


class CaptureNode(Node):
    def __init__(self, name: str, nodelist: NodeList):
        self.name = name
        self.nodelist = nodelist

    def render(self, context) -> SafeString:
        text = self.nodelist.render(context)
        context.render_context[_key(self.name)] = text
        return text


@register.tag
def capture(parser: Parser, token: Token) -> CaptureNode:
    """{% capture "name" %}…{% endcapture %}: print what is inside, and keep it as "name"."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError('Use {% capture "name" %}…{% endcapture %}.')
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(bits[1][1:-1], nodelist)


@register.simple_tag(takes_context=True)
def captured(context, name: str) -> SafeString:
    """What {% capture name %} printed earlier in this render ("" if nothing)."""
    return mark_safe(context.render_context.get(_key(name), ""))  # noqa: S308 - rendered output
