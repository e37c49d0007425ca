# FSP Conformance Kit - one build for the Windows pieces (mingw-w64, x64 and x86) and
# the native pieces (gcc, Check, libtiff), and the commands that run them under a
# project-private Wine. README.md explains every target.
#
#   make            build everything (installs missing Debian packages first)
#   make conform    run the conformance suite against the reference FSP, per clause
#   make check      build and run every test
#   make bench      run every benchmark under bench/, merged into build/bench/results.json
#   make clean      remove build/ (the Wine prefix too)

BUILD   ?= build
ARCHES  := x64 x86
NATIVE  := $(BUILD)/native

CC_x64      := x86_64-w64-mingw32-gcc
CC_x86      := i686-w64-mingw32-gcc
DLLTOOL_x64 := x86_64-w64-mingw32-dlltool
DLLTOOL_x86 := i686-w64-mingw32-dlltool

WARN        := -Wall -Wextra -Werror
WIN_CFLAGS  := -std=c11 -O2 -g $(WARN) -DUNICODE -D_UNICODE -D_WIN32_WINNT=0x0601 \
               -D__USE_MINGW_ANSI_STDIO=1 -Iinclude -MMD -MP
WIN_LDFLAGS := -static-libgcc
# x86: a .def file names the plain exports (EXP-4); let ld bind them to the stdcall
# symbols (_FaxDevSend@12) without a warning per export.
WIN_LDFLAGS_x86 := -Wl,--enable-stdcall-fixup
WIN_LDFLAGS_x64 :=

# Native test builds run under AddressSanitizer and UBSan. pkg-config is read lazily
# (=, not :=) so that it runs after the dependency step has installed it.
NATIVE_CC      := gcc
SANITIZE       := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
NATIVE_CFLAGS   = -std=c11 -g -O1 $(WARN) $(SANITIZE) -D_POSIX_C_SOURCE=200809L \
                  -Iinclude -Ifake-faxsvc -Iharness -Iconformance/lib -Iconformance/tests/support \
                  -Imodem-sim/tests/support -Ifaxpage/tests/support -Ifaxpage -Itestpage -Imodem-sim \
                  -Ireference-fsp -MMD -MP \
                  $(shell pkg-config --cflags check libtiff-4)
NATIVE_LDLIBS   = $(SANITIZE) $(shell pkg-config --libs check libtiff-4) -lm

DEPS_STAMP := $(BUILD)/.deps-installed
RIG        := tools/wine-rig.sh

.PHONY: all windows native fuzz fuzz-build fuzz-seeds fuzz-smoke memcheck deps wine-prefix check soak \
        conform bench clean install uninstall dist timeline-check mutation
all: windows native docs/clauses.md
	@sed -n 's/^no: \(.*\)/x86: skipped (x86 DLLs are built but cannot run): \1/p' $(BUILD)/wine32.status

# --- Debian packages: one list (tools/debian-packages.txt), installed when missing ----
$(DEPS_STAMP): tools/debian-packages.txt tools/install-deps.sh
	@mkdir -p $(BUILD)
	sh tools/install-deps.sh $(BUILD)
	@touch $@
deps: $(DEPS_STAMP)

