/*
 * t4_stream.c - raw T.4 page streams (MH and MR) as a Class 2.0 modem carries them
 * after CONNECT: encode one page bitmap, decode one received page (see fax_page.h).
 *
 * Approach: our own codec, table-driven like SpanDSP's t4_tx/t4_rx, not libtiff's
 * Fax3 codec behind an in-memory TIFF. The decoder's job is receiver work that
 * libtiff does not expose: judge each line on its own (bad or good), replace a bad
 * line by the last good one and count it, resynchronise on the next EOL, stop at RTC
 * and ignore whatever follows. libtiff's decoder wants the row count up front, reports
 * damage only as warning text and pads or clips damaged rows itself. A codec of our
 * own is also self-contained for the fuzzer and for the mingw build. Correctness is
 * not taken on trust: the Check suite decodes libtiff's own MH/MR strips with this
 * decoder, has libtiff decode this encoder's streams, and runs a "ladder" page that
 * uses every run length code of both colours.
 *
 * Stream layout written (and expected, leniently, on the way in):
 *
 *   fill EOL [tag] line fill EOL [tag] line ... fill EOL [tag] line [RTC]
 *
 * - EOL is 000000000001. "Byte-aligned" means the EOL's final 1 is the last bit of a
 *   byte (as libtiff's GROUP3OPT_FILLBITS writes it); in MR the tag bit (1 = next line
 *   1-D, 0 = 2-D) starts the following byte.
 * - MR codes a 1-D line every K lines: K = 4 from 150 lpi up (fine), else 2 (normal).
 * - RTC is six EOLs (MR: six EOL+1), each byte-aligned like any other EOL.
 * - min_bytes_per_line: a line's bytes run from the end of its EOL to the end of the
 *   next EOL (or to the end of the stream after the last line when there is no RTC);
 *   zero fill before that next EOL brings short lines up to the minimum.
 *
 * Decoder rules (what a receiving fax machine does):
 * - Anything before the first EOL is leading fill or noise and is skipped.
 * - Zero fill is accepted before every EOL; an EOL needs at least 11 zeros, then a 1.
 * - Two EOLs with no line between them are RTC: the page ends there, and everything
 *   after it is ignored. A damaged RTC therefore still ends the page.
 * - End of data after a complete line (with or without trailing zero fill) ends the
 *   page without RTC.
 * - A line is bad when a code is invalid, its runs do not add up to exactly `width`,
 *   something other than fill follows it before the next EOL, or the data ends inside
 *   it. A bad line is replaced by the previous good line (white when there is none),
 *   and decoding resumes at the first EOL after the bad line's start.
 * - MR: the first line's reference is an imaginary white line (as in T.6), so a page
 *   that opens with a 2-D line still decodes. After a bad line the reference is lost,
 *   and 2-D lines are bad until the next 1-D line.
 * - A page stops at T4_MAX_LINES lines (`why` then says it was cut).
 * - `why` is also set on success when lines were bad: it names the first bad line
 *   ("line 17: bad code"); it is empty for a clean page.
 */
#include "fax_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { WHITE = 0, BLACK = 1 };

#define EOL_CODE 0x001
#define EOL_LENGTH 12
#define EOL_MIN_ZEROS 11        /* an EOL is at least 11 zeros (fill included), then a 1 */
#define RTC_EOLS 6
#define LONGEST_CODE 13         /* bits: the longest run length or mode code */

/* Limits that keep a hostile stream from asking for unbounded memory: wider than any
 * fax paper at any resolution, and longer than 2 m of paper at fine resolution. */
#define T4_MAX_WIDTH 16384
#define T4_MAX_LINES 16384
/* ST 7 (40 ms) at 33600 bit/s is 168 bytes; 4096 leaves room and bounds the fill. */
#define T4_MAX_MIN_BYTES 4096

/* One code word: the value of its bits read first bit first (as the standard spells
 * them, 0x035 is 00110101), how many bits it has, and what it stands for. */
typedef struct t4_code {
    uint16_t code;
    uint8_t length;
    uint16_t run;
} t4_code;

/* --- T.4 run length code tables (ITU-T T.4 Tables 2 and 3) --------------------------- */

#define TERMINATING_CODES 64       /* runs 0..63 */
#define MAKEUP_CODES 27            /* runs 64..1728, step 64 */
#define EXTENDED_MAKEUP_CODES 13   /* runs 1792..2560, step 64 */

