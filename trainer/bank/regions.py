"""Body-map region ids and names, read from the app's SVG figure.

Each region is an element with ``data-region="<id>"`` and an ``aria-label`` (its name). Several
elements may carry the same id (a region drawn in pieces); the first label wins.
"""

from __future__ import annotations

from pathlib import Path
from xml.parsers import expat

from trainer.bank.problems import Problem
from trainer.bank.spec import SLUG_RE

#: The figure the app serves; validation reads the region ids from it.
DEFAULT_SVG = Path(__file__).resolve().parent.parent / "static" / "bodymap" / "bodymap.svg"


def read_regions(
    svg_path: str | Path, file: str | None = None
) -> tuple[dict[str, str], list[Problem]]:
    """Region id -> name, in document order, and the problems found.

    ``file`` is how problems name the SVG (default: the path as given). Uses expat directly
    (the parser under ``xml.etree``) because it reports line numbers.
    """
    path = Path(svg_path)
    name = file if file is not None else str(svg_path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return {}, [Problem(name, None, "", f"cannot read the body-map SVG: {exc.strerror}")]

    regions: dict[str, str] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    parser = expat.ParserCreate()

    def start(_tag: str, attrs: dict[str, str]) -> None:
        region = attrs.get("data-region")
        if region is None:
            return
        line = parser.CurrentLineNumber
        field = f'data-region="{region}"'
        if not SLUG_RE.match(region):
            problems.append(Problem(name, line, field, "region id must be lowercase-hyphenated"))
            return
        label = " ".join(attrs.get("aria-label", "").split())
        if region not in regions:
            regions[region] = label
            lines[region] = line
        elif not regions[region]:
            regions[region] = label

    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        message = f"XML syntax error: {expat.errors.messages[exc.code]}"
        return {}, [Problem(name, exc.lineno, "", message)]
    for region, label in regions.items():
        if not label:
            problems.append(
                Problem(name, lines[region], f'data-region="{region}"', "region has no aria-label")
            )
    if not regions and not problems:
        problems.append(Problem(name, None, "", "no element with a data-region attribute"))
    return regions, problems
