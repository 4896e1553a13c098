"""Module constants, a config default and a map size that are int subclasses (IntEnum members): the Python
model printed ``<C.BLUE: 7>`` into its source (a SyntaxError out of compiled.python()) and the debug info of
the config value refused it (an internal error), until they were taken as the plain ints they hold."""

import enum

from pyoombpf import HashMap, config, u8, u64


class C(enum.IntEnum):
    RED = 1
    BLUE = 7


BLUE = C.BLUE
limit = config(u8, C.BLUE)
m = HashMap(u64, u64, max_entries=C.BLUE)


def prog(a: u64) -> u64:
    m[a] = a
    return a + BLUE + limit + m.get(a, 0)


TARGET = prog
ARGS = [(0,), (1,), (2**63,)]
