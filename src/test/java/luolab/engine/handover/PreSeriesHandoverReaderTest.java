package luolab.engine.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import org.junit.jupiter.api.Test;

/**
 * The shared reader on a pre-series handover ("luo-v1" LUO FDT → luo-session-header → one 16-page
 * session array: u64 count, then 80-byte entries, LUO_SESSION_MAX = (65536-8)/80 = 819; per
 * session a 2-page file array of 64-byte entries, LUO_FILE_MAX = 128, its count in
 * file_set_ser.count). No next pointers, so no cycle; the count is checked against the array
 * (the hardened luo_session.c: "Invalid session count: %llu"), and zero is simply no sessions.
 */
class PreSeriesHandoverReaderTest {
    private final HandoverFixture fx = new HandoverFixture(Abi.PRE_SERIES, 5, 3);

    private long array() {
        return fx.sessions().headPa();
    }

    private void setArrayCount(long count) {
        fx.machine.memory().writeU64(array(), count, Layouts.SESSION_HEADER_V1.ref("count"));
    }

    @Test
    void aHealthyImageIsOneArrayOfFiveSessions() {
        Handover h = fx.read();
        assertEquals(Abi.PRE_SERIES, h.generation());
        assertEquals("luo-v1", h.compatible());
        Handover.Chain s = h.sessions();
        assertTrue(s.layout().array());
        assertEquals(1, s.blocks().size());
        assertEquals(5, s.blocks().get(0).count());
        assertEquals(819, s.blocks().get(0).capacity());
        assertEquals(0, s.blocks().get(0).next(), "an array has no next");
        assertEquals(5, h.entries().size());
        Handover.Chain files = h.entries().get(0).files();
        assertEquals(3, files.blocks().get(0).count());
        assertEquals(128, files.blocks().get(0).capacity());
        assertThrows(IllegalArgumentException.class, () -> KhoBlockSetRestore.verdict(s, Abi.PRE_SERIES));
        fx.assertRestoreAdopts();
    }

    @Test
    void aNextWrittenIntoTheArrayIsReadAsItsCount() {
        // what a cycle injection would write (next := own PA) lands on the count: no loop, a huge count
        setArrayCount(array());
        Handover.Chain s = fx.sessions();
        assertEquals(-1, s.cycleTo());
        assertEquals("invalid session count " + array(), s.problem());
        fx.assertRestorePanics("luo: Invalid session count: " + array());
    }

    @Test
    void aZeroCountIsNoSessions() {
        setArrayCount(0);
        Handover h = fx.read();
        assertNull(h.sessions().problem());
        assertEquals(0, h.entries().size());
        fx.assertRestoreAdopts();
    }

    @Test
    void aCountOverCapacityIsAnInvalidSessionCount() {
        setArrayCount(820);
        Handover h = fx.read();
        assertEquals("invalid session count 820", h.sessions().problem());
        assertEquals(0, h.entries().size());
        Handover targets = Handover.read(fx.machine.memory(), fx.boot.khoFdtPa(), false, Abi.PRE_SERIES, ReadPurpose.TARGETS);
        assertEquals(819, targets.entries().size(), "injectors read the whole array");
        fx.assertRestorePanics("luo: Invalid session count: 820");
    }

    @Test
    void aFileArrayOutsideRamIsReported() {
        Handover.SessionEntry s0 = fx.read().entries().get(0);
        long wild = fx.machine.memory().end() + 0x2000;
        fx.machine.memory().writeU64(s0.pa() + Layouts.SESSION_SER.offset("file_set_ser.files"), wild,
                Layouts.SESSION_SER.ref("file_set_ser.files"));
        Handover.Chain files = fx.read().entries().get(0).files();
        assertTrue(files.blocks().isEmpty());
        assertEquals(String.format("array 0x%x is outside RAM", wild), files.problem());
    }
}