/* Terminating codes, index = run length 0..63. */
static const t4_code white_terminating[TERMINATING_CODES] = {
    {0x035,  8,    0}, /* 00110101      */
    {0x007,  6,    1}, /* 000111        */
    {0x007,  4,    2}, /* 0111          */
    {0x008,  4,    3}, /* 1000          */
    {0x00B,  4,    4}, /* 1011          */
    {0x00C,  4,    5}, /* 1100          */
    {0x00E,  4,    6}, /* 1110          */
    {0x00F,  4,    7}, /* 1111          */
    {0x013,  5,    8}, /* 10011         */
    {0x014,  5,    9}, /* 10100         */
    {0x007,  5,   10}, /* 00111         */
    {0x008,  5,   11}, /* 01000         */
    {0x008,  6,   12}, /* 001000        */
    {0x003,  6,   13}, /* 000011        */
    {0x034,  6,   14}, /* 110100        */
    {0x035,  6,   15}, /* 110101        */
    {0x02A,  6,   16}, /* 101010        */
    {0x02B,  6,   17}, /* 101011        */
    {0x027,  7,   18}, /* 0100111       */
    {0x00C,  7,   19}, /* 0001100       */
    {0x008,  7,   20}, /* 0001000       */
    {0x017,  7,   21}, /* 0010111       */
    {0x003,  7,   22}, /* 0000011       */
    {0x004,  7,   23}, /* 0000100       */
    {0x028,  7,   24}, /* 0101000       */
    {0x02B,  7,   25}, /* 0101011       */
    {0x013,  7,   26}, /* 0010011       */
    {0x024,  7,   27}, /* 0100100       */
    {0x018,  7,   28}, /* 0011000       */
    {0x002,  8,   29}, /* 00000010      */
    {0x003,  8,   30}, /* 00000011      */
    {0x01A,  8,   31}, /* 00011010      */
    {0x01B,  8,   32}, /* 00011011      */
    {0x012,  8,   33}, /* 00010010      */
    {0x013,  8,   34}, /* 00010011      */
    {0x014,  8,   35}, /* 00010100      */
    {0x015,  8,   36}, /* 00010101      */
    {0x016,  8,   37}, /* 00010110      */
    {0x017,  8,   38}, /* 00010111      */
    {0x028,  8,   39}, /* 00101000      */
    {0x029,  8,   40}, /* 00101001      */
    {0x02A,  8,   41}, /* 00101010      */
    {0x02B,  8,   42}, /* 00101011      */
    {0x02C,  8,   43}, /* 00101100      */
    {0x02D,  8,   44}, /* 00101101      */
    {0x004,  8,   45}, /* 00000100      */
    {0x005,  8,   46}, /* 00000101      */
    {0x00A,  8,   47}, /* 00001010      */
    {0x00B,  8,   48}, /* 00001011      */
    {0x052,  8,   49}, /* 01010010      */
    {0x053,  8,   50}, /* 01010011      */
    {0x054,  8,   51}, /* 01010100      */
    {0x055,  8,   52}, /* 01010101      */
    {0x024,  8,   53}, /* 00100100      */
    {0x025,  8,   54}, /* 00100101      */
    {0x058,  8,   55}, /* 01011000      */
    {0x059,  8,   56}, /* 01011001      */
    {0x05A,  8,   57}, /* 01011010      */
    {0x05B,  8,   58}, /* 01011011      */
    {0x04A,  8,   59}, /* 01001010      */
    {0x04B,  8,   60}, /* 01001011      */
    {0x032,  8,   61}, /* 00110010      */
    {0x033,  8,   62}, /* 00110011      */
    {0x034,  8,   63}, /* 00110100      */
};
static const t4_code black_terminating[TERMINATING_CODES] = {
    {0x037, 10,    0}, /* 0000110111    */
    {0x002,  3,    1}, /* 010           */
    {0x003,  2,    2}, /* 11            */
    {0x002,  2,    3}, /* 10            */
    {0x003,  3,    4}, /* 011           */
    {0x003,  4,    5}, /* 0011          */
    {0x002,  4,    6}, /* 0010          */
    {0x003,  5,    7}, /* 00011         */
    {0x005,  6,    8}, /* 000101        */
    {0x004,  6,    9}, /* 000100        */
    {0x004,  7,   10}, /* 0000100       */
    {0x005,  7,   11}, /* 0000101       */
    {0x007,  7,   12}, /* 0000111       */
    {0x004,  8,   13}, /* 00000100      */
    {0x007,  8,   14}, /* 00000111      */
    {0x018,  9,   15}, /* 000011000     */
    {0x017, 10,   16}, /* 0000010111    */
    {0x018, 10,   17}, /* 0000011000    */
    {0x008, 10,   18}, /* 0000001000    */
    {0x067, 11,   19}, /* 00001100111   */
    {0x068, 11,   20}, /* 00001101000   */
    {0x06C, 11,   21}, /* 00001101100   */
    {0x037, 11,   22}, /* 00000110111   */
    {0x028, 11,   23}, /* 00000101000   */
    {0x017, 11,   24}, /* 00000010111   */
    {0x018, 11,   25}, /* 00000011000   */
    {0x0CA, 12,   26}, /* 000011001010  */
    {0x0CB, 12,   27}, /* 000011001011  */
    {0x0CC, 12,   28}, /* 000011001100  */
    {0x0CD, 12,   29}, /* 000011001101  */
    {0x068, 12,   30}, /* 000001101000  */
    {0x069, 12,   31}, /* 000001101001  */
    {0x06A, 12,   32}, /* 000001101010  */
    {0x06B, 12,   33}, /* 000001101011  */
    {0x0D2, 12,   34}, /* 000011010010  */
    {0x0D3, 12,   35}, /* 000011010011  */
    {0x0D4, 12,   36}, /* 000011010100  */
    {0x0D5, 12,   37}, /* 000011010101  */
    {0x0D6, 12,   38}, /* 000011010110  */
    {0x0D7, 12,   39}, /* 000011010111  */
    {0x06C, 12,   40}, /* 000001101100  */
    {0x06D, 12,   41}, /* 000001101101  */
    {0x0DA, 12,   42}, /* 000011011010  */
    {0x0DB, 12,   43}, /* 000011011011  */
    {0x054, 12,   44}, /* 000001010100  */
    {0x055, 12,   45}, /* 000001010101  */
    {0x056, 12,   46}, /* 000001010110  */
    {0x057, 12,   47}, /* 000001010111  */
    {0x064, 12,   48}, /* 000001100100  */
    {0x065, 12,   49}, /* 000001100101  */
    {0x052, 12,   50}, /* 000001010010  */
    {0x053, 12,   51}, /* 000001010011  */
    {0x024, 12,   52}, /* 000000100100  */
    {0x037, 12,   53}, /* 000000110111  */
    {0x038, 12,   54}, /* 000000111000  */
    {0x027, 12,   55}, /* 000000100111  */
    {0x028, 12,   56}, /* 000000101000  */
    {0x058, 12,   57}, /* 000001011000  */
    {0x059, 12,   58}, /* 000001011001  */
    {0x02B, 12,   59}, /* 000000101011  */
    {0x02C, 12,   60}, /* 000000101100  */
    {0x05A, 12,   61}, /* 000001011010  */
    {0x066, 12,   62}, /* 000001100110  */
    {0x067, 12,   63}, /* 000001100111  */
};

