package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import luolab.engine.handover.Handover;
import luolab.engine.machine.Machine;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Trace;
import luolab.scenario.RunResult;
import luolab.scenario.ScenarioLoader;
import luolab.scenario.ScenarioRunner;
import luolab.ui.model.EngineScenarioBackend;
import luolab.ui.model.LoadedRun;
import luolab.ui.model.ScenarioBackend;
import luolab.ui.view.BlockChainCanvas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace-off run whose last step is a kexec: the new kernel holds what it was handed as the
 * incoming session block set luo_early_startup() restored, until its first open of
 * /dev/liveupdate deserializes it. On v7 that boot already gave luo_ser back (kho_restore_free),
 * so the KHO FDT's "LUO" subtree leads to a page that holds nothing: read from there, the Block
 * chains tab showed no chain at all. It now draws the handed-over session and file chains from
 * the restored set, the Handover (FDT) tab lists that set, and both say where it was read from;
 * the radix tree says it is the end of the run, not "event 0", and that the incoming FDT's map
 * root now holds the new kernel's own tree. 16 MB sends any run trace-off.
 */
class TraceOffHandedOverChainsTest extends WorkbenchTestBase {
    @Override
    ScenarioBackend backend() {
        return EngineScenarioBackend.withHeap(() -> 16L << 20, () -> 0);
    }

    private static Path scenario(Path dir, String abi) throws Exception {
        Path f = dir.resolve("ends-at-kexec-" + abi + ".json");
        Files.writeString(f, """
                {"name": "ends at kexec", "ram": "256M", "abi": "%s", "steps": [
                  {"op": "open_device", "as": "dev"},
                  {"op": "create_session", "name": "keep-a", "as": "a"},
                  {"op": "preserve_memfd", "session": "a", "token": "0x10", "content": "alpha"},
                  {"op": "preserve_test_file", "session": "a", "token": "0x11"},
                  {"op": "create_session", "name": "keep-b", "as": "b"},
                  {"op": "preserve_test_file", "session": "b", "token": "0x20"},
                  {"op": "preserve_test_file", "session": "b", "token": "0x21"},
                  {"op": "preserve_test_file", "session": "b", "token": "0x22"},
                  {"op": "create_session", "name": "empty", "as": "e"},
                  {"op": "kexec"}
                ]}""".formatted(abi));
        return f;
    }

    private void selectTab(String id) {
        interact(() -> {
            TabPane tabs = (TabPane) lookup("#structureTabs").query();
            for (Tab t : tabs.getTabs()) {
                if (id.equals(t.getId()) || (t.getId() == null && id.equals(t.getText()))) {
                    tabs.getSelectionModel().select(t);
                }
            }
        });
    }

    private void selectTab(int i) {
        interact(() -> ((TabPane) lookup("#structureTabs").query()).getSelectionModel().select(i));
    }

    private Handover incoming() {
        await(() -> model.frame().handovers() != null, "handover analysis");
        return model.frame().handovers().stream().filter(Handover::incoming).findFirst().orElseThrow();
    }

    private BlockChainCanvas chains() {
        return lookup("#chainCanvas").queryAs(BlockChainCanvas.class);
    }

    private static String text(String id, javafx.scene.Node root) {
        return ((Label) root.lookup(id)).getText();
    }

    private static List<String> rows(TreeItem<String> i, List<String> out) {
        out.add(i.getValue());
        i.getChildren().forEach(c -> rows(c, out));
        return out;
    }

