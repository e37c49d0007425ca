/*
 * Mutant no_send: the reference FSP without the FaxDevSend export.
 * Breaks EXP-1 (FaxDevSend is a required export); the host must name it.
 *
 * mutant-export: -FaxDevSend
 * breaks: EXP-1 FAIL
 */
