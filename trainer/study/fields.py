"""Reading the small values the study endpoints take (durations, ratings) from JSON or a form.

A value that is present but not what the field holds is refused with a StudyError (400) rather
than ignored or coerced: `2.7` is not a rating, `Infinity` is not a duration.
"""

from __future__ import annotations

import re

from trainer.services.learning.study import StudyError

_WHOLE = re.compile(r"[0-9]{1,12}")


def duration_ms(value: object) -> int | None:
    """Milliseconds the learner took; None (absent, null or an empty form field) means the
    server measures it from the token."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        return int(value.strip())
    raise StudyError("duration_ms must be a whole number of milliseconds.")


def rating(value: object) -> int:
    """A rating 1 (Again) to 4 (Easy), as a JSON number or a form's digit."""
    if isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
        return value
    raise StudyError("Rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy).")
