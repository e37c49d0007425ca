/*
 * timeline_html.c - one scenario's events as an HTML/SVG timeline (see
 * include/timeline_html.h).
 *
 * Three passes over the slice: read every line (json_flat), place each event on its
 * thread's lane and pair calls with returns into bars, then write the page. The page is
 * SVG shapes whose <title> children carry the details, so hovering works without any
 * script. Sizes are fixed per lane and the width is capped, so 10k events still make a
 * page a browser opens quickly; shapes simply overlap where events are dense.
 *
 * The page opens fitted to the whole run: a small script squeezes the plot horizontally
 * to the window (its texts hidden while they would read squeezed), and an overview strip
 * above it - plain HTML, positioned in percent, so it never needs scaling - marks every
 * FAIL and WARN and frames what the plot shows. Dragging across the strip zooms to that
 * range, clicking a mark goes to it at full detail, buttons zoom in, out and back to the
 * whole run. Without script the plot is simply shown at its natural scale.
 */
#include "timeline_html.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_flat.h"

/* Geometry, in CSS pixels. */
#define MAX_LANES      64      /* threads drawn; a scenario has a handful */
#define LABEL_WIDTH    260
#define AXIS_HEIGHT    30
#define LANE_HEIGHT    94
#define LANE_GAP       4
#define PAD            28      /* left and right of the plot, so edge labels fit */
#define MIN_WIDTH      1000.0
#define MAX_WIDTH      4000.0
#define PX_PER_MS      2.0     /* the scale a scenario gets unless a clamp applies */
#define MIN_SPAN_US    1000u   /* a page shows at least 1 ms */
#define TICK_ROOM      100.0   /* about one labelled tick per this many pixels */

/* Inside a lane: statement ticks on top, call bars (deeper calls lower), then a row of
 * service markers and a row of modem markers. */
#define TICK_HEIGHT    12.0
#define BAR_TOP        15.0
#define BAR_HEIGHT     10.0
#define BAR_STEP       11.0
#define BAR_DEPTHS     4u      /* deeper calls share the last row */
#define MIN_BAR        2.0
#define ROW_SERVICE_Y  66.0
#define ROW_MODEM_Y    84.0

#define RAW_SHOWN      400     /* bytes of an unreadable line shown in the list */
#define NO_EVENT       ((size_t)-1)

typedef enum shape {
    SHAPE_TICK, SHAPE_CIRCLE, SHAPE_DIAMOND, SHAPE_TRIANGLE, SHAPE_SQUARE, SHAPE_CROSS,
    SHAPE_FLAG
} shape;

/* How an event type is drawn; verdicts are drawn only at the levels listed. */
typedef struct mark_style {
    const char *ev;
    const char *level;      /* verdicts only */
    const char *css;        /* class that gives the colour */
    shape shape;
    double row_y;           /* centre within the lane (ignored by ticks and flags) */
    const char *legend;
} mark_style;

static const mark_style MARKS[] = {
    {"scenario", NULL, "m-scn", SHAPE_TICK, 0, "scenario start"},
    {"step", NULL, "m-step", SHAPE_TICK, 0, "scenario statement (step)"},
    {"packet", NULL, "m-pkt", SHAPE_CIRCLE, ROW_SERVICE_Y, "status packet"},
    {"report", NULL, "m-rpt", SHAPE_DIAMOND, ROW_SERVICE_Y, "FaxDevReportStatus"},
    {"send-callback", NULL, "m-cb", SHAPE_TRIANGLE, ROW_SERVICE_Y, "FaxSendCallback"},
    {"race", NULL, "m-race", SHAPE_CROSS, ROW_SERVICE_Y, "race point"},
    {"error", NULL, "m-err", SHAPE_CROSS, ROW_SERVICE_Y, "error"},
    {"return", NULL, "m-ret", SHAPE_SQUARE, ROW_SERVICE_Y, "return without its call"},
    {"modem", NULL, "m-modem", SHAPE_SQUARE, ROW_MODEM_Y, "modem-sim command"},
    {"modem-event", NULL, "m-mev", SHAPE_CIRCLE, ROW_MODEM_Y, "modem-sim event"},
    {"ring", NULL, "m-ring", SHAPE_TRIANGLE, ROW_MODEM_Y, "ring"},
    {"verdict", "FAIL", "m-fail", SHAPE_FLAG, 0, "FAIL verdict"},
    {"verdict", "WARN", "m-warn", SHAPE_FLAG, 0, "WARN verdict"},
};
#define MARK_COUNT (sizeof(MARKS) / sizeof(MARKS[0]))

typedef struct tl_event {
    size_t line;            /* from 1, within the slice */
    const char *raw;        /* the line as written (points into the input) */
    size_t raw_length;
    json_flat obj;          /* zeroed when the line is unreadable */
    char *problem;          /* why the line is unreadable, else NULL */
    const char *ev;
    int has_time;
    int64_t t_us;
    int lane;               /* -1: not drawn */
    const char *not_drawn;  /* why a readable event has no lane */
    int in_bar;             /* a call, or the return that closed one */
} tl_event;

typedef struct tl_bar {
    size_t call;            /* event index of the `call` */
    size_t end;             /* the event that ends it, or NO_EVENT: runs to the log's end */
    int returned;           /* `end` is its own return */
    unsigned depth;         /* calls still open beneath it on the thread */
} tl_bar;

typedef struct tl_lane {
    int64_t tid;
    const char *role;       /* "scenario", its first call's fn, or its first event type */
    const char *fallback;
    size_t *open;           /* bars of calls not yet returned, innermost last */
    size_t open_count, open_capacity;
} tl_lane;

