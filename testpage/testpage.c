/*
 * testpage.c - seeded, text-like A4 fax pages (see testpage.h).
 *
 * Same pixels on every machine: the only source of variety is splitmix64 seeded from
 * (seed, page number), and all geometry is integer arithmetic (no rand(), no floating
 * point, nothing from the environment).
 *
 * The layout of a page is decided in physical units: pels across (204 dpi) and "fine
 * rows" down (196 lpi). It is then sampled at the page's own resolution, so the normal
 * and fine versions of page k show the same text, each drawn natively (a diagonal at
 * fine resolution is not the normal one with doubled rows). The layout draws random
 * numbers in one fixed order, so page k never depends on the resolution or on the
 * pages before it.
 *
 * A page, top to bottom: a top margin, a heading of bold word shapes, a horizontal
 * rule, paragraphs of body text (words of glyph-like strokes, 1-3 pels thick; an
 * indented first line, a ragged last line), and the page number as a row of 16
 * boxes (filled = 1, outlined = 0, most significant bit first) above the bottom margin.
 */
#include "testpage.h"

#include <string.h>

#define PAGE_ROWS_FINE 2286             /* A4 at 196 lpi; 1143 at 98 lpi */
#define MARGIN_LEFT 80                  /* pels (about 10 mm) */
#define MARGIN_RIGHT 80
#define TEXT_LEFT MARGIN_LEFT
#define TEXT_RIGHT (FAX_A4_WIDTH - MARGIN_RIGHT)
#define MARGIN_TOP_FINE 80              /* fine rows (about 10 mm) */
#define FOOTER_TOP_FINE (PAGE_ROWS_FINE - 150)
#define GLYPH_GAP 2                     /* pels between the glyphs of a word */
#define HEADING_WORD_GAP 24             /* pels between the words of the heading */
#define MAX_WORD_GLYPHS 9
#define PAGE_NUMBER_BITS 16

/* --- Random numbers: splitmix64 (Steele, Lea, Flood 2014), state passed explicitly ----- */

typedef struct prng {
    uint64_t state;
} prng;

