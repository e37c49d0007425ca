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
                  -Iinclude -Iconformance/lib -Iconformance/tests/support -MMD -MP $(shell pkg-config --cflags check jansson)
NATIVE_LDLIBS   = $(SANITIZE) $(shell pkg-config --libs check jansson)

DEPS_STAMP := $(BUILD)/.deps-installed
RIG        := tools/wine-rig.sh

.PHONY: all windows native deps wine-prefix check conform bench clean
all: windows native
	@sed -n 's/^no: \(.*\)/x86: skipped (x86 DLLs are built but cannot run): \1/p' $(BUILD)/wine32.status

# --- Debian packages: one list (tools/debian-packages.txt), installed when missing ----
$(DEPS_STAMP): tools/debian-packages.txt tools/install-deps.sh
	@mkdir -p $(BUILD)
	sh tools/install-deps.sh $(BUILD)
	@touch $@
deps: $(DEPS_STAMP)

# --- Windows side, once per architecture ---------------------------------------------
COMMON_SRC   := common/fsp_clauses.c common/pe_image.c common/json_line.c
HOST_SRC     := $(wildcard fake-faxsvc/*.c) $(COMMON_SRC)
REFSP_SRC    := $(wildcard reference-fsp/*.c)
MUTANT_SRC   := $(wildcard conformance/mutants/*.c)
MUTANT_NAMES := $(basename $(notdir $(MUTANT_SRC)))

# $(call windows_arch,ARCH) - the rules for one mingw architecture.
define windows_arch
$(BUILD)/$(1)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $$(dir $$@)
	$$(CC_$(1)) $$(WIN_CFLAGS) -Ireference-fsp -c $$< -o $$@

$(BUILD)/$(1)/fake-faxsvc.exe: $(HOST_SRC:%.c=$(BUILD)/$(1)/obj/%.o)
	$$(CC_$(1)) -municode $$(WIN_LDFLAGS) $$(WIN_LDFLAGS_$(1)) $$^ -o $$@

$(BUILD)/$(1)/refsp.dll: $(REFSP_SRC:%.c=$(BUILD)/$(1)/obj/%.o) reference-fsp/refsp.def
	$$(CC_$(1)) -shared $$(WIN_LDFLAGS) $$(WIN_LDFLAGS_$(1)) $$^ -o $$@

# Mutants: the reference FSP's objects plus one breach (conformance/mutants/*.c); the
# export list is derived from refsp.def by tools/mutant-def.sh.
MUTANT_LIBS_missing_dependency := -lfspkit_absent
$(BUILD)/$(1)/mutants/%.def: conformance/mutants/%.c reference-fsp/refsp.def tools/mutant-def.sh
	@mkdir -p $$(dir $$@)
	sh tools/mutant-def.sh reference-fsp/refsp.def $$< > $$@

$(BUILD)/$(1)/mutants/libfspkit_absent.a: conformance/mutants/fspkit_absent.def | $(DEPS_STAMP)
	@mkdir -p $$(dir $$@)
	$$(DLLTOOL_$(1)) -d $$< -l $$@

$(BUILD)/$(1)/mutants/%.dll: $(BUILD)/$(1)/obj/conformance/mutants/%.o \
		$(REFSP_SRC:%.c=$(BUILD)/$(1)/obj/%.o) $(BUILD)/$(1)/mutants/%.def \
		$(BUILD)/$(1)/mutants/libfspkit_absent.a
	$$(CC_$(1)) -shared $$(WIN_LDFLAGS) $$(WIN_LDFLAGS_$(1)) $$(filter-out %.a,$$^) \
		-L$(BUILD)/$(1)/mutants $$(MUTANT_LIBS_$$*) -o $$@

WINDOWS_TARGETS += $(BUILD)/$(1)/fake-faxsvc.exe $(BUILD)/$(1)/refsp.dll \
                   $(MUTANT_NAMES:%=$(BUILD)/$(1)/mutants/%.dll)
endef
$(foreach arch,$(ARCHES),$(eval $(call windows_arch,$(arch))))

windows: $(WINDOWS_TARGETS)

# --- Native side ------------------------------------------------------------------------
CONFORM_LIB_SRC := $(wildcard conformance/lib/*.c) $(COMMON_SRC)
CONFORM_LIB_OBJ := $(CONFORM_LIB_SRC:%.c=$(NATIVE)/obj/%.o)
TEST_SRC        := $(wildcard conformance/tests/check_*.c)
TEST_SUPPORT_OBJ := $(patsubst %.c,$(NATIVE)/obj/%.o,$(wildcard conformance/tests/support/*.c))
TEST_BINS       := $(TEST_SRC:conformance/tests/%.c=$(NATIVE)/tests/%)

$(NATIVE)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(NATIVE_CC) $(NATIVE_CFLAGS) -c $< -o $@

$(NATIVE)/fspconform: $(NATIVE)/obj/conformance/fspconform.o $(CONFORM_LIB_OBJ)
	$(NATIVE_CC) $^ $(NATIVE_LDLIBS) -o $@

$(NATIVE)/tests/%: $(NATIVE)/obj/conformance/tests/%.o $(TEST_SUPPORT_OBJ) $(CONFORM_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(NATIVE_CC) $^ $(NATIVE_LDLIBS) -o $@

native: $(NATIVE)/fspconform $(TEST_BINS)

# --- Running ------------------------------------------------------------------------------
wine-prefix: $(DEPS_STAMP)
	sh $(RIG) prefix $(BUILD)

# x86 runs only where wine32 is installed; tools/install-deps.sh records why not.
X86_RUNNABLE = $(shell test -x /usr/lib/wine/wine && echo yes)

conform: all wine-prefix
	@sh $(RIG) run $(BUILD) -- sh -c '\
	    status=0; \
	    $(NATIVE)/fspconform $(BUILD)/x64/refsp.dll || status=1; \
	    if [ "$(X86_RUNNABLE)" = yes ]; then $(NATIVE)/fspconform $(BUILD)/x86/refsp.dll || status=1; fi; \
	    exit $$status'

# Every test binary runs; Check prints its summary line per suite and the last line
# sums them up. A test binary that fails makes `make check` fail after the others ran.
check: all wine-prefix
	FSPKIT_BUILD=$(BUILD) sh $(RIG) run $(BUILD) -- sh tools/run-tests.sh $(TEST_BINS)

bench: all wine-prefix
	FSPKIT_BUILD=$(BUILD) sh $(RIG) run $(BUILD) -- sh bench/run-all.sh $(BUILD)/bench

clean:
	@if [ -d $(BUILD)/wineprefix ]; then WINEPREFIX=$(abspath $(BUILD))/wineprefix wineserver -k 2>/dev/null || true; fi
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
.SECONDARY:
