# fmt: off
"""Issue 14: "expression nesting too deep" named no line for a 150-deep chain of helper calls.  The error is
at the call of the chain where Python's recursion limit was reached (any marked line), and names the chain."""

from pyoombpf import u64


def f0(a: u64) -> u64:
    return f1(a + 1)  # E: return | nesting too deep to compile


def f1(a: u64) -> u64:
    return f2(a + 1)  # E: return | nesting too deep to compile


def f2(a: u64) -> u64:
    return f3(a + 1)  # E: return | nesting too deep to compile


def f3(a: u64) -> u64:
    return f4(a + 1)  # E: return | nesting too deep to compile


def f4(a: u64) -> u64:
    return f5(a + 1)  # E: return | nesting too deep to compile


def f5(a: u64) -> u64:
    return f6(a + 1)  # E: return | nesting too deep to compile


def f6(a: u64) -> u64:
    return f7(a + 1)  # E: return | nesting too deep to compile


def f7(a: u64) -> u64:
    return f8(a + 1)  # E: return | nesting too deep to compile


def f8(a: u64) -> u64:
    return f9(a + 1)  # E: return | nesting too deep to compile


def f9(a: u64) -> u64:
    return f10(a + 1)  # E: return | nesting too deep to compile


def f10(a: u64) -> u64:
    return f11(a + 1)  # E: return | nesting too deep to compile


def f11(a: u64) -> u64:
    return f12(a + 1)  # E: return | nesting too deep to compile


def f12(a: u64) -> u64:
    return f13(a + 1)  # E: return | nesting too deep to compile


def f13(a: u64) -> u64:
    return f14(a + 1)  # E: return | nesting too deep to compile


def f14(a: u64) -> u64:
    return f15(a + 1)  # E: return | nesting too deep to compile


def f15(a: u64) -> u64:
    return f16(a + 1)  # E: return | nesting too deep to compile


def f16(a: u64) -> u64:
    return f17(a + 1)  # E: return | nesting too deep to compile


def f17(a: u64) -> u64:
    return f18(a + 1)  # E: return | nesting too deep to compile


def f18(a: u64) -> u64:
    return f19(a + 1)  # E: return | nesting too deep to compile


def f19(a: u64) -> u64:
    return f20(a + 1)  # E: return | nesting too deep to compile


def f20(a: u64) -> u64:
    return f21(a + 1)  # E: return | nesting too deep to compile


def f21(a: u64) -> u64:
    return f22(a + 1)  # E: return | nesting too deep to compile


def f22(a: u64) -> u64:
    return f23(a + 1)  # E: return | nesting too deep to compile


def f23(a: u64) -> u64:
    return f24(a + 1)  # E: return | nesting too deep to compile


def f24(a: u64) -> u64:
    return f25(a + 1)  # E: return | nesting too deep to compile


def f25(a: u64) -> u64:
    return f26(a + 1)  # E: return | nesting too deep to compile


def f26(a: u64) -> u64:
    return f27(a + 1)  # E: return | nesting too deep to compile


def f27(a: u64) -> u64:
    return f28(a + 1)  # E: return | nesting too deep to compile


def f28(a: u64) -> u64:
    return f29(a + 1)  # E: return | nesting too deep to compile


def f29(a: u64) -> u64:
    return f30(a + 1)  # E: return | nesting too deep to compile


def f30(a: u64) -> u64:
    return f31(a + 1)  # E: return | nesting too deep to compile


def f31(a: u64) -> u64:
    return f32(a + 1)  # E: return | nesting too deep to compile


def f32(a: u64) -> u64:
    return f33(a + 1)  # E: return | nesting too deep to compile


def f33(a: u64) -> u64:
    return f34(a + 1)  # E: return | nesting too deep to compile


def f34(a: u64) -> u64:
    return f35(a + 1)  # E: return | nesting too deep to compile


def f35(a: u64) -> u64:
    return f36(a + 1)  # E: return | nesting too deep to compile