/* Make-up codes, index i = run length 64 * (i + 1), 64..1728. */
static const t4_code white_makeup[MAKEUP_CODES] = {
    {0x01B,  5,   64}, /* 11011         */
    {0x012,  5,  128}, /* 10010         */
    {0x017,  6,  192}, /* 010111        */
    {0x037,  7,  256}, /* 0110111       */
    {0x036,  8,  320}, /* 00110110      */
    {0x037,  8,  384}, /* 00110111      */
    {0x064,  8,  448}, /* 01100100      */
    {0x065,  8,  512}, /* 01100101      */
    {0x068,  8,  576}, /* 01101000      */
    {0x067,  8,  640}, /* 01100111      */
    {0x0CC,  9,  704}, /* 011001100     */
    {0x0CD,  9,  768}, /* 011001101     */
    {0x0D2,  9,  832}, /* 011010010     */
    {0x0D3,  9,  896}, /* 011010011     */
    {0x0D4,  9,  960}, /* 011010100     */
    {0x0D5,  9, 1024}, /* 011010101     */
    {0x0D6,  9, 1088}, /* 011010110     */
    {0x0D7,  9, 1152}, /* 011010111     */
    {0x0D8,  9, 1216}, /* 011011000     */
    {0x0D9,  9, 1280}, /* 011011001     */
    {0x0DA,  9, 1344}, /* 011011010     */
    {0x0DB,  9, 1408}, /* 011011011     */
    {0x098,  9, 1472}, /* 010011000     */
    {0x099,  9, 1536}, /* 010011001     */
    {0x09A,  9, 1600}, /* 010011010     */
    {0x018,  6, 1664}, /* 011000        */
    {0x09B,  9, 1728}, /* 010011011     */
};
static const t4_code black_makeup[MAKEUP_CODES] = {
    {0x00F, 10,   64}, /* 0000001111    */
    {0x0C8, 12,  128}, /* 000011001000  */
    {0x0C9, 12,  192}, /* 000011001001  */
    {0x05B, 12,  256}, /* 000001011011  */
    {0x033, 12,  320}, /* 000000110011  */
    {0x034, 12,  384}, /* 000000110100  */
    {0x035, 12,  448}, /* 000000110101  */
    {0x06C, 13,  512}, /* 0000001101100 */
    {0x06D, 13,  576}, /* 0000001101101 */
    {0x04A, 13,  640}, /* 0000001001010 */
    {0x04B, 13,  704}, /* 0000001001011 */
    {0x04C, 13,  768}, /* 0000001001100 */
    {0x04D, 13,  832}, /* 0000001001101 */
    {0x072, 13,  896}, /* 0000001110010 */
    {0x073, 13,  960}, /* 0000001110011 */
    {0x074, 13, 1024}, /* 0000001110100 */
    {0x075, 13, 1088}, /* 0000001110101 */
    {0x076, 13, 1152}, /* 0000001110110 */
    {0x077, 13, 1216}, /* 0000001110111 */
    {0x052, 13, 1280}, /* 0000001010010 */
    {0x053, 13, 1344}, /* 0000001010011 */
    {0x054, 13, 1408}, /* 0000001010100 */
    {0x055, 13, 1472}, /* 0000001010101 */
    {0x05A, 13, 1536}, /* 0000001011010 */
    {0x05B, 13, 1600}, /* 0000001011011 */
    {0x064, 13, 1664}, /* 0000001100100 */
    {0x065, 13, 1728}, /* 0000001100101 */
};

/* Extended make-up codes shared by both colours (T.4 Table 3), 1792..2560: they
 * matter only for lines wider than A4, but a decoder must know them. */
