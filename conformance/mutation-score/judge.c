/*
 * judge.c - one mutant's run against its declarations (see judge.h).
 *
 * The report's clause lines are "CLAUSE STATUS STRENGTH TEXT" (clause_report.c); a
 * mutant is caught when each clause it declares has a line at the declared status. It
 * is caught for the wrong clause when the report has a FAIL elsewhere or a declared clause
 * at the other level (a WARN-declared mutant that got a FAIL: the clause table and the
 * rule disagree, and one of them is wrong). Anything else survived: no FAIL, and WARNs
 * only where an FSP without the defect may get them too.
 */
#include "judge.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* The line after `line`, or NULL at the end. */
static const char *next_line(const char *line)
{
    const char *end = strchr(line, '\n');
    return end && end[1] ? end + 1 : NULL;
}

/* Reads the report line at `line` (up to its newline): 1 when it is a clause line with a
 * FAIL or WARN, its clause and status in the buffers. */
static int breach_line(const char *line, char clause[16], char status[8])
{
    if (!isupper((unsigned char)line[0]))
        return 0;
    if (sscanf(line, "%15s %7s", clause, status) != 2 || !strchr(clause, '-'))
        return 0;
    return strcmp(status, "FAIL") == 0 || strcmp(status, "WARN") == 0;
}

static int report_has(const char *report, const char *clause, const char *level)
{
    char c[16], s[8];
    for (const char *line = *report ? report : NULL; line; line = next_line(line))
        if (breach_line(line, c, s) && strcmp(c, clause) == 0 && strcmp(s, level) == 0)
            return 1;
    return 0;
}

/* A declared clause in the report at another level than declared. */
static int declared_elsewhere(const char *report, const mutant_decl *decl)
{
    for (size_t i = 0; i < decl->breach_count; i++) {
        const char *other = strcmp(decl->breaks[i].level, "FAIL") == 0 ? "WARN" : "FAIL";
        if (report_has(report, decl->breaks[i].clause, other))
            return 1;
    }
    return 0;
}

/* "ERR-1 FAIL, SHUT-1 WARN" - every breach line of the report, into buf. */
static size_t list_breaches(const char *report, char *buf, size_t size)
{
    char c[16], s[8];
    size_t n = 0, len = 0;
    buf[0] = '\0';
    for (const char *line = *report ? report : NULL; line; line = next_line(line))
        if (breach_line(line, c, s) && len + 32 < size) {
            len += (size_t)snprintf(buf + len, size - len, "%s%s %s", n ? ", " : "", c, s);
            n++;
        }
    return n;
}

/* fspconform's progress on stderr ("fspconform: [3/20] ...", "fspconform:     1.2 s: ..."),
 * not what it or the host had to say. */
static int progress_line(const char *line)
{
    return strncmp(line, "fspconform: [", 13) == 0 || strncmp(line, "fspconform:   ", 14) == 0;
}

/* The last line of stderr that is not progress nor empty, into buf: why a DLL could not
 * be hosted. */
static void last_said(const char *err, char *buf, size_t size)
{
    buf[0] = '\0';
    for (const char *line = *err ? err : NULL; line; line = next_line(line)) {
        size_t len = strcspn(line, "\r\n");
        if (len > 0 && !progress_line(line))
            snprintf(buf, size, "%.*s", (int)len, line);
    }
}

/* The report's last line: fspconform's verdict ("fspconform: PASS - ..."). */
static void verdict_line(const char *report, char *buf, size_t size)
{
    const char *v = strstr(report, "fspconform: ");
    for (const char *next = v; next; next = strstr(next + 1, "fspconform: "))
        v = next;
    snprintf(buf, size, "%.*s", v ? (int)strcspn(v, "\n") : 0, v ? v : "");
}

void mutant_judge(const mutant_decl *decl, const proc_result *r, mutant_judgement *j)
{
    char breaches[512], verdict[256];
    size_t found = list_breaches(r->out, breaches, sizeof(breaches));
    verdict_line(r->out, verdict, sizeof(verdict));
    memset(j, 0, sizeof(*j));
    if (r->timed_out || r->exit_code < 0) {
        j->outcome = MUTANT_NO_RUN;
        snprintf(j->detail, sizeof(j->detail), "the run %s", r->timed_out
                 ? "did not end within the hang guard" : "was killed");
        return;
    }
    if (decl->not_a_breach) {
        /* the kit must not blame the FSP: a DLL it cannot host is an environment error
         * (exit 2), one that tests the kit's own defences gets no FAIL */
        int fails = strstr(breaches, " FAIL") != NULL;
        j->outcome = (r->exit_code == 0 || r->exit_code == 2) && !fails ? MUTANT_AS_DECLARED
                                                                       : MUTANT_NOT_AS_DECLARED;
        /* what fspconform said last: the error line of a DLL it cannot host */
        char said[256];
        last_said(r->err, said, sizeof(said));
        snprintf(j->detail, sizeof(j->detail), "exit %d%s%s; %s", r->exit_code,
                 found ? ", " : "", breaches, said[0] ? said : verdict);
        return;
    }
    if (r->exit_code == 2 || (r->exit_code == 1 && found == 0)) {
        /* nothing judged: the kit could not host it (exit 2), or stopped with a FAIL of
         * its own and no clause line - neither says whether the suite catches it */
        char said[256];
        last_said(r->err, said, sizeof(said));
        j->outcome = MUTANT_NO_RUN;
        snprintf(j->detail, sizeof(j->detail), "exit %d with no clause judged; %s",
                 r->exit_code, said[0] ? said : verdict[0] ? verdict : "no report");
        return;
    }
    size_t held = 0;
    char declared[256] = "";
    for (size_t i = 0; i < decl->breach_count; i++) {
        const mutant_breach *b = &decl->breaks[i];
        held += report_has(r->out, b->clause, b->level);
        snprintf(declared + strlen(declared), sizeof(declared) - strlen(declared), "%s%s %s",
                 i ? ", " : "", b->clause, b->level);
    }
    if (held == decl->breach_count) {
        j->outcome = MUTANT_CAUGHT;
        snprintf(j->detail, sizeof(j->detail), "%s", declared);
    } else if (strstr(breaches, " FAIL") || declared_elsewhere(r->out, decl)) {
        j->outcome = MUTANT_WRONG;
        snprintf(j->detail, sizeof(j->detail), "declares %s; the report has %s", declared,
                 breaches);
    } else {
        j->outcome = MUTANT_SURVIVED;
        snprintf(j->detail, sizeof(j->detail), "declares %s; %s", declared,
                 verdict[0] ? verdict : "no report");
    }
}

const char *mutant_outcome_name(mutant_outcome outcome)
{
    static const char *const names[] = {"caught", "WRONG CLAUSE", "SURVIVED", "as declared",
                                        "NOT AS DECLARED", "NO RUN"};
    return names[outcome];
}

int mutant_outcome_good(mutant_outcome outcome)
{
    return outcome == MUTANT_CAUGHT || outcome == MUTANT_AS_DECLARED;
}
