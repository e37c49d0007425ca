/*
 * check_harness.h - the one Check harness of every suite, in the manner of Wine's tests:
 * one shared main, named timeouts, a context that every failure message carries (which
 * mutant, which architecture, which point, and the command that replays it), and skips
 * counted and printed beside Check's summary instead of passing silently.
 *
 * A suite lists its tests in a table and hands it to harness_main():
 *
 *     START_TEST(abort_returns_before_send_finishes) { ... } END_TEST
 *     int main(void)
 *     {
 *         const harness_test tests[] = {
 *             {"aborts", abort_returns_before_send_finishes, TIMEOUT_HOST, 0, 2},
 *         };
 *         return harness_main("jobs", tests, HARNESS_COUNT(tests));
 *     }
 *
 * Inside a test, harness_context("x86, mutant %s", name) names the iteration for every
 * later failure message, harness_replay("fspconform ...") the command that replays it,
 * and harness_skip("no wine32") ends the test as skipped, with its reason.
 */
#ifndef FSPKIT_CHECK_HARNESS_H
#define FSPKIT_CHECK_HARNESS_H

#include <check.h>
#include <stddef.h>

/* Named timeouts (seconds): generous hang guards, never speed assertions. */
enum {
    TIMEOUT_UNIT = 10,          /* pure computation on small inputs */
    TIMEOUT_PROCESS = 60,       /* native processes (modem-sim) and large parser inputs */
    TIMEOUT_HEAVY = 120,        /* codecs and page generators on whole pages under ASan */
    TIMEOUT_SESSION = 120,      /* a fax session between native programs (efax, sendfax) */
    TIMEOUT_HOST = 300,         /* runs of fake-faxsvc under Wine */
    TIMEOUT_MODEM_SESSION = 900, /* fax sessions and race sweeps through modem-sim */
    TIMEOUT_MUTATION = 1800     /* every mutant's default run, one after another */
};

typedef struct harness_test {
    const char *tcase;          /* the group it is reported under */
    const TTest *test;          /* START_TEST's name */
    int timeout_s;              /* one of the TIMEOUT_* */
    int loop_start, loop_end;   /* a loop test over [start, end); 0, 0: a plain test */
} harness_test;

#define HARNESS_COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* Runs the tests, prints Check's summary line and then "N skipped" with the reasons.
 * Returns the exit status for main (0 when nothing failed). */
int harness_main(const char *suite, const harness_test *tests, size_t count);

/* The context of every failure message from here on (printf-style; "" clears it). */
void harness_context(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The command that replays what this test is doing, added to failure messages. */
void harness_replay(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "[context] (replay: ...)" for a failure message; "" when neither is set. */
const char *harness_where(void);

/* Ends the test as skipped with `reason` (counted and printed by harness_main). */
void harness_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* ck_assert_msg with the context and replay command appended. */
#define expect_that(cond, ...)                                                          \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            char harness_msg_[8192]; /* what Check keeps of a message */              \
            snprintf(harness_msg_, sizeof(harness_msg_), __VA_ARGS__);                  \
            ck_abort_msg("%s%s", harness_msg_, harness_where());                        \
        }                                                                               \
    } while (0)

#endif /* FSPKIT_CHECK_HARNESS_H */
