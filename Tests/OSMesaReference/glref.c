/*
 * glref.c - reference renderer on Mesa's llvmpipe through OSMesa, the peer of `xrstudio bench` / `render`.
 *
 *   glref bench  MODEL.obj CAMERA --size WxH --frames N [--threads N | --lp-threads K] [--cull none|back]
 *                [--shading clay|flat|id] [--checker-texture N] [--target fbo|osmesa]
 *   glref render MODEL.obj CAMERA --size WxH --out FILE.png [--shading clay|flat|id] [--checker-texture N]
 *                [--cull none|back] [--threads N | --lp-threads K] [--target fbo|osmesa]
 *   glref probe  [--out-dir DIR]
 *   CAMERA = --camera X,Y,Z --look-at X,Y,Z [--up X,Y,Z] --fov-y DEG [--near N] [--far F]
 *
 * Rendering path (llvmpipe's fast path): a GL 3.3+ compatibility-profile OSMesa context (Mesa 22.3.6 gives
 * 4.5), GLSL 3.30 shaders, positions and normals in VBOs inside a VAO, one glDrawElements(GL_TRIANGLES,
 * GL_UNSIGNED_INT) per frame, no blending, dithering or multisampling. Render target (--target):
 *   fbo (default)  a framebuffer object with an RGBA8 colour and a 32-bit float depth (GL_DEPTH_COMPONENT32F)
 *                  renderbuffer: what llvmpipe itself costs;
 *   osmesa         OSMesa's own RGBA8 buffer with its depth buffer (24 bits requested; OSMesa in Mesa 22.3
 *                  maps any request of 24 or more bits to PIPE_FORMAT_Z24X8_UNORM). glFinish then also
 *                  copies the whole colour buffer into the user's memory (osmesa_st_framebuffer_flush_front),
 *                  0.6-1.4 ms per 1080p frame (measured) that is OSMesa's, not the rasterizer's.
 *
 * Conventions shared with xrstudio: right-handed, Y up, the camera looks down -Z; the view matrix is
 * gluLookAt(eye = --camera, center = --look-at, up = --up), the projection gluPerspective(--fov-y, W/H,
 * --near, --far), both built here in double precision (no GLU). Depth test GL_LESS against a clear depth of
 * 1.0; --cull back culls clockwise triangles (GL_CULL_FACE, front face CCW).
 *
 * --checker-texture N (clay only; the peer of `xrstudio bench --checker-texture N`): the clay albedo times a
 * generated N x N checker (cells of 8 texels, sRGB codes 255 and 96, as xrstudio's `Bench.checker`) read at
 * the file's vt, v flipped as xrstudio's OBJ importer flips it; an sRGB texture (GL_SRGB8_ALPHA8, so it is
 * filtered in linear light), mip-mapped by glGenerateMipmap, GL_LINEAR_MIPMAP_LINEAR, GL_REPEAT: trilinear,
 * as xrstudio's checker. Faces without vt read texel (0, 0). --checker-cell N and --checker-codes A,B set the
 * checker's cell size and its even and odd cells' sRGB codes; --checker-unlit writes the filtered texel alone,
 * without the clay light (xrstudio's --shading unlit; texture-psnr.py scores it against a 64-sample reference).
 */
#define _POSIX_C_SOURCE 200809L
#define GL_GLEXT_PROTOTYPES 1

#include <GL/osmesa.h>
#include <GL/gl.h>
#include <GL/glext.h>

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "objload.h"
#include "pngio.h"

/* Depth buffer requested from OSMesa for --target osmesa: 24 bits (PIPE_FORMAT_Z24X8_UNORM in llvmpipe). */
#define OSMESA_DEPTH 24
/* Frames rendered and discarded before timing starts (shader JIT, first-touch of the buffers). */
#define WARMUP_FRAMES 2
/* llvmpipe's LP_MAX_THREADS (lp_limits.h): LP_NUM_THREADS is clamped to it. */
#define LP_MAX_THREADS 32

/* ---- command line ------------------------------------------------------------------------------------- */

/* clay: Lambert in a GLSL shader; id: the primitive index as colour; flat: fixed-function GL, no lighting,
 * glShadeModel(GL_FLAT) and one colour (xrstudio's --shading flat: clay grey 0.8, sRGB-encoded). */
typedef enum { SHADING_CLAY, SHADING_ID, SHADING_FLAT } Shading;

/* The flat look's colour in linear light (ClayPreview.albedo); written sRGB-encoded, as xrstudio does. */
#define FLAT_LINEAR 0.8
typedef enum { TARGET_FBO, TARGET_OSMESA } Target;

typedef struct {
    const char *model;
    double eye[3], center[3], up[3];
    bool has_eye, has_center;
    double fov_y;  /* degrees; 0 = not given */
    double near_z, far_z;
    int width, height;  /* 0 = not given */
    int frames;         /* 0 = not given */
    int threads;        /* --threads; 0 = not given */
    int lp_threads;     /* --lp-threads; -1 = not given */
    bool cull_back;
    Shading shading;
    int checker;        /* --checker-texture; 0 = not given */
    int checker_cell;   /* --checker-cell; 0 = not given (8) */
    int checker_codes[2]; /* --checker-codes A,B; both 0 = not given (255, 96) */
    bool checker_unlit; /* --checker-unlit */
    Target target;
    const char *out;
    const char *out_dir;
} Options;

static void usage(FILE *to)
{
    fputs("usage:\n"
          "  glref bench  MODEL.obj CAMERA --size WxH --frames N [--threads N | --lp-threads K]\n"
          "               [--cull none|back] [--shading clay|flat|id] [--checker-texture N] [--target fbo|osmesa]\n"
          "  glref render MODEL.obj CAMERA --size WxH --out FILE.png [--shading clay|flat|id] [--checker-texture N]\n"
          "               [--cull none|back] [--threads N | --lp-threads K] [--target fbo|osmesa]\n"
          "  glref probe  [--out-dir DIR]\n"
          "  CAMERA = --camera X,Y,Z --look-at X,Y,Z [--up X,Y,Z] --fov-y DEG [--near N] [--far F]\n"
          "  --threads 1 sets LP_NUM_THREADS=0 (rasterize on the calling thread), --threads N>1 sets\n"
          "  LP_NUM_THREADS=N; --lp-threads K sets LP_NUM_THREADS=K verbatim.\n"
          "  --target fbo (default): RGBA8 + 32-bit float depth FBO; osmesa: OSMesa's buffer, 24-bit depth,\n"
          "  plus OSMesa's copy of the colour buffer at every glFinish.\n"
          "  --checker-texture N (clay only): albedo x an N x N checker (cells of 8 texels), sRGB, trilinear.\n"
          "  --checker-cell N, --checker-codes A,B: the checker's cell size and sRGB codes (8; 255,96);\n"
          "  --checker-unlit: the texel alone, without the clay light (xrstudio's --shading unlit).\n",
          to);
}

