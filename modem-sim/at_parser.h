/*
 * at_parser.h - split one AT command line into commands. Knows nothing about fax.
 *
 * A DTE sends "AT" (any case) followed by basic commands (E0, V1, Q0, H0, A, Dnnn, I3,
 * Z, &F, &D2, S0=2, S0?) and/or extended commands (+FCLASS=2.0, +FMI?, +FCC=?,
 * +FIS=1,5,,2, +FLI="my id"), extended ones separated by ';'. The dial command D takes
 * the rest of the line (its dial string). Quoted strings keep their ';' and spaces;
 * spaces outside quotes are ignored, as V.250 says. Names are upper-cased; values are
 * kept as written (quotes included), for the DCE to interpret.
 *
 * A command line is printable ASCII: a NUL, a control character or a byte >= 0x80 is
 * AT_PARSE_ERROR naming its column. S-register numbers lose leading zeros ("S07" is
 * "S7"); "Sn=?" is AT_OP_TEST. An extended command ends at ';' or the end of the line
 * (V.250: only ';' may follow it); after a basic command the next may follow at once.
 *
 * Pure and allocation-free: the fuzz target (fuzz/fuzz_at_parser.c) calls it directly.
 */
#ifndef MODEMSIM_AT_PARSER_H
#define MODEMSIM_AT_PARSER_H

#include <stddef.h>

#define AT_MAX_COMMANDS 16
#define AT_MAX_NAME 16
#define AT_MAX_VALUE 128
#define AT_MAX_LINE 256      /* longer command lines are refused: AT_PARSE_TOO_LONG */

typedef enum at_op {
    AT_OP_ACTION,   /* ATA, ATH0, ATE1, AT+FDT, AT+FKS, ATD5551212: no '=' or '?' */
    AT_OP_SET,      /* AT+FCLASS=2.0, ATS0=2 */
    AT_OP_QUERY,    /* AT+FCLASS?, ATS0? */
    AT_OP_TEST      /* AT+FCLASS=? */
} at_op;

typedef struct at_command {
    char name[AT_MAX_NAME];     /* "E", "H", "D", "&F", "S0", "+FCLASS", ... upper case */
    at_op op;
    char value[AT_MAX_VALUE];   /* SET: the text after '='; basic ACTION: its digits
                                   ("E1" -> "1", "H" -> ""); D: the dial string */
} at_command;

typedef struct at_line {
    at_command commands[AT_MAX_COMMANDS];
    size_t count;               /* 0 for a bare "AT" */
} at_line;

typedef enum at_parse_result {
    AT_PARSE_OK,
    AT_PARSE_NOT_AT,     /* the line does not start with "AT" (also "A/" repeat: not supported) */
    AT_PARSE_ERROR,      /* malformed: unknown character, unterminated quote, bad S-register,
                            value too long, too many commands */
    AT_PARSE_TOO_LONG    /* more than AT_MAX_LINE characters */
} at_parse_result;

/* Parses `len` bytes of one line (without its CR); `line` need not be NUL-terminated
 * and is never read past `len`. Checks in this order: length (AT_PARSE_TOO_LONG), the
 * "AT" prefix (AT_PARSE_NOT_AT), then the commands. On AT_PARSE_ERROR, `why` (if not
 * NULL) says what and at which column (from 1): "column 7: ...". `why` is "" after
 * AT_PARSE_OK and holds a short reason after the other results. `out->count` is 0
 * unless the result is AT_PARSE_OK: a line is executed whole or not at all. */
at_parse_result at_parse_line(const char *line, size_t len, at_line *out,
                              char *why, size_t why_size);

/* Splits a compound value "1,5,,2" into up to `max` numeric fields. An empty or
 * missing field is -1 ("unchanged", as T.32 DTEs use it: AT+FIS=,,2,0); every slot
 * from the count up to `max` is set to -1 too. `base` is 10 or 16 (T.32 writes some
 * parameters in hex); digits only, no sign and no "0x". Spaces around a field are
 * tolerated. Returns the number of fields present (0 for an empty value), or -1 when
 * a field is not a number in that base, does not fit a long, or there are more than
 * `max` fields (the contents of `fields` are then unspecified). */
int at_parse_fields(const char *value, long fields[], int max, int base);

/* Copies the contents of a quoted value ("\"my id\"" -> "my id") into out; an
 * unquoted value is copied as it is. Returns 0, or -1 when it does not fit or when a
 * value that opens with '"' is not one whole string constant ("\"ab", "\"a\"b\"");
 * `out` is then "" (when out_size > 0). V.250 "\hh" escapes are not decoded. */
int at_unquote(const char *value, char *out, size_t out_size);

#endif /* MODEMSIM_AT_PARSER_H */
