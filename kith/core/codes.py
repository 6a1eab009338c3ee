"""Reading reference codes (the DfE's and Kith's own TextChoices) as words."""

from __future__ import annotations

from django.db import models


def label_for(choices: type[models.TextChoices], code: str) -> str:
    """The label of `code`, or the code itself when it is not one of `choices` (an old or
    imported value is shown as it was recorded, never hidden)."""
    return str(choices(code).label) if code in choices.values else code