def f36(a: u64) -> u64:
    return f37(a + 1)  # E: return | nesting too deep to compile


def f37(a: u64) -> u64:
    return f38(a + 1)  # E: return | nesting too deep to compile


def f38(a: u64) -> u64:
    return f39(a + 1)  # E: return | nesting too deep to compile


def f39(a: u64) -> u64:
    return f40(a + 1)  # E: return | nesting too deep to compile


def f40(a: u64) -> u64:
    return f41(a + 1)  # E: return | nesting too deep to compile


def f41(a: u64) -> u64:
    return f42(a + 1)  # E: return | nesting too deep to compile


def f42(a: u64) -> u64:
    return f43(a + 1)  # E: return | nesting too deep to compile


def f43(a: u64) -> u64:
    return f44(a + 1)  # E: return | nesting too deep to compile


def f44(a: u64) -> u64:
    return f45(a + 1)  # E: return | nesting too deep to compile


def f45(a: u64) -> u64:
    return f46(a + 1)  # E: return | nesting too deep to compile


def f46(a: u64) -> u64:
    return f47(a + 1)  # E: return | nesting too deep to compile


def f47(a: u64) -> u64:
    return f48(a + 1)  # E: return | nesting too deep to compile


def f48(a: u64) -> u64:
    return f49(a + 1)  # E: return | nesting too deep to compile


def f49(a: u64) -> u64:
    return f50(a + 1)  # E: return | nesting too deep to compile


def f50(a: u64) -> u64:
    return f51(a + 1)  # E: return | nesting too deep to compile


def f51(a: u64) -> u64:
    return f52(a + 1)  # E: return | nesting too deep to compile


def f52(a: u64) -> u64:
    return f53(a + 1)  # E: return | nesting too deep to compile


def f53(a: u64) -> u64:
    return f54(a + 1)  # E: return | nesting too deep to compile


def f54(a: u64) -> u64:
    return f55(a + 1)  # E: return | nesting too deep to compile


def f55(a: u64) -> u64:
    return f56(a + 1)  # E: return | nesting too deep to compile


def f56(a: u64) -> u64:
    return f57(a + 1)  # E: return | nesting too deep to compile


def f57(a: u64) -> u64:
    return f58(a + 1)  # E: return | nesting too deep to compile


def f58(a: u64) -> u64:
    return f59(a + 1)  # E: return | nesting too deep to compile


def f59(a: u64) -> u64:
    return f60(a + 1)  # E: return | nesting too deep to compile


def f60(a: u64) -> u64:
    return f61(a + 1)  # E: return | nesting too deep to compile


def f61(a: u64) -> u64:
    return f62(a + 1)  # E: return | nesting too deep to compile


def f62(a: u64) -> u64:
    return f63(a + 1)  # E: return | nesting too deep to compile


def f63(a: u64) -> u64:
    return f64(a + 1)  # E: return | nesting too deep to compile


def f64(a: u64) -> u64:
    return f65(a + 1)  # E: return | nesting too deep to compile


def f65(a: u64) -> u64:
    return f66(a + 1)  # E: return | nesting too deep to compile


def f66(a: u64) -> u64:
    return f67(a + 1)  # E: return | nesting too deep to compile


def f67(a: u64) -> u64:
    return f68(a + 1)  # E: return | nesting too deep to compile


def f68(a: u64) -> u64:
    return f69(a + 1)  # E: return | nesting too deep to compile


def f69(a: u64) -> u64:
    return f70(a + 1)  # E: return | nesting too deep to compile


def f70(a: u64) -> u64:
    return f71(a + 1)  # E: return | nesting too deep to compile


def f71(a: u64) -> u64:
    return f72(a + 1)  # E: return | nesting too deep to compile


def f72(a: u64) -> u64:
    return f73(a + 1)  # E: return | nesting too deep to compile


def f73(a: u64) -> u64:
    return f74(a + 1)  # E: return | nesting too deep to compile


