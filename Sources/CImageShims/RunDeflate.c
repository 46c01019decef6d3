/* RunDeflate: a zlib stream of literals and runs, for PNG `fast` (PNGDeflate.c).
 *
 * Why: on a rendered frame filtered with Up, most bytes are zeros in long runs and the rest are small residuals.
 * libdeflate 1.14's level 2 spends about 17 ms on a 1920x1080 RGB frame hashing every byte of those runs for
 * matches it mostly finds at distance 1; this encoder looks for distance-1 runs only (a byte, then copies of the
 * byte before), which it finds eight bytes at a time, and codes literals and run lengths with Huffman codes built
 * for each block from its own counts (deflate's dynamic blocks, RFC 1951 3.2.7). Docs/performance.md
 * ("Sequences") has the measurements. The output is an ordinary zlib stream (RFC 1950): any inflater reads it.
 */
#include "RunDeflate.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

/* Input bytes per deflate block: the tokens of one block are held at once (2 bytes each). */
enum { BLOCK_BYTES = 1 << 20 };
/* Literal/length alphabet: 0-255 literals, 256 end of block, 257-285 lengths 3-258. */
enum { END_OF_BLOCK = 256, LITLEN_SYMBOLS = 286, CODELEN_SYMBOLS = 19, MAX_BITS = 15, MAX_CODELEN_BITS = 7 };

static const uint16_t length_base[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                         31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t length_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                         2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
/* The order in which the code-length code's lengths are sent (RFC 1951 3.2.7). */
static const uint8_t codelen_order[CODELEN_SYMBOLS] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                                       11, 4,  12, 3, 13, 2, 14, 1, 15};

/* ---- bits, least significant first ------------------------------------------------------------------- */

typedef struct {
    uint8_t *p;
    uint64_t acc;
    unsigned bits; /* below 32 between calls */
} Bits;

/* Appends the low n bits of v (n <= 32). */
static inline void put_bits(Bits *b, uint32_t v, unsigned n) {
    b->acc |= (uint64_t)v << b->bits;
    b->bits += n;
    if (b->bits >= 32) {
        const uint32_t w = (uint32_t)b->acc;
        b->p[0] = (uint8_t)w; b->p[1] = (uint8_t)(w >> 8); b->p[2] = (uint8_t)(w >> 16); b->p[3] = (uint8_t)(w >> 24);
        b->p += 4;
        b->acc >>= 32;
        b->bits -= 32;
    }
}

/* Writes out the bits left, padding the last byte with zeros. */
static void flush_bits(Bits *b) {
    while (b->bits > 0) {
        *b->p++ = (uint8_t)b->acc;
        b->acc >>= 8;
        b->bits = b->bits > 8 ? b->bits - 8 : 0;
    }
    b->acc = 0;
}

/* ---- Huffman codes ----------------------------------------------------------------------------------- */

/* Code lengths (at most max_bits) for the n symbols with counts freq: a Huffman code of the used symbols (two
 * queues over the leaves sorted by count); when it is deeper than max_bits, the counts are halved (kept above zero)
 * and it is built again. Unused symbols get length 0. At least two symbols must be used. */
