/*
 * objload.c - see objload.h.
 *
 * The whole file is read into memory and parsed line by line. Face corners are resolved to 0-based
 * (position, normal) pairs as they are read, so a face can only refer to vertices defined above it (relative
 * indices would be meaningless otherwise). A hash map from the pair to a vertex index deduplicates vertices.
 */
#define _POSIX_C_SOURCE 200809L
#include "objload.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small growable arrays ------------------------------------------------------------------------------ */

typedef struct {
    void *data;
    size_t count, capacity, elem_size;
} Array;

/* Makes room for `extra` more elements; returns false when out of memory. */
static bool array_reserve(Array *a, size_t extra)
{
    if (a->count + extra <= a->capacity)
        return true;
    size_t cap = a->capacity ? a->capacity : 1024;
    while (cap < a->count + extra)
        cap *= 2;
    void *p = realloc(a->data, cap * a->elem_size);
    if (!p)
        return false;
    a->data = p;
    a->capacity = cap;
    return true;
}

/* ---- (position, normal) -> vertex index map: open addressing, linear probing ----------------------------- */

typedef struct {
    uint64_t *keys;   /* 0 = empty slot; otherwise (position + 1) << 32 | (normal + 1) */
    uint32_t *values;
    size_t capacity;  /* power of two */
    size_t count;
} VertexMap;

static uint64_t hash64(uint64_t x)
{
    /* splitmix64 finaliser: cheap and mixes all bits. */
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

static bool map_grow(VertexMap *m)
{
    size_t cap = m->capacity ? m->capacity * 2 : 4096;
    uint64_t *keys = calloc(cap, sizeof *keys);
    uint32_t *values = malloc(cap * sizeof *values);
    if (!keys || !values) {
        free(keys);
        free(values);
        return false;
    }
    for (size_t i = 0; i < m->capacity; i++) {
        if (!m->keys[i])
            continue;
        size_t j = hash64(m->keys[i]) & (cap - 1);
        while (keys[j])
            j = (j + 1) & (cap - 1);
        keys[j] = m->keys[i];
        values[j] = m->values[i];
    }
    free(m->keys);
    free(m->values);
    m->keys = keys;
    m->values = values;
    m->capacity = cap;
    return true;
}

/* ---- parser state ------------------------------------------------------------------------------------- */

typedef struct {
    const char *path;
    size_t line;
    Array v;        /* float[3] per position */
    Array vn;       /* float[3] per normal */
    Array vt;       /* float[2] per texture coordinate (u, v) */
    bool with_uvs;
    Array vpos;     /* output: float[3] per vertex */
    Array vnrm;     /* output: float[4] per vertex */
    Array vuv;      /* output (with_uvs): float[2] per vertex */
    Array vtex;     /* with_uvs: long per vertex, its vt index (-1: none), for sharing vertices */
    Array idx;      /* output: uint32_t per triangle corner */
    Array corners;  /* scratch: uint32_t vertex index per corner of the current face */
    VertexMap map;
    size_t faces_with_normals, faces_without_normals, faces_with_uvs;
} Parser;

/* Reports an error at the current line. Always returns -1 so callers can `return fail(...)`. */
static int fail(Parser *p, const char *msg)
{
    fprintf(stderr, "%s:%zu: %s\n", p->path, p->line, msg);
    return -1;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }

static const char *skip_space(const char *s, const char *end)
{
    while (s < end && is_space(*s))
        s++;
    return s;
}

/*
 * Parses up to `max` floats separated by blanks until the end of the line. Returns how many were read, or -1
 * when a token is not a number. The line is NUL-terminated by the caller, so strtof cannot run past it.
 */
static int parse_floats(const char *s, const char *end, float *out, int max)
{
    int n = 0;
    for (;;) {
        s = skip_space(s, end);
        if (s >= end)
            return n;
        if (n == max)
            return -1;
        char *stop;
        float f = strtof(s, &stop);
        if (stop == s || (stop < end && !is_space(*stop)) || !isfinite(f))
            return -1;
        out[n++] = f;
        s = stop;
    }
}

/*
 * Resolves an OBJ index (1-based, or negative = relative to the `count` elements defined so far) to a 0-based
 * index. Returns -1 when it is 0 or out of range.
 */
static long resolve_index(long i, size_t count)
{
    if (i > 0 && (unsigned long)i <= count)
        return i - 1;
    if (i < 0 && count <= LONG_MAX && i >= -(long)count)
        return (long)count + i;
    return -1;
}

/* Parses a signed decimal integer starting exactly at *s; returns false when there is none. */
static bool parse_int(const char **s, const char *end, long *out)
{
    const char *c = *s;
    if (c < end && (*c == '-' || *c == '+'))
        c++;
    if (c >= end || *c < '0' || *c > '9')
        return false;
    char *stop;
    errno = 0;
    long v = strtol(*s, &stop, 10);
    if (stop == *s || stop > end || errno == ERANGE)
        return false;
    *s = stop;
    *out = v;
    return true;
}

/*
 * Returns the vertex index for a (position, normal) pair, and with `with_uvs` a texture coordinate `tex` (-1:
 * none), creating the vertex on first use. The map's key is (position, normal); vertices that differ only in
 * their texture coordinate share the key and are told apart while probing.
 */
static int vertex_for(Parser *p, long pos, long nrm, long tex, uint32_t *out)
{
    uint64_t key = ((uint64_t)(pos + 1) << 32) | (uint64_t)(nrm + 1);
    if ((p->map.count + 1) * 2 > p->map.capacity && !map_grow(&p->map))
        return fail(p, "out of memory");
    size_t j = hash64(key) & (p->map.capacity - 1);
    while (p->map.keys[j]) {
        if (p->map.keys[j] == key && (!p->with_uvs || ((long *)p->vtex.data)[p->map.values[j]] == tex)) {
            *out = p->map.values[j];
            return 0;
        }
        j = (j + 1) & (p->map.capacity - 1);
    }
    if (p->vpos.count >= UINT32_MAX)
        return fail(p, "too many vertices");
    if (!array_reserve(&p->vpos, 1) || !array_reserve(&p->vnrm, 1)
        || (p->with_uvs && (!array_reserve(&p->vuv, 1) || !array_reserve(&p->vtex, 1))))
        return fail(p, "out of memory");
    if (p->with_uvs) {
        float *du = (float *)p->vuv.data + 2 * p->vuv.count++;
        if (tex >= 0)
            memcpy(du, (float *)p->vt.data + 2 * tex, 2 * sizeof(float));
        else
            du[0] = du[1] = 0.0f;
        ((long *)p->vtex.data)[p->vtex.count++] = tex;
    }
    float *dp = (float *)p->vpos.data + 3 * p->vpos.count;
    float *dn = (float *)p->vnrm.data + 4 * p->vnrm.count;
    memcpy(dp, (float *)p->v.data + 3 * pos, 3 * sizeof(float));
    if (nrm >= 0) {
        memcpy(dn, (float *)p->vn.data + 3 * nrm, 3 * sizeof(float));
        dn[3] = 1.0f;
    } else {
        dn[0] = dn[1] = dn[2] = dn[3] = 0.0f;
    }
    uint32_t index = (uint32_t)p->vpos.count;
    p->vpos.count++;
    p->vnrm.count++;
    p->map.keys[j] = key;
    p->map.values[j] = index;
    p->map.count++;
    *out = index;
    return 0;
}

/* Parses the corners of an `f` statement (s points after the keyword) and appends its fanned triangles. */
static int parse_face(Parser *p, const char *s, const char *end)
{
    /* First pass: read the corners as resolved (position, normal, texture coordinate) triples into a scratch
     * list. */
    long pairs_buf[3 * 16];
    long *pairs = pairs_buf;
    size_t n = 0, cap = 16;
    bool all_normals = true, all_uvs = true;
    int rc = 0;
    for (;;) {
        s = skip_space(s, end);
        if (s >= end)
            break;
        long vi, ti = 0, ni = 0;
        bool has_t = false, has_n = false;
        if (!parse_int(&s, end, &vi)) {
            rc = fail(p, "malformed face corner (expected v, v/vt, v//vn or v/vt/vn)");
            goto done;
        }
        if (s < end && *s == '/') {
            s++;
            if (s < end && *s != '/') {
                if (!parse_int(&s, end, &ti)) {
                    rc = fail(p, "malformed texture index in face corner");
                    goto done;
                }
                has_t = true;
            }
            if (s < end && *s == '/') {
                s++;
                if (!parse_int(&s, end, &ni)) {
                    rc = fail(p, "malformed normal index in face corner");
                    goto done;
                }
                has_n = true;
            }
        }
        if (s < end && !is_space(*s)) {
            rc = fail(p, "malformed face corner (expected v, v/vt, v//vn or v/vt/vn)");
            goto done;
        }
        long pos = resolve_index(vi, p->v.count);
        if (pos < 0) {
            rc = fail(p, "face refers to an undefined vertex (v) index");
            goto done;
        }
        long tex = has_t ? resolve_index(ti, p->vt.count) : -1;
        if (has_t && tex < 0) {
            rc = fail(p, "face refers to an undefined texture coordinate (vt) index");
            goto done;
        }
        if (!has_t)
            all_uvs = false;
        long nrm = -1;
        if (has_n) {
            nrm = resolve_index(ni, p->vn.count);
            if (nrm < 0) {
                rc = fail(p, "face refers to an undefined normal (vn) index");
                goto done;
            }
        } else {
            all_normals = false;
        }
        if (n == cap) {
            long *grown = malloc(sizeof(long) * 3 * cap * 2);
            if (!grown) {
                rc = fail(p, "out of memory");
                goto done;
            }
            memcpy(grown, pairs, sizeof(long) * 3 * n);
            if (pairs != pairs_buf)
                free(pairs);
            pairs = grown;
            cap *= 2;
        }
        pairs[3 * n] = pos;
        pairs[3 * n + 1] = nrm;
        pairs[3 * n + 2] = tex;
        n++;
    }
    if (n < 3) {
        rc = fail(p, "face with fewer than 3 corners");
        goto done;
    }

    /* A face uses its normals only when every corner has one; otherwise it is shaded flat. */
    if (all_normals)
        p->faces_with_normals++;
    else
        p->faces_without_normals++;
    if (all_uvs)
        p->faces_with_uvs++;
    p->corners.count = 0;
    if (!array_reserve(&p->corners, n) || !array_reserve(&p->idx, 3 * (n - 2))) {
        rc = fail(p, "out of memory");
        goto done;
    }
    uint32_t *corner = p->corners.data;
    for (size_t i = 0; i < n; i++) {
        if ((rc = vertex_for(p, pairs[3 * i], all_normals ? pairs[3 * i + 1] : -1,
                             p->with_uvs && all_uvs ? pairs[3 * i + 2] : -1, &corner[i])) != 0)
            goto done;
    }
    /* Fan (0, i, i+1): the triangle order gl_PrimitiveID and the id shading follow. */
    uint32_t *out = (uint32_t *)p->idx.data + p->idx.count;
    for (size_t i = 1; i + 1 < n; i++) {
        *out++ = corner[0];
        *out++ = corner[i];
        *out++ = corner[i + 1];
    }
    p->idx.count += 3 * (n - 2);
done:
    if (pairs != pairs_buf)
        free(pairs);
    return rc;
}

/* Parses one line (without its terminator, NUL-terminated in place). */
static int parse_line(Parser *p, char *s, char *end)
{
    s = (char *)skip_space(s, end);
    if (s >= end || *s == '#')
        return 0;
    char *kw = s;
    while (s < end && !is_space(*s))
        s++;
    size_t kwlen = (size_t)(s - kw);

    if (kwlen == 1 && kw[0] == 'v') {
        float f[7];
        int n = parse_floats(s, end, f, 7);
        if (n != 3 && n != 4 && n != 6)
            return fail(p, "malformed vertex: expected `v x y z [w]` (or `v x y z r g b`)");
        if (!array_reserve(&p->v, 1))
            return fail(p, "out of memory");
        memcpy((float *)p->v.data + 3 * p->v.count++, f, 3 * sizeof(float));
    } else if (kwlen == 2 && kw[0] == 'v' && kw[1] == 'n') {
        float f[3];
        if (parse_floats(s, end, f, 3) != 3)
            return fail(p, "malformed normal: expected `vn x y z`");
        if (!array_reserve(&p->vn, 1))
            return fail(p, "out of memory");
        memcpy((float *)p->vn.data + 3 * p->vn.count++, f, 3 * sizeof(float));
    } else if (kwlen == 2 && kw[0] == 'v' && kw[1] == 't') {
        float f[3] = {0.0f, 0.0f, 0.0f};
        if (parse_floats(s, end, f, 3) < 1)
            return fail(p, "malformed texture coordinate: expected `vt u [v [w]]`");
        if (!array_reserve(&p->vt, 1))
            return fail(p, "out of memory");
        memcpy((float *)p->vt.data + 2 * p->vt.count++, f, 2 * sizeof(float));
    } else if (kwlen == 1 && kw[0] == 'f') {
        return parse_face(p, s, end);
    }
    /* Anything else (o, g, s, usemtl, mtllib, l, p, vp, curves, ...) does not affect triangles. */
    return 0;
}

/* Reads a whole file (regular file or pipe) into a NUL-terminated buffer. */
static char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: cannot open: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 20, len = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (len < cap)
            break;
        char *grown = realloc(buf, 2 * cap + 1);
        if (!grown) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = grown;
        cap *= 2;
    }
    if (!buf) {
        fprintf(stderr, "%s: out of memory\n", path);
        fclose(f);
        return NULL;
    }
    if (ferror(f)) {
        fprintf(stderr, "%s: read error: %s\n", path, strerror(errno));
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    buf[len] = '\0';
    *size = len;
    return buf;
}

