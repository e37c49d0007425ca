/*
 * fsc_scenario.h - scenario files (.fsc) for fake-faxsvc.exe: the parsed form (the AST)
 * and the functions that build it. The language is described for scenario writers in
 * docs/scenarios.md; this header is the contract for the code that runs scenarios.
 *
 * Portable C11, plain C library only: built with gcc for the Check tests and the fuzz
 * target, and with mingw-w64 (x86 and x64) for fake-faxsvc.exe.
 *
 * The code: fsc_lexer.c (lines into tokens), fsc_parse.c (tokens into the AST),
 * fsc_names.c (the vocabulary: FS_*, ERROR_*, statement and hold point names).
 *
 * Life of a scenario file:
 *   fsc_load() or fsc_parse()  the whole file is checked before anything runs; the first
 *                              error comes back as "FILE:LINE:COL: message" and nothing
 *                              is kept. On success every scenario is in an fsc_file.
 *   (the executor)             walks fsc_file.scenarios[i].body, statement by statement;
 *                              expands "${NAME}" in string operands with fsc_expand().
 *   fsc_file_free()            frees everything the parser allocated.
 *
 * Ownership: the fsc_file owns every string and array reachable from it (all malloc'd).
 * Nothing points into the text that was parsed, so the caller may free that at once.
 */
#ifndef FSPKIT_FSC_SCENARIO_H
#define FSPKIT_FSC_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* --- Limits (each one has its own error message) ------------------------------------ */

#define FSC_MAX_FILE_BYTES  (4u * 1024u * 1024u) /* a bigger file is refused */
#define FSC_MAX_SCENARIOS   1000    /* scenario blocks per file */
#define FSC_MAX_NESTING     64      /* repeat/race blocks inside one another, per scenario */
#define FSC_MAX_NAME        31      /* characters in a job or variable name */
#define FSC_MAX_JOBS        16      /* distinct job names per scenario */
#define FSC_MAX_VARIABLES   48      /* distinct `set` names per scenario */

/* Number ranges, inclusive. */
#define FSC_MS_MIN          1u      /* `within MS` */
#define FSC_MS_MAX          3600000u
#define FSC_COUNT_MIN       1u      /* repeat N, race fuzz N, expect-count N */
#define FSC_COUNT_MAX       100000u
#define FSC_DEVICE_MAX      4095u   /* start JOB device N: 0..4095 */
#define FSC_HOLD_PAGE_MAX   100000000u /* hold point page (from 1) and byte count (from 0), */
#define FSC_HOLD_BYTES_MAX  100000000u /* as modem-sim accepts them */
#define FSC_RING_ID_MAX     20      /* characters in `modem ring ... from "ID"` (a TSI) */

/* --- Statements ------------------------------------------------------------------------ */

