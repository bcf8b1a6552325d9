package luolab.engine.corrupt;

import static luolab.engine.corrupt.CorruptTestSupport.BIG;
import static luolab.engine.corrupt.CorruptTestSupport.DEMO;
import static luolab.engine.corrupt.CorruptTestSupport.assertErrno;
import static luolab.engine.corrupt.CorruptTestSupport.assertLog;
import static luolab.engine.corrupt.CorruptTestSupport.assertPanic;
import static luolab.engine.corrupt.CorruptTestSupport.handover;
import static luolab.engine.corrupt.CorruptTestSupport.incoming;
import static luolab.engine.corrupt.CorruptTestSupport.live;
import static luolab.engine.corrupt.CorruptTestSupport.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import luolab.engine.Errno;
import luolab.engine.memory.PageMeta;
import luolab.engine.memory.PageState;
import luolab.engine.memory.PhysicalMemory;
import org.junit.jupiter.api.Test;

/** kernel-luo.md §2, §3.5-3.7, §5 and §7: pointers, strings, the KHO FDT, memfd. */
class PointerFdtMemfdInjectorsTest {
    /** arch/x86 __die_header() for a page fault: "Oops: %s: %04lx [#%d]…" with str "Oops". */
    static final String OOPS = "Oops: Oops: 0000 [#1] SMP";

    // ---- pointers ------------------------------------------------------------------------------

    @Test
    void sessionNextOutsideRamOopsesInEarlyBoot() {
        Outcome o = handover(DEMO, "next-outside-ram", Params.of("pa", "0x200000000"));
        assertEquals(OutcomeKind.PANIC, o.kind());
        assertEquals("Attempted to kill init! exitcode=0x0000000b", o.stopText());
        assertLog(o, "BUG: unable to handle page fault for address: ffff888200000000", OOPS);
    }

    @Test
    void fileNextOutsideRamOopsesInOpen() {
        Outcome o = handover(BIG, "next-outside-ram", Params.of("set", "files:many", "block", "0", "pa", "0x200000000"));
        assertEquals(OutcomeKind.OOPS, o.kind());
        assertEquals(-Errno.EFAULT, o.errno());
        assertEquals(Restorer.STEP_OPEN, o.step());
        assertLog(o, "BUG: unable to handle page fault for address: ffff888200000000", OOPS);
    }

    @Test
    void nextOutsideRamRejectsRamAndZero() {
        CorruptionRun run = start(DEMO);
        run.serialize();
        assertTrue(run.inject("next-outside-ram", Params.of("pa", "0x40001000")).error().contains("is RAM"));
        assertTrue(run.inject("next-outside-ram", Params.of("pa", "0")).error().contains("chain-truncate"));
    }

    @Test
    void nextToAnUnpreservedPageFollowsThePoison() {
        CorruptionRun run = start(DEMO);
        run.serialize();
        CorruptionReport r = run.inject("next-unpreserved", Params.none());
        assertTrue(r.ok(), r.error());
        long page = r.writes().get(0).pa();
        Outcome o = run.finishCycle();
        assertEquals(PageState.POISONED, PageMeta.state(run.machine().memory().meta(PhysicalMemory.pfn(page))));
        assertEquals(0xaaaaaaaaaaaaaaaaL, run.machine().memory().u64(page));
        assertEquals(OutcomeKind.PANIC, o.kind());
        // phys_to_virt(0xaaaaaaaaaaaaaaaa) is not canonical: a general protection fault, no "BUG:" line
        assertLog(o, "Oops: general protection fault, probably for non-canonical address 0xaaaa332aaaaaaaaa: 0000 [#1] SMP");
        assertFalse(o.logContains("BUG: unable to handle page fault"), o::summary);
        assertTrue(o.log().stream().noneMatch(l -> l.contains("invalid entry count")), "Floyd faults before any count check");
    }

