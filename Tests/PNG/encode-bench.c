/* encode-bench: CPU time and size of each PNG encoder setting in the shim on one raw frame (Docs/performance.md,
 * "PNG fast through libdeflate"). Thread CPU time, minimum of 7 runs, so load from other processes counts little.
 *
 *   python3 Tests/PNG/png-decode.py frame.png > /tmp/frame.rgb      # any 8-bit RGB PNG, e.g. a sequence frame
 *   S=Sources/CImageShims; cc -O3 -I$S/include -I$S -o /tmp/encode-bench Tests/PNG/encode-bench.c \
 *       $S/PNGDeflate.c $S/RunDeflate.c $S/PNGShim.c $S/JPEGShim.c $S/ShimSupport.c -ldeflate -lpng16 -ljpeg
 *   /tmp/encode-bench /tmp/frame.rgb 1920 1080
 */
#include "CImageShims.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double cpu_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: encode-bench FRAME.rgb WIDTH HEIGHT\n");
        return 2;
    }
    const uint32_t w = (uint32_t)atoi(argv[2]), h = (uint32_t)atoi(argv[3]);
    const size_t n = (size_t)w * h * 3;
    uint8_t *px = malloc(n);
    FILE *f = fopen(argv[1], "rb");
    if (px == NULL || f == NULL || fread(px, 1, n, f) != n) {
        fprintf(stderr, "encode-bench: cannot read %zu bytes from %s\n", n, argv[1]);
        return 1;
    }
    fclose(f);
    enum { SUB = CImageShims_PNG_FILTER_SUB, UP = CImageShims_PNG_FILTER_UP };
    const struct { const char *name; int libdeflate, level, filters; } rows[] = {
        {"libpng + zlib 1, Sub", 0, 1, SUB},         {"libdeflate 1, Sub", 1, 1, SUB},
        {"libdeflate 1, Up", 1, 1, UP},              {"libdeflate 1, per row Sub or Up", 1, 1, SUB | UP},
        {"libdeflate 2, Sub", 1, 2, SUB},            {"libdeflate 2, per row Sub or Up", 1, 2, SUB | UP},
        {"libdeflate 2, Up", 1, 2, UP},
        {"run encoder, Up (now fast)", 1, CImageShims_PNG_DEFLATE_RUNS, UP},
        {"run encoder, Sub", 1, CImageShims_PNG_DEFLATE_RUNS, SUB},
    };
    char err[256];
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        double best = 1e9;
        size_t len = 0;
        for (int k = 0; k < 7; k++) {
            uint8_t *out = NULL;
            const double t0 = cpu_now();
            const int status = rows[r].libdeflate
                ? CImageShims_png_encode_deflate(px, w, h, 3, 3, 8, rows[r].level, rows[r].filters, &out, &len, err,
                                                 sizeof err)
                : CImageShims_png_encode_rgb8(px, w, h, 3, rows[r].level, rows[r].filters, &out, &len, err, sizeof err);
            const double t = cpu_now() - t0;
            if (status != 0) {
                fprintf(stderr, "encode-bench: %s: %s\n", rows[r].name, err);
                return 1;
            }
            if (t < best) best = t;
            CImageShims_free(out);
        }
        printf("%-34s %6.1f ms CPU  %9zu bytes\n", rows[r].name, best * 1e3, len);
    }
    return 0;
}