/* One kind per statement form. fsc_op_name() gives the words as written ("modem hold"). */
typedef enum fsc_op {
    /* setup */
    FSC_OP_SET,             /* set NAME = "value" */
    FSC_OP_REGISTRY,        /* registry "KEY" "VALUE_NAME" = "text" | = dword N */
    FSC_OP_COPY,            /* copy "SRC" to "DST" */
    /* provider lifecycle */
    FSC_OP_VIRTUAL_DEVICES, /* virtual-devices [if-exported] [expect-count N] */
    FSC_OP_INIT,            /* init */
    FSC_OP_ENABLE_DEVICES,  /* enable-devices: LINE-2's call for every virtual device */
    FSC_OP_SHUTDOWN,        /* shutdown */
    FSC_OP_RUN,             /* run "COMMAND": a command line, e.g. what makes a device ring */
    FSC_OP_LINE_MISSING,    /* line-missing "PORT": the harness took the FSP's line away
                               (the host checks PORT cannot be opened); every send or
                               receive from here on is judged by RETRY-4 at its EndJob */
    /* jobs (every one names a job: fsc_stmt.job) */
    FSC_OP_START,           /* start JOB [device N] */
    FSC_OP_SEND,            /* send JOB "FILE" to "NUMBER" [refuse-callback] */
    FSC_OP_RECEIVE,         /* receive JOB "FILE" */
    FSC_OP_ANSWER,          /* answer JOB "FILE" [within MS] [optional]: wait for a virtual ring,
                               then start JOB on that device and receive (VDEV-8) */
    FSC_OP_WAIT,            /* wait JOB [within MS] */
    FSC_OP_ABORT,           /* abort JOB */
    FSC_OP_REPORT,          /* report JOB */
    FSC_OP_END_JOB,         /* end JOB  (a bare `end` closes a block and is no statement) */
    /* modem-sim's control socket (docs/control.md) */
    FSC_OP_MODEM_HOLD,      /* modem hold POINT [P [BYTES]] */
    FSC_OP_MODEM_WAIT_HELD, /* modem wait-held [within MS] */
    FSC_OP_MODEM_RELEASE,   /* modem release */
    FSC_OP_MODEM_RING,      /* modem ring "FILE" [from "ID"] */
    FSC_OP_MODEM_FAIL,      /* modem fail disconnect|rtn */
    FSC_OP_MODEM_GIVE_UP,   /* modem give-up */
    /* expectations (every one names a job) */
    FSC_OP_EXPECT_RETURNS,  /* expect JOB returns true|false [error E] [within MS] */
    FSC_OP_EXPECT_STATUS,   /* expect JOB status FS_X [then FS_Y ...] [within MS] */
    FSC_OP_EXPECT_FINAL,    /* expect JOB final FS_X [or FS_Y ...] */
    FSC_OP_EXPECT_SENT,     /* expect JOB sent "FILE": what modem-sim's remote received of
                               JOB's send, against FILE and what the job reported */
    /* blocks (the nested statements are in fsc_stmt.body) */
    FSC_OP_REPEAT,          /* repeat N ... end */
    FSC_OP_RACE_SWEEP,      /* race sweep ... end */
    FSC_OP_RACE_FUZZ,       /* race fuzz N ... end */
    FSC_OP_COUNT            /* not a statement: the number of kinds */
} fsc_op;

typedef enum fsc_registry_root {
    FSC_HKEY_CURRENT_USER,  /* written HKCU\... or HKEY_CURRENT_USER\... */
    FSC_HKEY_LOCAL_MACHINE  /* written HKLM\... or HKEY_LOCAL_MACHINE\... */
} fsc_registry_root;

typedef enum fsc_registry_type {
    FSC_REG_SZ,             /* = "text"  (REG_SZ; the text is expanded first) */
    FSC_REG_DWORD           /* = dword N (REG_DWORD, N in 0..4294967295) */
} fsc_registry_type;

/* modem-sim's hold points, in docs/control.md's order. */
typedef enum fsc_hold_kind {
    FSC_HOLD_AFTER_DIAL,
    FSC_HOLD_AFTER_CONNECT,
    FSC_HOLD_PHASE_B,
    FSC_HOLD_MID_PAGE,      /* page, bytes */
    FSC_HOLD_POST_PAGE_PPR, /* page */
    FSC_HOLD_BETWEEN_PAGES, /* page */
    FSC_HOLD_BEFORE_HANGUP,
    FSC_HOLD_RING,
    FSC_HOLD_ANSWERING,
    FSC_HOLD_RX_MID_PAGE,   /* page, bytes */
    FSC_HOLD_RX_POST_PAGE,  /* page */
    FSC_HOLD_ENDING,        /* the DTE's abort taken, the DCE's answer held back */
    FSC_HOLD_COUNT
} fsc_hold_kind;

typedef struct fsc_hold {
    fsc_hold_kind kind;
    uint32_t page;          /* 1..FSC_HOLD_PAGE_MAX for the points that take a page, else 0 */
    uint32_t bytes;         /* 0..FSC_HOLD_BYTES_MAX for mid-page and rx-mid-page, else 0 */
} fsc_hold;

typedef enum fsc_modem_failure {
    FSC_FAIL_DISCONNECT,    /* modem fail disconnect */
    FSC_FAIL_RTN            /* modem fail rtn */
} fsc_modem_failure;

typedef struct fsc_stmt fsc_stmt;

/* A sequence of statements, run in order. */
typedef struct fsc_block {
    fsc_stmt *items;        /* `count` statements (NULL when count is 0) */
    size_t count;
} fsc_block;

