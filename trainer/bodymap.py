"""The body-map figure, rendered inline with regions highlighted or made selectable.

The SVG (static/bodymap/bodymap.svg) is read once. Each region is a
``<g class="region" data-region="ID" ...>`` element; this module rewrites those opening tags
only, so the drawing itself stays as its author made it.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from markupsafe import Markup, escape

from trainer.bank import DEFAULT_SVG, read_regions

_REGION_TAG = re.compile(r'<g class="region" data-region="(?P<id>[a-z0-9-]+)"[^>]*>')
_ROOT_TAG = re.compile(r"<svg\b[^>]*>")
_VIEWBOX = re.compile(r'viewBox="([^"]+)"')


@lru_cache(maxsize=1)
def _svg_source() -> str:
    return DEFAULT_SVG.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def region_names() -> dict[str, str]:
    """Region id -> readable name, in the figure's order."""
    regions, _problems = read_regions(DEFAULT_SVG)
    return regions


def render_bodymap(
    highlight: Collection[str] = (),
    *,
    interactive: bool = False,
    label: str = "Body map",
    extra_class: str = "",
) -> Markup:
    """The SVG as inline markup.

    Display mode: the figure is one image whose accessible name lists the highlighted regions.
    Interactive mode: every region is a focusable checkbox (the study screen's answer surface).
    """
    return _render(frozenset(highlight), interactive, label, extra_class)


@lru_cache(maxsize=512)
def _render(highlight: frozenset[str], interactive: bool, label: str, extra_class: str) -> Markup:
    # Rewriting a 130 KB figure costs about a millisecond; the same few hundred zones recur.
    names = region_names()

    def region_tag(match: re.Match[str]) -> str:
        region = match["id"]
        classes = "region is-highlighted" if region in highlight else "region"
        name = escape(names.get(region, region))
        if interactive:
            checked = "true" if region in highlight else "false"
            return (
                f'<g class="{classes}" data-region="{region}" tabindex="0" role="checkbox" '
                f'aria-checked="{checked}" aria-label="{name}">'
            )
        return f'<g class="{classes}" data-region="{region}">'

    source = _svg_source()
    viewbox = _VIEWBOX.search(_ROOT_TAG.search(source)[0])[1]
    if interactive:
        role, name, classes = "group", label, f"bodymap is-interactive {extra_class}"
    else:
        zone = ", ".join(names[r] for r in names if r in highlight)
        role, name, classes = "img", f"{label}: {zone}" if zone else label, f"bodymap {extra_class}"
    root = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{viewbox}" role="{role}" '
        f'aria-label="{escape(name)}" class="{escape(classes.strip())}">'
    )
    svg = _ROOT_TAG.sub(root, source, count=1)
    return Markup(_REGION_TAG.sub(region_tag, svg))  # noqa: S704 - our own file, names escaped


def render_result(region_classes: dict[str, str], *, label: str = "Your answer") -> Markup:
    """The figure with each answered region coloured by its result (is-correct/missed/wrong)."""
    figure = str(_render(frozenset(), False, label, ""))
    for region, css in region_classes.items():
        figure = figure.replace(
            f'<g class="region" data-region="{region}">',
            f'<g class="region {css}" data-region="{region}">',
        )
    return Markup(figure)  # noqa: S704 - built from our own escaped figure


def register_template_helpers(app) -> None:
    app.jinja_env.globals.update(
        bodymap=render_bodymap, bodymap_result=render_result, region_names=region_names
    )
