"""The one base of the errors a rule of the domain raises.

A service refuses an action by raising a subclass of `DomainError`; its `message`
is shown to the person who tried, as is, in their language. Views catch
`DomainError` (or the app's own base) and show `message`; forms keep Django's
`ValidationError` for what a field got wrong.

The errors of catalog, sellers, traceability and cms derive from `ValidationError`
as well, because their callers show them like a form's errors (`error.messages`).
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain refused the action.

    `message` is for the person who tried (a lazy or an already translated string);
    `code` names the rule for code that reacts to one refusal in particular.
    """

    default_message = _("This action is not allowed.")
    default_code: str | None = None

    def __init__(self, message=None, *, code: str | None = None):
        message = self.default_message if message is None else message
        super().__init__(message)
        # Set after the base's __init__: ValidationError sets both attributes too.
        self.message = message
        self.code = code or self.default_code