/*
 * One statement. Strings are UTF-8 and NUL-terminated, with the file's \" and \\
 * escapes already decoded and every "${NAME}" (and "$$") left as written: the executor
 * expands them with fsc_expand() when it runs the statement, never earlier, so a `set`
 * further up has taken effect. Which strings are paths, and what a relative path is
 * relative to, is in docs/scenarios.md ("Paths").
 *
 * "within_ms" members are 0 when the scenario gave no `within`: the executor then uses
 * its own default (--timeout-ms). A given value is in FSC_MS_MIN..FSC_MS_MAX.
 */
struct fsc_stmt {
    fsc_op op;
    unsigned line, column;  /* of the statement's first word, both counted from 1 */
    char *job;              /* the job's name for FSC_OP_START..FSC_OP_END_JOB and the
                               expectations; NULL for every other kind */
    fsc_block body;         /* the nested statements of REPEAT, RACE_SWEEP and RACE_FUZZ
                               (may be empty); empty for every other kind */
    union {
        struct {
            char *name;     /* a variable name: letters, digits, '_' (not first a digit) */
            char *value;
        } set;
        struct {
            fsc_registry_root root;
            char *subkey;   /* the key below the root, without a leading backslash,
                               e.g. "Software\\Vendor\\Fsp"; never empty */
            char *value_name; /* "" names the key's default value */
            fsc_registry_type type;
            char *text;     /* FSC_REG_SZ: the data; NULL for FSC_REG_DWORD */
            uint32_t dword; /* FSC_REG_DWORD: the data; 0 for FSC_REG_SZ */
        } registry;
        struct {
            char *command;      /* the command line, expanded when it runs; never empty */
        } run;
        struct {
            char *port;         /* the port the FSP's settings name, e.g. "COM5"; never empty */
        } line_missing;
        struct {
            char *source;       /* never empty */
            char *destination;  /* never empty */
        } copy;
        struct {
            int if_exported;         /* 1: `if-exported`: nothing when the DLL lacks it */
            int has_expected_count;  /* 1: `expect-count` was given */
            uint32_t expected_count; /* FSC_COUNT_MIN..FSC_COUNT_MAX when given, else 0 */
        } virtual_devices;
        struct {
            int has_device;     /* 1: `device N` was given */
            uint32_t device;    /* 0..FSC_DEVICE_MAX (0 when not given) */
        } start;
        struct {
            char *file;         /* the TIFF to send; never empty */
            char *number;       /* the number to dial; never empty */
            int refuse_callback; /* 1: `refuse-callback`: FaxSendCallback answers FALSE */
        } send;
        struct {
            char *file;         /* where the received fax goes; never empty */
        } receive;
        struct {
            char *file;         /* as for receive */
            uint32_t within_ms; /* how long to wait for the ring */
            int optional;       /* `optional`: no ring is a note that ends the scenario,
                                   not a failed expectation */
        } answer;
        struct {
            uint32_t within_ms;
        } wait;
        struct {
            fsc_hold point;
        } modem_hold;
        struct {
            uint32_t within_ms;
        } modem_wait_held;
        struct {
            char *file;         /* a TIFF on modem-sim's side; never empty */
            char *caller_id;    /* the caller's TSI, or NULL when `from` was not given */
        } modem_ring;
        struct {
            fsc_modem_failure failure;
        } modem_fail;
        struct {
            int value;          /* 1: `returns true`, 0: `returns false` */
            int has_error;      /* 1: `error E` was given (only with `returns false`) */
            uint32_t error;     /* the GetLastError() code expected, e.g. 995 */
            uint32_t within_ms;
        } expect_returns;
        struct {
            uint32_t *statuses; /* FS_* values to see in this order, others between
                                   allowed; fsc_status_name() names them */
            size_t count;       /* >= 1 */
            uint32_t within_ms;
        } expect_status;
        struct {
            uint32_t *statuses; /* the last status must be one of these */
            size_t count;       /* >= 1 */
        } expect_final;
        struct {
            char *file;         /* the document the send was given; never empty */
        } expect_sent;
        struct {
            uint32_t count;     /* how many times the body runs: FSC_COUNT_MIN..MAX */
        } repeat;
        struct {
            uint32_t schedules; /* RACE_FUZZ: random schedules to run, FSC_COUNT_MIN..MAX */
        } race_fuzz;            /* (RACE_SWEEP has no operand) */
    } as;
};