static const t4_code extended_makeup[EXTENDED_MAKEUP_CODES] = {
    {0x008, 11, 1792}, /* 00000001000   */
    {0x00C, 11, 1856}, /* 00000001100   */
    {0x00D, 11, 1920}, /* 00000001101   */
    {0x012, 12, 1984}, /* 000000010010  */
    {0x013, 12, 2048}, /* 000000010011  */
    {0x014, 12, 2112}, /* 000000010100  */
    {0x015, 12, 2176}, /* 000000010101  */
    {0x016, 12, 2240}, /* 000000010110  */
    {0x017, 12, 2304}, /* 000000010111  */
    {0x01C, 12, 2368}, /* 000000011100  */
    {0x01D, 12, 2432}, /* 000000011101  */
    {0x01E, 12, 2496}, /* 000000011110  */
    {0x01F, 12, 2560}, /* 000000011111  */
};

/* --- Two-dimensional (MR) mode codes (ITU-T T.4 Table 4) ----------------------------- */

typedef enum mr_mode {
    MODE_PASS,
    MODE_HORIZONTAL,
    MODE_VERTICAL       /* with an offset a1 - b1 of -3..3 */
} mr_mode;

typedef struct mr_mode_code {
    uint16_t code;
    uint8_t length;
    mr_mode mode;
    int8_t offset;      /* a1 - b1 for MODE_VERTICAL */
} mr_mode_code;

static const mr_mode_code mode_codes[] = {
    {0x1, 1, MODE_VERTICAL, 0},     /* 1       V0 */
    {0x3, 3, MODE_VERTICAL, 1},     /* 011     VR1 */
    {0x2, 3, MODE_VERTICAL, -1},    /* 010     VL1 */
    {0x1, 3, MODE_HORIZONTAL, 0},   /* 001     H */
    {0x1, 4, MODE_PASS, 0},         /* 0001    P */
    {0x3, 6, MODE_VERTICAL, 2},     /* 000011  VR2 */
    {0x2, 6, MODE_VERTICAL, -2},    /* 000010  VL2 */
    {0x3, 7, MODE_VERTICAL, 3},     /* 0000011 VR3 */
    {0x2, 7, MODE_VERTICAL, -3},    /* 0000010 VL3 */
};
#define MODE_CODE_COUNT (sizeof(mode_codes) / sizeof(mode_codes[0]))
#define EXTENSION_CODE 0x1          /* 0000001xxx: uncompressed mode, not supported */
#define EXTENSION_LENGTH 7

/* snprintf writes nothing when why_size is 0, so a caller may pass (NULL, 0). */
static void say(char *why, size_t why_size, const char *text)
{
    snprintf(why, why_size, "%s", text);
}

/* --- Rows: pixels MSB-first, 1 = black (the fax_page layout) ------------------------- */

static int pixel(const unsigned char *row, uint32_t x)
{
    return (row[x / 8] >> (7 - x % 8)) & 1;
}

static void fill_black(unsigned char *row, uint32_t from, uint32_t to)
{
    for (uint32_t x = from; x < to; x++)
        row[x / 8] |= (unsigned char)(0x80u >> (x % 8));
}

/* The first x >= from whose pixel is not `colour` (width when the run reaches the
 * end). Whole bytes of the run's colour are skipped at once: blank areas are common. */
static uint32_t run_end(const unsigned char *row, uint32_t width, uint32_t from, int colour)
{
    const unsigned char solid = colour == BLACK ? 0xFF : 0x00;
    uint32_t x = from;
    while (x < width) {
        if (x % 8 == 0 && width - x >= 8 && row[x / 8] == solid) {
            x += 8;
            continue;
        }
        if (pixel(row, x) != colour)
            return x;
        x++;
    }
    return width;
}

/* The first changing element to `colour` strictly right of `after` (-1 stands for the
 * imaginary white element before the line), or width when there is none. A changing
 * element is a pixel whose left neighbour has the other colour; left of pixel 0 is
 * white. This is T.4's definition of a1, a2, b1 and b2. */
static uint32_t next_change(const unsigned char *row, uint32_t width, int32_t after, int colour)
{
    uint32_t x = after < 0 ? 0 : (uint32_t)after + 1;
    if (x >= width)
        return width;
    int left = x == 0 ? WHITE : pixel(row, x - 1);
    if (left == colour)         /* inside a run of `colour`: its change lies behind us */
        x = run_end(row, width, x, colour);
    return run_end(row, width, x, !colour);
}

/* --- Encoding -------------------------------------------------------------------------- */

/* Bits are collected MSB-first (first bit in the byte's top bit) and the bytes are
 * reversed at the end when the caller wants LSB-first. */
typedef struct bit_writer {
    unsigned char *data;
    size_t capacity;        /* bytes */
    size_t bit_count;
    int out_of_memory;
} bit_writer;

static void put_bits(bit_writer *w, uint32_t code, unsigned length)
{
    if (w->out_of_memory)
        return;
    size_t need = (w->bit_count + length + 7) / 8;
    if (need > w->capacity) {
        size_t capacity = w->capacity ? w->capacity * 2 : 4096;
        while (capacity < need)
            capacity *= 2;
        unsigned char *grown = realloc(w->data, capacity);
        if (!grown) {
            w->out_of_memory = 1;
            return;
        }
        memset(grown + w->capacity, 0, capacity - w->capacity);
        w->data = grown;
        w->capacity = capacity;
    }
    for (unsigned i = 0; i < length; i++) {
        if ((code >> (length - 1 - i)) & 1)
            w->data[w->bit_count / 8] |= (unsigned char)(0x80u >> (w->bit_count % 8));
        w->bit_count++;
    }
}