/* Prints "glref: message" and exits with status 1. */
static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("glref: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static double parse_double(const char *opt, const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v))
        die("%s: not a number: '%s'", opt, s);
    return v;
}

static int parse_int_arg(const char *opt, const char *s, int min)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || errno == ERANGE || v < min || v > 1000000000L)
        die("%s: expected an integer >= %d, got '%s'", opt, min, s);
    return (int)v;
}

/* Parses "X,Y,Z". */
static void parse_vec3(const char *opt, const char *s, double out[3])
{
    const char *p = s;
    for (int i = 0; i < 3; i++) {
        char *end;
        errno = 0;
        out[i] = strtod(p, &end);
        if (end == p || errno == ERANGE || !isfinite(out[i]) || *end != (i < 2 ? ',' : '\0'))
            die("%s: expected X,Y,Z, got '%s'", opt, s);
        p = end + 1;
    }
}

/* Parses "WxH". */
static void parse_size(const char *s, int *w, int *h)
{
    char *end;
    long a = strtol(s, &end, 10);
    if (end == s || *end != 'x')
        die("--size: expected WxH, got '%s'", s);
    const char *p = end + 1;
    long b = strtol(p, &end, 10);
    if (end == p || *end != '\0' || a < 1 || b < 1 || a > 16384 || b > 16384)
        die("--size: expected WxH with 1 <= W, H <= 16384, got '%s'", s);
    *w = (int)a;
    *h = (int)b;
}

static void parse_options(int argc, char **argv, Options *o)
{
    memset(o, 0, sizeof *o);
    o->up[1] = 1.0;
    o->near_z = 0.1;
    o->far_z = 1000.0;
    o->lp_threads = -1;
    o->shading = SHADING_CLAY;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] != '-') {
            if (o->model)
                die("unexpected argument '%s' (model already given: '%s')", a, o->model);
            o->model = a;
            continue;
        }
        if (!strcmp(a, "--checker-unlit")) {  /* the one flag without a value */
            o->checker_unlit = true;
            continue;
        }
        if (i + 1 >= argc)
            die("%s needs a value", a);
        const char *v = argv[++i];
        if (!strcmp(a, "--camera")) {
            parse_vec3(a, v, o->eye);
            o->has_eye = true;
        } else if (!strcmp(a, "--look-at")) {
            parse_vec3(a, v, o->center);
            o->has_center = true;
        } else if (!strcmp(a, "--up")) {
            parse_vec3(a, v, o->up);
        } else if (!strcmp(a, "--fov-y")) {
            o->fov_y = parse_double(a, v);
            if (!(o->fov_y > 0.0 && o->fov_y < 180.0))
                die("--fov-y: must be in (0, 180) degrees");
        } else if (!strcmp(a, "--near")) {
            o->near_z = parse_double(a, v);
        } else if (!strcmp(a, "--far")) {
            o->far_z = parse_double(a, v);
        } else if (!strcmp(a, "--size")) {
            parse_size(v, &o->width, &o->height);
        } else if (!strcmp(a, "--frames")) {
            o->frames = parse_int_arg(a, v, 1);
        } else if (!strcmp(a, "--threads")) {
            o->threads = parse_int_arg(a, v, 1);
        } else if (!strcmp(a, "--lp-threads")) {
            o->lp_threads = parse_int_arg(a, v, 0);
        } else if (!strcmp(a, "--cull")) {
            if (!strcmp(v, "none"))
                o->cull_back = false;
            else if (!strcmp(v, "back"))
                o->cull_back = true;
            else
                die("--cull: expected none or back, got '%s'", v);
        } else if (!strcmp(a, "--shading")) {
            if (!strcmp(v, "clay"))
                o->shading = SHADING_CLAY;
            else if (!strcmp(v, "id"))
                o->shading = SHADING_ID;
            else if (!strcmp(v, "flat"))
                o->shading = SHADING_FLAT;
            else
                die("--shading: expected clay, flat or id, got '%s'", v);
        } else if (!strcmp(a, "--checker-texture")) {
            o->checker = parse_int_arg(a, v, 8);
            if (o->checker > 8192)
                die("--checker-texture must be 8...8192 texels, got %d", o->checker);
        } else if (!strcmp(a, "--checker-cell")) {
            o->checker_cell = parse_int_arg(a, v, 1);
        } else if (!strcmp(a, "--checker-codes")) {
            if (sscanf(v, "%d,%d", &o->checker_codes[0], &o->checker_codes[1]) != 2 || o->checker_codes[0] < 0 ||
                o->checker_codes[0] > 255 || o->checker_codes[1] < 0 || o->checker_codes[1] > 255)
                die("--checker-codes: expected two sRGB codes 0...255 as A,B, got '%s'", v);
        } else if (!strcmp(a, "--target")) {
            if (!strcmp(v, "fbo"))
                o->target = TARGET_FBO;
            else if (!strcmp(v, "osmesa"))
                o->target = TARGET_OSMESA;
            else
                die("--target: expected fbo or osmesa, got '%s'", v);
        } else if (!strcmp(a, "--out")) {
            o->out = v;
        } else if (!strcmp(a, "--out-dir")) {
            o->out_dir = v;
        } else {
            die("unknown option '%s' (see glref --help)", a);
        }
    }
    if (o->threads && o->lp_threads >= 0)
        die("--threads and --lp-threads are mutually exclusive");
    if (o->checker && o->shading != SHADING_CLAY)
        die("--checker-texture is for --shading clay");
    if ((o->checker_cell || o->checker_codes[0] || o->checker_codes[1] || o->checker_unlit) && !o->checker)
        die("--checker-cell, --checker-codes and --checker-unlit need --checker-texture");
}

/* Checks what bench and render both need. */
static void require_scene_options(const Options *o)
{
    if (!o->model)
        die("missing MODEL.obj");
    if (!o->has_eye || !o->has_center || o->fov_y == 0.0)
        die("--camera, --look-at and --fov-y are required");
    if (!o->width)
        die("--size is required");
    if (!(o->near_z > 0.0 && o->far_z > o->near_z))
        die("need 0 < --near < --far");
    if (o->out_dir)
        die("--out-dir is only for probe");
}