typedef struct fsc_scenario {
    char *name;             /* unique within the file, never empty; not expanded */
    unsigned line, column;  /* of the `scenario` word */
    fsc_block body;
} fsc_scenario;

typedef struct fsc_file {
    char *path;             /* the path given to fsc_parse()/fsc_load(), for messages */
    char *folder;           /* path's folder, for relative input paths: "dir/sub" for
                               "dir/sub/a.fsc", "." for "a.fsc", "/" for "/a.fsc",
                               "C:\\" for "C:\\a.fsc". As relative as `path` was. */
    fsc_scenario *scenarios;
    size_t scenario_count;  /* >= 1 after a successful parse */
} fsc_file;

/* --- Parsing -------------------------------------------------------------------------- */

/*
 * Parses `size` bytes of `text` (need not be NUL-terminated; a NUL byte in it is an
 * error). `path` names the text in messages and gives fsc_file.folder.
 * Returns 0 and fills *out, or returns -1, leaves *out zeroed (safe to fsc_file_free)
 * and writes one line to `why`: "PATH:LINE:COL: message" for an error in the text (the
 * parser stops at the first), "PATH: message" for one that has no place (too large, out
 * of memory). `why` is always NUL-terminated and truncated to `why_size`; it may be NULL
 * when why_size is 0. 512 bytes hold every message when the path is under 80 bytes.
 */
int fsc_parse(const char *path, const char *text, size_t size, fsc_file *out,
              char *why, size_t why_size);

/* The same, for a runner that provides more variables than the built-in ones (e.g.
 * fake-faxsvc.exe --var NAME=VALUE): `given_variables` is a NULL-terminated list of
 * their names (or NULL), which `${NAME}` may then use without a `set`. */
int fsc_parse_with(const char *path, const char *text, size_t size,
                   const char *const *given_variables, fsc_file *out, char *why,
                   size_t why_size);
int fsc_load_with(const char *path, const char *const *given_variables, fsc_file *out,
                  char *why, size_t why_size);

/* Reads the file at `path` with stdio and parses it. Errors as fsc_parse(); one that is
 * about reading is "PATH: cannot open (reason)" or "PATH: cannot read (reason)".
 * On Windows, fopen() takes the path in the ANSI code page: for a path that may hold
 * other characters, read the file yourself (_wfopen) and call fsc_parse(). */
int fsc_load(const char *path, fsc_file *out, char *why, size_t why_size);

/* Frees everything in *file and zeroes it. Safe on a zeroed fsc_file, and twice. */
void fsc_file_free(fsc_file *file);

/* --- Names, for logs and messages ----------------------------------------------------- */

/* "send", "modem hold", "expect returns", "race fuzz", ...; "?" outside the enum. */
const char *fsc_op_name(fsc_op op);

typedef struct fsc_name {
    const char *name;
    uint32_t value;
} fsc_name;

/* The FS_* status codes a scenario may name (include/faxdev.h's list), and the Win32
 * ERROR_* codes `expect ... error NAME` accepts. Each returns the table and its length. */
const fsc_name *fsc_status_table(size_t *count);
const fsc_name *fsc_error_table(size_t *count);

/* "FS_COMPLETED" for 0x20000008; NULL for a value not in the table. */
const char *fsc_status_name(uint32_t status);
/* "ERROR_OPERATION_ABORTED" for 995; NULL for a value not in the table. */
const char *fsc_error_name(uint32_t code);

/* "mid-page"; "?" outside the enum. */
const char *fsc_hold_name(fsc_hold_kind kind);
/* The control-socket form of a hold point, "mid-page 1 4096" (what `hold` takes).
 * Returns the length it needed, as snprintf does. */
int fsc_hold_format(const fsc_hold *hold, char *buf, size_t size);