static void put_zeros(bit_writer *w, size_t count)
{
    for (; count >= 16; count -= 16)
        put_bits(w, 0, 16);
    put_bits(w, 0, (unsigned)count);
}

static void put_code(bit_writer *w, const t4_code *code)
{
    put_bits(w, code->code, code->length);
}

/* T.4 4.1.1: runs of 2624 and more repeat the 2560 make-up code, then a make-up code
 * for the rest if it is 64 or more, then always a terminating code (0..63). */
static void put_run(bit_writer *w, int colour, uint32_t run)
{
    const t4_code *terminating = colour == BLACK ? black_terminating : white_terminating;
    const t4_code *makeup = colour == BLACK ? black_makeup : white_makeup;
    while (run >= 2624) {
        put_code(w, &extended_makeup[EXTENDED_MAKEUP_CODES - 1]);   /* 2560 */
        run -= 2560;
    }
    if (run >= 1792) {
        const t4_code *code = &extended_makeup[(run - 1792) / 64];
        put_code(w, code);
        run -= code->run;
    } else if (run >= 64) {
        const t4_code *code = &makeup[run / 64 - 1];
        put_code(w, code);
        run -= code->run;
    }
    put_code(w, &terminating[run]);
}

/* Zero fill so that the EOL about to be written ends on a byte boundary, then the EOL. */
static void put_aligned_eol(bit_writer *w)
{
    put_zeros(w, (8 - (w->bit_count + EOL_LENGTH) % 8) % 8);
    put_bits(w, EOL_CODE, EOL_LENGTH);
}

/* Zero fill so that the line that started at bit `line_start` (just after its EOL)
 * spans at least `min_bytes` once `eol_bits` more bits (the next EOL, or none) follow. */
static void pad_line(bit_writer *w, size_t line_start, size_t min_bytes, unsigned eol_bits)
{
    size_t target = line_start + min_bytes * 8;
    if (target > w->bit_count + eol_bits)
        put_zeros(w, target - eol_bits - w->bit_count);
}

static void encode_1d_row(bit_writer *w, const unsigned char *row, uint32_t width)
{
    uint32_t a0 = 0;
    int colour = WHITE;     /* every line starts with a white run, of length 0 if need be */
    while (a0 < width) {
        uint32_t a1 = run_end(row, width, a0, colour);
        put_run(w, colour, a1 - a0);
        a0 = a1;
        colour = !colour;
    }
}

/* T.4 4.2.1.3: each step codes the next changing element a1 against the reference
 * line: pass mode when the reference's b2 lies left of a1, vertical mode when a1 is
 * within 3 pels of b1, horizontal mode (two runs) otherwise. a0 = -1 is the imaginary
 * white element before the line. Every step moves a0 right, so the loop ends. */
static void encode_2d_row(bit_writer *w, const unsigned char *row,
                          const unsigned char *reference, uint32_t width)
{
    int32_t a0 = -1;
    int colour = WHITE;
    while (a0 < (int32_t)width) {
        uint32_t start = a0 < 0 ? 0 : (uint32_t)a0;
        uint32_t a1 = next_change(row, width, a0, !colour);
        uint32_t b1 = next_change(reference, width, a0, !colour);
        uint32_t b2 = next_change(reference, width, (int32_t)b1, colour);
        int32_t offset = (int32_t)a1 - (int32_t)b1;
        if (b2 < a1) {
            put_bits(w, 0x1, 4);                            /* P */
            a0 = (int32_t)b2;
        } else if (offset >= -3 && offset <= 3) {
            for (size_t i = 0; i < MODE_CODE_COUNT; i++)
                if (mode_codes[i].mode == MODE_VERTICAL && mode_codes[i].offset == offset)
                    put_bits(w, mode_codes[i].code, mode_codes[i].length);
            a0 = (int32_t)a1;
            colour = !colour;
        } else {
            uint32_t a2 = next_change(row, width, (int32_t)a1, colour);
            put_bits(w, 0x1, 3);                            /* H */
            put_run(w, colour, a1 - start);
            put_run(w, !colour, a2 - a1);
            a0 = (int32_t)a2;
        }
    }
}

/* K: how many lines one 1-D line may cover, including itself. */
static unsigned mr_k_factor(uint16_t yres)
{
    return yres >= 150 ? 4 : 2;
}