static void huffman_lengths(const uint32_t *freq_in, int n, int max_bits, uint8_t *len) {
    uint32_t freq[LITLEN_SYMBOLS];
    int leaf[LITLEN_SYMBOLS];
    uint64_t weight[2 * LITLEN_SYMBOLS];
    int parent[2 * LITLEN_SYMBOLS];
    uint8_t depth[2 * LITLEN_SYMBOLS];
    memcpy(freq, freq_in, (size_t)n * sizeof freq[0]);
    for (;;) {
        int m = 0;
        for (int s = 0; s < n; s++) {
            if (freq[s] == 0) continue;
            /* insertion sort by count, then symbol: the same code for the same counts */
            int k = m++;
            while (k > 0 && freq[leaf[k - 1]] > freq[s]) { leaf[k] = leaf[k - 1]; k--; }
            leaf[k] = s;
        }
        for (int i = 0; i < m; i++) weight[i] = freq[leaf[i]];
        int next_leaf = 0, next_node = m;
        for (int k = m; k < 2 * m - 1; k++) {
            int pick[2];
            for (int t = 0; t < 2; t++) {
                if (next_leaf < m && (next_node >= k || weight[next_leaf] <= weight[next_node])) pick[t] = next_leaf++;
                else pick[t] = next_node++;
            }
            weight[k] = weight[pick[0]] + weight[pick[1]];
            parent[pick[0]] = parent[pick[1]] = k;
        }
        depth[2 * m - 2] = 0;
        int deepest = 0;
        for (int k = 2 * m - 3; k >= 0; k--) {
            depth[k] = (uint8_t)(depth[parent[k]] + 1);
            if (depth[k] > deepest) deepest = depth[k];
        }
        if (deepest <= max_bits) {
            memset(len, 0, (size_t)n);
            for (int i = 0; i < m; i++) len[leaf[i]] = depth[i];
            return;
        }
        for (int s = 0; s < n; s++) if (freq[s] > 0) freq[s] = (freq[s] >> 1) | 1;
    }
}

/* Canonical codes for the lengths (RFC 1951 3.2.2), bit-reversed for the least-significant-first stream. */
static void canonical_codes(const uint8_t *len, int n, uint16_t *code) {
    uint16_t count[MAX_BITS + 1] = {0}, next[MAX_BITS + 2] = {0};
    for (int s = 0; s < n; s++) count[len[s]]++;
    count[0] = 0;
    for (int bits = 1; bits <= MAX_BITS; bits++) next[bits + 1] = (uint16_t)((next[bits] + count[bits]) << 1);
    for (int s = 0; s < n; s++) {
        if (len[s] == 0) { code[s] = 0; continue; }
        uint16_t c = next[len[s]]++, r = 0;
        for (int i = 0; i < len[s]; i++) { r = (uint16_t)((r << 1) | (c & 1)); c >>= 1; }
        code[s] = r;
    }
}

/* ---- tokens ------------------------------------------------------------------------------------------ */

/* How many bytes from p (before end) equal b, eight at a time. */
static inline size_t run_of(const uint8_t *p, const uint8_t *end, uint8_t b) {
    const uint64_t pattern = 0x0101010101010101ull * b;
    const uint8_t *q = p;
    while (end - q >= 8) {
        uint64_t w;
        memcpy(&w, q, 8);
        w ^= pattern;
        if (w != 0) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
            return (size_t)(q - p) + (size_t)(__builtin_clzll(w) >> 3);
#else
            return (size_t)(q - p) + (size_t)(__builtin_ctzll(w) >> 3);
#endif
        }
        q += 8;
    }
    while (q < end && *q == b) q++;
    return (size_t)(q - p);
}

/* Symbol and extra bits of each copy length 3-258 (index length - 3). */
typedef struct {
    uint16_t symbol;
    uint8_t extra_bits;
    uint16_t extra;
} LengthCode;

/* The table of LengthCode. Code 284's range ends at 258, which code 285 (no extra bits) then takes over: 258 is
 * coded as 285, as RFC 1951 has it. */
static void length_codes(LengthCode *table) {
    for (int c = 0; c < 29; c++) {
        const int last = length_base[c] + (1 << length_extra[c]) - 1;
        for (int l = length_base[c]; l <= last && l <= 258; l++)
            table[l - 3] = (LengthCode){(uint16_t)(257 + c), length_extra[c], (uint16_t)(l - length_base[c])};
    }
}

/* The tokens of in[0..<n]: a literal byte (0-255), or 256 + length - 3 for a copy of `length` (3-258) bytes from
 * distance 1. Each run of equal bytes is its first byte as a literal, then copies of it, then up to two literals
 * (a copy is at least 3 bytes; a run longer than 258 is split so that no piece is shorter than 3). Each token's
 * literal/length symbol is counted in freq. Returns the number of tokens (at most n). */
