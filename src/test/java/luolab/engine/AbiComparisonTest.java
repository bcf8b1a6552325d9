package luolab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import luolab.compare.AbiComparison;
import org.junit.jupiter.api.Test;

class AbiComparisonTest {
    @Test
    void preSeriesStopsWhereTheArraysEndOthersKeepGoing() {
        List<AbiComparison.Row> rows = AbiComparison.run(1000, 200);
        System.out.print(AbiComparison.table(rows));
        AbiComparison.Row v7 = rows.get(0);
        AbiComparison.Row v2 = rows.get(1);
        AbiComparison.Row pre = rows.get(2);
        assertEquals(819, pre.sessionsCreated());
        assertEquals(-Errno.ENOMEM, pre.sessionError());
        assertEquals(128, pre.filesPreserved());
        assertEquals(-Errno.ENOSPC, pre.fileError());
        assertEquals(1000, v7.sessionsCreated());
        assertEquals(200, v7.filesPreserved());
        assertEquals(20, v7.sessionBlocks());   // ceil(1000 / 51)
        assertEquals(4, v7.fileBlocks());       // ceil(200 / 63)
        assertEquals(10, v2.sessionBlocks());   // ceil(1000 / 102)
        assertEquals(2, v2.fileBlocks());       // ceil(200 / 127)
        assertEquals(1000, v7.restoredSessions());
        assertEquals(200, v7.restoredFiles());
        assertEquals(1000, v2.restoredSessions());
        assertEquals(819, pre.restoredSessions());
        assertEquals(128, pre.restoredFiles());
    }
}
