"""Issue 14, process exit: more than 512 bytes of BPF stack — a 100-field @record written to a map."""

from pyoombpf import HashMap, record, u64


@record
class Big:
    f0: u64
    f1: u64
    f2: u64
    f3: u64
    f4: u64
    f5: u64
    f6: u64
    f7: u64
    f8: u64
    f9: u64
    f10: u64
    f11: u64
    f12: u64
    f13: u64
    f14: u64
    f15: u64
    f16: u64
    f17: u64
    f18: u64
    f19: u64
    f20: u64
    f21: u64
    f22: u64
    f23: u64
    f24: u64
    f25: u64
    f26: u64
    f27: u64
    f28: u64
    f29: u64
    f30: u64
    f31: u64
    f32: u64
    f33: u64
    f34: u64
    f35: u64
    f36: u64
    f37: u64
    f38: u64
    f39: u64
    f40: u64
    f41: u64
    f42: u64
    f43: u64
    f44: u64
    f45: u64
    f46: u64
    f47: u64
    f48: u64
    f49: u64
    f50: u64
    f51: u64
    f52: u64
    f53: u64
    f54: u64
    f55: u64
    f56: u64
    f57: u64
    f58: u64
    f59: u64
    f60: u64
    f61: u64
    f62: u64
    f63: u64
    f64: u64
    f65: u64
    f66: u64
    f67: u64
    f68: u64
    f69: u64
    f70: u64
    f71: u64
    f72: u64
    f73: u64
    f74: u64
    f75: u64
    f76: u64
    f77: u64
    f78: u64
    f79: u64
    f80: u64
    f81: u64
    f82: u64
    f83: u64
    f84: u64
    f85: u64
    f86: u64
    f87: u64
    f88: u64
    f89: u64
    f90: u64
    f91: u64
    f92: u64
    f93: u64
    f94: u64
    f95: u64
    f96: u64
    f97: u64
    f98: u64
    f99: u64


big = HashMap(u64, Big, max_entries=4)


def prog(a: u64) -> u64:
    big[a] = Big(  # E: big[a] | takes 800 bytes, more than the 512 bytes of stack a BPF program has
        f0=a + 0,
        f1=a + 1,
        f2=a + 2,
        f3=a + 3,
        f4=a + 4,
        f5=a + 5,
        f6=a + 6,
        f7=a + 7,
        f8=a + 8,
        f9=a + 9,
        f10=a + 10,
        f11=a + 11,
        f12=a + 12,
        f13=a + 13,
        f14=a + 14,
        f15=a + 15,
        f16=a + 16,
        f17=a + 17,
        f18=a + 18,
        f19=a + 19,
        f20=a + 20,
        f21=a + 21,
        f22=a + 22,
        f23=a + 23,
        f24=a + 24,
        f25=a + 25,
        f26=a + 26,
        f27=a + 27,
        f28=a + 28,
        f29=a + 29,
        f30=a + 30,
        f31=a + 31,
        f32=a + 32,
        f33=a + 33,
        f34=a + 34,
        f35=a + 35,
        f36=a + 36,
        f37=a + 37,
        f38=a + 38,
        f39=a + 39,
        f40=a + 40,
        f41=a + 41,
        f42=a + 42,
        f43=a + 43,
        f44=a + 44,
        f45=a + 45,
        f46=a + 46,
        f47=a + 47,
        f48=a + 48,
        f49=a + 49,
        f50=a + 50,
        f51=a + 51,
        f52=a + 52,
        f53=a + 53,
        f54=a + 54,
        f55=a + 55,
        f56=a + 56,
        f57=a + 57,
        f58=a + 58,
        f59=a + 59,
        f60=a + 60,
        f61=a + 61,
        f62=a + 62,
        f63=a + 63,
        f64=a + 64,
        f65=a + 65,
        f66=a + 66,
        f67=a + 67,
        f68=a + 68,
        f69=a + 69,
        f70=a + 70,
        f71=a + 71,
        f72=a + 72,
        f73=a + 73,
        f74=a + 74,
        f75=a + 75,
        f76=a + 76,
        f77=a + 77,
        f78=a + 78,
        f79=a + 79,
        f80=a + 80,
        f81=a + 81,
        f82=a + 82,
        f83=a + 83,
        f84=a + 84,
        f85=a + 85,
        f86=a + 86,
        f87=a + 87,
        f88=a + 88,
        f89=a + 89,
        f90=a + 90,
        f91=a + 91,
        f92=a + 92,
        f93=a + 93,
        f94=a + 94,
        f95=a + 95,
        f96=a + 96,
        f97=a + 97,
        f98=a + 98,
        f99=a + 99,
    )
    return a


TARGET = prog
