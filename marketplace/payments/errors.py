class PaymentError(Exception):
    """A rule of payments refused the request; `message` is shown to the person as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
