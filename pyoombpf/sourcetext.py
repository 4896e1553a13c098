"""The current text of a source file: what the compiler parses and what every message quotes.

Python's ``linecache`` keeps a file's lines from the first time it read them and looks at the file again only
when asked (``linecache.checkcache``), and then it compares only the size and the modification time: a file
rewritten with the same size within one tick of the file system's clock passes that check.  A process that
edits a policy file and imports it again (a notebook, a test, a service that reloads) would compile the old
lines and quote them in its errors.

* :func:`lines` reads the file itself on every call (the compiler's read: once per file and compile) and puts
  what it read into ``linecache``, so that tracebacks and every reader below agree with what was compiled;
* :func:`line` is for messages (cheap: a ``stat``): ``linecache`` after ``checkcache``, so an edit since the last
  compile is seen as well.

A name with no readable file behind it (a source generated and registered in ``linecache`` by hand, with no
modification time) is served from ``linecache`` as it was registered.
"""

from __future__ import annotations

import linecache
import os


def lines(filename: str) -> list[str]:
    """The lines of ``filename`` as the file holds them now (each ending in a newline, as ``linecache`` gives
    them), or what ``linecache`` has for a name without a readable file; ``[]`` when neither has any."""
    import tokenize  # here: the bridge relay imports the error module that imports this one, and never reads

    try:
        with tokenize.open(filename) as f:  # the encoding Python itself reads the file with (PEP 263)
            text = f.readlines()
            st = os.fstat(f.fileno())
    except (OSError, SyntaxError, UnicodeDecodeError):
        return linecache.getlines(filename)
    if text and not text[-1].endswith("\n"):
        text[-1] += "\n"
    entry = linecache.cache.get(filename)
    if entry is None or len(entry) != 4 or entry[2] != text:
        linecache.cache[filename] = (st.st_size, st.st_mtime, text, filename)
    return text


def line(filename: str, lineno: int) -> str:
    """Line ``lineno`` (1-based, with its newline) of ``filename`` as it is now, or ``""``."""
    linecache.checkcache(filename)
    return linecache.getline(filename, lineno)
