"""Issue 14: non-ASCII names the user did not choose for the object (a helper function, its parameters, the
locals) are spelt in ASCII in BTF: the program compiles, loads and runs."""

from pyoombpf import u64


def zählen(zähler: u64, schritt: u64) -> u64:
    ergebnis: u64 = 0
    for i in range(zähler & 7):
        ergebnis += schritt + u64(i)
    return ergebnis * 2


def größe(a: u64) -> u64:
    return zählen(a, a + 1) + zählen(a + 1, a)


TARGET = größe
NAME = "groesse"
ARGS = [(0,), (3,), (2**64 - 1,)]
