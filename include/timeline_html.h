/*
 * timeline_html.h - one scenario's events (a slice of the event log, docs/events.md) as
 * a self-contained HTML page a person opens in a browser: one lane per thread, time
 * running left to right, FSP calls as bars from `call` to `return`, the other events
 * as markers (details on hover), then a table of the FAIL and WARN verdicts and every
 * line of the slice in order.
 *
 * The page has inline CSS and SVG only: no script, no external resource. Everything
 * taken from the log is HTML-escaped. Portable C11, plain C library only.
 */
#ifndef FSPKIT_TIMELINE_HTML_H
#define FSPKIT_TIMELINE_HTML_H

#include <stddef.h>
#include <stdio.h>

/* Renders the `size` bytes of JSON lines at `jsonl` as the page, titled `title` (NULL
 * for a generic one), to `out`.
 *
 * A line that does not parse, or has a schema version other than 1, is listed as
 * "unreadable line N: reason" (N from 1 within the slice); an event of an unknown type,
 * or without `t_us` or `tid`, is listed but not drawn. Neither is an error.
 *
 * Returns 0, or -1 with a reason in `why` (may be NULL) when memory runs out or writing
 * to `out` fails; the page may then be incomplete. */
int timeline_render(const char *jsonl, size_t size, const char *title, FILE *out,
                    char *why, size_t why_size);

#endif /* FSPKIT_TIMELINE_HTML_H */