typedef struct timeline {
    tl_event *events;
    size_t count, capacity;
    tl_bar *bars;
    size_t bar_count, bar_capacity;
    tl_lane lanes[MAX_LANES];
    size_t lane_count;
    size_t drawn;           /* events with a lane */
    int has_time;
    int64_t t0, t1;         /* the earliest and latest t_us in the slice */
    uint64_t span_us;       /* t1 - t0, at least MIN_SPAN_US */
    double width;           /* of the time axis */
    size_t unreadable;
    char *why;
    size_t why_size;
} timeline;

static int is(const char *text, const char *want)
{
    return text && strcmp(text, want) == 0;
}

static int out_of_memory(timeline *tl)
{
    if (tl->why && tl->why_size > 0)
        snprintf(tl->why, tl->why_size, "out of memory");
    return -1;
}

/* Room for one more item in a growing array of `size`-byte items. */
static int reserve(void **items, size_t *capacity, size_t count, size_t size)
{
    if (count < *capacity)
        return 0;
    size_t grown = *capacity ? *capacity * 2 : 64;
    if (grown > SIZE_MAX / size)
        return -1;
    void *moved = realloc(*items, grown * size);
    if (!moved)
        return -1;
    *items = moved;
    *capacity = grown;
    return 0;
}

/* --- Reading the slice ------------------------------------------------------------ */

static char *copy_text(const char *text)
{
    size_t n = strlen(text) + 1;
    char *copy = malloc(n);
    if (copy)
        memcpy(copy, text, n);
    return copy;
}

/* Parses one line into e; a line we cannot use gets a `problem` instead. */
static int read_event(tl_event *e)
{
    char why[300];
    int64_t version;
    if (json_flat_parse(e->raw, e->raw_length, &e->obj, why, sizeof(why)) != 0) {
        e->problem = copy_text(why);
        return e->problem ? 0 : -1;
    }
    if (json_flat_int(&e->obj, "v", &version) && version != 1) {
        snprintf(why, sizeof(why), "schema version %" PRId64 " (this page knows version 1)",
                 version);
        json_flat_free(&e->obj);
        e->problem = copy_text(why);
        return e->problem ? 0 : -1;
    }
    e->ev = json_flat_str(&e->obj, "ev");
    e->has_time = json_flat_int(&e->obj, "t_us", &e->t_us);
    return 0;
}

static int add_line(timeline *tl, const char *raw, size_t length, size_t line)
{
    if (reserve((void **)&tl->events, &tl->capacity, tl->count, sizeof(tl_event)) != 0)
        return out_of_memory(tl);
    tl_event *e = &tl->events[tl->count];
    memset(e, 0, sizeof(*e));
    e->line = line;
    e->raw = raw;
    e->raw_length = length;
    e->lane = -1;
    if (read_event(e) != 0)
        return out_of_memory(tl);
    tl->unreadable += e->problem != NULL;
    tl->count++;
    return 0;
}

static int blank(const char *text, size_t length)
{
    for (size_t i = 0; i < length; i++)
        if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r')
            return 0;
    return 1;
}

/* Every line of the slice; blank lines (the one after the last '\n') are no events. */
static int load_lines(timeline *tl, const char *jsonl, size_t size)
{
    size_t line = 0;
    for (size_t start = 0; start < size;) {
        const char *newline = memchr(jsonl + start, '\n', size - start);
        size_t end = newline ? (size_t)(newline - jsonl) : size;
        line++;
        if (!blank(jsonl + start, end - start) &&
            add_line(tl, jsonl + start, end - start, line) != 0)
            return -1;
        start = end + 1;
    }
    return 0;
}

/* --- Lanes and bars --------------------------------------------------------------- */

/* The lane's role: "scenario" when its first event belongs to one, else the fn of its
 * first call, else the type of its first event. */
static void note_role(tl_lane *lane, const tl_event *e, int first)
{
    if (lane->role)
        return;
    if (first && (is(e->ev, "scenario") || is(e->ev, "step")))
        lane->role = "scenario";
    else if (is(e->ev, "call"))
        lane->role = json_flat_str(&e->obj, "fn") ? json_flat_str(&e->obj, "fn") : "call";
    else if (first)
        lane->fallback = e->ev ? e->ev : "event";
}

/* The lane of thread `tid` (made on its first event), or -1 when all are taken. */
static int lane_of(timeline *tl, int64_t tid, const tl_event *e)
{
    for (size_t i = 0; i < tl->lane_count; i++)
        if (tl->lanes[i].tid == tid) {
            note_role(&tl->lanes[i], e, 0);
            return (int)i;
        }
    if (tl->lane_count == MAX_LANES)
        return -1;
    tl_lane *lane = &tl->lanes[tl->lane_count];
    memset(lane, 0, sizeof(*lane));
    lane->tid = tid;
    note_role(lane, e, 1);
    return (int)tl->lane_count++;
}

static void place_event(timeline *tl, tl_event *e)
{
    int64_t tid;
    if (!e->has_time)
        e->not_drawn = "no t_us";
    else if (!json_flat_int(&e->obj, "tid", &tid))
        e->not_drawn = "no tid";
    else if ((e->lane = lane_of(tl, tid, e)) < 0)
        e->not_drawn = "too many threads to draw";
    else
        tl->drawn++;
}