    @Test
    void nextToAScratchPageReadsZeros() {
        assertPanic(handover(DEMO, "next-unpreserved", Params.of("target", "scratch")), -Errno.EINVAL,
                "luo: Block contains invalid entry count: 0");
        assertErrno(handover(BIG, "next-unpreserved", Params.of("set", "files:many", "target", "scratch")), -Errno.EIO,
                Restorer.STEP_OPEN, "luo: Block contains invalid entry count: 0");
    }

    @Test
    void nextToAForeignPreservedPage() {
        assertPanic(handover(DEMO, "next-foreign", Params.none()), -Errno.EINVAL, "luo: Block contains invalid entry count: 4096");
        // the FLB page starts with pgcnt = 1: next = PA 1
        Outcome o = handover(DEMO, "next-foreign", Params.of("target", "flb"));
        assertLog(o, "BUG: unable to handle page fault for address: ffff888000000001");
        assertEquals("Attempted to kill init! exitcode=0x0000000b", o.stopText());
    }

    @Test
    void radixRootPropertyZeroDropsKhoStateWithoutPanic() {
        CorruptionRun run = start(DEMO);
        run.serialize();
        long folio = HandoverReader.read(run.machine(), Stage.HANDOVER).sessions().get(0).files().get(0).memfd().folios().get(0).pa();
        assertTrue(run.inject("radix-root-zero", Params.none()).ok());
        Outcome o = run.finishCycle();
        assertEquals(OutcomeKind.KHO_DISABLED, o.kind(), o::summary);
        assertFalse(run.machine().kernel().panicked());
        assertFalse(o.logContains("failed to get preserved"), "a zero map has no message of its own (§7)");
        assertLog(o, "KHO: disabling KHO revival");
        assertTrue(o.sessions().stream().allMatch(s -> s.fate() == Outcome.Fate.LOST && s.errno() == -Errno.ENOENT), o::details);
        assertEquals(PageState.POISONED, PageMeta.state(run.machine().memory().meta(PhysicalMemory.pfn(folio))),
                "preserved memory is not reserved");
    }

    @Test
    void radixRootPageZeroReservesNothingAndTheFdtItselfIsPoison() {
        // kho_retrieve_subtree() re-reads the accepted FDT through phys_to_virt(kho_in.fdt_phys); its page was
        // not reserved by the empty walk, so it is poisoned like every other preserved page: no "LUO" node
        Outcome o = handover(DEMO, "radix-root-zero", Params.of("mode", "page"));
        assertEquals(OutcomeKind.FRESH_START, o.kind(), o::details);
        assertLog(o, "KHO: found kexec handover data.");
        assertTrue(o.log().stream().noneMatch(l -> l.contains("Kernel panic")), () -> String.join("\n", o.log()));
    }

    @Test
    void bogusFlbsPaIsReadOnlyAtFinish() {
        Outcome o = handover(DEMO, "flbs-pa", Params.of("pa", "0x300000000"));
        assertEquals(OutcomeKind.OOPS, o.kind());
        assertEquals(Restorer.STEP_FINISH + " 'beta'", o.step());
        assertLog(o, "BUG: unable to handle page fault for address: ffff888300000008");
        assertEquals(Outcome.Fate.RESTORED, o.sessions().get(0).fate(), "alpha has no FLB user");
        // without a file that uses an FLB nothing ever reads it
        assertEquals(OutcomeKind.RESTORED, handover(new Scenario(DEMO.sessions().subList(0, 1)), "flbs-pa", Params.none()).kind());
    }

    // ---- strings / FDT -----------------------------------------------------------------------------

    @Test
    void fileCompatibleWithoutHandler() {
        assertErrno(handover(DEMO, "file-compatible", Params.none()), -Errno.EIO, Restorer.STEP_OPEN,
                "luo: No registered handler for compatible 'memfd-v1'", "luo: Failed to deserialize files for session [alpha] -ENOENT");
        assertErrno(incoming(DEMO, "file-compatible", Params.of("session", "beta", "token", "0x2b", "value", "x")), -Errno.EIO,
                Restorer.STEP_OPEN, "luo: No registered handler for compatible 'x'");
    }

