/* RunDeflate: a zlib stream of literals and distance-1 runs with per-block Huffman codes (RunDeflate.c), the
 * compressor of PNG `fast`. Hidden inside the CImageShims target. */
#ifndef CIMAGESHIMS_RUNDEFLATE_H
#define CIMAGESHIMS_RUNDEFLATE_H

#include "ShimSupport.h"

/* The most bytes CImageShims__run_deflate writes for n input bytes. */
CIMAGESHIMS_HIDDEN size_t CImageShims__run_deflate_bound(size_t n);

/* Compresses in[0..<n] into out as one zlib stream (RFC 1950: header, deflate blocks, Adler-32). Returns its
 * length, or 0 when cap is below CImageShims__run_deflate_bound(n) or memory runs out. */
CIMAGESHIMS_HIDDEN size_t CImageShims__run_deflate(const uint8_t *in, size_t n, uint8_t *out, size_t cap);

#endif
