"""Errors the command line turns into clear messages and exit codes."""


class IttifakError(Exception):
    """A failure the user can act on; its message is shown as is."""

    exit_code = 1


class InputError(IttifakError):
    """Input that cannot be read: a missing file, malformed Turtle, an unknown parameter."""

    exit_code = 2


class EndpointError(IttifakError):
    """A remote SPARQL endpoint that cannot be reached, refuses, or answers with an error."""

    exit_code = 3


class OutputError(IttifakError):
    """An output that cannot be written: a read-only folder, a full disk, no permission."""

    exit_code = 3


def output_error(path: object, err: OSError) -> OutputError:
    """One line naming the path and the system's reason (`dist/x.ttl: No space left on device`)."""
    return OutputError(f"{path}: cannot be written: {err.strerror or err}")