unsigned char *t4_encode_page(const fax_page *page, fax_coding coding, fax_bit_order order,
                              int with_rtc, size_t min_bytes_per_line, size_t *len,
                              char *why, size_t why_size)
{
    *len = 0;
    if (coding != FAX_CODING_MH && coding != FAX_CODING_MR) {
        say(why, why_size, coding == FAX_CODING_MMR
                ? "MMR is T.6 (it needs ECM), not a raw T.4 stream: use MH or MR"
                : "unknown coding (use MH or MR)");
        return NULL;
    }
    if (order != FAX_LSB_FIRST && order != FAX_MSB_FIRST) {
        say(why, why_size, "unknown bit order");
        return NULL;
    }
    if (!page->bits || page->width == 0 || page->height == 0 ||
        page->width > T4_MAX_WIDTH || page->stride != (page->width + 7) / 8) {
        say(why, why_size, "not a valid page bitmap (size or stride)");
        return NULL;
    }
    if (min_bytes_per_line > T4_MAX_MIN_BYTES) {
        say(why, why_size, "min_bytes_per_line above 4096 is no scan time");
        return NULL;
    }

    bit_writer w = {0};
    const unsigned k = mr_k_factor(page->yres);
    size_t line_start = 0;
    for (uint32_t y = 0; y < page->height; y++) {
        const unsigned char *row = page->bits + (size_t)y * page->stride;
        if (y > 0)
            pad_line(&w, line_start, min_bytes_per_line, EOL_LENGTH);
        put_aligned_eol(&w);
        line_start = w.bit_count;
        if (coding == FAX_CODING_MR) {
            int one_dimensional = y % k == 0;
            put_bits(&w, (uint32_t)one_dimensional, 1);
            if (one_dimensional)
                encode_1d_row(&w, row, page->width);
            else
                encode_2d_row(&w, row, row - page->stride, page->width);
        } else {
            encode_1d_row(&w, row, page->width);
        }
    }
    if (with_rtc) {
        pad_line(&w, line_start, min_bytes_per_line, EOL_LENGTH);
        for (int i = 0; i < RTC_EOLS; i++) {
            put_aligned_eol(&w);
            if (coding == FAX_CODING_MR)
                put_bits(&w, 1, 1);
        }
    } else {
        pad_line(&w, line_start, min_bytes_per_line, 0);
    }
    if (w.out_of_memory) {
        free(w.data);
        say(why, why_size, "out of memory");
        return NULL;
    }
    *len = (w.bit_count + 7) / 8;
    if (order == FAX_LSB_FIRST)
        for (size_t i = 0; i < *len; i++) {
            unsigned char b = w.data[i], reversed = 0;
            for (int bit = 0; bit < 8; bit++)
                reversed |= (unsigned char)(((b >> bit) & 1) << (7 - bit));
            w.data[i] = reversed;
        }
    if (why_size > 0)
        why[0] = '\0';
    return w.data;
}

/* --- Decoding -------------------------------------------------------------------------- */

/* Reads bits in stream order from a buffer; nothing here ever looks past bit_count. */
typedef struct bit_reader {
    const unsigned char *data;
    size_t bit_count;
    size_t pos;
    fax_bit_order order;
} bit_reader;

static int bit_at(const bit_reader *r, size_t pos)
{
    unsigned char byte = r->data[pos / 8];
    unsigned shift = r->order == FAX_LSB_FIRST ? pos % 8 : 7 - pos % 8;
    return (byte >> shift) & 1;
}

/* The next LONGEST_CODE bits, first bit highest, zero-padded past the end of the
 * data; *available says how many of them are real. */
static uint32_t peek_window(const bit_reader *r, unsigned *available)
{
    uint32_t window = 0;
    size_t left = r->bit_count - r->pos;
    *available = left < LONGEST_CODE ? (unsigned)left : LONGEST_CODE;
    for (unsigned i = 0; i < LONGEST_CODE; i++)
        window = (window << 1) | (uint32_t)(i < *available ? bit_at(r, r->pos + i) : 0);
    return window;
}

static int window_starts_with(uint32_t window, unsigned available, uint16_t code,
                              uint8_t length)
{
    return length <= available && (window >> (LONGEST_CODE - length)) == code;
}

static const t4_code *match_in(const t4_code *table, size_t count, uint32_t window,
                               unsigned available)
{
    for (size_t i = 0; i < count; i++)
        if (window_starts_with(window, available, table[i].code, table[i].length))
            return &table[i];
    return NULL;
}

/* Why no code matched at the reader's position, in a receiver's words. */
static const char *describe_bad_code(const bit_reader *r, uint32_t window, unsigned available)
{
    if (available < LONGEST_CODE && r->pos + available == r->bit_count)
        return "data ends inside the line";
    if (window_starts_with(window, available, 0, EOL_MIN_ZEROS))
        return "EOL before the line was complete";
    if (window_starts_with(window, available, EXTENSION_CODE, EXTENSION_LENGTH))
        return "extension code (uncompressed mode is not supported)";
    return "bad code";
}

/* One run of `colour`: make-up codes, then the terminating code. NULL on success with
 * *run set; otherwise what went wrong. A run may not pass `limit` pels. */
static const char *read_run(bit_reader *r, int colour, uint32_t limit, uint32_t *run)
{
    const t4_code *terminating = colour == BLACK ? black_terminating : white_terminating;
    const t4_code *makeup = colour == BLACK ? black_makeup : white_makeup;
    *run = 0;
    for (;;) {
        unsigned available;
        uint32_t window = peek_window(r, &available);
        const t4_code *code = match_in(terminating, TERMINATING_CODES, window, available);
        int last = code != NULL;
        if (!code)
            code = match_in(makeup, MAKEUP_CODES, window, available);
        if (!code)
            code = match_in(extended_makeup, EXTENDED_MAKEUP_CODES, window, available);
        if (!code)
            return describe_bad_code(r, window, available);
        r->pos += code->length;
        if (code->run > limit - *run)
            return "runs add up to more than the line width";
        *run += code->run;
        if (last)
            return NULL;
    }
}