/* Lanes for every event with a time and thread, and the time range of the slice. */
static void place_events(timeline *tl)
{
    for (size_t i = 0; i < tl->count; i++) {
        tl_event *e = &tl->events[i];
        if (e->problem)
            continue;
        place_event(tl, e);
        if (e->has_time) {
            if (!tl->has_time || e->t_us < tl->t0)
                tl->t0 = e->t_us;
            if (!tl->has_time || e->t_us > tl->t1)
                tl->t1 = e->t_us;
            tl->has_time = 1;
        }
    }
    for (size_t i = 0; i < tl->lane_count; i++)
        if (!tl->lanes[i].role)
            tl->lanes[i].role = tl->lanes[i].fallback ? tl->lanes[i].fallback : "?";
}

static int open_call(timeline *tl, size_t index)
{
    tl_lane *lane = &tl->lanes[tl->events[index].lane];
    if (reserve((void **)&tl->bars, &tl->bar_capacity, tl->bar_count, sizeof(tl_bar)) != 0 ||
        reserve((void **)&lane->open, &lane->open_capacity, lane->open_count,
                sizeof(size_t)) != 0)
        return out_of_memory(tl);
    tl_bar *bar = &tl->bars[tl->bar_count];
    bar->call = index;
    bar->end = NO_EVENT;
    bar->returned = 0;
    bar->depth = (unsigned)(lane->open_count < BAR_DEPTHS ? lane->open_count : BAR_DEPTHS - 1);
    lane->open[lane->open_count++] = tl->bar_count++;
    tl->events[index].in_bar = 1;
    return 0;
}

static int same_fn(const tl_event *a, const tl_event *b)
{
    const char *x = json_flat_str(&a->obj, "fn"), *y = json_flat_str(&b->obj, "fn");
    return x && y ? strcmp(x, y) == 0 : x == y;
}

/* A return closes the innermost open call of the same fn on its thread. Calls opened
 * after that one and never returned end there too, drawn as "no return". A return with
 * no such call stays a marker of its own. */
static void close_call(timeline *tl, size_t index)
{
    tl_lane *lane = &tl->lanes[tl->events[index].lane];
    size_t k = lane->open_count;
    while (k > 0 && !same_fn(&tl->events[tl->bars[lane->open[k - 1]].call], &tl->events[index]))
        k--;
    if (k == 0)
        return;
    for (size_t i = k - 1; i < lane->open_count; i++)
        tl->bars[lane->open[i]].end = index;
    tl->bars[lane->open[k - 1]].returned = 1;
    lane->open_count = k - 1;
    tl->events[index].in_bar = 1;
}

static int match_calls(timeline *tl)
{
    for (size_t i = 0; i < tl->count; i++) {
        const tl_event *e = &tl->events[i];
        if (e->lane < 0)
            continue;
        if (is(e->ev, "call") && open_call(tl, i) != 0)
            return -1;
        if (is(e->ev, "return"))
            close_call(tl, i);
    }
    return 0;
}

/* Width follows the duration (PX_PER_MS) within [MIN_WIDTH, MAX_WIDTH]. */
static void set_scale(timeline *tl)
{
    tl->span_us = (uint64_t)tl->t1 - (uint64_t)tl->t0;
    if (tl->span_us < MIN_SPAN_US)
        tl->span_us = MIN_SPAN_US;
    tl->width = (double)tl->span_us / 1000.0 * PX_PER_MS;
    if (tl->width < MIN_WIDTH)
        tl->width = MIN_WIDTH;
    if (tl->width > MAX_WIDTH)
        tl->width = MAX_WIDTH;
}

/* --- Writing text ----------------------------------------------------------------- */

/* The length of the well-formed UTF-8 sequence at `s`, or 0. Unreadable lines can hold
 * any bytes; they are shown as \xNN rather than handed to the browser to guess at. */
static size_t utf8_length(const unsigned char *s, size_t available)
{
    size_t need = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] <= 0xDF ? 2
                : s[0] >= 0xE0 && s[0] <= 0xEF ? 3 : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
    if (need == 0 || need > available)
        return 0;
    for (size_t i = 1; i < need; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F) ||
        (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F))
        return 0;
    return need;
}

/* `n` bytes of log text, safe in element content and in quoted attributes. */
static void put_escaped(FILE *out, const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < n;) {
        size_t len = utf8_length(s + i, n - i);
        if (s[i] == '&')
            fputs("&amp;", out);
        else if (s[i] == '<')
            fputs("&lt;", out);
        else if (s[i] == '>')
            fputs("&gt;", out);
        else if (s[i] == '"')
            fputs("&quot;", out);
        else if (s[i] == '\'')
            fputs("&#39;", out);
        else if (len == 0 || (s[i] < 0x20 && s[i] != '\n' && s[i] != '\t') || s[i] == 0x7F)
            fprintf(out, "\\x%02X", (unsigned)s[i]);
        else
            fwrite(s + i, 1, len, out);
        i += len ? len : 1;
    }
}

static void put_html(FILE *out, const char *text)
{
    if (text)
        put_escaped(out, text, strlen(text));
}

/* `us` microseconds as milliseconds with `decimals` (0..3) places. */
static void put_ms(FILE *out, uint64_t us, int decimals)
{
    static const unsigned divisor[] = {1000, 100, 10, 1};
    fprintf(out, "%" PRIu64, us / 1000);
    if (decimals > 0)
        fprintf(out, ".%0*u", decimals, (unsigned)(us % 1000) / divisor[decimals]);
}

/* "+12.345 ms": an event's time from the slice's first event. */
static void put_offset(FILE *out, const timeline *tl, const tl_event *e)
{
    if (!e->has_time) {
        fputs("no time", out);
        return;
    }
    fputc('+', out);
    put_ms(out, (uint64_t)e->t_us - (uint64_t)tl->t0, 3);
    fputs(" ms", out);
}

