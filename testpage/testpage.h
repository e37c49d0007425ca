/*
 * testpage.h - seeded, text-like fax test pages.
 *
 * The same seed always gives the same pixels, on every machine, so "pixel-exact"
 * means something and a failing test names a page anyone can regenerate. Pages look
 * like typed text (lines of word-shaped glyph runs, a heading, margins, a rule, a page
 * number pattern), not blank and not noise, so MH/MR run lengths are realistic.
 */
#ifndef TESTPAGE_TESTPAGE_H
#define TESTPAGE_TESTPAGE_H

#include <stdint.h>

#include "fax_page.h"

/* Fills `doc` with `pages` A4 pages (1728 pels wide; 1143 rows at 98 lpi, 2286 at
 * 196 lpi) drawn from `seed`. Page k (from 1) depends only on (seed, k, yres), so
 * page 3 of a 10-page document equals page 3 of a 3-page one. Returns 0 or -1. */
int testpage_generate(uint64_t seed, unsigned pages, uint16_t yres, fax_doc *doc);

/* Keeps the text in the top eighth of every page and makes the rest white: a real page
 * in a few kilobytes, for runs that should spend their time on the protocol rather than
 * on page bytes (an FSP that copies slowly, an abort soak). */
void testpage_lighten(fax_doc *doc);

#endif /* TESTPAGE_TESTPAGE_H */