# --- Windows side, once per architecture ---------------------------------------------
COMMON_SRC   := $(wildcard common/*.c)
# The host's rules (one module per clause family) are portable: the native tests judge
# made-up facts with them, and fspconform judges a host that ended early.
RULES_SRC    := $(wildcard fake-faxsvc/rules/*.c)
HOST_SRC     := $(wildcard fake-faxsvc/*.c) $(RULES_SRC) $(COMMON_SRC)
# The reference FSP: its own sources plus faxpage (pages, T.4, TIFF) and a static libtiff
# cross-built from Debian's own source package by tools/build-libtiff-mingw.sh. The
# library is its own stamp: the script replaces it only after a complete, checked build.
REFSP_SRC    := $(wildcard reference-fsp/*.c) $(wildcard faxpage/*.c)
LIBTIFF_SRC_STAMP := $(wildcard $(BUILD)/libtiff-src/source.stamp)
LIBTIFF_A     = $(BUILD)/$(1)/libtiff/lib/libtiff.a
LIBTIFF_LINK  = $(BUILD)/$(1)/libtiff/lib/libtiff.a -Wl,--exclude-libs,libtiff.a
MUTANT_SRC   := $(wildcard conformance/mutants/*.c)
MUTANT_NAMES := $(basename $(notdir $(MUTANT_SRC)))
VFSP_SRC     := $(wildcard conformance/testfsp/*.c)
VFSP_MUTANT_NAMES := $(basename $(notdir $(wildcard conformance/testfsp/mutants/*.c)))
# The reference FSP's mutants that break the contract only on the line: judged by the
# modem battery at the far end (check_battery), not at loading.
MODEM_MUTANT_NAMES := $(basename $(notdir $(wildcard conformance/modem-mutants/*.c)))
# Correct FSPs that differ from vfsp where the contract leaves a choice: the kit must not
# blame them. Built the same way as mutants.
VFSP_VARIANT_NAMES := $(basename $(notdir $(wildcard conformance/testfsp/variants/*.c)))

# $(call mutant_family,ARCH,SOURCE_DIR,OUT_DIR,BASE_SOURCES,BASE_DEF) - mutants: a base
# FSP's objects plus one breach each (SOURCE_DIR/*.c); the export list is derived from
# the base's .def by tools/mutant-def.sh, so the two never drift apart. A mutant that
# links more says so in its source, in a line "mutant-link: FLAGS" (a library, or
# -Wl,--wrap=f to put its breach between two of the base's own files).
# $(6) is what the base links besides its objects (the reference FSP: libtiff).
define mutant_family
$(BUILD)/$(1)/$(3)/%.def: $(2)/%.c $(5) tools/mutant-def.sh
	@mkdir -p $$(dir $$@)
	sh tools/mutant-def.sh $(5) $$< > $$@

$(BUILD)/$(1)/$(3)/%.dll: $(BUILD)/$(1)/obj/$(2)/%.o $(4:%.c=$(BUILD)/$(1)/obj/%.o) \
		$(BUILD)/$(1)/$(3)/%.def $(BUILD)/$(1)/mutants/libfspkit_absent.a
	$$(CC_$(1)) -shared $$(WIN_LDFLAGS) $$(WIN_LDFLAGS_$(1)) $$(filter-out %.a,$$^) \
		-L$(BUILD)/$(1)/mutants $$(shell sed -n 's/.*mutant-link:\(.*\)/\1/p' $(2)/$$*.c) \
		$(6) -lws2_32 -o $$@
endef

# $(call windows_arch,ARCH) - the rules for one mingw architecture.
define windows_arch
$(BUILD)/$(1)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $$(dir $$@)
	$$(CC_$(1)) $$(WIN_CFLAGS) -Ireference-fsp -Iconformance/testfsp -c $$< -o $$@

$(BUILD)/$(1)/fake-faxsvc.exe: $(HOST_SRC:%.c=$(BUILD)/$(1)/obj/%.o)
	$$(CC_$(1)) -municode $$(WIN_LDFLAGS) $$(WIN_LDFLAGS_$(1)) $$^ -lws2_32 -lntdll -o $$@

$(call LIBTIFF_A,$(1)): tools/build-libtiff-mingw.sh $(LIBTIFF_SRC_STAMP) | $(DEPS_STAMP)
	FSPKIT_BUILD=$(BUILD) bash tools/build-libtiff-mingw.sh $(1) $(BUILD)/$(1)/libtiff

# The reference FSP's objects (and faxpage's, compiled for it) see libtiff's headers.
$(REFSP_SRC:%.c=$(BUILD)/$(1)/obj/%.o) $(BUILD)/$(1)/obj/reference-fsp/tests/document_probe.o: \
	WIN_CFLAGS += -Ifaxpage -I$(BUILD)/$(1)/libtiff/include
$(REFSP_SRC:%.c=$(BUILD)/$(1)/obj/%.o) $(BUILD)/$(1)/obj/reference-fsp/tests/document_probe.o: \
	| $(call LIBTIFF_A,$(1))

$(BUILD)/$(1)/refsp.dll: $(REFSP_SRC:%.c=$(BUILD)/$(1)/obj/%.o) reference-fsp/refsp.def \
		$(call LIBTIFF_A,$(1))
	$$(CC_$(1)) -shared $$(WIN_LDFLAGS) $$(WIN_LDFLAGS_$(1)) $$(filter-out %.a,$$^) \
		$(call LIBTIFF_LINK,$(1)) -lws2_32 -o $$@
$(MUTANT_NAMES:%=$(BUILD)/$(1)/mutants/%.dll): $(call LIBTIFF_A,$(1))
$(MODEM_MUTANT_NAMES:%=$(BUILD)/$(1)/modem-mutants/%.dll): $(call LIBTIFF_A,$(1))
# Modem mutants reach into the reference FSP's documents (document.h: faxpage's pages).
$(BUILD)/$(1)/obj/conformance/modem-mutants/%.o: WIN_CFLAGS += -Ifaxpage

# Probes of the reference FSP's pieces under Wine (reference-fsp/tests/*_probe.c).
$(BUILD)/$(1)/probes/line_probe.exe: $(BUILD)/$(1)/obj/reference-fsp/tests/line_probe.o \
		$(BUILD)/$(1)/obj/reference-fsp/line.o
	@mkdir -p $$(dir $$@)
	$$(CC_$(1)) -municode $$(WIN_LDFLAGS) $$(WIN_LDFLAGS_$(1)) $$^ -lws2_32 -o $$@
$(BUILD)/$(1)/probes/document_probe.exe: $(BUILD)/$(1)/obj/reference-fsp/tests/document_probe.o \
		$(BUILD)/$(1)/obj/reference-fsp/document.o $(patsubst %.c,$(BUILD)/$(1)/obj/%.o,$(wildcard faxpage/*.c)) \
		$(call LIBTIFF_A,$(1))
	@mkdir -p $$(dir $$@)
	$$(CC_$(1)) -municode -static $$(WIN_LDFLAGS) $$(WIN_LDFLAGS_$(1)) $$(filter-out %.a,$$^) \
		$(call LIBTIFF_LINK,$(1)) -o $$@

$(BUILD)/$(1)/vfsp.dll: $(VFSP_SRC:%.c=$(BUILD)/$(1)/obj/%.o) conformance/testfsp/vfsp.def
	$$(CC_$(1)) -shared $$(WIN_LDFLAGS) $$(WIN_LDFLAGS_$(1)) $$^ -o $$@

$(BUILD)/$(1)/mutants/libfspkit_absent.a: conformance/mutants/fspkit_absent.def | $(DEPS_STAMP)
	@mkdir -p $$(dir $$@)
	$$(DLLTOOL_$(1)) -d $$< -l $$@

$(call mutant_family,$(1),conformance/mutants,mutants,$(REFSP_SRC),reference-fsp/refsp.def,$(call LIBTIFF_LINK,$(1)))
$(call mutant_family,$(1),conformance/modem-mutants,modem-mutants,$(REFSP_SRC),reference-fsp/refsp.def,$(call LIBTIFF_LINK,$(1)))
$(call mutant_family,$(1),conformance/testfsp/mutants,vfsp-mutants,$(VFSP_SRC),conformance/testfsp/vfsp.def)
$(call mutant_family,$(1),conformance/testfsp/variants,vfsp-variants,$(VFSP_SRC),conformance/testfsp/vfsp.def)
# make bench's yardstick: the reference FSP with SampleFSP's polled abort (bench/poller/).
$(call mutant_family,$(1),bench/poller,bench,$(REFSP_SRC),reference-fsp/refsp.def,$(call LIBTIFF_LINK,$(1)))
$(BUILD)/$(1)/bench/poller_fsp.dll: $(call LIBTIFF_A,$(1))

WINDOWS_TARGETS += $(BUILD)/$(1)/fake-faxsvc.exe $(BUILD)/$(1)/refsp.dll $(BUILD)/$(1)/vfsp.dll \
                   $(if $(wildcard reference-fsp/tests/line_probe.c),$(BUILD)/$(1)/probes/line_probe.exe) \
                   $(if $(wildcard reference-fsp/tests/document_probe.c),$(BUILD)/$(1)/probes/document_probe.exe) \
                   $(MUTANT_NAMES:%=$(BUILD)/$(1)/mutants/%.dll) \
                   $(MODEM_MUTANT_NAMES:%=$(BUILD)/$(1)/modem-mutants/%.dll) \
                   $(VFSP_MUTANT_NAMES:%=$(BUILD)/$(1)/vfsp-mutants/%.dll) \
                   $(VFSP_VARIANT_NAMES:%=$(BUILD)/$(1)/vfsp-variants/%.dll)
endef
$(foreach arch,$(ARCHES),$(eval $(call windows_arch,$(arch))))

windows: $(WINDOWS_TARGETS)

# --- Native side ------------------------------------------------------------------------
# Every native .c file that is not a program's main goes into one archive; programs and
# test binaries link against it and get only the objects they use.
NATIVE_LIB_SRC := $(COMMON_SRC) $(RULES_SRC) $(wildcard conformance/lib/*.c faxpage/*.c) \
                  $(wildcard reference-fsp/class20_dte*.c reference-fsp/document.c) \
                  $(filter-out %/main.c,$(wildcard testpage/*.c modem-sim/*.c))
NATIVE_LIB     := $(NATIVE)/libfspkit.a
NATIVE_PROGS   := $(NATIVE)/fspconform $(NATIVE)/modem-sim $(NATIVE)/fax-testpage \
                  $(NATIVE)/clause-trace $(NATIVE)/mutation-score
TEST_SRC       := $(wildcard conformance/tests/check_*.c fake-faxsvc/tests/check_*.c faxpage/tests/check_*.c \
                             testpage/tests/check_*.c modem-sim/tests/check_*.c \
                             reference-fsp/tests/check_*.c harness/tests/check_*.c)
# Test helpers live beside the tests that use them; every suite links all of them.
TEST_SUPPORT_SRC := $(wildcard harness/*.c conformance/tests/support/*.c \
                               modem-sim/tests/support/*.c faxpage/tests/support/*.c)
TEST_SUPPORT_OBJ := $(patsubst %.c,$(NATIVE)/obj/%.o,$(TEST_SUPPORT_SRC))
TEST_BINS      := $(foreach t,$(TEST_SRC),$(NATIVE)/tests/$(basename $(notdir $(t))))
# `make check` runs its suites in four lanes side by side (tools/run-tests.sh), each lane
# one suite after another. The suites that run Wine make three of them, each on a Wine
# prefix of its own: suites on one prefix would share vfsp's inbox folder, the prefix's
# lock and COM port mappings that Wine's mount manager may rewrite when other Wine
# processes start (a COM session failed when two ran at once). The native suites make the
# fourth. check_mutation's mutation-score runs its mutants on prefixes of its own too
# (the lane's path with -mutants-K added).
# Balanced by measured time, x86 included (2026-12-02): check_battery ~620 s alone;
# check_jobs 380 + check_refsp 160 + check_hostile 36 + check_loading 4 + check_manpages 2.
WINE_TEST_LANE_1 := $(addprefix $(NATIVE)/tests/,check_jobs check_refsp check_hostile \
                      check_loading check_manpages)
WINE_TEST_LANE_2 := $(addprefix $(NATIVE)/tests/,check_battery check_install)
WINE_TEST_LANE_3 := $(addprefix $(NATIVE)/tests/,check_mutation)
WINE_TEST_BINS   := $(WINE_TEST_LANE_1) $(WINE_TEST_LANE_2) $(WINE_TEST_LANE_3)

$(NATIVE)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(NATIVE_CC) $(NATIVE_CFLAGS) -c $< -o $@

$(NATIVE_LIB): $(NATIVE_LIB_SRC:%.c=$(NATIVE)/obj/%.o)
	@rm -f $@
	ar rcs $@ $^

# The built-in battery's scenario files, where fspconform looks for them: beside it,
# in ../share/fspkit/battery (build/share here, PREFIX/share once installed).
BATTERY_FILES := $(patsubst conformance/battery/%,$(BUILD)/share/fspkit/battery/%,\
                   $(wildcard conformance/battery/*.fsc conformance/battery/*.dialplan))
$(BUILD)/share/fspkit/battery/%: conformance/battery/%
	@mkdir -p $(dir $@)
	cp $< $@

$(NATIVE)/fspconform: $(patsubst %.c,$(NATIVE)/obj/%.o,$(wildcard conformance/fspconform/*.c)) \
                      $(NATIVE_LIB) $(BATTERY_FILES)
	$(NATIVE_CC) $(filter %.o %.a,$^) $(NATIVE_LDLIBS) -o $@
$(NATIVE)/modem-sim: $(NATIVE)/obj/modem-sim/main.o $(NATIVE_LIB)
	$(NATIVE_CC) $^ $(NATIVE_LDLIBS) -o $@
$(NATIVE)/fax-testpage: $(NATIVE)/obj/testpage/main.o $(NATIVE_LIB)
	$(NATIVE_CC) $^ $(NATIVE_LDLIBS) -o $@
$(NATIVE)/clause-trace: $(patsubst %.c,$(NATIVE)/obj/%.o,$(wildcard conformance/clause-trace/*.c)) \
                        $(NATIVE_LIB)
	$(NATIVE_CC) $^ $(NATIVE_LDLIBS) -o $@

$(NATIVE)/mutation-score: $(patsubst %.c,$(NATIVE)/obj/%.o,$(wildcard conformance/mutation-score/*.c)) \
                          $(NATIVE_LIB)
	$(NATIVE_CC) $^ $(NATIVE_LDLIBS) -o $@

# The traceability matrix, from the sources it traces (check_clauses: never stale).
TRACED_SRC := common/fsp_clauses.c conformance/lib/battery.c conformance/lib/clause_report.c \
              conformance/unjudged.txt $(wildcard fake-faxsvc/rules/*.c conformance/scenarios/*.fsc \
              */tests/check_*.c conformance/mutants/*.c conformance/modem-mutants/*.c \
              conformance/testfsp/mutants/*.c reference-fsp/*.c reference-fsp/*.h)
docs/clauses.md: $(NATIVE)/clause-trace $(TRACED_SRC)
	$(NATIVE)/clause-trace > $@.tmp && mv $@.tmp $@

# $(call test_binary,SOURCE) - one Check binary per check_*.c, wherever it lives.
define test_binary
$(NATIVE)/tests/$(basename $(notdir $(1))): $(NATIVE)/obj/$(1:.c=.o) $(TEST_SUPPORT_OBJ) $(NATIVE_LIB)
	@mkdir -p $$(dir $$@)
	$$(NATIVE_CC) $$^ $$(NATIVE_LDLIBS) -o $$@
endef
$(foreach t,$(TEST_SRC),$(eval $(call test_binary,$(t))))

native: $(filter-out $(if $(wildcard modem-sim/main.c),,$(NATIVE)/modem-sim) \
                     $(if $(wildcard testpage/main.c),,$(NATIVE)/fax-testpage),$(NATIVE_PROGS)) \
        $(TEST_BINS)

# --- Benchmark programs: bench/*.c, optimised and without sanitizers ----------------------
BENCH_CFLAGS  = -std=c11 -O2 -g $(WARN) -MMD -MP -D_POSIX_C_SOURCE=200809L -Iinclude -Ifake-faxsvc -Iconformance/lib -Imodem-sim/tests/support \
                -Ifaxpage -Itestpage -Imodem-sim -Ireference-fsp $(shell pkg-config --cflags libtiff-4)
BENCH_LIB     := $(BUILD)/bench-bin/libfspkit-opt.a
BENCH_PROGS   := $(patsubst bench/%.c,$(BUILD)/bench-bin/%,$(wildcard bench/*.c))

$(BUILD)/bench-bin/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(NATIVE_CC) $(BENCH_CFLAGS) -MMD -MP -c $< -o $@
# The modem bench plays the DTE with modem-sim's test helper.
BENCH_LIB_SRC := $(NATIVE_LIB_SRC) modem-sim/tests/support/dte_page.c
$(BENCH_LIB): $(BENCH_LIB_SRC:%.c=$(BUILD)/bench-bin/obj/%.o)
	@rm -f $@
	ar rcs $@ $^
$(BUILD)/bench-bin/%: $(BUILD)/bench-bin/obj/bench/%.o $(BENCH_LIB)
	$(NATIVE_CC) $^ $(shell pkg-config --libs libtiff-4) -lm -o $@

# The same programs without sanitizers, for valgrind (it cannot run ASan binaries).
PLAIN := $(BUILD)/plain
$(PLAIN)/modem-sim: $(BUILD)/bench-bin/obj/modem-sim/main.o $(BENCH_LIB)
	@mkdir -p $(dir $@)
	$(NATIVE_CC) $^ $(shell pkg-config --libs libtiff-4) -lm -o $@
$(PLAIN)/fax-testpage: $(BUILD)/bench-bin/obj/testpage/main.o $(BENCH_LIB)
	@mkdir -p $(dir $@)
	$(NATIVE_CC) $^ $(shell pkg-config --libs libtiff-4) -lm -o $@
$(PLAIN)/fspconform: $(patsubst %.c,$(BUILD)/bench-bin/obj/%.o,$(wildcard conformance/fspconform/*.c)) \
                     $(BENCH_LIB) $(BATTERY_FILES)
	@mkdir -p $(dir $@)
	$(NATIVE_CC) $(filter %.o %.a,$^) $(shell pkg-config --libs libtiff-4) -lm -o $@

# --- Fuzz targets (clang, libFuzzer): fuzz/fuzz_*.c, each a LLVMFuzzerTestOneInput -----
FUZZ_CC     := clang
FUZZ_CFLAGS  = -std=c11 -g -O1 $(WARN) -MMD -MP -fsanitize=fuzzer,address,undefined \
               -D_POSIX_C_SOURCE=200809L -Iinclude -Iconformance/lib -Ifaxpage -Itestpage -Imodem-sim -Ireference-fsp $(shell pkg-config --cflags libtiff-4)
FUZZ_SRC    := $(wildcard fuzz/fuzz_*.c)
FUZZ_BINS   := $(FUZZ_SRC:fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_SECONDS ?= 5
# make fuzz: each target to FUZZ_RUNS executions, each bounded by FUZZ_MAX_SECONDS
FUZZ_RUNS ?= 1000000
FUZZ_MAX_SECONDS ?= 3600

$(BUILD)/fuzz/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

# A fuzz target names the library sources it needs in a line "fuzz-sources: a.c b.c".
$(BUILD)/fuzz/%: $(BUILD)/fuzz/obj/fuzz/%.o
	$(FUZZ_CC) $(FUZZ_CFLAGS) $< $(patsubst %.c,$(BUILD)/fuzz/obj/%.o,$(shell sed -n 's/.*fuzz-sources:\([^*]*\).*/\1/p' fuzz/$*.c)) \
	    $(shell pkg-config --libs libtiff-4) -o $@
$(foreach f,$(FUZZ_SRC),$(eval $(BUILD)/fuzz/$(basename $(notdir $(f))): \
    $(patsubst %.c,$(BUILD)/fuzz/obj/%.o,$(shell sed -n 's/.*fuzz-sources:\([^*]*\).*/\1/p' $(f)))))

fuzz-build: $(FUZZ_BINS)

# The PE reader's corpus also starts from the kit's own DLLs and host, x64 and x86.
PE_SEEDS = $(wildcard $(BUILD)/x64/vfsp.dll $(BUILD)/x86/vfsp.dll $(BUILD)/x64/fake-faxsvc.exe \
                      $(BUILD)/x86/fake-faxsvc.exe)
fuzz-seeds: fuzz-build windows
	@mkdir -p $(BUILD)/fuzz/corpus/fuzz_pe_image
	@for f in $(PE_SEEDS); do \
	    cp "$$f" "$(BUILD)/fuzz/corpus/fuzz_pe_image/$$(echo "$$f" | tr / -)"; done

# Deep: FUZZ_RUNS executions of every target (a target that cannot reach them within
# FUZZ_MAX_SECONDS fails, named); 0 crashes, leaks or timeouts. Not in make check.
fuzz: fuzz-seeds
	sh tools/fuzz-smoke.sh --runs $(FUZZ_RUNS) $(FUZZ_MAX_SECONDS) $(FUZZ_BINS)

# --- Running ------------------------------------------------------------------------------
wine-prefix: $(DEPS_STAMP)
	sh $(RIG) prefix $(BUILD)

# x86 runs only where wine32 is installed; tools/install-deps.sh records why not.
X86_RUNNABLE = $(shell /usr/lib/wine/wine --version >/dev/null 2>&1 && echo yes)

# The reference FSP judged as any modem FSP is: its documented settings in a .reg file
# naming COM5, modem-sim put behind COM5 (--line), the built-in battery and the
# reference FSP's scenario file.
conform: all wine-prefix
	@sh $(RIG) run $(BUILD) -- sh -c '\
	    status=0; \
	    for dll in $(BUILD)/x64/refsp.dll $(if $(filter yes,$(X86_RUNNABLE)),$(BUILD)/x86/refsp.dll); do \
	        $(NATIVE)/fspconform --build $(BUILD) --line COM5 \
	            --setup conformance/reference-fsp.reg $$dll \
	            conformance/scenarios/reference_fsp.fsc || status=1; \
	    done; \
	    exit $$status'

# Every test binary runs; Check prints its summary line per suite and the last line
# sums them up. A test binary that fails makes `make check` fail after the others ran.
check: all fuzz-seeds $(PLAIN)/modem-sim $(PLAIN)/fax-testpage $(PLAIN)/fspconform wine-prefix
	sh tools/fuzz-smoke.sh $(FUZZ_SECONDS) $(FUZZ_BINS)
	bash tools/valgrind-modem.sh $(PLAIN)/modem-sim $(PLAIN)/fax-testpage
	FSPKIT_BUILD=$(BUILD) sh $(RIG) run $(BUILD) -- sh tools/run-tests.sh \
	    $(WINE_TEST_LANE_1) -- --wine-prefix $(BUILD)/wineprefix-lane2 $(WINE_TEST_LANE_2) \
	    -- --wine-prefix $(BUILD)/wineprefix-lane3 $(WINE_TEST_LANE_3) \
	    -- $(filter-out $(WINE_TEST_BINS),$(TEST_BINS))

# Each fuzz target for FUZZ_SECONDS (default 5; `make fuzz` runs them deep); `make fuzz-smoke FUZZ_SECONDS=600` for more.
fuzz-smoke: fuzz-seeds
	sh tools/fuzz-smoke.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

# Long runs kept out of `make check`'s 15 minutes: the tests that skip themselves there
# with "a soak run" (a 200-page fax through the reference FSP, ...), then SOAK_ABORTS
# (10000) aborts on the reference FSP at every injection and hold point
# (tools/soak-aborts.sh; SOAK_SEED replays a run).
SOAK_ABORTS ?= 10000
soak: all wine-prefix
	FSPKIT_SOAK=1 FSPKIT_BUILD=$(BUILD) sh $(RIG) run $(BUILD) -- sh tools/run-tests.sh \
	    $(NATIVE)/tests/check_refsp
	FSPKIT_BUILD=$(BUILD) sh $(RIG) run $(BUILD) -- bash tools/soak-aborts.sh $(BUILD) \
	    $(SOAK_ABORTS) $(SOAK_SEED)

# valgrind on modem-sim and fspconform for whole default batteries (not in make check).
memcheck: all $(PLAIN)/modem-sim $(PLAIN)/fspconform wine-prefix
	FSPKIT_BUILD=$(BUILD) sh $(RIG) run $(BUILD) -- bash tools/memcheck.sh $(BUILD) \
	    $(PLAIN)/modem-sim $(PLAIN)/fspconform

# Every mutant of the kit's FSPs, x64 and x86, each run to its whole report
# (docs/mutation.md); make check runs the same stopped at each mutant's declared verdict.
mutation: all wine-prefix
	FSPKIT_BUILD=$(BUILD) sh $(RIG) run $(BUILD) -- $(NATIVE)/mutation-score --full

bench: all $(BENCH_PROGS) $(PLAIN)/fspconform $(PLAIN)/modem-sim $(PLAIN)/fax-testpage \
       $(BUILD)/x64/bench/poller_fsp.dll wine-prefix
	FSPKIT_BUILD=$(BUILD) sh $(RIG) run $(BUILD) -- sh bench/run-all.sh $(BUILD)/bench

# The HTML timeline as a browser shows it (tools/timeline-browser.sh): headless Chromium,
# installed for this target alone, must open a failing run's timeline fitted to the whole
# run with every FAIL mark in view; the screenshot and console land in build/timeline-check.
timeline-check: all wine-prefix
	sh tools/install-deps.sh $(BUILD) timeline-check
	FSPKIT_BUILD=$(BUILD) sh $(RIG) run $(BUILD) -- sh tools/timeline-browser.sh $(BUILD) \
	    $(BUILD)/timeline-check

# The kit outside its source tree (tools/install-kit.sh says what goes where); the
# installed fspconform keeps its Wine prefix in the user's cache folder.
PREFIX  ?= /usr/local
DESTDIR ?=
VERSION := $(shell sed -n 's/^\#define FSPKIT_VERSION "\(.*\)"/\1/p' include/fspkit_version.h)
install: all $(PLAIN)/fspconform $(PLAIN)/modem-sim $(PLAIN)/fax-testpage
	sh tools/install-kit.sh install $(BUILD) $(PREFIX) $(DESTDIR)
uninstall:
	sh tools/install-kit.sh uninstall $(BUILD) $(PREFIX) $(DESTDIR)
# A release tarball of what is committed (HEAD): it builds with `make` and `make check`.
dist:
	@mkdir -p $(BUILD)
	git archive --format=tar.gz --prefix=fspkit-$(VERSION)/ -o $(BUILD)/fspkit-$(VERSION).tar.gz HEAD
	@echo "dist: $(BUILD)/fspkit-$(VERSION).tar.gz"

clean:
	@for p in $(wildcard $(BUILD)/wineprefix*/); do \
	    WINEPREFIX=$$(cd $$p && pwd) wineserver -k 2>/dev/null || true; \
	done
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -path '*/obj/*' -name '*.d' -type f 2>/dev/null)
# Keep the objects and generated .def files that chains of pattern rules make
# (.PRECIOUS needs the rules' own target patterns).
.PRECIOUS: $(NATIVE)/obj/%.o $(BUILD)/fuzz/obj/%.o $(BUILD)/bench-bin/obj/%.o \
           $(foreach a,$(ARCHES),$(BUILD)/$(a)/obj/%.o $(BUILD)/$(a)/mutants/%.def \
                                 $(BUILD)/$(a)/vfsp-mutants/%.def $(BUILD)/$(a)/vfsp-variants/%.def \
                                 $(BUILD)/$(a)/modem-mutants/%.def $(BUILD)/$(a)/bench/%.def)