/* Every member but `v` and `ev`, one "key: value" line each (for hover titles). */
static void put_members(FILE *out, const tl_event *e)
{
    for (size_t i = 0; i < e->obj.count; i++) {
        const json_flat_member *m = &e->obj.members[i];
        if (is(m->key, "v") || is(m->key, "ev"))
            continue;
        fputc('\n', out);
        put_html(out, m->key);
        fputs(": ", out);
        if (m->kind == JSON_FLAT_STRING)
            put_html(out, m->str);
        else if (m->kind == JSON_FLAT_INT)
            fprintf(out, "%" PRId64, m->integer);
        else if (m->kind == JSON_FLAT_BOOL)
            fputs(m->boolean ? "true" : "false", out);
        else
            fputs("null", out);
    }
}

/* The hover text of one event: its type, line and time, then its members. */
static void put_title(FILE *out, const timeline *tl, const tl_event *e)
{
    fputs("<title>", out);
    put_html(out, e->ev ? e->ev : "(no ev)");
    fprintf(out, " - line %lu, ", (unsigned long)e->line);
    put_offset(out, tl, e);
    put_members(out, e);
    fputs("</title>", out);
}

/* --- Writing SVG ------------------------------------------------------------------ */

static double x_of(const timeline *tl, int64_t t_us)
{
    uint64_t offset = (uint64_t)t_us - (uint64_t)tl->t0;
    return PAD + (double)offset * tl->width / (double)tl->span_us;
}

static double lane_top(int lane)
{
    return AXIS_HEIGHT + (double)lane * (LANE_HEIGHT + LANE_GAP);
}

static double plot_height(const timeline *tl)
{
    return lane_top((int)tl->lane_count);
}

/* One shape centred on (x, cy); ticks and flags hang from `top` over `height`. */
static void draw_shape(FILE *out, shape s, double x, double cy, double top, double height)
{
    switch (s) {
    case SHAPE_TICK:
        fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"1.5\" height=\"%.1f\"/>", x - 0.75,
                top + 1, TICK_HEIGHT);
        break;
    case SHAPE_CIRCLE:
        fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\"/>", x, cy);
        break;
    case SHAPE_DIAMOND:
        fprintf(out, "<path d=\"M%.1f %.1fl5 5l-5 5l-5-5z\"/>", x, cy - 5);
        break;
    case SHAPE_TRIANGLE:
        fprintf(out, "<path d=\"M%.1f %.1fl5 9h-10z\"/>", x, cy - 5);
        break;
    case SHAPE_SQUARE:
        fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\"/>", x - 4, cy - 4);
        break;
    case SHAPE_CROSS:
        fprintf(out, "<path class=\"x\" d=\"M%.1f %.1fl8 8m0-8l-8 8\"/>", x - 4, cy - 4);
        break;
    case SHAPE_FLAG:
        fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"2\" height=\"%.1f\"/>"
                "<path d=\"M%.1f %.1fh14l-7 10z\"/>", x - 1, top, height, x - 7, top);
        break;
    }
}

static const mark_style *style_of(const tl_event *e)
{
    if (!e->ev || e->in_bar)
        return NULL;
    const char *level = json_flat_str(&e->obj, "level");
    for (size_t i = 0; i < MARK_COUNT; i++)
        if (is(e->ev, MARKS[i].ev) && (!MARKS[i].level || is(level, MARKS[i].level)))
            return &MARKS[i];
    return NULL;
}

static void draw_marker(FILE *out, const timeline *tl, const tl_event *e)
{
    const mark_style *style = style_of(e);
    if (!style || e->lane < 0)
        return;
    double top = lane_top(e->lane);
    fprintf(out, "<g class=\"%s\">", style->css);
    put_title(out, tl, e);
    draw_shape(out, style->shape, x_of(tl, e->t_us), top + style->row_y, top, LANE_HEIGHT);
    fputs("</g>\n", out);
}

/* A call's hover text: its span, then the call's and the ending event's members. */
static void put_bar_title(FILE *out, const timeline *tl, const tl_bar *bar)
{
    const tl_event *call = &tl->events[bar->call];
    const tl_event *end = bar->end == NO_EVENT ? NULL : &tl->events[bar->end];
    fputs("<title>", out);
    put_html(out, json_flat_str(&call->obj, "fn"));
    fputs(bar->returned ? "" : " (no return in the log)", out);
    fputs("\ncall: ", out);
    put_offset(out, tl, call);
    fprintf(out, ", line %lu", (unsigned long)call->line);
    put_members(out, call);
    if (end) {
        fputs(bar->returned ? "\n\nreturn: " : "\n\nended by the return of an outer call: ",
              out);
        put_offset(out, tl, end);
        fprintf(out, ", line %lu", (unsigned long)end->line);
        put_members(out, end);
    }
    fputs("</title>", out);
}

/* A bar from call to return, labelled with the function's name where the name fits. A
 * call still open when the log ends runs to the plot's right edge: it may never end. */
