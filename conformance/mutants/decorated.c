/*
 * Mutant decorated: the reference FSP exporting stdcall-decorated names only
 * (_FaxDevSend@12 ...), as an x86 build without a .def file does.
 * Breaks EXP-4 (the service looks up plain names) and so EXP-1.
 *
 * mutant-export: decorate-all
 * breaks: EXP-4 WARN
 */