def f74(a: u64) -> u64:
    return f75(a + 1)  # E: return | nesting too deep to compile


def f75(a: u64) -> u64:
    return f76(a + 1)  # E: return | nesting too deep to compile


def f76(a: u64) -> u64:
    return f77(a + 1)  # E: return | nesting too deep to compile


def f77(a: u64) -> u64:
    return f78(a + 1)  # E: return | nesting too deep to compile


def f78(a: u64) -> u64:
    return f79(a + 1)  # E: return | nesting too deep to compile


def f79(a: u64) -> u64:
    return f80(a + 1)  # E: return | nesting too deep to compile


def f80(a: u64) -> u64:
    return f81(a + 1)  # E: return | nesting too deep to compile


def f81(a: u64) -> u64:
    return f82(a + 1)  # E: return | nesting too deep to compile


def f82(a: u64) -> u64:
    return f83(a + 1)  # E: return | nesting too deep to compile


def f83(a: u64) -> u64:
    return f84(a + 1)  # E: return | nesting too deep to compile


def f84(a: u64) -> u64:
    return f85(a + 1)  # E: return | nesting too deep to compile


def f85(a: u64) -> u64:
    return f86(a + 1)  # E: return | nesting too deep to compile


def f86(a: u64) -> u64:
    return f87(a + 1)  # E: return | nesting too deep to compile


def f87(a: u64) -> u64:
    return f88(a + 1)  # E: return | nesting too deep to compile


def f88(a: u64) -> u64:
    return f89(a + 1)  # E: return | nesting too deep to compile


def f89(a: u64) -> u64:
    return f90(a + 1)  # E: return | nesting too deep to compile


def f90(a: u64) -> u64:
    return f91(a + 1)  # E: return | nesting too deep to compile


def f91(a: u64) -> u64:
    return f92(a + 1)  # E: return | nesting too deep to compile


def f92(a: u64) -> u64:
    return f93(a + 1)  # E: return | nesting too deep to compile


def f93(a: u64) -> u64:
    return f94(a + 1)  # E: return | nesting too deep to compile


def f94(a: u64) -> u64:
    return f95(a + 1)  # E: return | nesting too deep to compile


def f95(a: u64) -> u64:
    return f96(a + 1)  # E: return | nesting too deep to compile


def f96(a: u64) -> u64:
    return f97(a + 1)  # E: return | nesting too deep to compile


def f97(a: u64) -> u64:
    return f98(a + 1)  # E: return | nesting too deep to compile


def f98(a: u64) -> u64:
    return f99(a + 1)  # E: return | nesting too deep to compile


def f99(a: u64) -> u64:
    return f100(a + 1)  # E: return | nesting too deep to compile


def f100(a: u64) -> u64:
    return f101(a + 1)  # E: return | nesting too deep to compile


def f101(a: u64) -> u64:
    return f102(a + 1)  # E: return | nesting too deep to compile


def f102(a: u64) -> u64:
    return f103(a + 1)  # E: return | nesting too deep to compile


def f103(a: u64) -> u64:
    return f104(a + 1)  # E: return | nesting too deep to compile


def f104(a: u64) -> u64:
    return f105(a + 1)  # E: return | nesting too deep to compile


def f105(a: u64) -> u64:
    return f106(a + 1)  # E: return | nesting too deep to compile


def f106(a: u64) -> u64:
    return f107(a + 1)  # E: return | nesting too deep to compile


def f107(a: u64) -> u64:
    return f108(a + 1)  # E: return | nesting too deep to compile


def f108(a: u64) -> u64:
    return f109(a + 1)  # E: return | nesting too deep to compile


def f109(a: u64) -> u64:
    return f110(a + 1)  # E: return | nesting too deep to compile


def f110(a: u64) -> u64:
    return f111(a + 1)  # E: return | nesting too deep to compile


def f111(a: u64) -> u64:
    return f112(a + 1)  # E: return | nesting too deep to compile


