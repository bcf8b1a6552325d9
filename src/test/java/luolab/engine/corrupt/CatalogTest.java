package luolab.engine.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import luolab.engine.abi.Abi;
import luolab.engine.machine.Machine;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;
import org.junit.jupiter.api.Test;

class CatalogTest {
    @Test
    void entriesAreNamedDescribedAndGrouped() {
        Set<String> names = new HashSet<>();
        for (Injector i : Catalog.all()) {
            assertTrue(i.name().matches("[a-z0-9]+(-[a-z0-9]+)*"), i.name());
            assertTrue(names.add(i.name()), "duplicate " + i.name());
            assertFalse(i.description().isBlank());
            assertFalse(i.writes().isBlank());
            assertFalse(i.outcome().isBlank());
            assertFalse(i.stages().isEmpty());
            assertEquals(i, Catalog.byName(i.name()));
            for (ParamSpec p : i.params()) {
                assertFalse(p.description().isBlank(), i.name() + "." + p.name());
                if (!p.required()) {
                    assertNull(p.check(p.defaultValue()), i.name() + "." + p.name() + " default");
                }
            }
        }
        assertTrue(Catalog.byGroup().values().stream().noneMatch(List::isEmpty), "every group has entries");
        assertNull(Catalog.byName("no-such-thing"));
        for (String required : List.of("cyclic-chain", "self-loop", "long-chain", "count-over-capacity", "zero-count-block",
                "next-outside-ram", "next-unpreserved", "chain-truncate", "file-compatible", "file-count-mismatch",
                "duplicate-session-name", "luo-preserved-data", "luo-blob-size", "luo-compatible", "kho-compatible", "fdt-magic",
                "fdt-truncate", "radix-root-zero", "bit-flip", "memfd-unpreserve-folio", "duplicate-name-empty-block")) {
            assertNotNull(Catalog.byName(required), required);
        }
    }

    /**
     * The ids and their order are what the CLI, the workbench menu, lessons and saved corruption
     * plans refer to: renaming or reordering an entry must be a deliberate change of this list.
     */
    @Test
    void idsGroupsAndListingOrderArePinned() {
        List<String> expected = List.of(
                "chains: cyclic-chain", "chains: self-loop", "chains: long-chain", "chains: chain-truncate",
                "counts: count-over-capacity", "counts: zero-count-block", "counts: file-count-mismatch", "counts: file-set-detached",
                "counts: duplicate-name-empty-block",
                "pointers: next-outside-ram", "pointers: next-unpreserved", "pointers: next-foreign", "pointers: radix-root-zero",
                "pointers: radix-cycle",
                "pointers: flbs-pa",
                "strings/FDT: file-compatible", "strings/FDT: duplicate-session-name", "strings/FDT: luo-compatible",
                "strings/FDT: luo-blob-size", "strings/FDT: luo-preserved-data", "strings/FDT: kho-compatible", "strings/FDT: fdt-magic",
                "strings/FDT: fdt-truncate",
                "memfd: memfd-unpreserve-folio", "memfd: memfd-seals", "memfd: memfd-size", "memfd: memfd-data-flip",
                "raw bytes: bit-flip", "raw bytes: write-u64", "raw bytes: write-bytes");
        assertEquals(expected, Catalog.all().stream().map(i -> i.group().label() + ": " + i.name()).toList());
        assertEquals(expected, Catalog.byGroup().values().stream().flatMap(List::stream).map(i -> i.group().label() + ": " + i.name())
                .toList(), "grouping keeps the listing order");
    }

    /** Every entry at its defaults, at the latest stage it supports, on a scenario with multi-block chains. */
    @Test
    void everyEntryAtItsDefaultsDoesWhatItSays() {
        for (Injector i : Catalog.all()) {
            if (i instanceof ChainInjectors.LongChain) {
                continue; // covered with its own sizes in ChainAndCountInjectorsTest
            }
            // the edge case needs room below 51 sessions; everything else gets multi-block chains
            CorruptionRun run = CorruptTestSupport.start(i instanceof SyscallInjectors.DuplicateNameEmptyBlock
                    ? CorruptTestSupport.DEMO : CorruptTestSupport.BIG);
            if (i.stages().contains(Stage.HANDOVER)) {
                assertTrue(run.serialize());
            }
            // raw writes: into the padding after the KHO FDT's blocks (nobody reads it)
            Params p = i.group() != Group.RAW ? Params.none()
                    : Params.of("pa", "0x" + Long.toHexString(run.machine().kernel().kho().fdtPa() + 0xff0));
            if (i instanceof RawInjectors.WriteU64) {
                p = p.with("value", "0");
            }
            if (i instanceof RawInjectors.WriteBytes) {
                p = p.with("bytes", "00");
            }
            CorruptionReport r = run.inject(i, p);
            assertTrue(r.ok(), i.name() + ": " + r.error());
            assertNotNull(r.expected(), i.name());
            Outcome o = run.finishCycle();
            assertNull(r.expected().mismatch(o), () -> i.name() + ": " + r + "\n" + o.details());
        }
    }

