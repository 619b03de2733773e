"""The error hierarchy. The CLI turns each into one line on stderr and a non-zero exit."""


class HarnessError(Exception):
    """Base of every error the harness reports to a user.

    Args:
        message: one line saying what is wrong, naming the file/field/value at fault.
        hint: optional one line saying what to do about it.
    """

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class ConfigError(HarnessError):
    """A task card, noise profile, manifest or command-line value is invalid."""


class DataError(HarnessError):
    """Evaluation data is missing, unreadable or malformed."""


class ModelError(HarnessError):
    """A checkpoint is missing, unsafe to load, or does not fit the task."""


class SchemaError(HarnessError):
    """A stored result file does not match the result schema."""