    @Test
    void duplicateSessionNames() {
        Outcome o = handover(DEMO, "duplicate-session-name", Params.none());
        assertErrno(o, -Errno.EIO, Restorer.STEP_OPEN, "luo: Failed to insert session [alpha] -EEXIST");
        assertErrno(incoming(DEMO, "duplicate-session-name", Params.of("session", "alpha", "as", "gamma")), -Errno.EIO,
                Restorer.STEP_OPEN, "luo: Failed to insert session [gamma] -EEXIST");
    }

    @Test
    void luoCompatibleMismatchPanics() {
        assertPanic(handover(DEMO, "luo-compatible", Params.none()), -Errno.EINVAL, "luo: LUO state is incompatible with 'luo-v5'");
        assertPanic(live(DEMO, "luo-compatible", Params.of("value", "luo-v5xx")), -Errno.EINVAL,
                "luo: LUO state is incompatible with 'luo-v5'");
    }

    @Test
    void luoBlobSize() {
        assertPanic(handover(DEMO, "luo-blob-size", Params.none()), -Errno.EINVAL, "luo: LUO state is too small (16 < 32)");
        for (String mode : new String[] {"short", "missing"}) {
            assertPanic(handover(DEMO, "luo-blob-size", Params.of("mode", mode)), -Errno.EINVAL,
                    "KHO: broken KHO subnode 'LUO': missing or invalid blob-size property",
                    "luo: failed to retrieve LUO state 'LUO' from KHO: -EINVAL");
        }
        assertEquals(OutcomeKind.RESTORED, handover(DEMO, "luo-blob-size", Params.of("value", "4096")).kind());
    }

    @Test
    void luoPreservedData() {
        assertPanic(handover(DEMO, "luo-preserved-data", Params.none()), -Errno.EINVAL, "luo: LUO state is incompatible with 'luo-v5'");
        for (String mode : new String[] {"short", "missing"}) {
            Outcome o = handover(DEMO, "luo-preserved-data", Params.of("mode", mode));
            assertPanic(o, -Errno.EINVAL, "luo: failed to retrieve LUO state 'LUO' from KHO: -EINVAL");
            assertFalse(o.logContains("broken KHO subnode"));
        }
        Outcome wild = handover(DEMO, "luo-preserved-data", Params.of("pa", "0x10"));
        assertEquals("Attempted to kill init! exitcode=0x0000000b", wild.stopText());
        assertLog(wild, "BUG: unable to handle page fault for address: ffff888000000010");
    }

    @Test
    void khoCompatibleMismatchIsAColdBoot() {
        CorruptionRun run = start(DEMO);
        long fdt = run.machine().kernel().kho().fdtPa();
        run.serialize();
        assertTrue(run.inject("kho-compatible", Params.none()).ok());
        Outcome o = run.finishCycle();
        assertEquals(OutcomeKind.KHO_DISABLED, o.kind());
        assertFalse(run.machine().kernel().panicked());
        assertLog(o, "KHO: setup: handover FDT (0x" + Long.toHexString(fdt) + ") is incompatible with 'kho-v4': 1",
                "KHO: disabling KHO revival");
        assertEquals(3, o.count(Outcome.Fate.LOST));
        CorruptionRun tooLong = start(DEMO);
        tooLong.serialize();
        assertTrue(tooLong.inject("kho-compatible", Params.of("value", "kho-v44")).error().contains("at most"));
    }

    @Test
    void fdtMagicAndTruncation() {
        CorruptionRun run = start(DEMO);
        long fdt = run.machine().kernel().kho().fdtPa();
        Outcome magic = handover(DEMO, "fdt-magic", Params.none());
        assertEquals(OutcomeKind.KHO_DISABLED, magic.kind());
        assertLog(magic, "KHO: setup: handover FDT (0x" + Long.toHexString(fdt) + ") is invalid: -9", "KHO: disabling KHO revival");
        Outcome trunc = handover(DEMO, "fdt-truncate", Params.none());
        assertEquals(OutcomeKind.KHO_DISABLED, trunc.kind());
        assertLog(trunc, "KHO: setup: handover FDT (0x" + Long.toHexString(fdt) + ") is invalid: -8", "KHO: disabling KHO revival");
    }

