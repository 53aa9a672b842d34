# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# bpftool with the kfunc command, built from upstream bpftool sources.

BUILD		:= build
# The upstream tree: Debian's linux-source-$(LINUX_SOURCE) package. Other
# trees build into directories of their own.
DEFAULT_LINUX_SOURCE := 7.3
LINUX_SOURCE	?= $(DEFAULT_LINUX_SOURCE)
ifneq ($(LINUX_SOURCE),$(DEFAULT_LINUX_SOURCE))
TREE_SUFFIX	:= -$(LINUX_SOURCE)
endif
SRC_TREE	:= $(BUILD)/linux-source-$(LINUX_SOURCE)
SRC_STAMP	:= $(SRC_TREE)/.stamp
DEFAULT_BPFTOOL_SRC := $(SRC_TREE)/tools/bpf/bpftool
BPFTOOL_SRC	?= $(DEFAULT_BPFTOOL_SRC)
LINUX_SOURCE_DEB ?=
SANITIZE	?=

# ASan and UBSan but for pointer-overflow: libbpf 1.5 to 1.8 forms
# &obj->externs[relo->ext_idx] before it looks at the relocation's type
# (bpf_program_record_relos(), on the light skeleton's path), which is UB
# on an object without externs. Objects do not remember their flags:
# sanitized builds get their own default directories rather than reuse
# plain objects.
ifeq ($(SANITIZE),1)
SAN_FLAGS	:= -fsanitize=address,undefined -fno-sanitize=pointer-overflow \
		   -fno-omit-frame-pointer -fno-sanitize-recover=all
SAN_SUFFIX	:= -san
endif

STAGE		?= $(BUILD)/stage$(TREE_SUFFIX)$(SAN_SUFFIX)
STAGE_STAMP	:= $(STAGE)/.stamp
BASH_COMPLETION	:= $(STAGE).bash
BPFTOOL		?= $(BUILD)/bpftool$(TREE_SUFFIX)$(SAN_SUFFIX)
TESTS_OUT	?= $(BUILD)/tests$(TREE_SUFFIX)$(SAN_SUFFIX)
PREFIX		?= /usr/local
DESTDIR		?=
V		?= 0

# Optional decompressors for module files, detected as bpftool detects
# its optional libraries; gzip needs only zlib, which libbpf requires.
# feature-lzma=0 or feature-zstd=0 builds without one. The answer is taken
# after the packages are installed, into FEATURE-DUMP.kfunc as upstream
# records its own in FEATURE-DUMP.bpftool, and the flags are read from it
# when used. The file changes only with the answer; our objects older than
# it are rebuilt.
have_lib = $$(printf '\043include <%s.h>\nint main(void) { return 0; }\n' $(1) | \
	$(CC) -x c - -l$(1) -o /dev/null 2>/dev/null && echo 1 || echo 0)
feature-lzma	?= $(call have_lib,lzma)
feature-zstd	?= $(call have_lib,zstd)
FEATURE_DUMP	= $(STAGE_OUT)FEATURE-DUMP.kfunc
kf_feature	= $(filter $(1)=1,$(shell cat $(FEATURE_DUMP) 2>/dev/null))
KF_CFLAGS	= $(if $(call kf_feature,lzma),-DHAVE_LZMA_SUPPORT) \
		  $(if $(call kf_feature,zstd),-DHAVE_ZSTD_SUPPORT)
KF_LIBS		= $(if $(call kf_feature,lzma),-llzma) $(if $(call kf_feature,zstd),-lzstd)
KF_LDFLAGS	= -Wl,--push-state,--no-as-needed $(KF_LIBS) -Wl,--pop-state

# JIT disassembly through libbfd: loading LLVM's shared library costs about
# 0.1 s and 50 MB at every start, more than listing a kernel's kfuncs.
# BPFTOOL_LLVM=1 builds with LLVM as upstream prefers.
BPFTOOL_LLVM	?= 0
ifneq ($(BPFTOOL_LLVM),1)
DISASM_FLAGS	:= feature-llvm=0
STAGE_OUT	:= $(abspath $(STAGE))/out/
else
STAGE_OUT	:= $(abspath $(STAGE))/out-llvm/
endif
LIBBPF_A	:= $(STAGE_OUT)libbpf/libbpf.a
LIBBPF_INC	:= $(STAGE_OUT)libbpf/include

ifeq ($(BPFTOOL_SRC),$(DEFAULT_BPFTOOL_SRC))
BPFTOOL_SRC_DEP	:= $(SRC_STAMP)
endif

.PHONY: all deps test-deps source stage show check bench fuzz install doc clean distclean FORCE

all: $(BPFTOOL)

deps:
	@scripts/deps.sh build
ifeq ($(BPFTOOL_LLVM),1)
	@scripts/deps.sh llvm-dev
endif

test-deps:
	@scripts/deps.sh test

$(SRC_STAMP): scripts/fetch-source.sh scripts/apt-private.sh | deps
	scripts/fetch-source.sh $(BUILD) $(LINUX_SOURCE) $(LINUX_SOURCE_DEB) >/dev/null
	touch $@

source: $(SRC_STAMP)

# Restage when the upstream tree named by BPFTOOL_SRC changes.
$(STAGE).src: FORCE
	@mkdir -p $(BUILD) $(dir $(STAGE))
	@echo "$(abspath $(BPFTOOL_SRC))" | cmp -s - $@ 2>/dev/null || \
		echo "$(abspath $(BPFTOOL_SRC))" > $@