/* ---- matrices (column-major, as GL expects) ------------------------------------------------------------ */

typedef struct { double m[16]; } Mat4;  /* m[col * 4 + row] */

static Mat4 mat_mul(const Mat4 *a, const Mat4 *b)
{
    Mat4 r;
    for (int c = 0; c < 4; c++)
        for (int row = 0; row < 4; row++) {
            double s = 0.0;
            for (int k = 0; k < 4; k++)
                s += a->m[k * 4 + row] * b->m[c * 4 + k];
            r.m[c * 4 + row] = s;
        }
    return r;
}

static void normalize3(double v[3])
{
    double l = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    v[0] /= l;
    v[1] /= l;
    v[2] /= l;
}

static void cross3(const double a[3], const double b[3], double r[3])
{
    r[0] = a[1] * b[2] - a[2] * b[1];
    r[1] = a[2] * b[0] - a[0] * b[2];
    r[2] = a[0] * b[1] - a[1] * b[0];
}

/* gluLookAt: rows side, up, -forward, then a translation by -eye. */
static Mat4 look_at(const double eye[3], const double center[3], const double up[3])
{
    double f[3] = {center[0] - eye[0], center[1] - eye[1], center[2] - eye[2]};
    if (f[0] == 0.0 && f[1] == 0.0 && f[2] == 0.0)
        die("--camera and --look-at are the same point");
    normalize3(f);
    double s[3], u[3];
    cross3(f, up, s);
    double sl = sqrt(s[0] * s[0] + s[1] * s[1] + s[2] * s[2]);
    if (!(sl > 1e-12))
        die("--up is parallel to the viewing direction (or zero)");
    normalize3(s);
    cross3(s, f, u);
    Mat4 m = {{0}};
    for (int i = 0; i < 3; i++) {
        m.m[i * 4 + 0] = s[i];
        m.m[i * 4 + 1] = u[i];
        m.m[i * 4 + 2] = -f[i];
    }
    m.m[12] = -(s[0] * eye[0] + s[1] * eye[1] + s[2] * eye[2]);
    m.m[13] = -(u[0] * eye[0] + u[1] * eye[1] + u[2] * eye[2]);
    m.m[14] = (f[0] * eye[0] + f[1] * eye[1] + f[2] * eye[2]);
    m.m[15] = 1.0;
    return m;
}

/* gluPerspective. */
static Mat4 perspective(double fov_y_deg, double aspect, double n, double f)
{
    double c = 1.0 / tan(fov_y_deg * (3.14159265358979323846 / 360.0));
    Mat4 m = {{0}};
    m.m[0] = c / aspect;
    m.m[5] = c;
    m.m[10] = (f + n) / (n - f);
    m.m[11] = -1.0;
    m.m[14] = 2.0 * f * n / (n - f);
    return m;
}

/* glOrtho(l, r, b, t, -1, 1). */
static Mat4 ortho(double l, double r, double b, double t)
{
    Mat4 m = {{0}};
    m.m[0] = 2.0 / (r - l);
    m.m[5] = 2.0 / (t - b);
    m.m[10] = -1.0;
    m.m[12] = -(r + l) / (r - l);
    m.m[13] = -(t + b) / (t - b);
    m.m[15] = 1.0;
    return m;
}

static void mat_to_float(const Mat4 *m, float out[16])
{
    for (int i = 0; i < 16; i++)
        out[i] = (float)m->m[i];
}

/* ---- sRGB ---------------------------------------------------------------------------------------------- */

/* The exact IEC 61966-2-1 encoding curve (the shader uses the same formula). */
static double srgb_encode(double c)
{
    return c <= 0.0031308 ? 12.92 * c : 1.055 * pow(c, 1.0 / 2.4) - 0.055;
}

/* ---- OSMesa context ------------------------------------------------------------------------------------ */

typedef struct {
    OSMesaContext ctx;
    uint8_t *color;  /* the RGBA8 buffer OSMesa's window-system framebuffer copies into (bottom row first) */
    GLuint fbo, renderbuffers[2];  /* TARGET_FBO: colour, depth */
    int width, height;
} Context;

static void check_gl(const char *what)
{
    GLenum e = glGetError();
    if (e != GL_NO_ERROR)
        die("GL error 0x%04x after %s", (unsigned)e, what);
}

/*
 * Applies --threads / --lp-threads to LP_NUM_THREADS. Must run before the first context is created: llvmpipe
 * reads the variable when it creates its rasterizer. Returns the worker count we then expect, or -1 when
 * the variable is left alone (llvmpipe's default applies).
 */
static int apply_thread_option(const Options *o)
{
    int k;
    if (o->lp_threads >= 0)
        k = o->lp_threads;
    else if (o->threads == 1)
        k = 0;  /* everything on the calling thread: truly one core */
    else if (o->threads > 1)
        k = o->threads;
    else
        return -1;
    char buf[16];
    snprintf(buf, sizeof buf, "%d", k);
    if (setenv("LP_NUM_THREADS", buf, 1) != 0)
        die("cannot set LP_NUM_THREADS");
    return k < LP_MAX_THREADS ? k : LP_MAX_THREADS;
}

/* Counts this process's threads named "llvmpipe-N" (llvmpipe's rasterizer workers, lp_rast.c). */
static int count_llvmpipe_threads(void)
{
    DIR *d = opendir("/proc/self/task");
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[300], comm[64] = "";
        snprintf(path, sizeof path, "/proc/self/task/%s/comm", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        if (fgets(comm, sizeof comm, f) && !strncmp(comm, "llvmpipe-", 9))
            n++;
        fclose(f);
    }
    closedir(d);
    return n;
}

/*
 * Creates the context and the render target: OSMesa's buffer (with its depth buffer) or an FBO of the same
 * size with RGBA8 colour and 32-bit float depth, left bound for drawing and reading.
 */