    @Test
    void badParametersAreErrorsNotExceptionsAndWriteNothing() {
        List<Params> bad = List.of(Params.of("nonsense", "1"), Params.of("set", "sessionz"), Params.of("set", "files:nobody"),
                Params.of("block", "99999"), Params.of("block", "x"), Params.of("from", "-5"), Params.of("value", "0xzz"),
                Params.of("pa", "0x1ffffffffffffffff"), Params.of("session", "nobody"), Params.of("token", "0x9999"),
                Params.of("mode", "sideways"), Params.of("target", "moon"), Params.of("value", "x".repeat(80)),
                Params.of("blocks", "1"), Params.of("folio", "100000"), Params.of("offset", "99999999"));
        for (Injector i : Catalog.all()) {
            CorruptionRun run = CorruptTestSupport.start(CorruptTestSupport.DEMO);
            if (i.stages().contains(Stage.HANDOVER)) {
                run.serialize();
            }
            String before = run.machine().memory().contentHash();
            boolean anyApplied = false;
            for (Params p : bad) {
                CorruptionReport r = run.inject(i, p);
                anyApplied |= r.ok();
                if (!r.ok()) {
                    assertFalse(r.error().isBlank());
                    assertTrue(r.writes().isEmpty());
                    assertFalse(r.error().startsWith("internal error"), i.name() + " " + p + ": " + r.error());
                }
            }
            if (!anyApplied) {
                assertEquals(before, run.machine().memory().contentHash(), i.name());
            }
        }
    }

    @Test
    void unsupportedStagesAreRefused() {
        for (Injector i : Catalog.all()) {
            for (Stage s : Stage.values()) {
                if (i.stages().contains(s)) {
                    continue;
                }
                CorruptionRun run = CorruptTestSupport.start(CorruptTestSupport.BIG);
                if (s != Stage.LIVE) {
                    run.serialize();
                }
                if (s == Stage.INCOMING) {
                    run.jump();
                }
                CorruptionReport r = run.inject(i, Params.of());
                assertFalse(r.ok(), i.name() + " at " + s);
                assertTrue(r.error().contains("cannot run"), i.name() + ": " + r.error());
                assertEquals(s, r.stage());
            }
        }
    }

    @Test
    void aPanickedKernelCannotBeCorrupted() {
        Outcome o = CorruptTestSupport.handover(CorruptTestSupport.DEMO, "luo-compatible", Params.none());
        assertEquals(OutcomeKind.PANIC, o.kind());
        Machine m = Machine.coldBoot(16L << 20, Abi.V7, Trace.off());
        CorruptTestSupport.DEMO.build(m);
        CorruptionRun run = CorruptionRun.begin(m);
        run.serialize();
        run.inject("luo-compatible", Params.none());
        run.jump();
        CorruptionReport r = run.inject("bit-flip", Params.of("pa", "0x40000000"));
        assertFalse(r.ok());
        assertTrue(r.error().contains("panicked"), r.error());
    }

    @Test
    void writesGoThroughPhysicalMemoryAndTheTrace() {
        Trace trace = new Trace(Trace.Mode.FULL);
        CorruptionRun run = CorruptTestSupport.start(CorruptTestSupport.DEMO, 64L << 20, trace);
        run.serialize();
        int mark = trace.size();
        CorruptionReport r = run.inject("cyclic-chain", Params.of("set", "files:alpha", "from", "0", "to", "0"));
        assertTrue(r.ok(), r.error());
        List<TraceEvent> after = new ArrayList<>(trace.events().subList(mark, trace.size()));
        TraceEvent.Corruption c = (TraceEvent.Corruption) after.stream().filter(e -> e instanceof TraceEvent.Corruption).findFirst()
                .orElseThrow();
        assertEquals("cyclic-chain", c.injector());
        assertEquals(r.description(), c.description());
        assertTrue(c.stack().toString().contains("cyclic-chain"), c.stack().toString());
        List<TraceEvent.MemWrite> writes = after.stream().filter(e -> e instanceof TraceEvent.MemWrite).map(e -> (TraceEvent.MemWrite) e)
                .toList();
        assertEquals(r.writes().size(), writes.size());
        assertTrue(after.indexOf(c) < after.indexOf(writes.get(0)), "the Corruption event comes first");
        Write w = r.writes().get(0);
        assertEquals(w.pa(), writes.get(0).pa());
        assertEquals("kho_block_header_ser", writes.get(0).what().struct());
        assertEquals("next", writes.get(0).what().field());
        assertEquals(w.pa(), luolab.engine.memory.LittleEndian.u64(w.newBytes(), 0), "self-loop: next = own PA");
        assertEquals(0, luolab.engine.memory.LittleEndian.u64(w.oldBytes(), 0));
    }

    @Test
    void withoutCorruptionEverythingIsRestored() {
        CorruptionRun run = CorruptTestSupport.start(CorruptTestSupport.BIG);
        Outcome o = run.finishCycle();
        assertEquals(OutcomeKind.RESTORED, o.kind(), o::details);
        assertEquals(104, o.count(Outcome.Fate.RESTORED));
        assertEquals(134, o.fileCount(Outcome.Fate.RESTORED));
        assertEquals("restored", o.key());
    }

    @Test
    void paramsParseLikeACommandLine() {
        Params p = Params.parse(List.of("set=files:my session", "from=2"));
        assertEquals("files:my session", p.get("set"));
        assertNull(Params.parse(List.of("novalue")));
        assertEquals(0xffffffffffffffffL, Params.parseU64("0xffffffffffffffff"));
        assertEquals(-1L, Params.parseU64("-1"));
        assertNull(Params.parseU64("0x"));
    }
}
