/*
 * at_parser.c - one AT command line into a list of commands (ITU-T V.250 section 5).
 *
 * This file only splits text. It does not know which commands exist or what a value
 * means: "+FCLASS=2.0" comes out as a name, an operation and the value text, and
 * class20_dce.c decides what to do with it. That keeps the grammar in one place and
 * lets the fuzz target drive it on its own.
 *
 * The grammar, as the three real DTEs use it (class20-notes.md 1.1 and 2):
 *
 *   line      = "AT" { command | ";" }                 the prefix in any case
 *   command   = basic | s-register | dial | extended
 *   basic     = [ "&" | "%" | "\" ] letter { digit }   E0 V1 Q0 H Z &F &D2 \Q3
 *   s-register= "S" digits ( "?" | "=?" | "=" { digit } )   S0=2 S0? (mgetty: S0=0)
 *   dial      = "D" rest-of-line                       DT5551212@ (HylaFAX), D5551212
 *   extended  = "+" name [ "?" | "=?" | "=" value ]    then ";" or the end of the line
 *
 * Spaces outside string constants carry no meaning (V.250 5.2.1) and are skipped in
 * one place, peek(). Everything else is read through the same cursor, which knows the
 * length of the line, so nothing past `len` is ever touched even though the line is
 * not NUL-terminated.
 */
#include "at_parser.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define END_OF_LINE (-1)

/* Where we are in the line. `pos` counts bytes from the start of the line, "AT"
 * included, so `pos + 1` is the column a DTE author sees in a log. */
typedef struct cursor {
    const char *text;
    size_t len;
    size_t pos;
} cursor;

typedef struct parse_state {
    cursor at;
    at_line *out;
    char *why;
    size_t why_size;
} parse_state;

/* A NUL-terminated text field of fixed size (a command's name or value) being filled. */
typedef struct text_field {
    char *text;
    size_t size;
    size_t len;
} text_field;

/* --- characters ------------------------------------------------------------------- */

/* Our own ASCII tests: <ctype.h> depends on the locale and is undefined for negative
 * char values, and the line may hold any byte. */
static int is_letter(int ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}

static int is_digit(int ch)
{
    return ch >= '0' && ch <= '9';
}