static void context_create(Context *c, int width, int height, Target target)
{
    const int attribs[] = {
        OSMESA_FORMAT, OSMESA_RGBA,
        OSMESA_DEPTH_BITS, target == TARGET_OSMESA ? OSMESA_DEPTH : 0,
        OSMESA_STENCIL_BITS, 0,
        OSMESA_ACCUM_BITS, 0,
        OSMESA_PROFILE, OSMESA_COMPAT_PROFILE,
        OSMESA_CONTEXT_MAJOR_VERSION, 3,
        OSMESA_CONTEXT_MINOR_VERSION, 3,
        0,
    };
    memset(c, 0, sizeof *c);
    c->ctx = OSMesaCreateContextAttribs(attribs, NULL);
    if (!c->ctx)
        die("OSMesaCreateContextAttribs failed (RGBA8, GL 3.3 compatibility profile)");
    c->width = width;
    c->height = height;
    /* The FBO target still needs a current window-system buffer; a 1x1 one is enough. */
    int bw = target == TARGET_OSMESA ? width : 1, bh = target == TARGET_OSMESA ? height : 1;
    c->color = calloc((size_t)bw * bh, 4);
    if (!c->color)
        die("out of memory for a %dx%d colour buffer", bw, bh);
    if (!OSMesaMakeCurrent(c->ctx, c->color, GL_UNSIGNED_BYTE, bw, bh))
        die("OSMesaMakeCurrent failed");

    if (target == TARGET_OSMESA) {
        GLint depth_bits = 0;
        glGetIntegerv(GL_DEPTH_BITS, &depth_bits);
        if (depth_bits != OSMESA_DEPTH)
            die("asked OSMesa for a %d-bit depth buffer, got %d bits", OSMESA_DEPTH, depth_bits);
    } else {
        glGenRenderbuffers(2, c->renderbuffers);
        glBindRenderbuffer(GL_RENDERBUFFER, c->renderbuffers[0]);
        glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
        glBindRenderbuffer(GL_RENDERBUFFER, c->renderbuffers[1]);
        glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT32F, width, height);
        glGenFramebuffers(1, &c->fbo);
        glBindFramebuffer(GL_FRAMEBUFFER, c->fbo);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, c->renderbuffers[0]);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, c->renderbuffers[1]);
        GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
        if (status != GL_FRAMEBUFFER_COMPLETE)
            die("framebuffer object incomplete (status 0x%04x)", (unsigned)status);
        GLint bits = 0, type = 0;
        glGetFramebufferAttachmentParameteriv(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT,
                                              GL_FRAMEBUFFER_ATTACHMENT_DEPTH_SIZE, &bits);
        glGetFramebufferAttachmentParameteriv(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT,
                                              GL_FRAMEBUFFER_ATTACHMENT_COMPONENT_TYPE, &type);
        if (bits != 32 || type != GL_FLOAT)
            die("asked for a 32-bit float depth renderbuffer, got %d bits of type 0x%04x", bits, (unsigned)type);
        glDrawBuffer(GL_COLOR_ATTACHMENT0);
        glReadBuffer(GL_COLOR_ATTACHMENT0);
    }
    glViewport(0, 0, width, height);
    check_gl("render target setup");
}

static void context_destroy(Context *c)
{
    if (c->fbo) {
        glDeleteFramebuffers(1, &c->fbo);
        glDeleteRenderbuffers(2, c->renderbuffers);
    }
    OSMesaDestroyContext(c->ctx);
    free(c->color);
}

/*
 * Prints the renderer and the worker-thread count to stderr, and fails when LP_NUM_THREADS was set by us but
 * llvmpipe did not start the expected number of workers.
 */
static void report_threads(int expected)
{
    int n = count_llvmpipe_threads();
    const char *env = getenv("LP_NUM_THREADS");
    fprintf(stderr, "glref: %s, GL %s; LP_NUM_THREADS=%s -> %d llvmpipe worker thread%s%s\n",
            (const char *)glGetString(GL_RENDERER), (const char *)glGetString(GL_VERSION), env ? env : "(unset)",
            n, n == 1 ? "" : "s", n == 0 ? " (rasterization on the calling thread)" : "");
    if (expected >= 0 && n != expected)
        die("expected %d llvmpipe worker threads, found %d", expected, n);
}

/* ---- shaders ------------------------------------------------------------------------------------------- */

/*
 * Clay shading. The sources are compiled with SMOOTH_NORMALS / FLAT_NORMALS defined to 0 or 1 after the
 * #version line, according to what the mesh needs: llvmpipe evaluates both sides of a per-pixel branch under
 * a mask, so a mesh that is entirely smooth (or entirely flat) gets a shader without the unused path. The
 * pixels are the same as with the general (both = 1) shader, except where the interpolated vn of a smooth
 * face vanishes (corner normals cancelling out), which the general shader shades flat.
 */
static const char *const clay_vs_body =
    "layout(location = 0) in vec3 a_position;\n"
    "uniform mat4 u_mvp;                          // projection * view (the model matrix is identity)\n"
    "uniform mat4 u_view;\n"
    "#if SMOOTH_NORMALS\n"
    "layout(location = 1) in vec4 a_normal;      // xyz = the file's vn, w = 1 when the corner has one\n"
    "out vec4 v_normal;                           // view space, w passed through\n"
    "#endif\n"
    "#if FLAT_NORMALS\n"
    "out vec3 v_position;                         // view space\n"
    "#endif\n"
    "#if TEXTURED\n"
    "layout(location = 2) in vec2 a_uv;           // the file's vt\n"
    "out vec2 v_uv;\n"
    "#endif\n"
    "void main() {\n"
    "    vec4 p = vec4(a_position, 1.0);\n"
    "#if TEXTURED\n"
    "    v_uv = vec2(a_uv.x, 1.0 - a_uv.y);          // image rows top down, as xrstudio's OBJ importer flips v\n"
    "#endif\n"
    "#if SMOOTH_NORMALS\n"
    "    // The view matrix is a rotation plus a translation: it transforms normals as directions.\n"
    "    v_normal = vec4(mat3(u_view) * a_normal.xyz, a_normal.w);\n"
    "#endif\n"
    "#if FLAT_NORMALS\n"
    "    v_position = (u_view * p).xyz;\n"
    "#endif\n"
    "    gl_Position = u_mvp * p;\n"
    "}\n";