static size_t tokenize(const uint8_t *in, size_t n, const LengthCode *lengths, uint16_t *tok, uint32_t *freq) {
    size_t i = 0, k = 0;
    const uint8_t *end = in + n;
    while (i < n) {
        const uint8_t b = in[i++];
        tok[k++] = b;
        freq[b]++;
        size_t run = run_of(in + i, end, b);
        i += run;
        while (run >= 3) {
            size_t piece = run > 258 ? 258 : run;
            if (run > 258 && run - 258 < 3) piece = run - 3;
            tok[k++] = (uint16_t)(256 + piece - 3);
            freq[lengths[piece - 3].symbol]++;
            run -= piece;
        }
        while (run > 0) {
            tok[k++] = b;
            freq[b]++;
            run--;
        }
    }
    return k;
}

/* ---- blocks ------------------------------------------------------------------------------------------ */

/* One dynamic-Huffman block of `count` tokens, whose literal/length symbols `freq` counts (tokenize). */
static void write_block(Bits *out, const uint16_t *tok, size_t count, uint32_t *freq, const LengthCode *lengths,
                        int final) {
    freq[END_OF_BLOCK] = 1;
    uint8_t len[LITLEN_SYMBOLS + 2];
    uint16_t code[LITLEN_SYMBOLS];
    huffman_lengths(freq, LITLEN_SYMBOLS, MAX_BITS, len);
    canonical_codes(len, LITLEN_SYMBOLS, code);
    int nlit = LITLEN_SYMBOLS;
    while (nlit > 257 && len[nlit - 1] == 0) nlit--;
    /* Two distance codes of one bit: 0 (distance 1, the only one used) and 1, a complete code. */
    len[nlit] = 1;
    len[nlit + 1] = 1;
    const int ndist = 2, nlens = nlit + ndist;

    /* The code lengths, run-length coded with the code-length alphabet (16: repeat the previous 3-6 times,
     * 17: 3-10 zeros, 18: 11-138 zeros), each symbol with its extra bits. */
    uint8_t cl_sym[LITLEN_SYMBOLS + 2], cl_extra[LITLEN_SYMBOLS + 2];
    int ncl = 0;
    uint32_t cl_freq[CODELEN_SYMBOLS] = {0};
    for (int i = 0; i < nlens;) {
        const uint8_t v = len[i];
        int run = 1;
        while (i + run < nlens && len[i + run] == v) run++;
        i += run;
        if (v == 0) {
            while (run >= 11) {
                const int r = run > 138 ? 138 : run;
                cl_sym[ncl] = 18; cl_extra[ncl++] = (uint8_t)(r - 11);
                run -= r;
            }
            if (run >= 3) { cl_sym[ncl] = 17; cl_extra[ncl++] = (uint8_t)(run - 3); run = 0; }
        } else {
            cl_sym[ncl] = v; cl_extra[ncl++] = 0;
            run--;
            while (run >= 3) {
                const int r = run > 6 ? 6 : run;
                cl_sym[ncl] = 16; cl_extra[ncl++] = (uint8_t)(r - 3);
                run -= r;
            }
        }
        while (run-- > 0) { cl_sym[ncl] = v; cl_extra[ncl++] = 0; }
    }
    for (int i = 0; i < ncl; i++) cl_freq[cl_sym[i]]++;
    /* A complete code needs two symbols: a lone one gets a partner (never sent). */
    int used = 0;
    for (int s = 0; s < CODELEN_SYMBOLS; s++) used += cl_freq[s] > 0;
    if (used < 2) cl_freq[cl_freq[0] ? 1 : 0] = 1;
    uint8_t cl_len[CODELEN_SYMBOLS];
    uint16_t cl_code[CODELEN_SYMBOLS];
    huffman_lengths(cl_freq, CODELEN_SYMBOLS, MAX_CODELEN_BITS, cl_len);
    canonical_codes(cl_len, CODELEN_SYMBOLS, cl_code);
    int nclen = CODELEN_SYMBOLS;
    while (nclen > 4 && cl_len[codelen_order[nclen - 1]] == 0) nclen--;

    put_bits(out, final ? 1u : 0u, 1);
    put_bits(out, 2, 2); /* dynamic Huffman */
    put_bits(out, (uint32_t)(nlit - 257), 5);
    put_bits(out, (uint32_t)(ndist - 1), 5);
    put_bits(out, (uint32_t)(nclen - 4), 4);
    for (int i = 0; i < nclen; i++) put_bits(out, cl_len[codelen_order[i]], 3);
    static const uint8_t cl_extra_bits[3] = {2, 3, 7};
    for (int i = 0; i < ncl; i++) {
        put_bits(out, cl_code[cl_sym[i]], cl_len[cl_sym[i]]);
        if (cl_sym[i] >= 16) put_bits(out, cl_extra[i], cl_extra_bits[cl_sym[i] - 16]);
    }

    /* The tokens; a copy is its length code, extra bits and distance code 0 (one bit, 0). */
    for (size_t k = 0; k < count; k++) {
        const uint16_t t = tok[k];
        if (t < 256) {
            put_bits(out, code[t], len[t]);
        } else {
            const LengthCode lc = lengths[t - 256];
            put_bits(out, code[lc.symbol], len[lc.symbol]);
            put_bits(out, lc.extra, lc.extra_bits);
            put_bits(out, 0, 1);
        }
    }
    put_bits(out, code[END_OF_BLOCK], len[END_OF_BLOCK]);
}