static void draw_bar(FILE *out, const timeline *tl, const tl_bar *bar)
{
    const tl_event *call = &tl->events[bar->call];
    double x1 = x_of(tl, call->t_us);
    double x2 = bar->end == NO_EVENT ? tl->width + 1.5 * PAD
                                     : x_of(tl, tl->events[bar->end].t_us);
    if (x2 < x1 + MIN_BAR)
        x2 = x1 + MIN_BAR;
    double y = lane_top(call->lane) + BAR_TOP + bar->depth * BAR_STEP;
    fprintf(out, "<rect class=\"bar%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">",
            bar->returned ? "" : " open", x1, y, x2 - x1, BAR_HEIGHT);
    put_bar_title(out, tl, bar);
    fputs("</rect>\n", out);
    const char *fn = json_flat_str(&call->obj, "fn");
    if (fn && x2 - x1 >= 5.0 * (double)strlen(fn) + 6) {
        fprintf(out, "<text class=\"bl\" x=\"%.1f\" y=\"%.1f\">", x1 + 3, y + BAR_HEIGHT - 2);
        put_html(out, fn);
        fputs("</text>\n", out);
    }
}

/* A 1-2-5 step giving about one tick per TICK_ROOM pixels. */
static uint64_t tick_step(const timeline *tl)
{
    static const uint64_t factor[] = {1, 2, 5};
    double wanted = (double)tl->span_us * TICK_ROOM / tl->width;
    for (uint64_t base = 1;; base *= 10) {
        for (size_t i = 0; i < 3; i++)
            if ((double)(base * factor[i]) >= wanted)
                return base * factor[i];
        if (base > UINT64_MAX / 100)
            return base * 5;
    }
}

/* Gridlines through every lane and their labels in ms from the slice's first event. */
static void draw_axis(FILE *out, const timeline *tl)
{
    uint64_t step = tick_step(tl);
    int decimals = step % 1000 == 0 ? 0 : step % 100 == 0 ? 1 : step % 10 == 0 ? 2 : 3;
    fputs("<g class=\"axis\">\n", out);
    for (uint64_t offset = 0;; offset += step) {
        double x = PAD + (double)offset * tl->width / (double)tl->span_us;
        fprintf(out, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%.1f\"/>"
                "<text x=\"%.1f\" y=\"%d\">", x, x, AXIS_HEIGHT - 6, plot_height(tl), x,
                AXIS_HEIGHT - 10);
        put_ms(out, offset, decimals);
        fputs(" ms</text>\n", out);
        if (tl->span_us - offset < step)
            break;
    }
    fputs("</g>\n", out);
}

/* Lane backgrounds, and a faint line across all lanes at each FAIL and WARN, so that a
 * verdict can be lined up with what the other threads were doing. */
static void draw_backdrop(FILE *out, const timeline *tl, double width)
{
    for (size_t i = 0; i < tl->lane_count; i++)
        fprintf(out, "<rect class=\"lane%s\" x=\"0\" y=\"%.1f\" width=\"%.1f\" "
                "height=\"%d\"/>\n", i % 2 ? " odd" : "", lane_top((int)i), width, LANE_HEIGHT);
    for (size_t i = 0; i < tl->count; i++) {
        const tl_event *e = &tl->events[i];
        const mark_style *style = style_of(e);
        if (e->lane >= 0 && style && style->shape == SHAPE_FLAG) {
            double x = x_of(tl, e->t_us);
            fprintf(out, "<line class=\"guide %s\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" "
                    "y2=\"%.1f\"/>\n", style->css, x, x, AXIS_HEIGHT, plot_height(tl));
        }
    }
}

/* The lane labels, in an SVG of their own that stays put while the plot scrolls. */
static void write_labels(FILE *out, const timeline *tl)
{
    fprintf(out, "<svg class=\"labels\" width=\"%d\" height=\"%.0f\">\n", LABEL_WIDTH,
            plot_height(tl));
    fprintf(out, "<text x=\"8\" y=\"%d\" class=\"head\">thread</text>\n", AXIS_HEIGHT - 10);
    for (size_t i = 0; i < tl->lane_count; i++) {
        double top = lane_top((int)i);
        fprintf(out, "<rect class=\"lane%s\" x=\"0\" y=\"%.1f\" width=\"%d\" height=\"%d\"/>",
                i % 2 ? " odd" : "", top, LABEL_WIDTH, LANE_HEIGHT);
        fprintf(out, "<text x=\"8\" y=\"%.1f\">tid %" PRId64 " - ", top + LANE_HEIGHT / 2 + 4,
                tl->lanes[i].tid);
        put_html(out, tl->lanes[i].role);
        fputs("</text>\n", out);
    }
    fputs("</svg>\n", out);
}

static void write_plot(FILE *out, const timeline *tl)
{
    double width = tl->width + 2 * PAD;
    /* the viewBox lets the script scale the width alone (zoom); the lanes keep their
     * height, so they stay level with the labels beside them */
    fprintf(out, "<div class=\"plot\"><svg width=\"%.0f\" height=\"%.0f\" "
            "viewBox=\"0 0 %.0f %.0f\" preserveAspectRatio=\"none\">\n", width,
            plot_height(tl), width, plot_height(tl));
    draw_backdrop(out, tl, width);
    draw_axis(out, tl);
    for (size_t i = 0; i < tl->bar_count; i++)
        draw_bar(out, tl, &tl->bars[i]);
    for (size_t i = 0; i < tl->count; i++)
        draw_marker(out, tl, &tl->events[i]);
    fputs("</svg></div>\n", out);
}

/* One legend entry: a small SVG drawn by the same code as the lanes. */
static void legend_item(FILE *out, const char *css, shape s, const char *label)
{
    fprintf(out, "<span><svg width=\"18\" height=\"22\"><g class=\"%s\">", css);
    draw_shape(out, s, 9, 11, 3, 18);
    fprintf(out, "</g></svg>%s</span>\n", label);
}