    // ---- memfd -----------------------------------------------------------------------------------

    @Test
    void folioUnpreservedBehindLuosBack() {
        CorruptionRun run = start(DEMO);
        run.serialize();
        CorruptionReport r = run.inject("memfd-unpreserve-folio", Params.of("session", "alpha", "token", "0x1b", "folio", "last"));
        assertTrue(r.ok(), r.error());
        assertEquals("kho_radix_leaf.bitmap", r.writes().get(0).target());
        Outcome o = run.finishCycle();
        assertErrno(o, -Errno.EIO, Restorer.STEP_RETRIEVE_FD + " 'alpha' 0x1b");
        long pa = Long.parseLong(r.description().replaceAll(".*\\(0x([0-9a-f]+)\\).*", "$1"), 16);
        assertEquals("memfd_luo: Unable to restore folio at physical address: " + Long.toHexString(pa), o.reason());
        assertEquals(Outcome.Fate.RESTORED, o.sessions().get(0).files().get(0).fate(), "0x1a is fine");
        assertEquals(Outcome.Fate.LOST, o.sessions().get(0).files().get(1).fate());
        assertEquals(Outcome.Fate.RESTORED, o.sessions().get(1).fate());
    }

    /**
     * mm/memfd_luo.c memfd_luo_retrieve_folios(): two folio entries with one index make
     * shmem_add_to_page_cache() fail with -EEXIST; pr_err "shmem: failed to add to page cache folio
     * index %ld: %d" prints the entry's position and the error as a number. The folio and the
     * rest are put, the file dropped: RETRIEVE_FD -EEXIST.
     */
    @Test
    void duplicateFolioIndexFailsToAddToThePageCache() {
        CorruptionRun run = start(DEMO);
        run.serialize();
        HandoverView.File f = HandoverReader.read(run.machine(), Stage.HANDOVER).session("alpha").files().get(1);
        long entry = f.memfd().folios().get(1).entryPa();
        CorruptionReport r = run.inject("write-u64", Params.of("pa", "0x" + Long.toHexString(entry + 8), "value", "0"));
        assertTrue(r.ok(), r.error());
        Outcome o = run.finishCycle();
        assertErrno(o, -Errno.EEXIST, Restorer.STEP_RETRIEVE_FD + " 'alpha' 0x1b",
                "memfd_luo: shmem: failed to add to page cache folio index 1: -17");
        assertEquals(Outcome.Fate.RESTORED, o.sessions().get(0).files().get(0).fate(), "0x1a is fine");
    }

    @Test
    void folioUnpreservedBeforeSerialize() {
        assertErrno(live(DEMO, "memfd-unpreserve-folio", Params.none()), -Errno.EIO, Restorer.STEP_RETRIEVE_FD);
    }

    @Test
    void memfdUnknownSeals() {
        assertErrno(handover(DEMO, "memfd-seals", Params.none()), -Errno.EOPNOTSUPP, Restorer.STEP_RETRIEVE_FD + " 'alpha' 0x1a");
        Outcome known = handover(DEMO, "memfd-seals", Params.of("value", "0x8"));
        assertEquals(OutcomeKind.SILENT_DAMAGE, known.kind());
        assertTrue(known.reason().contains("seals"), known.reason());
    }

