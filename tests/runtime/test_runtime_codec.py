"""Codecs: the bytes of map keys, values and ring-buffer records."""

from __future__ import annotations

import pytest

from pyoombpf.runtime.codec import BytesCodec, Codec, IntCodec, StructCodec, check_codec


def test_int_codec_round_trips_little_endian() -> None:
    codec = IntCodec(4)
    assert codec.pack(0x01020304) == b"\x04\x03\x02\x01"
    assert codec.unpack(b"\x04\x03\x02\x01") == 0x01020304
    assert IntCodec(8, signed=True).unpack(IntCodec(8, signed=True).pack(-5)) == -5


def test_int_codec_refuses_values_that_do_not_fit() -> None:
    with pytest.raises(ValueError, match="does not fit an unsigned 8-bit integer"):
        IntCodec(1).pack(256)
    with pytest.raises(ValueError, match="does not fit an unsigned"):
        IntCodec(4).pack(-1)
    with pytest.raises(TypeError, match="expected an int"):
        IntCodec(4).pack("1")
    with pytest.raises(ValueError, match="1, 2, 4 or 8"):
        IntCodec(3)


def test_bytes_codec_requires_the_exact_size() -> None:
    assert BytesCodec(3).pack(bytearray(b"abc")) == b"abc"
    with pytest.raises(ValueError, match="expected 4 bytes, got 3"):
        BytesCodec(4).pack(b"abc")


def test_struct_codec_builds_records_with_a_factory() -> None:
    codec = StructCodec("QII", factory=lambda seq, tgid, cpu: {"seq": seq, "tgid": tgid, "cpu": cpu})
    assert codec.size == 16
    data = codec.pack((7, 100, 1))
    assert codec.unpack(data) == {"seq": 7, "tgid": 100, "cpu": 1}


def test_codecs_satisfy_the_protocol_and_sizes_are_checked() -> None:
    for codec in (IntCodec(8), BytesCodec(2), StructCodec("II")):
        assert isinstance(codec, Codec)
    with pytest.raises(ValueError, match="is 8 bytes but its codec describes 4 bytes"):
        check_codec(IntCodec(4), 8, "the value of map 'x'")