static const char *const clay_fs_body =
    "out vec4 o_color;\n"
    "const vec3 LIGHT = normalize(vec3(-0.4, 0.6, 0.7)); // towards the key light, view space\n"
    "const float ALBEDO = 0.8, AMBIENT = 0.15, KEY = 0.85;\n"
    "float srgb_encode(float c) {\n"
    "    return c <= 0.0031308 ? 12.92 * c : 1.055 * pow(c, 1.0 / 2.4) - 0.055;\n"
    "}\n"
    "#if TEXTURED\n"
    "uniform sampler2D u_tex;\n"
    "in vec2 v_uv;\n"
    "#endif\n"
    "#if SMOOTH_NORMALS\n"
    "in vec4 v_normal;\n"
    "// The interpolated vn; two-sided lighting flips it on back faces.\n"
    "vec3 smooth_normal() {\n"
    "    vec3 n = normalize(v_normal.xyz);\n"
    "    return gl_FrontFacing ? n : -n;\n"
    "}\n"
    "#endif\n"
    "#if FLAT_NORMALS\n"
    "in vec3 v_position;\n"
    "// The face normal from the screen-space derivatives of the view-space position, oriented towards the\n"
    "// viewer (the eye is at the origin of view space).\n"
    "vec3 flat_normal() {\n"
    "    vec3 n = normalize(cross(dFdx(v_position), dFdy(v_position)));\n"
    "    return dot(n, v_position) > 0.0 ? -n : n;\n"
    "}\n"
    "#endif\n"
    "void main() {\n"
    "#if SMOOTH_NORMALS && FLAT_NORMALS\n"
    "    // Faces without vn (w = 0) and degenerate vn fall back to the flat normal.\n"
    "    bool has_vn = v_normal.w > 0.5 && dot(v_normal.xyz, v_normal.xyz) > 1e-24;\n"
    "    vec3 n = has_vn ? smooth_normal() : flat_normal();\n"
    "#elif SMOOTH_NORMALS\n"
    "    vec3 n = smooth_normal();\n"
    "#else\n"
    "    vec3 n = flat_normal();\n"
    "#endif\n"
    "#if TEXTURED && UNLIT\n"
    "    vec3 linear = texture(u_tex, v_uv).rgb;\n"
    "    o_color = vec4(srgb_encode(linear.r), srgb_encode(linear.g), srgb_encode(linear.b), 1.0);\n"
    "#elif TEXTURED\n"
    "    vec3 linear = ALBEDO * texture(u_tex, v_uv).rgb * (AMBIENT + KEY * max(0.0, dot(n, LIGHT)));\n"
    "    linear = clamp(linear, 0.0, 1.0);\n"
    "    o_color = vec4(srgb_encode(linear.r), srgb_encode(linear.g), srgb_encode(linear.b), 1.0);\n"
    "#else\n"
    "    float linear = ALBEDO * (AMBIENT + KEY * max(0.0, dot(n, LIGHT)));\n"
    "    o_color = vec4(vec3(srgb_encode(clamp(linear, 0.0, 1.0))), 1.0);\n"
    "#endif\n"
    "}\n";

static const char *const id_vs_body =
    "layout(location = 0) in vec3 a_position;\n"
    "uniform mat4 u_mvp;\n"
    "void main() { gl_Position = u_mvp * vec4(a_position, 1.0); }\n";

static const char *const id_fs_body =
    "out vec4 o_color;\n"
    "void main() {\n"
    "    // Triangle index in the draw (= file order after fanning) + 1 as 24-bit RGB, R = low byte.\n"
    "    // Each channel is an exact multiple of 1/255, so the unorm8 conversion returns it unchanged.\n"
    "    int id = gl_PrimitiveID + 1;\n"
    "    o_color = vec4(float(id & 255), float((id >> 8) & 255), float((id >> 16) & 255), 255.0) / 255.0;\n"
    "}\n";

/* Compiles `prefix` followed by `body` (the prefix carries the #version line and any #defines). */
static GLuint compile_shader(GLenum type, const char *prefix, const char *body)
{
    GLuint s = glCreateShader(type);
    const char *src[2] = {prefix, body};
    glShaderSource(s, 2, src, NULL);
    glCompileShader(s);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[4096] = "";
        glGetShaderInfoLog(s, sizeof log, NULL, log);
        die("%s shader does not compile: %s", type == GL_VERTEX_SHADER ? "vertex" : "fragment", log);
    }
    return s;
}

static GLuint link_program(const char *prefix, const char *vs_body, const char *fs_body)
{
    GLuint vs = compile_shader(GL_VERTEX_SHADER, prefix, vs_body);
    GLuint fs = compile_shader(GL_FRAGMENT_SHADER, prefix, fs_body);
    GLuint p = glCreateProgram();
    glAttachShader(p, vs);
    glAttachShader(p, fs);
    glLinkProgram(p);
    GLint ok = 0;
    glGetProgramiv(p, GL_LINK_STATUS, &ok);
    if (!ok) {
        char log[4096] = "";
        glGetProgramInfoLog(p, sizeof log, NULL, log);
        die("program does not link: %s", log);
    }
    glDeleteShader(vs);
    glDeleteShader(fs);
    return p;
}

/* ---- scene --------------------------------------------------------------------------------------------- */

typedef struct {
    GLuint program, vao, buffers[4], texture;
    GLsizei index_count;
    float clear[4];
} Scene;

/* Which clay normal paths a mesh needs: vn for faces that have them, the flat normal for the others. */
static void clay_paths(const ObjMesh *mesh, bool *smooth, bool *flat)
{
    *smooth = mesh->faces_with_normals > 0;
    *flat = mesh->faces_without_normals > 0;
    for (size_t i = 0; i < mesh->vertex_count && !*flat; i++) {
        const float *n = mesh->normals + 4 * i;
        if (n[3] != 0.0f && n[0] * n[0] + n[1] * n[1] + n[2] * n[2] <= 1e-24f)
            *flat = true;  /* a zero vn: the general shader falls back to the flat normal */
    }
}

/*
 * Uploads the mesh, builds the program for `shading` and sets the fixed state. `mvp` and `view` are the
 * matrices of the frame (view is only used by clay shading).
 */
/* The checker of --checker-texture as an sRGB texture with a full mip chain, bound to unit 0 (see the top). */
static GLuint checker_texture(int size, int cell, uint8_t even, uint8_t odd)
{
    uint8_t *img = malloc((size_t)size * size * 4);
    if (!img)
        die("out of memory for the checker texture");
    for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++) {
            uint8_t v = (x / cell + y / cell) % 2 == 0 ? even : odd;
            uint8_t *p = img + 4 * ((size_t)y * size + x);
            p[0] = p[1] = p[2] = v;
            p[3] = 255;
        }
    GLuint t;
    glGenTextures(1, &t);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, t);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_SRGB8_ALPHA8, size, size, 0, GL_RGBA, GL_UNSIGNED_BYTE, img);
    glGenerateMipmap(GL_TEXTURE_2D);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_REPEAT);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_REPEAT);
    free(img);
    check_gl("checker texture");
    return t;
}