static const char *decode_1d_row(bit_reader *r, unsigned char *row, uint32_t width)
{
    uint32_t a0 = 0;
    int colour = WHITE;
    while (a0 < width) {
        uint32_t run;
        const char *problem = read_run(r, colour, width - a0, &run);
        if (problem)
            return problem;
        if (colour == BLACK)
            fill_black(row, a0, a0 + run);
        a0 += run;
        colour = !colour;
    }
    return NULL;
}

static const mr_mode_code *read_mode(bit_reader *r, const char **problem)
{
    unsigned available;
    uint32_t window = peek_window(r, &available);
    for (size_t i = 0; i < MODE_CODE_COUNT; i++)
        if (window_starts_with(window, available, mode_codes[i].code, mode_codes[i].length)) {
            r->pos += mode_codes[i].length;
            return &mode_codes[i];
        }
    *problem = describe_bad_code(r, window, available);
    return NULL;
}

/* The mirror of encode_2d_row. Each mode must move a0 right and stay within the line;
 * a stream that breaks either is bad, which also keeps the loop finite. */
static const char *decode_2d_row(bit_reader *r, unsigned char *row,
                                 const unsigned char *reference, uint32_t width)
{
    int32_t a0 = -1;
    int colour = WHITE;
    while (a0 < (int32_t)width) {
        const char *problem = NULL;
        const mr_mode_code *mode = read_mode(r, &problem);
        if (!mode)
            return problem;
        uint32_t start = a0 < 0 ? 0 : (uint32_t)a0;
        uint32_t b1 = next_change(reference, width, a0, !colour);
        uint32_t b2 = next_change(reference, width, (int32_t)b1, colour);
        if (mode->mode == MODE_PASS) {
            if (colour == BLACK)
                fill_black(row, start, b2);
            a0 = (int32_t)b2;       /* b2 > b1 > a0, or b2 = width > a0 */
        } else if (mode->mode == MODE_VERTICAL) {
            int32_t a1 = (int32_t)b1 + mode->offset;
            if (a1 <= a0 || a1 > (int32_t)width)
                return "vertical mode points outside the line";
            if (colour == BLACK)
                fill_black(row, start, (uint32_t)a1);
            a0 = a1;
            colour = !colour;
        } else {
            uint32_t first, second;
            problem = read_run(r, colour, width - start, &first);
            if (!problem)
                problem = read_run(r, !colour, width - start - first, &second);
            if (problem)
                return problem;
            if (a0 >= 0 && first + second == 0)
                return "horizontal mode with two empty runs";
            fill_black(row, colour == BLACK ? start : start + first,
                       colour == BLACK ? start + first : start + first + second);
            a0 = (int32_t)(start + first + second);
        }
    }
    return NULL;
}

/* True when zero fill and then an EOL start at `pos`; *after is then just past it. */
static int eol_follows(const bit_reader *r, size_t pos, size_t *after)
{
    size_t zeros = 0;
    while (pos < r->bit_count && bit_at(r, pos) == 0) {
        zeros++;
        pos++;
    }
    if (pos == r->bit_count || zeros < EOL_MIN_ZEROS)
        return 0;
    *after = pos + 1;
    return 1;
}

static int only_fill_remains(const bit_reader *r, size_t pos)
{
    for (; pos < r->bit_count; pos++)
        if (bit_at(r, pos))
            return 0;
    return 1;
}

/* The first EOL that starts at or after `from`, wherever it is: how a receiver regains
 * line sync after noise. */
static int find_eol(const bit_reader *r, size_t from, size_t *after)
{
    size_t zeros = 0;
    for (size_t pos = from; pos < r->bit_count; pos++) {
        if (bit_at(r, pos) == 0) {
            zeros++;
        } else if (zeros >= EOL_MIN_ZEROS) {
            *after = pos + 1;
            return 1;
        } else {
            zeros = 0;
        }
    }
    return 0;
}

/* The rows decoded so far, grown as lines arrive (the line count is not known ahead). */
typedef struct row_store {
    unsigned char *bits;
    uint32_t rows;
    uint32_t capacity;
    uint32_t stride;
} row_store;

static int store_row(row_store *store, const unsigned char *row)
{
    if (store->rows == store->capacity) {
        uint32_t capacity = store->capacity ? store->capacity * 2 : 64;
        unsigned char *grown = realloc(store->bits, (size_t)capacity * store->stride);
        if (!grown)
            return -1;
        store->bits = grown;
        store->capacity = capacity;
    }
    memcpy(store->bits + (size_t)store->rows * store->stride, row, store->stride);
    store->rows++;
    return 0;
}

/* Everything the decoding loop carries from line to line. */
typedef struct page_decoder {
    bit_reader reader;
    fax_coding coding;
    uint32_t width;
    row_store store;
    unsigned char *row;             /* the line being decoded */
    unsigned char *last_good;       /* the previous good line: white until there is one */
    int reference_valid;            /* last_good is the line before this one (MR) */
    unsigned good_lines, bad_lines, bad_run, longest_bad_run;
    char first_problem[96];
} page_decoder;

