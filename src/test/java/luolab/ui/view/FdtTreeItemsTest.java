package luolab.ui.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.control.TreeItem;
import luolab.engine.abi.Abi;
import luolab.engine.machine.BootParams;
import luolab.engine.machine.Machine;
import luolab.engine.trace.Trace;
import luolab.engine.user.Process;
import luolab.engine.handover.Handover;
import org.junit.jupiter.api.Test;

/** The FDT tab lists the KHO FDT and, for the FDT-era generations, the LUO FDT it points to. */
class FdtTreeItemsTest {
    private static Handover serialized(Abi abi) {
        Machine m = Machine.coldBoot(64L << 20, abi, Trace.off());
        Process p = new Process(m.kernel());
        int dev = p.open("/dev/liveupdate");
        assertTrue(p.createSession(dev, "vm") >= 0);
        int[] err = new int[1];
        BootParams bp = m.serializeForKexec(err);
        return Handover.read(m.memory(), bp.khoFdtPa(), false, abi);
    }

    private static List<String> lines(TreeItem<String> i) {
        List<String> out = new ArrayList<>();
        out.add(i.getValue());
        for (TreeItem<String> c : i.getChildren()) {
            out.addAll(lines(c));
        }
        return out;
    }

    @Test
    void v2ShowsItsLuoFdtUnderTheHandover() {
        Handover h = serialized(Abi.SEEDS_V2);
        Map<TreeItem<String>, FdtTreeItems.Target> targets = new HashMap<>();
        TreeItem<String> root = FdtTreeItems.handover(h, targets);
        TreeItem<String> luo = root.getChildren().stream().filter(c -> c.getValue().startsWith("LUO FDT @")).findFirst()
                .orElseThrow(() -> new AssertionError(lines(root).toString()));
        List<String> l = lines(luo);
        assertTrue(l.contains("compatible = \"luo-v2\""), l.toString());
        assertTrue(l.stream().anyMatch(s -> s.startsWith("luo-abi-header = <0x")), l.toString());
        assertEquals(h.luoFdtPa(), targets.get(luo).pa(), "clicking it selects the LUO FDT page");
    }

    @Test
    void valuesAreStringsOnlyWhenTheyLookLikeStringLists() {
        assertEquals("\"kho-v3\"", FdtTreeItems.value("kho-v3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertEquals("\"a\", \"bc\"", FdtTreeItems.value("a\0bc\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        // PA 0x40300000 little-endian: printable bytes and NULs, but a u64
        assertEquals("<0x40300000>  (u64 LE)", FdtTreeItems.value(new byte[] {0, 0, 0x30, 0x40, 0, 0, 0, 0}));
        assertEquals("<0x4030f000>  (u64 LE)", FdtTreeItems.value(new byte[] {0, (byte) 0xf0, 0x30, 0x40, 0, 0, 0, 0}));
    }

    @Test
    void v7HasNoSeparateLuoFdt() {
        TreeItem<String> root = FdtTreeItems.handover(serialized(Abi.V7), new HashMap<>());
        assertTrue(root.getChildren().stream().noneMatch(c -> c.getValue().startsWith("LUO FDT @")), lines(root).toString());
    }
}
