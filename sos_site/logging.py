"""Log lines that are safe to keep: one event per line, and no case content.

Two rules, for every handler:

- Control characters in the message (newlines above all) are escaped, so that text someone typed
  into a URL or a form cannot forge a second log line.
- An exception is logged as its type and where it happened, never its message. Messages carry
  data: a database error quotes the row it refused, and a 500 would otherwise copy what a social
  worker typed about a child into the log.

Request bodies are never logged: nothing in LOGGING sends the request to a handler that prints
it, and django.db.backends never logs SQL parameters (see settings.LOGGING).
"""

import logging
import traceback

_ESCAPES = {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}


def escape_control_characters(text):
    text = text.translate(_ESCAPES)
    return "".join(
        f"\\x{ord(char):02x}" if ord(char) < 32 or ord(char) == 127 else char for char in text
    )


class SafeFormatter(logging.Formatter):
    def format(self, record):
        # Another formatter may have cached the full traceback, message and all.
        record.exc_text = None
        return super().format(record)

    def formatMessage(self, record):
        return escape_control_characters(super().formatMessage(record))

    def formatException(self, exc_info):
        kind, _value, tb = exc_info
        frames = traceback.extract_tb(tb)
        lines = [f"{kind.__module__}.{kind.__qualname__} (message not logged)"]
        lines += [f'  File "{f.filename}", line {f.lineno}, in {f.name}' for f in frames]
        return "\n".join(lines)

    def formatStack(self, stack_info):
        return escape_control_characters(stack_info)
