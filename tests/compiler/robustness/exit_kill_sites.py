"""Issue 14, process exit: a bridge policy with 32 or more oc.kill_memcg sites (31 compiled, 32 ended the
process: more than 512 bytes of stack).  Already fixed on main before this corpus was written (b01bde6 counts
kills in a map word); kept as a regression: 64 sites compile, and more stack would be a located error."""

from pyoombpf import PASS, OomControl, Verdict, oom_handler


@oom_handler(name="many_sites")
def many_sites(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    u = scope.usage
    if u == 0:
        return oc.kill_memcg(scope, "site 0")
    if u == 1:
        return oc.kill_memcg(scope, "site 1")
    if u == 2:
        return oc.kill_memcg(scope, "site 2")
    if u == 3:
        return oc.kill_memcg(scope, "site 3")
    if u == 4:
        return oc.kill_memcg(scope, "site 4")
    if u == 5:
        return oc.kill_memcg(scope, "site 5")
    if u == 6:
        return oc.kill_memcg(scope, "site 6")
    if u == 7:
        return oc.kill_memcg(scope, "site 7")
    if u == 8:
        return oc.kill_memcg(scope, "site 8")
    if u == 9:
        return oc.kill_memcg(scope, "site 9")
    if u == 10:
        return oc.kill_memcg(scope, "site 10")
    if u == 11:
        return oc.kill_memcg(scope, "site 11")
    if u == 12:
        return oc.kill_memcg(scope, "site 12")
    if u == 13:
        return oc.kill_memcg(scope, "site 13")
    if u == 14:
        return oc.kill_memcg(scope, "site 14")
    if u == 15:
        return oc.kill_memcg(scope, "site 15")
    if u == 16:
        return oc.kill_memcg(scope, "site 16")
    if u == 17:
        return oc.kill_memcg(scope, "site 17")
    if u == 18:
        return oc.kill_memcg(scope, "site 18")
    if u == 19:
        return oc.kill_memcg(scope, "site 19")
    if u == 20:
        return oc.kill_memcg(scope, "site 20")
    if u == 21:
        return oc.kill_memcg(scope, "site 21")
    if u == 22:
        return oc.kill_memcg(scope, "site 22")
    if u == 23:
        return oc.kill_memcg(scope, "site 23")
    if u == 24:
        return oc.kill_memcg(scope, "site 24")
    if u == 25:
        return oc.kill_memcg(scope, "site 25")
    if u == 26:
        return oc.kill_memcg(scope, "site 26")
    if u == 27:
        return oc.kill_memcg(scope, "site 27")
    if u == 28:
        return oc.kill_memcg(scope, "site 28")
    if u == 29:
        return oc.kill_memcg(scope, "site 29")
    if u == 30:
        return oc.kill_memcg(scope, "site 30")
    if u == 31:
        return oc.kill_memcg(scope, "site 31")
    if u == 32:
        return oc.kill_memcg(scope, "site 32")
    if u == 33:
        return oc.kill_memcg(scope, "site 33")
    if u == 34:
        return oc.kill_memcg(scope, "site 34")
    if u == 35:
        return oc.kill_memcg(scope, "site 35")
    if u == 36:
        return oc.kill_memcg(scope, "site 36")
    if u == 37:
        return oc.kill_memcg(scope, "site 37")
    if u == 38:
        return oc.kill_memcg(scope, "site 38")
    if u == 39:
        return oc.kill_memcg(scope, "site 39")
    if u == 40:
        return oc.kill_memcg(scope, "site 40")
    if u == 41:
        return oc.kill_memcg(scope, "site 41")
    if u == 42:
        return oc.kill_memcg(scope, "site 42")
    if u == 43:
        return oc.kill_memcg(scope, "site 43")
    if u == 44:
        return oc.kill_memcg(scope, "site 44")
    if u == 45:
        return oc.kill_memcg(scope, "site 45")
    if u == 46:
        return oc.kill_memcg(scope, "site 46")
    if u == 47:
        return oc.kill_memcg(scope, "site 47")
    if u == 48:
        return oc.kill_memcg(scope, "site 48")
    if u == 49:
        return oc.kill_memcg(scope, "site 49")
    if u == 50:
        return oc.kill_memcg(scope, "site 50")
    if u == 51:
        return oc.kill_memcg(scope, "site 51")
    if u == 52:
        return oc.kill_memcg(scope, "site 52")
    if u == 53:
        return oc.kill_memcg(scope, "site 53")
    if u == 54:
        return oc.kill_memcg(scope, "site 54")
    if u == 55:
        return oc.kill_memcg(scope, "site 55")
    if u == 56:
        return oc.kill_memcg(scope, "site 56")
    if u == 57:
        return oc.kill_memcg(scope, "site 57")
    if u == 58:
        return oc.kill_memcg(scope, "site 58")
    if u == 59:
        return oc.kill_memcg(scope, "site 59")
    if u == 60:
        return oc.kill_memcg(scope, "site 60")
    if u == 61:
        return oc.kill_memcg(scope, "site 61")
    if u == 62:
        return oc.kill_memcg(scope, "site 62")
    if u == 63:
        return oc.kill_memcg(scope, "site 63")
    return PASS


TARGET = many_sites
MODE = "bridge"
