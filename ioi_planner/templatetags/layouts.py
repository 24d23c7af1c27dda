"""Template tags for the page layouts in templates/layouts/."""

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY

register = template.Library()


@register.simple_tag(takes_context=True)
def render_block(context, name: str) -> str:
    """Render the named block of the page being rendered again, as the child template that
    fills it last has it: a layout builds the page's <title> from the block of its <h1>."""
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = block_context.get_block(name) if block_context is not None else None
    return block.render(context) if block is not None else ""