static char to_upper(int ch)
{
    return (char)(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
}

/* V.250 5.4.1: after '+' an extended name starts with a letter and goes on with
 * letters, digits and the marks ! % - . / : _  ("+FCLASS", "+FLI"). */
static int is_extended_name_char(int ch)
{
    return is_letter(ch) || is_digit(ch) || (ch != '\0' && strchr("!%-./:_", ch) != NULL);
}

/* V.250 5.3: manufacturers extend the basic set with a one-character prefix before
 * the letter (&F, &D2, &K4 on Hayes-style modems, \Q3 on Exar, %C0 on Rockwell). */
static int is_basic_prefix(int ch)
{
    return ch == '&' || ch == '%' || ch == '\\';
}

/* --- cursor ----------------------------------------------------------------------- */

/* The next character that matters, or END_OF_LINE. Steps over spaces, so use it only
 * outside string constants. */
static int peek(cursor *c)
{
    while (c->pos < c->len && c->text[c->pos] == ' ')
        c->pos++;
    return c->pos < c->len ? (unsigned char)c->text[c->pos] : END_OF_LINE;
}

/* Steps over the character peek() just returned. */
static void advance(cursor *c)
{
    c->pos++;
}

static size_t column(const cursor *c)
{
    return c->pos + 1;
}

/* --- output ----------------------------------------------------------------------- */

static text_field field_open(char *text, size_t size)
{
    text_field f = {text, size, 0};
    text[0] = '\0';
    return f;
}

/* Appends one character, keeping the NUL. Returns -1 when the field is full. */
static int field_put(text_field *f, char ch)
{
    if (f->len + 1 >= f->size)
        return -1;
    f->text[f->len++] = ch;
    f->text[f->len] = '\0';
    return 0;
}

static void say_why(parse_state *s, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static void say_why(parse_state *s, const char *format, ...)
{
    if (s->why == NULL || s->why_size == 0)
        return;
    va_list args;
    va_start(args, format);
    vsnprintf(s->why, s->why_size, format, args);
    va_end(args);
}

/* Every malformed line ends here: the column first, so an event log reads like a
 * compiler message ("column 9: unterminated string constant"). */
static at_parse_result fail_at(parse_state *s, size_t col, const char *problem)
{
    say_why(s, "column %zu: %s", col, problem);
    return AT_PARSE_ERROR;
}

/* Names the offending character in a message, or says the line ended. */
static void describe_char(int ch, char *buf, size_t size)
{
    if (ch == END_OF_LINE)
        snprintf(buf, size, "end of line");
    else
        snprintf(buf, size, "'%c'", ch);
}

/* --- the line as a whole ---------------------------------------------------------- */

static int has_at_prefix(const char *line, size_t len)
{
    return len >= 2 && (line[0] == 'A' || line[0] == 'a') && (line[1] == 'T' || line[1] == 't');
}

/* A command line is IA5 text. A NUL, a control character or an 8-bit byte is a DTE
 * bug (or line noise); refusing it with its column shows it in the event log instead
 * of letting it silently change a command. After this check the grammar below only
 * ever sees printable ASCII. */
static at_parse_result check_bytes(parse_state *s)
{
    for (size_t i = 0; i < s->at.len; i++) {
        unsigned char byte = (unsigned char)s->at.text[i];
        char problem[48];
        if (byte >= 0x20 && byte < 0x7f)
            continue;
        if (byte == 0)
            snprintf(problem, sizeof(problem), "NUL byte in the command line");
        else if (byte < 0x20 || byte == 0x7f)
            snprintf(problem, sizeof(problem), "control character 0x%02X", (unsigned)byte);
        else
            snprintf(problem, sizeof(problem), "byte 0x%02X is not ASCII", (unsigned)byte);
        return fail_at(s, i + 1, problem);
    }
    return AT_PARSE_OK;
}

/* --- values ----------------------------------------------------------------------- */

static at_parse_result value_too_long(parse_state *s, size_t value_col)
{
    char problem[64];
    snprintf(problem, sizeof(problem), "value longer than %d characters", AT_MAX_VALUE - 1);
    return fail_at(s, value_col, problem);
}

/* Copies a string constant, both quotes included, byte for byte: inside quotes a
 * space or ';' is text (V.250 5.4.2.2; efax right-justifies its +FLI ID with spaces,
 * HylaFAX pads it on the right). The cursor is on the opening quote. */
static at_parse_result copy_string_constant(parse_state *s, text_field *value,
                                            size_t value_col)
{
    cursor *c = &s->at;
    size_t open_col = column(c);
    if (field_put(value, '"') != 0)
        return value_too_long(s, value_col);
    advance(c);
    while (c->pos < c->len) {
        char ch = c->text[c->pos++];
        if (field_put(value, ch) != 0)
            return value_too_long(s, value_col);
        if (ch == '"')
            return AT_PARSE_OK;
    }
    return fail_at(s, open_col, "unterminated string constant (no closing '\"')");
}

/* The text of a value as written, spaces outside strings dropped. An extended value
 * stops at the ';' that ends its command (V.250 5.4); a dial string has no such end
 * and runs to the end of the line, its ';' included ("D5551212;" dials and returns to
 * command state, V.250 6.3.1). */
static at_parse_result read_value(parse_state *s, text_field *value, int stop_at_semicolon)
{
    cursor *c = &s->at;
    peek(c);                             /* past spaces: the column is the value's own */
    size_t value_col = column(c);
    for (;;) {
        int ch = peek(c);
        if (ch == END_OF_LINE || (ch == ';' && stop_at_semicolon))
            return AT_PARSE_OK;
        if (ch == '"') {
            at_parse_result r = copy_string_constant(s, value, value_col);
            if (r != AT_PARSE_OK)
                return r;
            continue;
        }
        if (field_put(value, (char)ch) != 0)
            return value_too_long(s, value_col);
        advance(c);
    }
}

/* The decimal digits after a basic command letter or after "Sn=" (E0, &D2, S0=2). */
static at_parse_result read_digits(parse_state *s, text_field *value)
{
    cursor *c = &s->at;
    peek(c);                             /* past spaces: the column is the number's own */
    size_t first_col = column(c);
    while (is_digit(peek(c))) {
        if (field_put(value, (char)c->text[c->pos]) != 0) {
            char problem[64];
            snprintf(problem, sizeof(problem), "number longer than %d digits",
                     AT_MAX_VALUE - 1);
            return fail_at(s, first_col, problem);
        }
        advance(c);
    }
    return AT_PARSE_OK;
}

/* V.250 5.4: after an extended command only ';' (another command follows) or the end
 * of the line may come; "AT+FCLASS?x" is malformed, not "+FCLASS?" plus garbage. */
static at_parse_result expect_command_end(parse_state *s, const at_command *cmd)
{
    int ch = peek(&s->at);
    if (ch == END_OF_LINE || ch == ';')
        return AT_PARSE_OK;
    char problem[96];
    snprintf(problem, sizeof(problem), "'%c' after %s%s: expected ';' or end of line", ch,
             cmd->name, cmd->op == AT_OP_QUERY ? "?" : "=?");
    return fail_at(s, column(&s->at), problem);
}

/* --- commands --------------------------------------------------------------------- */

/* "+NAME", "+NAME?", "+NAME=?" or "+NAME=value": the V.250 extended syntax that all
 * of Class 2.0 uses (+FCLASS=2.0, +FMI?, +FCC=?, +FIS=,,2,0, +FLI="my id"). */
static at_parse_result parse_extended(parse_state *s, at_command *cmd)
{
    cursor *c = &s->at;
    size_t start_col = column(c);
    text_field name = field_open(cmd->name, sizeof(cmd->name));
    text_field value = field_open(cmd->value, sizeof(cmd->value));
    char seen[16];

    field_put(&name, '+');
    advance(c);
    int ch = peek(c);
    if (!is_letter(ch)) {
        char problem[64];
        describe_char(ch, seen, sizeof(seen));
        snprintf(problem, sizeof(problem), "expected a letter after '+', got %s", seen);
        return fail_at(s, column(c), problem);
    }
    while (is_extended_name_char(ch)) {
        if (field_put(&name, to_upper(ch)) != 0) {
            char problem[64];
            snprintf(problem, sizeof(problem), "command name longer than %d characters",
                     AT_MAX_NAME - 1);
            return fail_at(s, start_col, problem);
        }
        advance(c);
        ch = peek(c);
    }

    switch (ch) {
    case END_OF_LINE:
    case ';':
        cmd->op = AT_OP_ACTION;          /* +FDT, +FKS, +FIP */
        return AT_PARSE_OK;
    case '?':
        advance(c);
        cmd->op = AT_OP_QUERY;           /* +FMI?, +FIS? (efax reads its caps) */
        return expect_command_end(s, cmd);
    case '=':
        advance(c);
        if (peek(c) == '?') {
            advance(c);
            cmd->op = AT_OP_TEST;        /* +FCLASS=?, +FCC=? (HylaFAX's range probes) */
            return expect_command_end(s, cmd);
        }
        cmd->op = AT_OP_SET;
        return read_value(s, &value, 1);
    default: {
        char problem[96];
        snprintf(problem, sizeof(problem), "'%c' after %s: expected '=', '?', ';' or end of line",
                 ch, cmd->name);
        return fail_at(s, column(c), problem);
    }
    }
}

/* ATD: the dial string is everything up to the end of the line (V.250 6.3.1), so the
 * basic-command grammar does not apply to it: in mgetty's suggested "ATx0DT0wP..." or
 * HylaFAX's "ATDT%s@" the T, W, P and @ are dial modifiers, not commands. Case is kept
 * for the DCE, which matches on digits only. */
static at_parse_result parse_dial(parse_state *s, at_command *cmd)
{
    text_field value = field_open(cmd->value, sizeof(cmd->value));
    strcpy(cmd->name, "D");
    cmd->op = AT_OP_ACTION;
    advance(&s->at);
    return read_value(s, &value, 0);
}

/* ATSn? reads and ATSn=v writes S-register n (V.250 5.3.2): mgetty's init string
 * "ATS0=0Q0&D3&H3&N0&K4", HylaFAX's "ATS7=60" and "ATS8=2". Leading zeros of n are
 * dropped so that "S07" and "S7" reach the DCE as the same register. */
static at_parse_result parse_s_register(parse_state *s, at_command *cmd)
{
    cursor *c = &s->at;
    size_t start_col = column(c);
    text_field name = field_open(cmd->name, sizeof(cmd->name));
    text_field value = field_open(cmd->value, sizeof(cmd->value));
    char seen[16];
    int only_zeros = 0;

    field_put(&name, 'S');
    advance(c);
    if (!is_digit(peek(c))) {
        char problem[80];
        describe_char(peek(c), seen, sizeof(seen));
        snprintf(problem, sizeof(problem), "S needs a register number (S0=2, S0?), got %s", seen);
        return fail_at(s, column(c), problem);
    }
    while (peek(c) == '0') {
        only_zeros = 1;
        advance(c);
    }
    while (is_digit(peek(c))) {
        only_zeros = 0;
        if (field_put(&name, c->text[c->pos]) != 0) {
            char problem[64];
            snprintf(problem, sizeof(problem), "S-register number longer than %d digits",
                     AT_MAX_NAME - 2);
            return fail_at(s, start_col, problem);
        }
        advance(c);
    }
    if (only_zeros)
        field_put(&name, '0');

    int ch = peek(c);
    if (ch == '?') {
        advance(c);
        cmd->op = AT_OP_QUERY;
        return AT_PARSE_OK;
    }
    if (ch == '=') {
        advance(c);
        if (peek(c) == '?') {
            advance(c);
            cmd->op = AT_OP_TEST;
            return AT_PARSE_OK;
        }
        /* An empty value ("ATS0=") is passed on as ""; what it means is the DCE's call. */
        cmd->op = AT_OP_SET;
        return read_digits(s, &value);
    }
    char problem[80];
    describe_char(ch, seen, sizeof(seen));
    snprintf(problem, sizeof(problem), "%s needs '=' or '?', got %s", cmd->name, seen);
    return fail_at(s, column(c), problem);
}

/* Any other basic command: an optional prefix, a letter and its optional decimal
 * argument (ATE0, ATV1, ATQ0, ATH, ATI3, ATZ, AT&F, AT&D2, AT\Q3). Which letters exist
 * is the DCE's business; "E" with no digits is passed on with an empty value. */
static at_parse_result parse_basic(parse_state *s, at_command *cmd)
{
    cursor *c = &s->at;
    text_field name = field_open(cmd->name, sizeof(cmd->name));
    text_field value = field_open(cmd->value, sizeof(cmd->value));
    int ch = peek(c);

    if (is_basic_prefix(ch)) {
        int prefix = ch;
        field_put(&name, (char)prefix);
        advance(c);
        ch = peek(c);
        if (!is_letter(ch)) {
            char problem[64], seen[16];
            describe_char(ch, seen, sizeof(seen));
            snprintf(problem, sizeof(problem), "expected a letter after '%c', got %s", prefix,
                     seen);
            return fail_at(s, column(c), problem);
        }
    }
    field_put(&name, to_upper(ch));
    advance(c);
    cmd->op = AT_OP_ACTION;
    return read_digits(s, &value);
}

/* One command of any kind, chosen by its first character. */
static at_parse_result parse_command(parse_state *s, at_command *cmd)
{
    int ch = peek(&s->at);
    if (ch == '+')
        return parse_extended(s, cmd);
    if (ch == 'D' || ch == 'd')
        return parse_dial(s, cmd);
    if (ch == 'S' || ch == 's')
        return parse_s_register(s, cmd);
    if (is_letter(ch) || is_basic_prefix(ch))
        return parse_basic(s, cmd);

    char problem[64];
    snprintf(problem, sizeof(problem), "'%c' cannot start a command", ch);
    return fail_at(s, column(&s->at), problem);
}

/* The body after "AT": commands until the end of the line. A ';' between commands
 * is a separator; mgetty sends "AT+FAA=1;+FCR=1", and V.250 also allows one after a
 * basic command, so a stray one is simply skipped. */
static at_parse_result parse_body(parse_state *s)
{
    for (;;) {
        int ch = peek(&s->at);
        if (ch == END_OF_LINE)
            return AT_PARSE_OK;
        if (ch == ';') {
            advance(&s->at);
            continue;
        }
        if (s->out->count == AT_MAX_COMMANDS) {
            char problem[64];
            snprintf(problem, sizeof(problem), "more than %d commands on one line",
                     AT_MAX_COMMANDS);
            return fail_at(s, column(&s->at), problem);
        }
        at_parse_result r = parse_command(s, &s->out->commands[s->out->count]);
        if (r != AT_PARSE_OK)
            return r;
        s->out->count++;
    }
}

at_parse_result at_parse_line(const char *line, size_t len, at_line *out,
                              char *why, size_t why_size)
{
    parse_state s = {{line, len, 0}, out, why, why_size};
    if (why != NULL && why_size > 0)
        why[0] = '\0';
    if (out == NULL || (line == NULL && len > 0)) {
        say_why(&s, "no line or no place for the result");
        return AT_PARSE_ERROR;
    }
    memset(out, 0, sizeof(*out));

    if (len > AT_MAX_LINE) {
        say_why(&s, "line longer than %d characters", AT_MAX_LINE);
        return AT_PARSE_TOO_LONG;
    }
    /* V.250 5.2.1: "AT" or "at" (mixed case too) opens every command line. "A/"
     * (repeat the last line) is not supported: no DTE we know of sends it. */
    if (!has_at_prefix(line, len)) {
        say_why(&s, "the line does not start with \"AT\"");
        return AT_PARSE_NOT_AT;
    }
    at_parse_result r = check_bytes(&s);
    if (r == AT_PARSE_OK) {
        s.at.pos = 2;
        r = parse_body(&s);
    }
    if (r != AT_PARSE_OK)
        out->count = 0; /* executed whole or not at all */
    return r;
}

/* --- values, for the DCE ---------------------------------------------------------- */

static int digit_value(int ch, int base)
{
    int v = -1;
    if (ch >= '0' && ch <= '9')
        v = ch - '0';
    else if (ch >= 'a' && ch <= 'f')
        v = ch - 'a' + 10;
    else if (ch >= 'A' && ch <= 'F')
        v = ch - 'A' + 10;
    return v < base ? v : -1;
}

static const char *skip_spaces(const char *p)
{
    while (*p == ' ')
        p++;
    return p;
}

/* One field of a compound value, up to the next ',' or the end. An empty field is -1:
 * T.32 DTEs leave a field out to keep its current setting (MT5634 manual example
 * "AT+FIS=,,2,0"; efax sends only VR,BR,WD,LN). Returns the position after the field,
 * or NULL when it is not a number. */
static const char *parse_one_field(const char *p, int base, long *field)
{
    p = skip_spaces(p);
    *field = -1;
    if (*p == ',' || *p == '\0')
        return p;
    long n = 0;
    int digits = 0;
    for (int d; (d = digit_value((unsigned char)*p, base)) >= 0; p++, digits++) {
        if (n > (LONG_MAX - d) / base)
            return NULL;                 /* would overflow: no real parameter is this big */
        n = n * base + d;
    }
    if (digits == 0)
        return NULL;
    *field = n;
    return skip_spaces(p);
}

int at_parse_fields(const char *value, long fields[], int max, int base)
{
    if (value == NULL || max < 0 || (max > 0 && fields == NULL) || (base != 10 && base != 16))
        return -1;
    for (int i = 0; i < max; i++)
        fields[i] = -1;

    const char *p = skip_spaces(value);
    if (*p == '\0')
        return 0;                        /* "AT+FIS=": nothing given */
    for (int count = 0;; count++) {
        long field;
        if (count == max)
            return -1;                   /* more fields than the parameter has */
        p = parse_one_field(p, base, &field);
        if (p == NULL)
            return -1;
        fields[count] = field;
        if (*p == '\0')
            return count + 1;
        if (*p != ',')
            return -1;
        p++;
    }
}

int at_unquote(const char *value, char *out, size_t out_size)
{
    if (out == NULL || out_size == 0)
        return -1;
    out[0] = '\0';
    if (value == NULL)
        return -1;

    const char *text = value;
    size_t len = strlen(value);
    if (len > 0 && value[0] == '"') {
        /* One string constant, quote to quote. V.250 writes an inner quote as \22, so a
         * bare one in the middle means the value is not a single string. */
        if (len < 2 || value[len - 1] != '"' || memchr(value + 1, '"', len - 2) != NULL)
            return -1;
        text = value + 1;
        len -= 2;
    }
    if (len >= out_size)
        return -1;
    memcpy(out, text, len);
    out[len] = '\0';
    return 0;
}