int obj_load(const char *path, ObjMesh *mesh, bool with_uvs)
{
    memset(mesh, 0, sizeof *mesh);
    size_t size;
    char *text = read_file(path, &size);
    if (!text)
        return -1;

    Parser p = {.path = path, .with_uvs = with_uvs};
    p.v.elem_size = 3 * sizeof(float);
    p.vt.elem_size = 2 * sizeof(float);
    p.vuv.elem_size = 2 * sizeof(float);
    p.vtex.elem_size = sizeof(long);
    p.vn.elem_size = 3 * sizeof(float);
    p.vpos.elem_size = 3 * sizeof(float);
    p.vnrm.elem_size = 4 * sizeof(float);
    p.idx.elem_size = sizeof(uint32_t);
    p.corners.elem_size = sizeof(uint32_t);

    int rc = 0;
    char *s = text, *eof = text + size;
    while (s < eof && rc == 0) {
        p.line++;
        char *nl = memchr(s, '\n', (size_t)(eof - s));
        char *end = nl ? nl : eof;
        char *next = nl ? nl + 1 : eof;
        if (end > s && end[-1] == '\r')  /* CRLF */
            end--;
        *end = '\0';  /* lets strtof/strtol stop at the end of the line */
        rc = parse_line(&p, s, end);
        s = next;
    }
    if (rc == 0 && p.idx.count == 0) {
        fprintf(stderr, "%s: no triangles (no `f` statements)\n", path);
        rc = -1;
    }
    if (rc == 0 && p.idx.count / 3 > UINT32_MAX) {
        fprintf(stderr, "%s: too many triangles\n", path);
        rc = -1;
    }

    free(text);
    free(p.v.data);
    free(p.vn.data);
    free(p.vt.data);
    free(p.vtex.data);
    free(p.corners.data);
    free(p.map.keys);
    free(p.map.values);
    if (rc != 0) {
        free(p.vpos.data);
        free(p.vnrm.data);
        free(p.vuv.data);
        free(p.idx.data);
        return -1;
    }
    mesh->positions = p.vpos.data;
    mesh->normals = p.vnrm.data;
    mesh->uvs = p.vuv.data;
    mesh->indices = p.idx.data;
    mesh->vertex_count = p.vpos.count;
    mesh->triangle_count = p.idx.count / 3;
    mesh->faces_with_normals = p.faces_with_normals;
    mesh->faces_without_normals = p.faces_without_normals;
    mesh->faces_with_uvs = p.faces_with_uvs;
    return 0;
}

void obj_free(ObjMesh *mesh)
{
    free(mesh->positions);
    free(mesh->normals);
    free(mesh->uvs);
    free(mesh->indices);
    memset(mesh, 0, sizeof *mesh);
}
