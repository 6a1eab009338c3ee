"""The one shape of a refused write: which form field is at fault and what to do, in GOV.UK words.

Every app's actions raise a subclass (AssessmentRefused, PlanRefused, MeetingRefused…) so views
can put the message against the right field with one line.
"""

from __future__ import annotations


class Refused(ValueError):
    """Input that cannot be recorded: `field` is the form field at fault ("__all__" or a name
    the form does not have for the form as a whole), `message` says what to do."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