static void scene_setup(Scene *sc, const ObjMesh *mesh, Shading shading, int checker, bool cull_back,
                        const Mat4 *mvp, const Mat4 *view, const Options *o)
{
    if (checker && (!mesh->uvs || mesh->faces_with_uvs == 0))
        die("--checker-texture needs a model with texture coordinates (vt); this one has none");
    if (shading == SHADING_ID && mesh->triangle_count >= (1u << 24))
        die("--shading id encodes ids in 24 bits: at most 16777215 triangles, the mesh has %zu",
            mesh->triangle_count);
    if (mesh->triangle_count * 3 > 0x7fffffff)
        die("too many triangles for one draw call");

    bool smooth = false, flat = false;
    if (shading == SHADING_CLAY)
        clay_paths(mesh, &smooth, &flat);

    glGenVertexArrays(1, &sc->vao);
    glBindVertexArray(sc->vao);
    glGenBuffers(4, sc->buffers);
    glBindBuffer(GL_ARRAY_BUFFER, sc->buffers[0]);
    glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(mesh->vertex_count * 3 * sizeof(float)), mesh->positions,
                 GL_STATIC_DRAW);
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 0, NULL);
    glEnableVertexAttribArray(0);
    if (smooth) {
        glBindBuffer(GL_ARRAY_BUFFER, sc->buffers[1]);
        glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(mesh->vertex_count * 4 * sizeof(float)), mesh->normals,
                     GL_STATIC_DRAW);
        glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, 0, NULL);
        glEnableVertexAttribArray(1);
    }
    if (checker) {
        glBindBuffer(GL_ARRAY_BUFFER, sc->buffers[3]);
        glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(mesh->vertex_count * 2 * sizeof(float)), mesh->uvs,
                     GL_STATIC_DRAW);
        glVertexAttribPointer(2, 2, GL_FLOAT, GL_FALSE, 0, NULL);
        glEnableVertexAttribArray(2);
    }
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, sc->buffers[2]);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr)(mesh->triangle_count * 3 * sizeof(uint32_t)),
                 mesh->indices, GL_STATIC_DRAW);
    sc->index_count = (GLsizei)(mesh->triangle_count * 3);

    float m[16];
    if (shading == SHADING_FLAT) {
        /* Fixed function: no program, no lighting, the generic attribute 0 is the vertex position (compatibility
         * profile), the projection matrix holds the whole transform, one current colour for every face. */
        sc->program = 0;
        glUseProgram(0);
        glMatrixMode(GL_PROJECTION);
        mat_to_float(mvp, m);
        glLoadMatrixf(m);
        glMatrixMode(GL_MODELVIEW);
        glLoadIdentity();
        glDisable(GL_LIGHTING);
        glDisable(GL_TEXTURE_2D);
        glShadeModel(GL_FLAT);
        float c = (float)srgb_encode(FLAT_LINEAR);
        glColor4f(c, c, c, 1.0f);
    } else {
        if (shading == SHADING_CLAY) {
            char prefix[160];
            snprintf(prefix, sizeof prefix,
                     "#version 330\n#define SMOOTH_NORMALS %d\n#define FLAT_NORMALS %d\n#define TEXTURED %d\n"
                     "#define UNLIT %d\n", smooth, flat, checker > 0, o && o->checker_unlit);
            sc->program = link_program(prefix, clay_vs_body, clay_fs_body);
        } else {
            sc->program = link_program("#version 330\n", id_vs_body, id_fs_body);
        }
        glUseProgram(sc->program);
        mat_to_float(mvp, m);
        glUniformMatrix4fv(glGetUniformLocation(sc->program, "u_mvp"), 1, GL_FALSE, m);
        if (shading == SHADING_CLAY) {
            mat_to_float(view, m);
            glUniformMatrix4fv(glGetUniformLocation(sc->program, "u_view"), 1, GL_FALSE, m);
        }
        if (checker) {
            bool codes = o && (o->checker_codes[0] || o->checker_codes[1]);
            sc->texture = checker_texture(checker, o && o->checker_cell ? o->checker_cell : 8,
                                          codes ? (uint8_t)o->checker_codes[0] : 255,
                                          codes ? (uint8_t)o->checker_codes[1] : 96);
            glUniform1i(glGetUniformLocation(sc->program, "u_tex"), 0);
        }
    }

    /* Clear colour: clay's and flat's background is linear (0.02, 0.02, 0.025), written sRGB-encoded; id's is 0. */
    if (shading != SHADING_ID) {
        sc->clear[0] = (float)srgb_encode(0.02);
        sc->clear[1] = (float)srgb_encode(0.02);
        sc->clear[2] = (float)srgb_encode(0.025);
        sc->clear[3] = 1.0f;
    } else {
        sc->clear[0] = sc->clear[1] = sc->clear[2] = sc->clear[3] = 0.0f;
    }
    glClearColor(sc->clear[0], sc->clear[1], sc->clear[2], sc->clear[3]);
    glClearDepth(1.0);
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LESS);
    glDepthMask(GL_TRUE);
    glDisable(GL_BLEND);
    glDisable(GL_DITHER);
    glDisable(GL_MULTISAMPLE);
    glDisable(GL_FRAMEBUFFER_SRGB);
    glFrontFace(GL_CCW);
    if (cull_back) {
        glEnable(GL_CULL_FACE);
        glCullFace(GL_BACK);
    } else {
        glDisable(GL_CULL_FACE);
    }
    check_gl("scene setup");
}

/* One frame: clear colour + depth, draw, wait for llvmpipe to finish. */
static void scene_frame(const Scene *sc)
{
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    glDrawElements(GL_TRIANGLES, sc->index_count, GL_UNSIGNED_INT, NULL);
    glFinish();
}

/* Reads the colour buffer as top-to-bottom RGBA8 rows (glReadPixels returns the bottom row first). */
static uint8_t *read_image(int w, int h)
{
    size_t row = (size_t)w * 4;
    uint8_t *bottom_up = malloc(row * h), *img = malloc(row * h);
    if (!bottom_up || !img)
        die("out of memory reading back the image");
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, bottom_up);
    check_gl("glReadPixels");
    for (int y = 0; y < h; y++)
        memcpy(img + (size_t)y * row, bottom_up + (size_t)(h - 1 - y) * row, row);
    free(bottom_up);
    return img;
}

static void camera_matrices(const Options *o, Mat4 *view, Mat4 *mvp)
{
    *view = look_at(o->eye, o->center, o->up);
    Mat4 proj = perspective(o->fov_y, (double)o->width / o->height, o->near_z, o->far_z);
    *mvp = mat_mul(&proj, view);
}

/* ---- bench --------------------------------------------------------------------------------------------- */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

/* CPU time of every thread of the process (llvmpipe's workers included), as xrstudio's bench reports it. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int cmd_bench(const Options *o)
{
    require_scene_options(o);
    if (!o->frames)
        die("--frames is required");
    if (o->out)
        die("--out is only for render");

    ObjMesh mesh;
    if (obj_load(o->model, &mesh, o->checker > 0) != 0)
        return 1;
    int expected = apply_thread_option(o);
    Context c;
    context_create(&c, o->width, o->height, o->target);
    Mat4 view, mvp;
    camera_matrices(o, &view, &mvp);
    Scene sc;
    scene_setup(&sc, &mesh, o->shading, o->checker, o->cull_back, &mvp, &view, o);

    /* Warm-up: JIT compilation of the shader variants, first touch of every buffer. */
    for (int i = 0; i < WARMUP_FRAMES; i++)
        scene_frame(&sc);
    check_gl("warm-up frames");
    report_threads(expected);

    double *ms = malloc(sizeof(double) * (size_t)o->frames);
    if (!ms)
        die("out of memory");
    double cpu0 = cpu_ms();
    for (int i = 0; i < o->frames; i++) {
        double t0 = now_ms();
        scene_frame(&sc);
        ms[i] = now_ms() - t0;
    }
    double cpu = (cpu_ms() - cpu0) / o->frames;
    check_gl("timed frames");
    qsort(ms, (size_t)o->frames, sizeof(double), cmp_double);
    int n = o->frames;
    double median = n % 2 ? ms[n / 2] : 0.5 * (ms[n / 2 - 1] + ms[n / 2]);
    double tris = (double)mesh.triangle_count;
    printf("bench frames=%d size=%dx%d tris=%zu median_ms=%.3f min_ms=%.3f mtris_per_s=%.2f cpu_ms=%.3f\n", n, o->width,
           o->height, mesh.triangle_count, median, ms[0], tris / (median / 1e3) / 1e6, cpu);
    free(ms);
    context_destroy(&c);
    obj_free(&mesh);
    return 0;
}

/* ---- render -------------------------------------------------------------------------------------------- */

static int cmd_render(const Options *o)
{
    require_scene_options(o);
    if (!o->out)
        die("--out FILE.png is required");
    if (o->frames)
        die("--frames is only for bench");

    ObjMesh mesh;
    if (obj_load(o->model, &mesh, o->checker > 0) != 0)
        return 1;
    apply_thread_option(o);
    Context c;
    context_create(&c, o->width, o->height, o->target);
    Mat4 view, mvp;
    camera_matrices(o, &view, &mvp);
    Scene sc;
    scene_setup(&sc, &mesh, o->shading, o->checker, o->cull_back, &mvp, &view, o);
    scene_frame(&sc);
    check_gl("render");
    uint8_t *img = read_image(o->width, o->height);
    int rc = png_write_rgba(o->out, img, o->width, o->height) == 0 ? 0 : 1;
    free(img);
    context_destroy(&c);
    obj_free(&mesh);
    return rc;
}

/* ---- probe: the fill rule on pixel centres ------------------------------------------------------------- */

/*
 * Draws triangles whose vertices and edges pass exactly through pixel centres, with an orthographic matrix in
 * pixel units, and compares the covered pixels with two candidate ownership rules for centres lying exactly
 * on an edge. Coordinates are in the top-to-bottom image (x right, y down, pixel (i, j) has its centre at
 * (i + 0.5, j + 0.5)); they are flipped to GL's y-up window coordinates for drawing. All coordinates are
 * multiples of 1/4, so the edge functions below are exact in double precision and the positions survive
 * llvmpipe's 1/256-pixel snapping unchanged.
 */

#define PROBE_SIZE 16

typedef enum { RULE_LEFT_BOTTOM, RULE_TOP_LEFT } Rule;

typedef struct {
    const char *name;
    double v[3][2];  /* image coordinates */
} ProbeTriangle;

/* Edge a->b evaluated at p, with the sign chosen so that the interior is positive. */
static double edge_fn(const double a[2], const double b[2], const double p[2], double orient)
{
    return orient * ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]));
}

/*
 * Whether an edge owns the centres lying exactly on it. The inward normal (nx, ny) tells the edge's kind in
 * the y-down image: nx > 0 = left edge (interior to its right), nx < 0 = right edge; a horizontal edge
 * (nx == 0) is a top edge when the interior is below it (ny > 0), a bottom edge when it is above (ny < 0).
 */
static bool edge_owns(double nx, double ny, Rule rule)
{
    if (nx != 0.0)
        return nx > 0.0;
    return rule == RULE_LEFT_BOTTOM ? ny < 0.0 : ny > 0.0;
}

typedef struct {
    int covered;  /* pixel centres of this class covered by llvmpipe */
    int total;    /* pixel centres of this class */
} Tally;

static const ProbeTriangle probe_triangles[] = {
    {"lower-left half of a square (left + bottom edges, vertex on both)", {{4.5, 4.5}, {4.5, 12.5}, {12.5, 12.5}}},
    {"upper-right half of a square (top + right edges, vertex on both)", {{4.5, 4.5}, {12.5, 12.5}, {12.5, 4.5}}},
    {"apex up (flat bottom edge)", {{8.5, 4.5}, {4.5, 12.5}, {12.5, 12.5}}},
    {"apex down (flat top edge)", {{8.5, 12.5}, {12.5, 4.5}, {4.5, 4.5}}},
    {"apex left (slanted edges only)", {{2.5, 8.5}, {14.5, 2.5}, {14.5, 14.5}}},
    {"apex right (slanted edges only)", {{14.5, 8.5}, {2.5, 14.5}, {2.5, 2.5}}},
};
#define PROBE_TRIANGLES ((int)(sizeof probe_triangles / sizeof probe_triangles[0]))

