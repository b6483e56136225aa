"""Template filters of the authoring pages."""

from __future__ import annotations

from markupsafe import Markup

from trainer.author import bp
from trainer.bank.richtext import sanitise


@bp.app_template_filter("author_rich")
def author_rich(html: str) -> Markup:
    """Stored rich text, cleaned again on the way out (cheap, and safe if the rules tighten)."""
    return Markup(sanitise(html))  # noqa: S704 - nh3 has just cleaned it


@bp.app_template_filter("combine_args")
def combine_args(args: dict[str, str], **changes) -> dict[str, str]:
    """Query arguments with some replaced (None or "" removes one), for sort and page links."""
    out = dict(args)
    for key, value in changes.items():
        if value in (None, ""):
            out.pop(key, None)
        else:
            out[key] = value
    return out