static void write_legend(FILE *out)
{
    fputs("<div class=\"legend\">\n<span><svg width=\"30\" height=\"22\"><rect class=\"bar\" "
          "x=\"1\" y=\"6\" width=\"28\" height=\"10\"/></svg>FSP call, call to return</span>\n"
          "<span><svg width=\"30\" height=\"22\"><rect class=\"bar open\" x=\"1\" y=\"6\" "
          "width=\"28\" height=\"10\"/></svg>call with no return in the log</span>\n", out);
    for (size_t i = 0; i < MARK_COUNT; i++)
        legend_item(out, MARKS[i].css, MARKS[i].shape, MARKS[i].legend);
    fputs("</div>\n<p class=\"note\">Hover over a bar or marker for its details. Top row "
          "of a lane: scenario statements; middle: calls (nested calls lower); bottom rows: "
          "service events, then modem events. PASS and INFO verdicts are only listed "
          "below.</p>\n", out);
}

/* --- Writing the page ------------------------------------------------------------- */

static const char STYLE[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:16px;color:#222}\n"
    "h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 6px}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:2px 14px;margin:8px 0}\n"
    ".legend span{display:inline-flex;align-items:center;gap:4px}\n"
    ".note{color:#555;font-size:12px;margin:0 0 8px}\n"
    ".timeline{display:flex;border:1px solid #bbb}.plot{overflow-x:auto;flex:1}\n"
    ".plot svg.squeezed text{display:none}.zoom{margin:4px 0;font-size:12px}\n"
    ".overview{position:relative;height:34px;margin-bottom:4px;background:#f2f2f2;"
    "border:1px solid #bbb;cursor:crosshair;user-select:none}\n"
    ".overview span{position:absolute;white-space:nowrap}.ov-t{top:18px;font-size:10px;color:#555;"
    "transform:translateX(-50%)}\n"
    ".ov-fail,.ov-warn{top:0;width:4px;height:16px;margin-left:-2px;cursor:pointer}\n"
    ".ov-fail{background:#d62728;z-index:2}.ov-warn{background:#ff7f0e}\n"
    ".ov-view{position:absolute;top:0;bottom:0;border:2px solid #2f5f8f;"
    "background:rgba(47,95,143,.08);pointer-events:none}\n"
    "svg text{font:12px sans-serif;fill:#222}.head{font-weight:bold}\n"
    ".axis text{font-size:10px;fill:#555;text-anchor:middle}\n"
    ".lane{fill:#f7f7f7}.lane.odd{fill:#ebeff4}.grid{stroke:#d4d4d4}\n"
    ".bar{fill:#9cc3e6;stroke:#2f5f8f}.bar.open{fill:#f6d0d0;stroke:#b22222;"
    "stroke-dasharray:3 2}\n"
    ".bl{font-size:8px;fill:#0b2540;pointer-events:none}.x{fill:none;stroke-width:2}\n"
    ".guide{stroke-width:1;stroke-dasharray:4 3;opacity:.5}\n"
    ".m-scn{fill:#222;stroke:#222}.m-step{fill:#888;stroke:#888}\n"
    ".m-pkt{fill:#1f77b4;stroke:#1f77b4}.m-rpt{fill:#9467bd;stroke:#9467bd}\n"
    ".m-cb{fill:#17a2b8;stroke:#17a2b8}.m-race{fill:#e377c2;stroke:#e377c2}\n"
    ".m-err{fill:#8b0000;stroke:#8b0000}.m-ret{fill:#8c564b;stroke:#8c564b}\n"
    ".m-modem{fill:#666;stroke:#666}.m-mev{fill:#a5a61c;stroke:#a5a61c}\n"
    ".m-ring{fill:#d4a017;stroke:#d4a017}\n"
    ".m-fail{fill:#d62728;stroke:#d62728}.m-warn{fill:#ff7f0e;stroke:#ff7f0e}\n"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;"
    "text-align:left;vertical-align:top}\n"
    "td.FAIL{background:#d62728;color:#fff}td.WARN{background:#ff9f40}\n"
    "ol.events{font:12px/1.5 monospace;padding:0;list-style:none}\n"
    "ol.events li{white-space:pre-wrap;word-break:break-all}\n"
    ".ln{color:#888}.bad{color:#a00}.nd{color:#888;font-style:italic}\n";

static void write_head(FILE *out, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
          out);
    put_html(out, title);
    fprintf(out, " - timeline</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", STYLE);
    put_html(out, title);
    fputs("</h1>\n", out);
}

static size_t count_level(const timeline *tl, const char *level)
{
    size_t n = 0;
    for (size_t i = 0; i < tl->count; i++)
        n += is(tl->events[i].ev, "verdict") &&
             is(json_flat_str(&tl->events[i].obj, "level"), level);
    return n;
}

static void write_summary(FILE *out, const timeline *tl)
{
    fprintf(out, "<p>%lu events on %lu threads", (unsigned long)(tl->count - tl->unreadable),
            (unsigned long)tl->lane_count);
    if (tl->has_time) {
        fputs(" over ", out);
        put_ms(out, (uint64_t)tl->t1 - (uint64_t)tl->t0, 3);
        fprintf(out, " ms (from t_us %" PRId64 ")", tl->t0);
    }
    fprintf(out, "; unreadable lines: %lu. Verdicts: %lu FAIL, %lu WARN, %lu PASS, %lu INFO."
            "</p>\n", (unsigned long)tl->unreadable, (unsigned long)count_level(tl, "FAIL"),
            (unsigned long)count_level(tl, "WARN"), (unsigned long)count_level(tl, "PASS"),
            (unsigned long)count_level(tl, "INFO"));
}

