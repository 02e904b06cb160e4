"""Domain errors. Only cli.py turns them into messages and exit codes."""


class BriefingError(Exception):
    """Base of every error the core raises; the message says how to fix it."""

    exit_code = 1


class ConfigError(BriefingError):
    """Bad flags, environment or config file."""

    exit_code = 2


class InputError(BriefingError):
    """Input that cannot be read at all (missing folder, duplicate ids, bad brief JSON)."""

    exit_code = 2


class RenderError(BriefingError):
    """The brief could not be rendered or written."""

    exit_code = 1
