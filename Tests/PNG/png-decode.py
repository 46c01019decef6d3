#!/usr/bin/env python3
"""png-decode.py: an independent PNG reader (Python's zlib, the PNG spec's unfiltering; no libpng).

Reads a non-interlaced PNG of 8-bit RGB or RGBA or 16-bit grey from the file named on the command line (or
stdin) and writes its samples, rows top first, to stdout: 8-bit samples as bytes, 16-bit as big-endian pairs.
Exit 1 with a one-line message on anything it cannot read: a bad signature, a CRC mismatch, a stream that is not
exactly height x (1 + row) bytes, an unknown filter. Used by the tests to check xrstudio's own PNG writer.
"""
import struct
import sys
import zlib

LAYOUTS = {(8, 2): 3, (8, 6): 4, (16, 0): 2}  # (bit depth, colour type) -> bytes per pixel


def fail(message):
    sys.stderr.write("png-decode: %s\n" % message)
    sys.exit(1)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def decode(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("not a PNG signature")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(kind + body) != crc:
            fail("CRC mismatch in %r" % kind)
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None:
        fail("no IHDR")
    width, height, depth, colour, _, _, interlace = header
    if (depth, colour) not in LAYOUTS or interlace != 0:
        fail("unsupported layout: depth %d colour %d interlace %d" % (depth, colour, interlace))
    bpp = LAYOUTS[(depth, colour)]
    row = width * bpp
    raw = zlib.decompress(idat)
    if len(raw) != height * (row + 1):
        fail("inflated %d bytes, expected %d" % (len(raw), height * (row + 1)))
    out, up = bytearray(), bytearray(row)
    for y in range(height):
        kind = raw[y * (row + 1)]
        line = bytearray(raw[y * (row + 1) + 1:(y + 1) * (row + 1)])
        for i in range(row):
            a = line[i - bpp] if i >= bpp else 0
            c = up[i - bpp] if i >= bpp else 0
            b = up[i]
            if kind == 0:
                pred = 0
            elif kind == 1:
                pred = a
            elif kind == 2:
                pred = b
            elif kind == 3:
                pred = (a + b) >> 1
            elif kind == 4:
                pred = paeth(a, b, c)
            else:
                fail("unknown filter %d in row %d" % (kind, y))
            line[i] = (line[i] + pred) & 255
        out += line
        up = line
    return out


if __name__ == "__main__":
    source = open(sys.argv[1], "rb") if len(sys.argv) > 1 else sys.stdin.buffer
    sys.stdout.buffer.write(decode(source.read()))