$(STAGE_STAMP): $(STAGE).src scripts/stage-bpftool.sh scripts/integrate.sh $(BPFTOOL_SRC_DEP)
	scripts/stage-bpftool.sh $(BPFTOOL_SRC) $(STAGE) bpftool > $(STAGE).dir
	touch $@

stage: $(STAGE_STAMP)

$(FEATURE_DUMP): FORCE | deps
	@mkdir -p $(dir $@)
	@echo "lzma=$(feature-lzma) zstd=$(feature-zstd)" > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv -f $@.tmp $@

$(BPFTOOL): $(STAGE_STAMP) $(FEATURE_DUMP) FORCE | deps
	@[ -n "$(BPFTOOL_SRC_DEP)" ] && echo "  TREE    $$(cat $(SRC_TREE)/.debian)" || \
		echo "  TREE    $(BPFTOOL_SRC)"
	@echo "  FEATURE lzma: $(if $(call kf_feature,lzma),1,0), zstd: $(if $(call kf_feature,zstd),1,0)"
	@d=$$(cat $(STAGE).dir); \
	find $$d -maxdepth 1 -xtype l -delete; \
	for f in $(STAGE_OUT)kfunc*.o; do \
		[ "$$f" -nt $(FEATURE_DUMP) ] || rm -f "$$f"; \
	done; \
	for f in $(abspath bpftool)/*.[ch]; do ln -sfn $$f $$d/; done; \
	for f in $(STAGE_OUT)kfunc*.d; do \
		[ -f "$$f" ] || continue; \
		for h in $$(grep -o 'kfunc[a-z_]*\.[ch]' "$$f"); do \
			[ -e "$$d/$$h" ] || { rm -f "$$f" "$${f%.d}.o"; break; }; \
		done; \
	done; \
	$(MAKE) -C $$d OUTPUT=$(STAGE_OUT) V=$(V) $(DISASM_FLAGS) \
		EXTRA_CFLAGS="$(SAN_FLAGS) $(KF_CFLAGS)" \
		EXTRA_LDFLAGS="$(SAN_FLAGS) $(KF_LDFLAGS)" \
		$(STAGE_OUT)bpftool
	@mkdir -p $(dir $@)
	@cp -f $(STAGE_OUT)bpftool $@.tmp && mv -f $@.tmp $@

# Build, then list the running kernel's kfuncs.
show: $(BPFTOOL)
	$(BPFTOOL) kfunc show

# The man pages as upstream builds them, ours among them (generated SEE
# ALSO, shared option text).
MAN_DIR		:= $(abspath $(BUILD))/man$(TREE_SUFFIX)/

doc: $(STAGE_STAMP) FORCE | test-deps
	@mkdir -p $(MAN_DIR)
	$(MAKE) -C $$(cat $(STAGE).dir)/Documentation OUTPUT=$(MAN_DIR) \
		RST2MAN_OPTS="--exit-status=2 --strip-comments" man

$(BASH_COMPLETION): $(STAGE_STAMP) bash-completion/bpftool-kfunc
	cat $$(cat $(STAGE).dir)/bash-completion/bpftool bash-completion/bpftool-kfunc > $@

install: $(BPFTOOL) doc $(BASH_COMPLETION)
	install -D -m 0755 $(BPFTOOL) $(DESTDIR)$(PREFIX)/sbin/bpftool
	install -d $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 0644 $(MAN_DIR)*.8 $(DESTDIR)$(PREFIX)/share/man/man8/
	install -D -m 0644 $(BASH_COMPLETION) $(DESTDIR)$(PREFIX)/share/bash-completion/completions/bpftool

TESTS_VARS	= B=$(abspath $(TESTS_OUT)) BPFTOOL=$(abspath $(BPFTOOL)) \
		  LINUX_SOURCE=$(LINUX_SOURCE) COMPLETION=$(abspath $(BASH_COMPLETION)) \
		  DOC_DIR=$$(cd $$(cat $(STAGE).dir) && pwd)/Documentation \
		  SRC_TREE=$(abspath $(SRC_TREE)) LIBBPF_A=$(LIBBPF_A) \
		  LIBBPF_INC=$(LIBBPF_INC) SAN_FLAGS="$(SAN_FLAGS)" \
		  KF_CFLAGS="$(KF_CFLAGS)" KF_LIBS="$(KF_LIBS)" \
		  FEATURE_DUMP=$(FEATURE_DUMP)

check: $(BPFTOOL) $(SRC_STAMP) $(BASH_COMPLETION) | test-deps
	$(MAKE) -C tests $(TESTS_VARS) check

bench: $(BPFTOOL) $(SRC_STAMP) | test-deps
	$(MAKE) -C tests $(TESTS_VARS) bench

fuzz: $(BPFTOOL) $(SRC_STAMP) | test-deps
	$(MAKE) -C tests $(TESTS_VARS) fuzz

clean:
	rm -rf $(STAGE) $(STAGE).dir $(STAGE).src $(BASH_COMPLETION) $(BPFTOOL) $(MAN_DIR)
	$(MAKE) -C tests $(TESTS_VARS) clean

distclean:
	rm -rf $(BUILD)