static uint64_t prng_next(prng *p)
{
    uint64_t z = (p->state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* Uniform enough in lo..hi (inclusive) for drawing: the spans are tiny next to 2^32. */
static uint32_t prng_between(prng *p, uint32_t lo, uint32_t hi)
{
    return lo + (uint32_t)((prng_next(p) >> 32) % (hi - lo + 1));
}

/* Page k's own stream: the seed is mixed before the page number goes in, so seeds
 * that differ by small numbers do not give shifted copies of each other's pages. */
static prng page_prng(uint64_t seed, unsigned page_number)
{
    prng mixer = {seed};
    prng page = {prng_next(&mixer) ^ ((uint64_t)page_number * 0xD1B54A32D192ED03u)};
    prng_next(&page);
    return page;
}

/* --- Drawing in physical units: x in pels, v in fine rows ----------------------------- */

static uint32_t row_of(const fax_page *page, uint32_t v)
{
    return (uint32_t)((uint64_t)v * page->yres / FAX_YRES_FINE);
}

static uint32_t fine_of(const fax_page *page, uint32_t row)
{
    return (uint32_t)((uint64_t)row * FAX_YRES_FINE / page->yres);
}

static void span(fax_page *page, int32_t x0, int32_t x1, uint32_t row)
{
    for (int32_t x = x0 < 0 ? 0 : x0; x < x1; x++)
        fax_page_set(page, (uint32_t)x, row, 1);
}

/* A filled rectangle; at least one row tall at any resolution, so thin strokes and
 * rules never vanish at 98 lpi. */
static void box(fax_page *page, int32_t x0, int32_t x1, uint32_t v0, uint32_t v1)
{
    uint32_t first = row_of(page, v0), end = row_of(page, v1);
    if (end <= first)
        end = first + 1;
    for (uint32_t row = first; row < end; row++)
        span(page, x0, x1, row);
}

/* A straight stroke `thick` pels wide from (x0, v0) down to (x1, v1), v0 < v1. Each row
 * covers the stroke's path down to the next row too, so shallow strokes stay joined. */
static void stroke(fax_page *page, int32_t x0, uint32_t v0, int32_t x1, uint32_t v1,
                   int32_t thick)
{
    uint32_t first = row_of(page, v0), last = row_of(page, v1);
    for (uint32_t row = first; row <= last; row++) {
        uint32_t v = fine_of(page, row), v_next = fine_of(page, row + 1);
        v = v < v0 ? v0 : v > v1 ? v1 : v;
        v_next = v_next > v1 ? v1 : v_next;
        int32_t x = x0 + (x1 - x0) * (int32_t)(v - v0) / (int32_t)(v1 - v0);
        int32_t x_next = x0 + (x1 - x0) * (int32_t)(v_next - v0) / (int32_t)(v1 - v0);
        int32_t left = x < x_next ? x : x_next, right = x < x_next ? x_next : x;
        span(page, left, right + thick, row);
    }
}

static uint32_t isqrt(uint32_t n)
{
    uint32_t root = 0;
    while ((root + 1) * (root + 1) <= n)
        root++;
    return root;
}

/* An elliptical ring (the bowl of o, b, d, p, q) centred at (cx, cv) with radii rx
 * pels and rv fine rows, its sides `thick` pels wide and its top and bottom closed. */
static void ring(fax_page *page, int32_t cx, uint32_t cv, int32_t rx, uint32_t rv,
                 int32_t thick)
{
    uint32_t first = row_of(page, cv - rv), last = row_of(page, cv + rv);
    for (uint32_t row = first; row <= last; row++) {
        uint32_t v = fine_of(page, row);
        uint32_t dv = v > cv ? v - cv : cv - v;
        if (dv > rv)
            continue;
        int32_t half = rx * (int32_t)isqrt(rv * rv - dv * dv) / (int32_t)rv;
        if (dv + (uint32_t)thick + 1 >= rv) {
            span(page, cx - half, cx + half + 1, row);
        } else {
            span(page, cx - half, cx - half + thick, row);
            span(page, cx + half + 1 - thick, cx + half + 1, row);
        }
    }
}

/* --- Glyphs and words ------------------------------------------------------------------ */

/* The type size of a line: heights in fine rows above (x-height, ascender) and below
 * (descender) the baseline, widths and strokes in pels. */
typedef struct type_size {
    uint32_t x_height, ascender, descender;
    uint32_t min_width, max_width;
    int32_t stroke;
} type_size;

typedef enum glyph_shape {
    GLYPH_TALL_STEM,    /* l */
    GLYPH_BOWL,         /* o */
    GLYPH_ARCH,         /* n */
    GLYPH_DOUBLE_ARCH,  /* m */
    GLYPH_BOWL_STEM,    /* b d p q */
    GLYPH_VEE,          /* v */
    GLYPH_CROSS,        /* x */
    GLYPH_BARS,         /* e s z: three bars and a half stem */
    GLYPH_DOTTED_STEM,  /* i */
    GLYPH_CROSSED_STEM, /* t */
    GLYPH_SHAPE_COUNT
} glyph_shape;

typedef struct glyph {
    glyph_shape shape;
    uint32_t width;     /* pels */
    uint32_t variant;   /* which side a stem is on, up or down, ... */
} glyph;

typedef struct word {
    glyph glyphs[MAX_WORD_GLYPHS];
    unsigned count;
    uint32_t width;
} word;

static glyph random_glyph(prng *p, const type_size *size)
{
    glyph g;
    g.shape = (glyph_shape)prng_between(p, 0, GLYPH_SHAPE_COUNT - 1);
    g.width = prng_between(p, size->min_width, size->max_width);
    g.variant = prng_between(p, 0, 3);
    if (g.shape == GLYPH_TALL_STEM || g.shape == GLYPH_DOTTED_STEM)
        g.width = (uint32_t)size->stroke + 2;
    else if (g.shape == GLYPH_BOWL || g.shape == GLYPH_BOWL_STEM)
        g.width = g.width < size->min_width + 2 ? size->min_width + 2 : g.width;  /* or a dot */
    else if (g.shape == GLYPH_DOUBLE_ARCH)
        g.width = size->max_width + size->min_width / 2;
    return g;
}

/* Word lengths as in running text: mostly short, now and then long. */
static word random_word(prng *p, const type_size *size)
{
    static const unsigned lengths[] = {1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9};
    word w = {.count = lengths[prng_between(p, 0, sizeof(lengths) / sizeof(lengths[0]) - 1)]};
    for (unsigned i = 0; i < w.count; i++) {
        w.glyphs[i] = random_glyph(p, size);
        w.width += w.glyphs[i].width + (i ? GLYPH_GAP : 0);
    }
    return w;
}

static void draw_glyph(fax_page *page, const glyph *g, int32_t x, uint32_t baseline,
                       const type_size *size)
{
    const int32_t s = size->stroke, w = (int32_t)g->width;
    const uint32_t top = baseline - size->x_height, middle = baseline - size->x_height / 2;
    const uint32_t bar = (uint32_t)s + 1;   /* a bar's height in fine rows */
    switch (g->shape) {
    case GLYPH_TALL_STEM:
        box(page, x + 1, x + 1 + s, baseline - size->ascender, baseline);
        break;
    case GLYPH_BOWL:
        ring(page, x + w / 2, middle, (w - 1) / 2, size->x_height / 2, s);
        break;
    case GLYPH_ARCH:
    case GLYPH_DOUBLE_ARCH:
        box(page, x, x + w, top, top + bar);
        box(page, x, x + s, top, baseline);
        box(page, x + w - s, x + w, top, baseline);
        if (g->shape == GLYPH_DOUBLE_ARCH)
            box(page, x + w / 2 - s / 2, x + w / 2 - s / 2 + s, top, baseline);
        break;
    case GLYPH_BOWL_STEM: {
        int32_t stem_x = g->variant & 1 ? x : x + w - s;
        ring(page, x + w / 2, middle, (w - 1) / 2, size->x_height / 2, s);
        if (g->variant & 2)
            box(page, stem_x, stem_x + s, baseline - size->ascender, baseline);
        else
            box(page, stem_x, stem_x + s, top, baseline + size->descender);
        break;
    }
    case GLYPH_VEE:
        stroke(page, x, top, x + w / 2 - s / 2, baseline, s);
        stroke(page, x + w - s, top, x + w / 2 - s / 2, baseline, s);
        break;
    case GLYPH_CROSS:
        stroke(page, x, top, x + w - s, baseline, s);
        stroke(page, x + w - s, top, x, baseline, s);
        break;
    case GLYPH_BARS:
        box(page, x, x + w, top, top + bar);
        box(page, x, x + w, middle, middle + bar);
        box(page, x, x + w, baseline - bar, baseline);
        if (g->variant & 1)
            box(page, x, x + s, top, middle);
        else
            box(page, x + w - s, x + w, middle, baseline);
        break;
    case GLYPH_DOTTED_STEM:
        box(page, x + 1, x + 1 + s, top, baseline);
        box(page, x + 1, x + 1 + s, top - 3 * bar, top - 2 * bar);
        break;
    case GLYPH_CROSSED_STEM:
        box(page, x + w / 2 - s / 2, x + w / 2 - s / 2 + s, baseline - size->ascender,
            baseline);
        box(page, x, x + w, top, top + bar);
        break;
    case GLYPH_SHAPE_COUNT:
        break;
    }
}

static void draw_word(fax_page *page, const word *w, int32_t x, uint32_t baseline,
                      const type_size *size)
{
    for (unsigned i = 0; i < w->count; i++) {
        draw_glyph(page, &w->glyphs[i], x, baseline, size);
        x += (int32_t)w->glyphs[i].width + GLYPH_GAP;
    }
}

/* --- The page -------------------------------------------------------------------------- */

static const type_size heading_size = {.x_height = 34, .ascender = 50, .descender = 14,
                                       .min_width = 14, .max_width = 22, .stroke = 3};

static uint32_t draw_heading(fax_page *page, prng *p)
{
    const uint32_t baseline = MARGIN_TOP_FINE + heading_size.ascender;
    unsigned words = prng_between(p, 2, 5);
    int32_t x = TEXT_LEFT;
    for (unsigned i = 0; i < words; i++) {
        word w = random_word(p, &heading_size);
        if (x + (int32_t)w.width > TEXT_RIGHT)
            break;
        draw_word(page, &w, x, baseline, &heading_size);
        x += (int32_t)w.width + HEADING_WORD_GAP;
    }
    return baseline + heading_size.descender;
}

/* Paragraphs of body text between `top` and `bottom` (fine rows). */
static void draw_body(fax_page *page, prng *p, uint32_t top, uint32_t bottom)
{
    /* Each page has its own "typeface": light or regular strokes, tight or loose. */
    const int32_t stroke_width = (int32_t)prng_between(p, 1, 2);
    const type_size body = {.x_height = 15, .ascender = 22, .descender = 7,
                            .min_width = 6, .max_width = 10, .stroke = stroke_width};
    const uint32_t pitch = prng_between(p, 32, 38);
    const int32_t word_gap = (int32_t)prng_between(p, 10, 14);

    uint32_t baseline = top + body.ascender;
    word pending = random_word(p, &body);
    while (baseline + body.descender < bottom) {
        unsigned lines = prng_between(p, 2, 8);
        for (unsigned line = 0; line < lines && baseline + body.descender < bottom; line++) {
            int last = line + 1 == lines;
            int32_t x = TEXT_LEFT + (line == 0 ? 40 : 0);
            int32_t end = last ? TEXT_LEFT + (int32_t)prng_between(p, 200, 1300) : TEXT_RIGHT;
            while (x + (int32_t)pending.width <= end) {
                draw_word(page, &pending, x, baseline, &body);
                x += (int32_t)pending.width + word_gap;
                pending = random_word(p, &body);
            }
            baseline += pitch;
        }
        baseline += pitch / 2;  /* the space between paragraphs */
    }
}

static void draw_page_number(fax_page *page, unsigned page_number)
{
    const int32_t size = 12, gap = 6;
    const int32_t total = PAGE_NUMBER_BITS * size + (PAGE_NUMBER_BITS - 1) * gap;
    const uint32_t v0 = FOOTER_TOP_FINE, v1 = FOOTER_TOP_FINE + 12;
    int32_t x = (FAX_A4_WIDTH - total) / 2;
    for (int bit = PAGE_NUMBER_BITS - 1; bit >= 0; bit--, x += size + gap) {
        if ((page_number >> bit) & 1) {
            box(page, x, x + size, v0, v1);
        } else {
            box(page, x, x + size, v0, v0 + 2);
            box(page, x, x + size, v1 - 2, v1);
            box(page, x, x + 1, v0, v1);
            box(page, x + size - 1, x + size, v0, v1);
        }
    }
}

static int draw_page(uint64_t seed, unsigned page_number, uint16_t yres, fax_page *page)
{
    uint32_t rows = (uint32_t)((uint64_t)PAGE_ROWS_FINE * yres / FAX_YRES_FINE);
    if (fax_page_init(page, FAX_A4_WIDTH, rows, yres) != 0)
        return -1;
    prng p = page_prng(seed, page_number);
    uint32_t heading_bottom = draw_heading(page, &p);
    uint32_t rule = heading_bottom + 12;
    box(page, TEXT_LEFT, TEXT_RIGHT, rule, rule + 4);
    draw_body(page, &p, rule + 30, FOOTER_TOP_FINE - 40);
    draw_page_number(page, page_number);
    return 0;
}

/* `doc` must come in empty; on failure it is left empty. */
int testpage_generate(uint64_t seed, unsigned pages, uint16_t yres, fax_doc *doc)
{
    if ((yres != FAX_YRES_NORMAL && yres != FAX_YRES_FINE) || pages == 0 ||
        doc->count != 0)
        return -1;
    for (unsigned k = 1; k <= pages; k++) {
        fax_page page;
        if (draw_page(seed, k, yres, &page) != 0 || fax_doc_append(doc, &page) != 0) {
            fax_page_free(&page);
            fax_doc_free(doc);
            return -1;
        }
    }
    return 0;
}

void testpage_lighten(fax_doc *doc)
{
    for (size_t p = 0; p < doc->count; p++) {
        fax_page *page = &doc->pages[p];
        size_t band = page->height / 8;
        memset(page->bits + band * page->stride, 0, (page->height - band) * page->stride);
    }
}
