/* libdeflate: whole-buffer zlib compression and CRC-32 for the PNG writer (Sources/CImageShims/PNGDeflate.c). */
#include <libdeflate.h>