/* Draws one probe triangle (image coordinates) with id shading and returns the top-to-bottom image. */
static uint8_t *probe_draw(const double *v[3])
{
    /* Pixel units, y up: x in [0, W], y in [0, H] map onto the window exactly. */
    Mat4 proj = ortho(0.0, PROBE_SIZE, 0.0, PROBE_SIZE), ident = {{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}};
    float pos[9], nrm[12] = {0};
    for (int i = 0; i < 3; i++) {
        pos[3 * i] = (float)v[i][0];
        pos[3 * i + 1] = (float)(PROBE_SIZE - v[i][1]);  /* image y down -> GL y up */
        pos[3 * i + 2] = 0.0f;
    }
    uint32_t idx[3] = {0, 1, 2};
    ObjMesh m = {.positions = pos, .normals = nrm, .indices = idx, .vertex_count = 3, .triangle_count = 1,
                 .faces_without_normals = 1};
    Scene sc;
    scene_setup(&sc, &m, SHADING_ID, 0, false, &proj, &ident, NULL);
    scene_frame(&sc);
    uint8_t *img = read_image(PROBE_SIZE, PROBE_SIZE);
    glDeleteProgram(sc.program);
    glDeleteBuffers(4, sc.buffers);
    glDeleteVertexArrays(1, &sc.vao);
    return img;
}

/*
 * Runs every probe triangle in both windings on one render target. Adds the edge-centre tallies to `tally`
 * (5 classes) and returns, in mismatch[r], the pixels where llvmpipe differs from Rule r.
 */
static void probe_target(Target target, const char *out_dir, Tally tally[5], int mismatch[2], int *checked)
{
    Context c;
    context_create(&c, PROBE_SIZE, PROBE_SIZE, target);
    const char *tname = target == TARGET_FBO ? "fbo" : "osmesa";
    printf("target %s:\n", tname);
    for (int t = 0; t < PROBE_TRIANGLES; t++) {
        for (int winding = 0; winding < 2; winding++) {
            /* Both windings: ownership must not depend on facing. */
            const ProbeTriangle *pt = &probe_triangles[t];
            const double *v[3] = {pt->v[0], pt->v[winding ? 2 : 1], pt->v[winding ? 1 : 2]};
            uint8_t *img = probe_draw(v);
            if (out_dir) {
                char path[1024];
                snprintf(path, sizeof path, "%s/probe-%s-%d-%s.png", out_dir, tname, t, winding ? "cw" : "ccw");
                png_write_rgba(path, img, PROBE_SIZE, PROBE_SIZE);
            }

            /* Orientation in the image, then classify every pixel centre exactly. */
            double area = (v[1][0] - v[0][0]) * (v[2][1] - v[0][1]) - (v[1][1] - v[0][1]) * (v[2][0] - v[0][0]);
            double orient = area > 0 ? 1.0 : -1.0;
            int got_count = 0;
            for (int py = 0; py < PROBE_SIZE; py++) {
                for (int px = 0; px < PROBE_SIZE; px++) {
                    double p[2] = {px + 0.5, py + 0.5};
                    bool got = img[((size_t)py * PROBE_SIZE + px) * 4 + 3] != 0;
                    got_count += got;
                    double f[3];
                    bool in_closed = true;  /* inside or on the boundary */
                    for (int e = 0; e < 3; e++) {
                        f[e] = edge_fn(v[e], v[(e + 1) % 3], p, orient);
                        in_closed = in_closed && f[e] >= 0.0;
                    }
                    bool inside[2] = {in_closed, in_closed};  /* per Rule */
                    int on_edges = 0, kind = -1;
                    for (int e = 0; e < 3; e++) {
                        if (f[e] != 0.0)
                            continue;
                        const double *a = v[e], *b = v[(e + 1) % 3];
                        double nx = -orient * (b[1] - a[1]), ny = orient * (b[0] - a[0]);  /* inward */
                        for (int r = 0; r < 2; r++)
                            inside[r] = inside[r] && edge_owns(nx, ny, (Rule)r);
                        on_edges++;
                        kind = nx > 0 ? 0 : nx < 0 ? 1 : ny > 0 ? 2 : 3;
                    }
                    /* Tally the boundary centres: by edge kind, vertices (on two edges) apart. */
                    if (in_closed && on_edges > 0) {
                        int k = on_edges >= 2 ? 4 : kind;
                        tally[k].total++;
                        tally[k].covered += got;
                    }
                    mismatch[0] += got != inside[0];
                    mismatch[1] += got != inside[1];
                    (*checked)++;
                }
            }
            printf("  %-66s %s: %3d px covered\n", pt->name, winding ? "CW " : "CCW", got_count);
            free(img);
        }
    }
    context_destroy(&c);
}

static int cmd_probe(const Options *o)
{
    if (o->model || o->has_eye || o->out || o->frames)
        die("probe takes no model, camera, --out or --frames (only --out-dir DIR)");
    printf("probe: %dx%d window, orthographic projection in pixel units, id shading, no culling;\n"
           "vertices and edges on pixel centres, coordinates in the top-to-bottom image (y down)\n",
           PROBE_SIZE, PROBE_SIZE);
    static const char *const kinds[] = {"left edge", "right edge", "top edge", "bottom edge", "vertex"};
    int failures = 0;
    for (int t = 0; t < 2; t++) {
        Tally tally[5] = {{0, 0}};
        int mismatch[2] = {0, 0}, checked = 0;
        Target target = t == 0 ? TARGET_FBO : TARGET_OSMESA;
        probe_target(target, o->out_dir, tally, mismatch, &checked);
        printf("  pixel centres exactly on an edge, covered by llvmpipe / total:\n");
        for (int k = 0; k < 5; k++)
            printf("    %-12s %3d / %3d\n", kinds[k], tally[k].covered, tally[k].total);
        printf("  pixels differing from the left+bottom rule: %d of %d\n", mismatch[0], checked);
        printf("  pixels differing from the top-left (Direct3D) rule: %d of %d\n", mismatch[1], checked);
        failures += mismatch[0] != 0;
    }
    printf("result: llvmpipe %s the left+bottom ownership rule in a top-to-bottom image\n",
           failures == 0 ? "follows" : "does NOT follow");
    return failures == 0 ? 0 : 1;
}

/* ---- main ---------------------------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 1 : 0;
    }
    Options o;
    parse_options(argc, argv, &o);
    if (!strcmp(argv[1], "bench"))
        return cmd_bench(&o);
    if (!strcmp(argv[1], "render"))
        return cmd_render(&o);
    if (!strcmp(argv[1], "probe"))
        return cmd_probe(&o);
    fprintf(stderr, "glref: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 1;
}
