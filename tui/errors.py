"""Errors that reach the user as one line, never as a traceback."""


class WinnowError(Exception):
    """A user-facing failure: its message is one line the user can act on."""


class UserError(WinnowError):
    """Bad input from the user (exit status 1)."""


class StoreError(WinnowError):
    """The state file cannot be read or written."""


class ConfigError(WinnowError):
    """The config file is wrong."""