size_t CImageShims__run_deflate_bound(size_t n) {
    /* Per block: 3 + 14 header bits, 19 x 3 code-length lengths, at most 288 code lengths of 7 + 7 bits; per input
     * byte at most 15 bits (a literal); the end of block; then the zlib header and Adler-32. */
    const size_t blocks = n / BLOCK_BYTES + 1;
    return 2 + blocks * (3 + 14 + 57 + 288 * 14 + 15 + 7) / 8 + blocks + (n * 15 + 7) / 8 + 4 + 8;
}

size_t CImageShims__run_deflate(const uint8_t *in, size_t n, uint8_t *out, size_t cap) {
    if (cap < CImageShims__run_deflate_bound(n)) return 0;
    uint16_t *tok = malloc(sizeof(uint16_t) * (n < BLOCK_BYTES ? (n > 0 ? n : 1) : BLOCK_BYTES));
    if (tok == NULL) return 0;
    LengthCode lengths[256];
    length_codes(lengths);
    out[0] = 0x78; /* deflate, 32 KiB window */
    out[1] = 0x01; /* fastest; (0x78 << 8 | 0x01) is a multiple of 31 */
    Bits bits = {out + 2, 0, 0};
    size_t at = 0;
    do {
        const size_t len = n - at < BLOCK_BYTES ? n - at : BLOCK_BYTES;
        uint32_t freq[LITLEN_SYMBOLS] = {0};
        const size_t count = tokenize(in + at, len, lengths, tok, freq);
        at += len;
        /* A block needs two used literal/length symbols: the end of block, and one more when empty. */
        if (count == 0) freq[0] = 1;
        write_block(&bits, tok, count, freq, lengths, at == n);
    } while (at < n);
    flush_bits(&bits);
    const uint32_t adler = libdeflate_adler32(1, in, n);
    uint8_t *p = bits.p;
    p[0] = (uint8_t)(adler >> 24); p[1] = (uint8_t)(adler >> 16); p[2] = (uint8_t)(adler >> 8); p[3] = (uint8_t)adler;
    free(tok);
    return (size_t)(p + 4 - out);
}