/* The overview strip: every FAIL and WARN of the run, and a few times, placed in percent
 * of the plot's width; the script frames the part of the run the plot shows. */
static void write_overview(FILE *out, const timeline *tl)
{
    double width = tl->width + 2 * PAD;
    fputs("<div class=\"zoom\"><button type=\"button\" data-zoom=\"fit\">whole run</button>"
          "<button type=\"button\" data-zoom=\"in\">zoom in</button>"
          "<button type=\"button\" data-zoom=\"out\">zoom out</button> drag across the "
          "strip to zoom to a range; click a FAIL or WARN mark to go to it</div>\n", out);
    /* level with the plot: the lane labels' column is to its left */
    fprintf(out, "<div class=\"overview\" style=\"margin-left:%dpx\">", LABEL_WIDTH);
    for (int q = 0; q <= 4; q++) {
        fprintf(out, "<span class=\"ov-t\" style=\"left:%.2f%%\">",
                (PAD + tl->width * q / 4.0) / width * 100.0);
        put_ms(out, tl->span_us * (uint64_t)q / 4u, 1);
        fputs(" ms</span>", out);
    }
    for (size_t i = 0; i < tl->count; i++) {
        const tl_event *e = &tl->events[i];
        const char *level = json_flat_str(&e->obj, "level");
        if (!is(e->ev, "verdict") || !e->has_time || !(is(level, "FAIL") || is(level, "WARN")))
            continue;
        double x = x_of(tl, e->t_us);
        fprintf(out, "<span class=\"ov-%s\" style=\"left:%.3f%%\" data-x=\"%.1f\" title=\"",
                is(level, "FAIL") ? "fail" : "warn", x / width * 100.0, x);
        put_html(out, level);
        fputs(" ", out);
        put_html(out, json_flat_str(&e->obj, "clause"));
        fputs(": ", out);
        put_html(out, json_flat_str(&e->obj, "msg"));
        fputs("\"></span>", out);
    }
    fputs("<div class=\"ov-view\"></div></div>\n", out);
}

/* The zoom, as the overview describes it; logs what it shows (a headless browser's
 * console says so: tools/timeline-browser.sh). */
static const char SCRIPT[] =
    "<script>\n"
    "(function () {\n"
    "  var plot = document.querySelector('.plot'), strip = document.querySelector('.overview');\n"
    "  var svg = plot && plot.querySelector('svg');\n"
    "  if (!svg || !strip) return;\n"
    "  var natural = +svg.getAttribute('width'), scale = 1;\n"
    "  var frame = strip.querySelector('.ov-view');\n"
    "  var marks = strip.querySelectorAll('.ov-fail, .ov-warn');\n"
    "  function fitScale() { return plot.clientWidth / natural; }\n"
    "  function showFrame() {\n"
    "    var w = natural * scale;\n"
    "    frame.style.left = (plot.scrollLeft / w * 100) + '%';\n"
    "    frame.style.width = Math.min(100, plot.clientWidth / w * 100) + '%';\n"
    "  }\n"
    "  function zoom(s, centre) {\n"
    "    scale = Math.min(Math.max(s, fitScale()), Math.max(1, fitScale()));\n"
    "    svg.setAttribute('width', natural * scale);\n"
    "    svg.classList.toggle('squeezed', scale < 0.75);\n"
    "    if (centre !== undefined)\n"
    "      plot.scrollLeft = centre * natural * scale - plot.clientWidth / 2;\n"
    "    showFrame();\n"
    "  }\n"
    "  function fraction(event) {\n"
    "    var box = strip.getBoundingClientRect();\n"
    "    return Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));\n"
    "  }\n"
    "  var from = null;\n"
    "  strip.addEventListener('mousedown', function (e) { from = fraction(e); e.preventDefault(); });\n"
    "  strip.addEventListener('mouseup', function (e) {\n"
    "    if (from === null) return;\n"
    "    var to = fraction(e), a = Math.min(from, to), b = Math.max(from, to);\n"
    "    from = null;\n"
    "    if (e.target.dataset.x) zoom(1, +e.target.dataset.x / natural);\n"
    "    else if (b - a > 0.005) zoom(plot.clientWidth / ((b - a) * natural), (a + b) / 2);\n"
    "    else zoom(scale, a);\n"
    "  });\n"
    "  document.querySelectorAll('.zoom button').forEach(function (b) {\n"
    "    b.addEventListener('click', function () {\n"
    "      var centre = (plot.scrollLeft + plot.clientWidth / 2) / (natural * scale);\n"
    "      var how = b.dataset.zoom;\n"
    "      zoom(how === 'fit' ? 0 : how === 'in' ? scale * 2 : scale / 2, centre);\n"
    "    });\n"
    "  });\n"
    "  plot.addEventListener('scroll', showFrame);\n"
    "  zoom(0, 0);\n"
    "  var seen = 0, fails = strip.querySelectorAll('.ov-fail');\n"
    "  fails.forEach(function (m) {\n"
    "    var x = +m.dataset.x * scale - plot.scrollLeft;\n"
    "    if (x >= 0 && x <= plot.clientWidth) seen++;\n"
    "  });\n"
    "  console.log('timeline: scale ' + scale.toFixed(3) + ', whole run in view: ' +\n"
    "              (natural * scale <= plot.clientWidth + 1) + ', FAIL marks in view: ' +\n"
    "              seen + ' of ' + fails.length + ', marks in the overview: ' + marks.length);\n"
    "})();\n"
    "</script>\n";