/* Decodes the line that starts at `line_start` (just past its EOL). Returns NULL and
 * sets *next to where the following line's EOL ends (or to bit_count at the end of
 * the data), or returns what is wrong with the line. */
static const char *decode_line(page_decoder *d, size_t line_start, int one_dimensional,
                               size_t *next)
{
    bit_reader *r = &d->reader;
    r->pos = line_start;
    memset(d->row, 0, (d->width + 7) / 8);
    const char *problem;
    if (one_dimensional)
        problem = decode_1d_row(r, d->row, d->width);
    else if (!d->reference_valid)
        problem = "2-D line without a good reference line";
    else
        problem = decode_2d_row(r, d->row, d->last_good, d->width);
    if (problem)
        return problem;
    if (eol_follows(r, r->pos, next))
        return NULL;
    if (only_fill_remains(r, r->pos)) {
        *next = r->bit_count;
        return NULL;
    }
    return "more data after the line end before the next EOL";
}

static int record_line(page_decoder *d, const char *problem)
{
    if (!problem) {
        d->good_lines++;
        d->bad_run = 0;
        memcpy(d->last_good, d->row, d->store.stride);
        d->reference_valid = 1;
        return store_row(&d->store, d->row);
    }
    d->bad_lines++;
    if (++d->bad_run > d->longest_bad_run)
        d->longest_bad_run = d->bad_run;
    if (d->bad_lines == 1)
        snprintf(d->first_problem, sizeof(d->first_problem), "line %u: %s",
                 (unsigned)d->store.rows + 1, problem);
    d->reference_valid = 0;
    return store_row(&d->store, d->last_good);
}

/* The line loop; `pos` is just past the first EOL. Returns -1 only when out of memory. */
static int decode_lines(page_decoder *d, size_t pos)
{
    const bit_reader *r = &d->reader;
    while (d->store.rows < T4_MAX_LINES) {
        int one_dimensional = 1;
        if (d->coding == FAX_CODING_MR) {
            if (pos == r->bit_count)
                return 0;
            one_dimensional = bit_at(r, pos++);
        }
        size_t next;
        if (only_fill_remains(r, pos) || eol_follows(r, pos, &next))
            return 0;   /* the end of the data, or EOL EOL: RTC */
        const char *problem = decode_line(d, pos, one_dimensional, &next);
        if (record_line(d, problem) != 0)
            return -1;
        if (problem && !find_eol(r, pos, &next))
            return 0;   /* the data ended inside the bad line */
        if (next == r->bit_count)
            return 0;
        pos = next;
    }
    return 0;
}

int t4_decode_page(const unsigned char *data, size_t len, fax_coding coding,
                   fax_bit_order order, uint32_t width, uint16_t yres, fax_page *page,
                   unsigned *bad_lines, unsigned *consecutive_bad,
                   char *why, size_t why_size)
{
    memset(page, 0, sizeof(*page));
    *bad_lines = 0;
    *consecutive_bad = 0;
    if (why_size > 0)
        why[0] = '\0';
    if (coding != FAX_CODING_MH && coding != FAX_CODING_MR) {
        say(why, why_size, "only MH and MR travel as raw T.4 streams");
        return -1;
    }
    if (order != FAX_LSB_FIRST && order != FAX_MSB_FIRST) {
        say(why, why_size, "unknown bit order");
        return -1;
    }
    if (width == 0 || width > T4_MAX_WIDTH) {
        say(why, why_size, "line width out of range");
        return -1;
    }
    if ((!data && len > 0) || len > SIZE_MAX / 8) {
        say(why, why_size, "no data buffer");
        return -1;
    }

    page_decoder d = {
        .reader = {data, len * 8, 0, order},
        .coding = coding,
        .width = width,
        .store = {.stride = (width + 7) / 8},
        .reference_valid = 1,   /* the imaginary white line before the page */
    };
    size_t first_line;
    if (!find_eol(&d.reader, 0, &first_line)) {
        snprintf(why, why_size, "no EOL found in %zu bytes: not a T.4 page", len);
        return -1;
    }
    d.row = calloc(d.store.stride, 1);
    d.last_good = calloc(d.store.stride, 1);
    int status = d.row && d.last_good ? decode_lines(&d, first_line) : -1;
    free(d.row);
    free(d.last_good);
    if (status != 0) {
        free(d.store.bits);
        say(why, why_size, "out of memory");
        return -1;
    }
    if (d.good_lines == 0) {
        free(d.store.bits);
        snprintf(why, why_size, "no line decoded (%s)",
                 d.bad_lines ? d.first_problem : "the page has no lines");
        return -1;
    }
    page->width = width;
    page->height = d.store.rows;
    page->stride = d.store.stride;
    page->yres = yres;
    page->bits = d.store.bits;
    *bad_lines = d.bad_lines;
    *consecutive_bad = d.longest_bad_run;
    if (d.bad_lines > 0)
        say(why, why_size, d.first_problem);
    else if (d.store.rows == T4_MAX_LINES)
        say(why, why_size, "page cut at the line limit (16384)");
    return 0;
}