/* 1 when NAME is one of the variables fake-faxsvc.exe provides (TMP, DOCS, MODEM_TCP,
 * MODEM_COM, MODEM_PORT), which a scenario may use without `set` and may not `set`. */
int fsc_is_builtin_variable(const char *name);
/* The same for `length` characters of a name that need not be NUL-terminated. */
int fsc_is_builtin_name(const char *name, size_t length);
#define FSC_BUILTIN_LIST "TMP, DOCS, MODEM_TCP, MODEM_COM, MODEM_PORT"

/* How many numbers a hold point takes (0, 1: page, 2: page and bytes), and modem-sim's
 * own words for them ("a page number (from 1) and a byte count"). */
int fsc_hold_numbers(fsc_hold_kind kind);
const char *fsc_hold_takes(fsc_hold_kind kind);

/* --- Variables at run time ------------------------------------------------------------ */

/* Returns the value of variable `name`, or NULL when it has none. */
typedef const char *(*fsc_lookup_fn)(void *context, const char *name);

/*
 * Expands a string operand: each "${NAME}" becomes lookup(context, "NAME") inserted as
 * it is (values are not expanded again), "$$" becomes "$", and any other "$" stays.
 * Returns a malloc'd string, or NULL with "unknown variable 'NAME'", a syntax problem
 * (never for strings the parser accepted) or "out of memory" in `why`.
 */
char *fsc_expand(const char *text, fsc_lookup_fn lookup, void *context,
                 char *why, size_t why_size);

/* --- The lexer (fsc_lexer.c) -----------------------------------------------------------
 * Used by fsc_parse.c and its tests; the executor needs none of it. It lives in this
 * header because common/ keeps its headers in include/.
 *
 * The lexer hands out one line at a time as tokens: words (anything between blanks,
 * quotes, '=' and '#': commands, job names, numbers, FS_* names), quoted strings
 * (decoded), and '='. A '#' outside a string starts a comment to the end of the line.
 * Lines that hold no token are skipped. Columns count characters from 1 (a tab is one).
 */

typedef enum fsc_token_kind {
    FSC_TOKEN_WORD,
    FSC_TOKEN_STRING,
    FSC_TOKEN_EQUALS
} fsc_token_kind;

/* A "${NAME}" inside a string token. */
typedef struct fsc_reference {
    const char *name;       /* into the parsed text, NOT NUL-terminated */
    size_t length;
    unsigned column;        /* of the '$' */
} fsc_reference;

typedef struct fsc_token {
    fsc_token_kind kind;
    unsigned column;        /* first character; for a string, its opening quote */
    const char *text;       /* NUL-terminated, valid until the next line: a word as
                               written, a string decoded (without its quotes), "=" */
    size_t length;          /* of text (a decoded string may hold no NUL: it is refused) */
    int has_dollar;         /* a string holds '$' (a reference, "$$" or a plain '$') */
    size_t first_reference; /* its references: lexer.references[first .. first+count) */
    size_t reference_count;
} fsc_token;

typedef struct fsc_lexer {
    const char *text;       /* the whole input */
    size_t size;
    size_t pos;             /* where the next line starts */
    unsigned line;          /* number of the line last read (from 1) */
    unsigned end_column;    /* the column just after that line's last token */
    fsc_token *tokens;      /* the line's tokens */
    size_t count, token_capacity;
    fsc_reference *references;
    size_t reference_count, reference_capacity;
    char *scratch;          /* token texts of the current line */
    size_t scratch_size;
    unsigned error_line, error_column;
    char error[192];        /* the message of a -1 from fsc_lexer_next_line */
} fsc_lexer;

void fsc_lexer_init(fsc_lexer *lexer, const char *text, size_t size);
/* Reads the next line that holds tokens. Returns 1 (lexer->tokens[0..count)), 0 at the
 * end of the text (lexer->line and end_column then give the end's position), or -1 with
 * error_line, error_column and error set (error_line 0: out of memory). */
int fsc_lexer_next_line(fsc_lexer *lexer);
void fsc_lexer_free(fsc_lexer *lexer);

#ifdef __cplusplus
}
#endif

#endif /* FSPKIT_FSC_SCENARIO_H */
