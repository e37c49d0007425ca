/*
 * main.c - fax-testpage: write seeded, text-like fax test pages as a TIFF Class F
 * file, or compare two fax TIFFs pixel by pixel (in the manner of libtiff's tiffcmp).
 *
 *   fax-testpage [--seed N] [--pages N] [--res normal|fine] [--coding mh|mr|mmr]
 *                [--fill-order lsb|msb] [--strips one|rows] [--content full|light] OUT.tif
 *   fax-testpage --compare A.tif B.tif
 *
 * Exit status: 0 written (or equal), 1 different (the first difference on stdout),
 * 2 error (one line on stderr: "fax-testpage: FILE: problem" or what was wrong with
 * the command line).
 */
#include <stdio.h>
#include <string.h>

#include "fax_page.h"
#include "testpage.h"

#define PROGRAM "fax-testpage"
#define MAX_PAGES 9999

enum { EXIT_SAME = 0, EXIT_DIFFERENT = 1, EXIT_TROUBLE = 2 };

typedef struct options {
    uint64_t seed;
    unsigned pages;
    uint16_t yres;
    fax_coding coding;
    fax_bit_order fill_order;
    int rows_per_strip_1;
    int light;
    const char *output;
    const char *compare[2];     /* both set for --compare */
    int help;
} options;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: " PROGRAM " [options] OUT.tif\n"
            "       " PROGRAM " --compare A.tif B.tif\n"
            "\n"
            "Writes seeded, text-like A4 fax test pages (1728 pels wide) as a TIFF Class F\n"
            "file; the same seed gives the same pixels on every machine. Or compares two\n"
            "fax TIFFs pixel by pixel.\n"
            "\n"
            "  --seed N              draw the pages from seed N (0..18446744073709551615;\n"
            "                        default 1)\n"
            "  --pages N             number of pages (1..%d; default 1)\n"
            "  --res normal|fine     98 or 196 lines per inch (default normal)\n"
            "  --coding mh|mr|mmr    T.4 1-D, T.4 2-D or T.6 compression (default mh)\n"
            "  --fill-order lsb|msb  FillOrder 2, LSB first, as HylaFAX writes (default),\n"
            "                        or FillOrder 1, MSB first\n"
            "  --strips one|rows     one strip per page (default), or RowsPerStrip 1 as the\n"
            "                        Microsoft fax service writes\n"
            "  --content full|light  text on the whole page (default), or only in its top\n"
            "                        eighth, white below: a real page in a few kilobytes\n"
            "  --compare A B         compare two TIFF files: same page count, sizes,\n"
            "                        resolutions and pixels\n"
            "  --help                show this text\n"
            "\n"
            "Exit status: 0 written or equal, 1 different (the first difference on stdout),\n"
            "2 error.\n",
            MAX_PAGES);
}

/* A decimal number in 0..max, digits only: no sign, no spaces, no hex. */
static int parse_number(const char *text, uint64_t max, uint64_t *value)
{
    if (!*text)
        return -1;
    *value = 0;
    for (const char *c = text; *c; c++) {
        if (*c < '0' || *c > '9')
            return -1;
        unsigned digit = (unsigned)(*c - '0');
        if (*value > (max - digit) / 10)
            return -1;
        *value = *value * 10 + digit;
    }
    return 0;
}

/* The index of `text` among `names`, or -1. */
static int pick(const char *text, const char *const names[], int count)
{
    for (int i = 0; i < count; i++)
        if (strcmp(text, names[i]) == 0)
            return i;
    return -1;
}

static int bad_value(const char *flag, const char *value, const char *expected)
{
    fprintf(stderr, PROGRAM ": %s: '%s' is not %s (see --help)\n", flag, value, expected);
    return -1;
}

/* Applies one "--flag value" pair. */
static int apply_option(options *o, const char *flag, const char *value)
{
    static const char *const resolutions[] = {"normal", "fine"};
    static const char *const codings[] = {"mh", "mr", "mmr"};
    static const char *const orders[] = {"lsb", "msb"};
    static const char *const strips[] = {"one", "rows"};
    static const char *const contents[] = {"full", "light"};
    uint64_t number;
    int choice;
    if (strcmp(flag, "--seed") == 0) {
        if (parse_number(value, UINT64_MAX, &number) != 0)
            return bad_value(flag, value, "a number in 0..18446744073709551615");
        o->seed = number;
    } else if (strcmp(flag, "--pages") == 0) {
        if (parse_number(value, MAX_PAGES, &number) != 0 || number == 0)
            return bad_value(flag, value, "a page count in 1..9999");
        o->pages = (unsigned)number;
    } else if (strcmp(flag, "--res") == 0) {
        if ((choice = pick(value, resolutions, 2)) < 0)
            return bad_value(flag, value, "normal or fine");
        o->yres = choice == 0 ? FAX_YRES_NORMAL : FAX_YRES_FINE;
    } else if (strcmp(flag, "--coding") == 0) {
        if ((choice = pick(value, codings, 3)) < 0)
            return bad_value(flag, value, "mh, mr or mmr");
        static const fax_coding coding_of[] = {FAX_CODING_MH, FAX_CODING_MR, FAX_CODING_MMR};
        o->coding = coding_of[choice];
    } else if (strcmp(flag, "--fill-order") == 0) {
        if ((choice = pick(value, orders, 2)) < 0)
            return bad_value(flag, value, "lsb or msb");
        o->fill_order = choice == 0 ? FAX_LSB_FIRST : FAX_MSB_FIRST;
    } else if (strcmp(flag, "--strips") == 0) {
        if ((choice = pick(value, strips, 2)) < 0)
            return bad_value(flag, value, "one or rows");
        o->rows_per_strip_1 = choice == 1;
    } else if (strcmp(flag, "--content") == 0) {
        if ((choice = pick(value, contents, 2)) < 0)
            return bad_value(flag, value, "full or light");
        o->light = choice == 1;
    } else {
        fprintf(stderr, PROGRAM ": unknown option '%s' (see --help)\n", flag);
        return -1;
    }
    return 0;
}