    @Test
    void memfdSizeAndDataAreSilentDamage() {
        Outcome size = handover(DEMO, "memfd-size", Params.of("token", "0x1b"));
        assertEquals(OutcomeKind.SILENT_DAMAGE, size.kind());
        assertEquals("'alpha' token 0x1b: size 8192 → 4096", size.reason());
        Outcome flip = incoming(DEMO, "memfd-data-flip", Params.of("session", "beta", "offset", "3", "bit", "7"));
        assertEquals(OutcomeKind.SILENT_DAMAGE, flip.kind());
        assertEquals("'beta' token 0x2a: content differs at byte 3 (61 → e1)", flip.reason());
        assertEquals(1, flip.fileCount(Outcome.Fate.DAMAGED));
    }

    // ---- raw ---------------------------------------------------------------------------------------

    @Test
    void rawWritesHitWhateverLivesThere() {
        CorruptionRun run = start(DEMO);
        run.serialize();
        long luoSer = HandoverReader.read(run.machine(), Stage.HANDOVER).luoSerPa();
        CorruptionReport r = run.inject("bit-flip", Params.of("pa", "0x" + Long.toHexString(luoSer + 5), "bit", "1"));
        assertTrue(r.ok(), r.error());
        assertTrue(r.description().contains("luo_ser"), r.description());
        assertPanic(run.finishCycle(), -Errno.EINVAL, "luo: LUO state is incompatible with 'luo-v5'");

        CorruptionRun run2 = start(DEMO);
        run2.serialize();
        long block = HandoverReader.read(run2.machine(), Stage.HANDOVER).sessionBlocks().get(0).pa();
        assertTrue(run2.inject("write-u64", Params.of("pa", "0x" + Long.toHexString(block + 8), "value", "0")).ok());
        assertPanic(run2.finishCycle(), -Errno.EINVAL, "luo: Block contains invalid entry count: 0");
    }

    @Test
    void writeBytesEditsBytesInPlaceAndReportsThem() {
        CorruptionRun run = start(DEMO);
        run.serialize();
        long block = HandoverReader.read(run.machine(), Stage.HANDOVER).sessionBlocks().get(0).pa();
        CorruptionReport r = run.inject("write-bytes", Params.of("pa", "0x" + Long.toHexString(block + 8), "bytes", "00"));
        assertTrue(r.ok(), r.error());
        assertEquals(1, r.writes().size());
        assertEquals(block + 8, r.writes().get(0).pa());
        assertEquals(1, r.writes().get(0).newBytes().length);
        assertEquals(3, r.writes().get(0).oldBytes()[0]); // the demo's 3 sessions
        assertEquals(0, run.machine().memory().u64(block + 8));
        assertPanic(run.finishCycle(), -Errno.EINVAL, "luo: Block contains invalid entry count: 0");

        CorruptionRun run2 = start(DEMO);
        run2.serialize();
        long b2 = HandoverReader.read(run2.machine(), Stage.HANDOVER).sessionBlocks().get(0).pa();
        assertTrue(run2.inject("write-bytes", Params.of("pa", "0x" + Long.toHexString(b2), "bytes", "de ad:be_ef")).ok());
        assertEquals(0xefbeaddeL, run2.machine().memory().u64(b2) & 0xffffffffL);
        for (String bad : List.of("", "abc", "zz", "0x", "00".repeat(65))) {
            CorruptionReport refused = run2.inject("write-bytes", Params.of("pa", "0x" + Long.toHexString(b2), "bytes", bad));
            assertFalse(refused.ok(), bad);
            assertTrue(refused.writes().isEmpty());
        }
        assertTrue(run2.inject("write-bytes", Params.of("pa", "0x4fffffff", "bytes", "0102")).error().contains("not RAM"));
    }

    @Test
    void rawWritesOutsideRamAreRefused() {
        CorruptionRun run = start(DEMO);
        String before = run.machine().memory().contentHash();
        assertTrue(run.inject("bit-flip", Params.of("pa", "0x1000")).error().contains("not RAM"));
        assertTrue(run.inject("write-u64", Params.of("pa", "0x4fffffff", "value", "1")).error().contains("not RAM"));
        assertTrue(run.inject("bit-flip", Params.none()).error().contains("required"));
        assertEquals(before, run.machine().memory().contentHash());
    }
}