static void write_timeline(FILE *out, const timeline *tl)
{
    if (tl->count == 0) {
        fputs("<p>There are no events in this slice of the log.</p>\n", out);
        return;
    }
    if (tl->drawn == 0) {
        fputs("<p>No event here has a time and a thread, so there is nothing to draw.</p>\n",
              out);
        return;
    }
    write_legend(out);
    write_overview(out, tl);
    fputs("<div class=\"timeline\">\n", out);
    write_labels(out, tl);
    write_plot(out, tl);
    fputs("</div>\n", out);
}

/* One table row; `step` is the last statement logged before the verdict, or NULL. */
static void verdict_row(FILE *out, const timeline *tl, const tl_event *e, const tl_event *step)
{
    const char *level = json_flat_str(&e->obj, "level");   /* FAIL or WARN: no escaping */
    fputs("<tr><td>", out);
    put_offset(out, tl, e);
    fprintf(out, "</td><td class=\"%s\">%s</td><td>", level, level);
    put_html(out, json_flat_str(&e->obj, "clause"));
    fputs("</td><td>", out);
    put_html(out, json_flat_str(&e->obj, "strength"));
    fputs("</td><td>", out);
    put_html(out, json_flat_str(&e->obj, "msg"));
    fputs("</td><td>", out);
    if (step) {
        put_html(out, json_flat_str(&step->obj, "where"));
        fputs(" ", out);
        put_html(out, json_flat_str(&step->obj, "op"));
    }
    fprintf(out, "</td><td>%lu</td></tr>\n", (unsigned long)e->line);
}

static void write_verdicts(FILE *out, const timeline *tl)
{
    size_t rows = count_level(tl, "FAIL") + count_level(tl, "WARN");
    fputs("<h2>FAIL and WARN verdicts</h2>\n", out);
    if (rows == 0) {
        fputs("<p>No FAIL or WARN verdicts.</p>\n", out);
        return;
    }
    fputs("<table class=\"verdicts\">\n<tr><th>time</th><th>level</th><th>clause</th>"
          "<th>strength</th><th>message</th><th>during statement</th><th>line</th></tr>\n",
          out);
    const tl_event *step = NULL;
    for (size_t i = 0; i < tl->count; i++) {
        const tl_event *e = &tl->events[i];
        const char *level = json_flat_str(&e->obj, "level");
        if (is(e->ev, "step"))
            step = e;
        else if (is(e->ev, "verdict") && (is(level, "FAIL") || is(level, "WARN")))
            verdict_row(out, tl, e, step);
    }
    fputs("</table>\n", out);
}

static void event_item(FILE *out, const timeline *tl, const tl_event *e)
{
    if (e->problem) {
        fprintf(out, "<li class=\"bad\">unreadable line %lu: ", (unsigned long)e->line);
        put_html(out, e->problem);
        fputs("\n  ", out);
        put_escaped(out, e->raw, e->raw_length < RAW_SHOWN ? e->raw_length : RAW_SHOWN);
        fputs(e->raw_length > RAW_SHOWN ? " ...</li>\n" : "</li>\n", out);
        return;
    }
    fprintf(out, "<li><span class=\"ln\">%5lu</span> ", (unsigned long)e->line);
    put_offset(out, tl, e);
    fputs("  ", out);
    size_t length = e->raw_length;
    if (length > 0 && e->raw[length - 1] == '\r')
        length--;
    put_escaped(out, e->raw, length);
    if (e->not_drawn)
        fprintf(out, " <span class=\"nd\">(not drawn: %s)</span>", e->not_drawn);
    fputs("</li>\n", out);
}

static void write_event_list(FILE *out, const timeline *tl)
{
    fputs("<h2>Every event, in the order written</h2>\n", out);
    if (tl->count == 0) {
        fputs("<p>No events.</p>\n", out);
        return;
    }
    fputs("<ol class=\"events\">\n", out);
    for (size_t i = 0; i < tl->count; i++)
        event_item(out, tl, &tl->events[i]);
    fputs("</ol>\n", out);
}

static void timeline_free(timeline *tl)
{
    for (size_t i = 0; i < tl->count; i++) {
        json_flat_free(&tl->events[i].obj);
        free(tl->events[i].problem);
    }
    for (size_t i = 0; i < tl->lane_count; i++)
        free(tl->lanes[i].open);
    free(tl->events);
    free(tl->bars);
}

int timeline_render(const char *jsonl, size_t size, const char *title, FILE *out,
                    char *why, size_t why_size)
{
    timeline tl;
    memset(&tl, 0, sizeof(tl));
    tl.why = why;
    tl.why_size = why_size;
    if (why && why_size > 0)
        why[0] = '\0';
    if (!title)
        title = "Scenario events";
    int result = load_lines(&tl, jsonl ? jsonl : "", jsonl ? size : 0);
    if (result == 0) {
        place_events(&tl);
        result = match_calls(&tl);
    }
    if (result == 0) {
        set_scale(&tl);
        write_head(out, title);
        write_summary(out, &tl);
        write_timeline(out, &tl);
        write_verdicts(out, &tl);
        write_event_list(out, &tl);
        if (tl.count > 0 && tl.drawn > 0)
            fputs(SCRIPT, out);
        fputs("</body>\n</html>\n", out);
        if (fflush(out) != 0 || ferror(out)) {
            if (why && why_size > 0)
                snprintf(why, why_size, "cannot write the page (I/O error)");
            result = -1;
        }
    }
    timeline_free(&tl);
    return result;
}