static int parse_command_line(int argc, char **argv, options *o)
{
    int generating_options = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0) {
            o->help = 1;
            return 0;
        }
        if (strcmp(arg, "--compare") == 0) {
            if (i + 2 >= argc) {
                fprintf(stderr, PROGRAM ": --compare needs two files (see --help)\n");
                return -1;
            }
            o->compare[0] = argv[++i];
            o->compare[1] = argv[++i];
            continue;
        }
        if (strncmp(arg, "--", 2) == 0) {
            /* "--flag=value" or "--flag value" */
            char flag[32];
            const char *equals = strchr(arg, '=');
            const char *value;
            size_t flag_length = equals ? (size_t)(equals - arg) : strlen(arg);
            if (flag_length >= sizeof(flag))
                flag_length = sizeof(flag) - 1;
            memcpy(flag, arg, flag_length);
            flag[flag_length] = '\0';
            if (equals) {
                value = equals + 1;
            } else if (i + 1 < argc) {
                value = argv[++i];
            } else {
                fprintf(stderr, PROGRAM ": %s needs a value (see --help)\n", flag);
                return -1;
            }
            if (apply_option(o, flag, value) != 0)
                return -1;
            generating_options = 1;
            continue;
        }
        if (arg[0] == '-' && arg[1] != '\0') {
            fprintf(stderr, PROGRAM ": unknown option '%s' (see --help)\n", arg);
            return -1;
        }
        if (o->output) {
            fprintf(stderr, PROGRAM ": more than one output file ('%s' and '%s')\n",
                    o->output, arg);
            return -1;
        }
        o->output = arg;
    }
    if (o->compare[0] && (o->output || generating_options)) {
        fprintf(stderr, PROGRAM ": --compare takes two files and nothing else\n");
        return -1;
    }
    if (!o->compare[0] && !o->output) {
        fprintf(stderr, PROGRAM ": no output file given (see --help)\n");
        return -1;
    }
    return 0;
}

static int compare_files(const char *path_a, const char *path_b)
{
    char why[512];
    fax_doc a = {0}, b = {0};
    if (fax_doc_read_tiff(path_a, &a, why, sizeof(why)) != 0 ||
        fax_doc_read_tiff(path_b, &b, why, sizeof(why)) != 0) {
        fprintf(stderr, PROGRAM ": %s\n", why);  /* why names the file */
        fax_doc_free(&a);
        return EXIT_TROUBLE;
    }
    int status = fax_doc_compare(&a, &b, why, sizeof(why)) == 0 ? EXIT_SAME : EXIT_DIFFERENT;
    if (status == EXIT_DIFFERENT)
        printf("%s and %s differ: %s\n", path_a, path_b, why);
    fax_doc_free(&a);
    fax_doc_free(&b);
    return status;
}

static int write_test_pages(const options *o)
{
    char why[512];
    fax_doc doc = {0};
    if (testpage_generate(o->seed, o->pages, o->yres, &doc) != 0) {
        fprintf(stderr, PROGRAM ": %s: out of memory drawing %u pages\n", o->output,
                o->pages);
        return EXIT_TROUBLE;
    }
    if (o->light)
        testpage_lighten(&doc);
    int status = EXIT_SAME;
    if (fax_doc_write_tiff(o->output, &doc, o->coding, o->fill_order, o->rows_per_strip_1,
                           why, sizeof(why)) != 0) {
        fprintf(stderr, PROGRAM ": %s\n", why);  /* why names the file */
        status = EXIT_TROUBLE;
    }
    fax_doc_free(&doc);
    return status;
}

int main(int argc, char **argv)
{
    options o = {
        .seed = 1,
        .pages = 1,
        .yres = FAX_YRES_NORMAL,
        .coding = FAX_CODING_MH,
        .fill_order = FAX_LSB_FIRST,
        .rows_per_strip_1 = 0,
    };
    if (parse_command_line(argc, argv, &o) != 0)
        return EXIT_TROUBLE;
    if (o.help) {
        usage(stdout);
        return EXIT_SAME;
    }
    if (o.compare[0])
        return compare_files(o.compare[0], o.compare[1]);
    return write_test_pages(&o);
}