    @Test
    void v7ChainsAreReadFromTheRestoredSessionSetNotFromTheFreedLuoSer(@TempDir Path dir) throws Exception {
        Path f = scenario(dir, "v7");
        // the engine itself: luo_ser given back at early boot, the restored incoming set holds the chain
        RunResult engine = new ScenarioRunner().run(new ScenarioLoader().loadFile(f), Trace.Mode.OFF);
        Machine m = engine.machine();
        long head = m.kernel().luo().sessions().incomingBlocks().headPa();
        assertFalse(m.kernel().luo().deserializeDone());

        LoadedRun off = open(f, false);
        PhysicalMemory mem = off.memory();
        long[] before = pageSums(mem);
        selectTab(1);
        Handover in = incoming();
        assertEquals(head, in.sessions().headPa(), "the chain starts at the set luo_early_startup() restored");
        assertEquals(1, in.sessions().blocks().size());
        assertEquals(3, in.sessions().blocks().get(0).count());
        assertEquals(List.of("keep-a", "keep-b", "empty"), in.entries().stream().map(Handover.SessionEntry::name).toList());
        assertEquals(List.of(2L, 3L, 0L), in.entries().stream().map(e -> e.files().blocks().stream()
                .mapToLong(Handover.Block::entries).sum()).toList());
        assertTrue(in.sessions().ok() && in.entries().stream().allMatch(e -> e.files().ok()));

        await(() -> chains().boxes().stream().anyMatch(b -> b.set().equals("sessions") && b.block().pa() == head),
                "the handed-over session chain drawn");
        assertEquals(in, lookup("#handoverBox").queryAs(ComboBox.class).getValue(), "the incoming handover is the one shown");
        javafx.scene.Node root = lookup("#chainsPane").query();
        Label caption = lookup("#chainsCaption").queryAs(Label.class);
        assertTrue(caption.isVisible());
        String c = caption.getText();
        assertTrue(c.startsWith("Final state of boot 2 · trace off — what boot 2 holds as its incoming session set until"
                + " the first open of /dev/liveupdate deserializes it (3 sessions, 5 files, handed over by boot 1)"), c);
        assertTrue(c.contains(String.format("restored from luo_ser's sessions_pa (head 0x%x)", head)), c);
        assertTrue(c.contains(String.format("luo_ser @ 0x%x", in.luoSerPa())) && c.contains("kho_restore_free"), c);
        assertEquals(String.format("restored session set @ 0x%x", head), text("#luoSerLabel", root));

        // the Handover (FDT) tab: the KHO FDT as it is, and the set the kernel holds, with the same caption
        selectTab(2);
        TreeView<?> tree = lookup("#fdtTree").queryAs(TreeView.class);
        @SuppressWarnings("unchecked")
        TreeItem<String> troot = (TreeItem<String>) tree.getRoot();
        String row = String.format("incoming session set @ 0x%x  (restored at early boot, not yet deserialized: 1 block,"
                + " 3 sessions)", head);
        await(() -> rows(troot, new java.util.ArrayList<>()).contains(row), "the restored set in the FDT tree");
        Label fdtCaption = lookup("#fdtCaption").queryAs(Label.class);
        assertTrue(fdtCaption.isVisible());
        assertEquals(c, fdtCaption.getText());

        // the radix tree: the memory is the end of the run, not an event of a trace
        selectTab("radixTab");
        await(() -> lookup("#radixHeader").queryAs(Label.class).getText().contains("at the end of the run (trace off"),
                "the radix header");
        // the incoming FDT's map root is where boot 2 built its own tree: said, not passed off as what it was handed
        @SuppressWarnings("unchecked")
        TreeItem<String> radixRoot = (TreeItem<String>) lookup("#radixTree").queryAs(TreeView.class).getRoot();
        await(() -> radixRoot.getChildren().size() == 2, "both FDTs in the radix tab");
        TreeItem<String> inTree = radixRoot.getChildren().get(0);
        assertTrue(inTree.getValue().startsWith("incoming FDT"), inTree.getValue());
        assertTrue(inTree.getChildren().get(0).getValue().startsWith("⚠ not what this kernel was handed"),
                inTree.getChildren().get(0).getValue());
        assertFalse(radixRoot.getChildren().get(1).getChildren().get(0).getValue().startsWith("⚠"), "the outgoing one is its own");

        // read only: the final memory is as the run left it
        assertTrue(java.util.Arrays.equals(before, pageSums(mem)), "nothing written to memory");
    }

    @Test
    void fdtEraChainsComeFromTheLuoFdtTheyKeepAndSaySo(@TempDir Path dir) throws Exception {
        open(scenario(dir, "v2"), false);
        selectTab(1);
        Handover in = incoming();
        assertEquals(List.of("keep-a", "keep-b", "empty"), in.entries().stream().map(Handover.SessionEntry::name).toList());
        Label caption = lookup("#chainsCaption").queryAs(Label.class);
        await(caption::isVisible, "the chains caption");
        assertTrue(caption.getText().contains(String.format("LUO FDT @ 0x%x, which this generation keeps", in.luoFdtPa())),
                caption.getText());
    }

    @Test
    void aTracedRunHasNoFinalStateCaption() {
        selectTab(1);
        goTo(model.target());
        await(() -> model.frame().handovers() != null, "handover analysis");
        assertFalse(lookup("#chainsCaption").queryAs(Label.class).isVisible());
        selectTab(2);
        assertFalse(lookup("#fdtCaption").queryAs(Label.class).isVisible());
    }

    /** A sum per touched page: whether any byte of RAM changed. */
    private static long[] pageSums(PhysicalMemory mem) {
        long[] out = new long[(int) mem.nrPages()];
        for (int i = 0; i < out.length; i++) {
            long pfn = mem.basePfn() + i;
            byte[] b = mem.read(PhysicalMemory.pa(pfn), PhysicalMemory.PAGE_SIZE);
            out[i] = java.util.Arrays.hashCode(b) * 31L + mem.meta(pfn);
        }
        return out;
    }
}