def f112(a: u64) -> u64:
    return f113(a + 1)  # E: return | nesting too deep to compile


def f113(a: u64) -> u64:
    return f114(a + 1)  # E: return | nesting too deep to compile


def f114(a: u64) -> u64:
    return f115(a + 1)  # E: return | nesting too deep to compile


def f115(a: u64) -> u64:
    return f116(a + 1)  # E: return | nesting too deep to compile


def f116(a: u64) -> u64:
    return f117(a + 1)  # E: return | nesting too deep to compile


def f117(a: u64) -> u64:
    return f118(a + 1)  # E: return | nesting too deep to compile


def f118(a: u64) -> u64:
    return f119(a + 1)  # E: return | nesting too deep to compile


def f119(a: u64) -> u64:
    return f120(a + 1)  # E: return | nesting too deep to compile


def f120(a: u64) -> u64:
    return f121(a + 1)  # E: return | nesting too deep to compile


def f121(a: u64) -> u64:
    return f122(a + 1)  # E: return | nesting too deep to compile


def f122(a: u64) -> u64:
    return f123(a + 1)  # E: return | nesting too deep to compile


def f123(a: u64) -> u64:
    return f124(a + 1)  # E: return | nesting too deep to compile


def f124(a: u64) -> u64:
    return f125(a + 1)  # E: return | nesting too deep to compile


def f125(a: u64) -> u64:
    return f126(a + 1)  # E: return | nesting too deep to compile


def f126(a: u64) -> u64:
    return f127(a + 1)  # E: return | nesting too deep to compile


def f127(a: u64) -> u64:
    return f128(a + 1)  # E: return | nesting too deep to compile


def f128(a: u64) -> u64:
    return f129(a + 1)  # E: return | nesting too deep to compile


def f129(a: u64) -> u64:
    return f130(a + 1)  # E: return | nesting too deep to compile


def f130(a: u64) -> u64:
    return f131(a + 1)  # E: return | nesting too deep to compile


def f131(a: u64) -> u64:
    return f132(a + 1)  # E: return | nesting too deep to compile


def f132(a: u64) -> u64:
    return f133(a + 1)  # E: return | nesting too deep to compile


def f133(a: u64) -> u64:
    return f134(a + 1)  # E: return | nesting too deep to compile


def f134(a: u64) -> u64:
    return f135(a + 1)  # E: return | nesting too deep to compile


def f135(a: u64) -> u64:
    return f136(a + 1)  # E: return | nesting too deep to compile


def f136(a: u64) -> u64:
    return f137(a + 1)  # E: return | nesting too deep to compile


def f137(a: u64) -> u64:
    return f138(a + 1)  # E: return | nesting too deep to compile


def f138(a: u64) -> u64:
    return f139(a + 1)  # E: return | nesting too deep to compile


def f139(a: u64) -> u64:
    return f140(a + 1)  # E: return | nesting too deep to compile


def f140(a: u64) -> u64:
    return f141(a + 1)  # E: return | nesting too deep to compile


def f141(a: u64) -> u64:
    return f142(a + 1)  # E: return | nesting too deep to compile


def f142(a: u64) -> u64:
    return f143(a + 1)  # E: return | nesting too deep to compile


def f143(a: u64) -> u64:
    return f144(a + 1)  # E: return | nesting too deep to compile


def f144(a: u64) -> u64:
    return f145(a + 1)  # E: return | nesting too deep to compile


def f145(a: u64) -> u64:
    return f146(a + 1)  # E: return | nesting too deep to compile


def f146(a: u64) -> u64:
    return f147(a + 1)  # E: return | nesting too deep to compile


def f147(a: u64) -> u64:
    return f148(a + 1)  # E: return | nesting too deep to compile


def f148(a: u64) -> u64:
    return f149(a + 1)  # E: return | nesting too deep to compile


def f149(a: u64) -> u64:
    return a


def prog(a: u64) -> u64:
    return f0(a)


TARGET = prog
