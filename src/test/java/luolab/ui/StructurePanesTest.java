package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.geometry.Point2D;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import luolab.engine.trace.Phase;
import luolab.engine.trace.TraceEvent;
import luolab.ui.event.SelectBlock;
import luolab.ui.event.SelectRange;
import luolab.engine.handover.Handover;
import luolab.ui.model.LoadedRun;
import luolab.ui.model.SessionTable;
import luolab.ui.view.BlockChainCanvas;
import org.junit.jupiter.api.Test;

/** The structure panes on runs of the real engine. */
class StructurePanesTest extends WorkbenchTestBase {
    private void selectTab(int i) {
        interact(() -> ((TabPane) lookup("#structureTabs").query()).getSelectionModel().select(i));
    }

    private Handover outgoing() {
        await(() -> model.frame().handovers() != null, "handover analysis");
        return model.frame().handovers().stream().filter(h -> !h.incoming()).findFirst().orElseThrow();
    }

    private BlockChainCanvas chains() {
        return lookup("#chainCanvas").queryAs(BlockChainCanvas.class);
    }

    @Test
    void blockChainsAreParsedFromMemoryAndClickSelectsTheBlock() {
        LoadedRun run = EngineRuns.liveUpdate(64L << 20, 60, 1);
        interact(() -> model.load(run));
        awaitPosition(0);
        selectTab(1);
        goTo(model.phaseStart(Phase.KEXEC));
        Handover h = outgoing();
        assertEquals("luo-v5", h.compatible());
        assertEquals(2, h.sessions().blocks().size(), "60 sessions need two 51-entry blocks");
        assertEquals(51, h.sessions().blocks().get(0).count());
        assertEquals(9, h.sessions().blocks().get(1).count());
        assertEquals(-1, h.sessions().cycleTo());
        assertEquals(60, h.entries().size());
        assertEquals("vm-0", h.entries().get(0).name());
        await(() -> chains().boxes().size() >= 2 + 60, "chain boxes");
        BlockChainCanvas.Box second = chains().boxes().get(1);
        assertEquals(h.sessions().blocks().get(1).pa(), second.block().pa());
        Point2D c = chains().localToScreen(second.rect().getMinX() + 20, second.rect().getMinY() + 20);
        clickOn(c);
        await(() -> model.selectionProperty().get() instanceof SelectBlock b && b.pa() == second.block().pa(),
                "block selection");
        await(() -> window.controller().hex().canvas().rangeStart() == second.block().pa(), "hex shows the block");
    }

    @Test
    void aCyclicChainIsDrawnWithAnArrowBack() {
        LoadedRun run = EngineRuns.cyclicSessionChain(60);
        interact(() -> model.load(run));
        awaitPosition(0);
        selectTab(1);
        int corrupt = -1;
        List<TraceEvent> ev = run.events();
        for (int i = 0; i < ev.size(); i++) {
            if (ev.get(i) instanceof TraceEvent.Corruption) {
                corrupt = i;
            }
        }
        goTo(corrupt + 2);
        Handover h = outgoing();
        assertEquals(0, h.sessions().cycleTo(), "the second block's next returns to block 0");
        assertTrue(h.sessions().problem().startsWith("cyclic"), h.sessions().problem());
        // one step earlier the chain was fine
        goTo(corrupt);
        await(() -> model.frame().handovers() != null, "analysis");
        Handover before = model.frame().handovers().stream().filter(x -> !x.incoming()).findFirst().orElseThrow();
        assertEquals(-1, before.sessions().cycleTo());
    }

    @Test
    void sessionsTableFollowsTheEvents() {
        LoadedRun run = EngineRuns.liveUpdate(64L << 20, 3, 1);
        interact(() -> model.load(run));
        awaitPosition(0);
        goTo(model.phaseStart(Phase.SERIALIZE));
        TableView<SessionTable.Session> t = lookup("#sessionTable").queryAs(TableView.class);
        assertEquals(List.of("vm-0", "vm-1", "vm-2"), t.getItems().stream().map(s -> s.name).toList());
        assertTrue(t.getItems().stream().allMatch(s -> s.boot == 1 && s.liveFiles() == 1));
        goTo(model.totalProperty().get());
        assertTrue(t.getItems().stream().anyMatch(s -> s.boot == 2 && s.name.equals("vm-0") && s.state.equals("finished")),
                t.getItems().stream().map(s -> s.boot + "/" + s.name + "/" + s.state).toList().toString());
        interact(() -> t.getSelectionModel().select(t.getItems().stream().filter(s -> s.boot == 2 && s.name.equals("vm-0"))
                .findFirst().orElseThrow()));
        TableView<SessionTable.File> files = lookup("#fileTable").queryAs(TableView.class);
        assertEquals(1, files.getItems().size());
        assertEquals("finished", files.getItems().get(0).state, "finish_session finishes its retrieved files");
        goTo(0);
        assertTrue(t.getItems().isEmpty());
    }

    @Test
    void fdtTreeShowsTheLuoSubtreeAndSelectsItsBytes() {
        LoadedRun run = EngineRuns.liveUpdate(64L << 20, 2, 1);
        interact(() -> model.load(run));
        awaitPosition(0);
        selectTab(2);
        goTo(model.phaseStart(Phase.KEXEC));
        Handover h = outgoing();
        TreeView<String> tree = lookup("#fdtTree").queryAs(TreeView.class);
        await(() -> !tree.getRoot().getChildren().isEmpty(), "fdt tree");
        TreeItem<String> root = tree.getRoot().getChildren().stream().filter(i -> i.getValue().contains("outgoing"))
                .findFirst().orElseThrow();
        assertTrue(root.getValue().contains(String.format("0x%x", h.fdtPa())));
        assertTrue(root.getChildren().stream().anyMatch(i -> i.getValue().startsWith("compatible = \"kho-v4\"")),
                root.getChildren().toString());
        TreeItem<String> luo = root.getChildren().stream().filter(i -> i.getValue().equals("LUO {}")).findFirst()
                .orElseThrow();
        assertNotNull(luo);
        interact(() -> tree.getSelectionModel().select(luo));
        await(() -> model.selectionProperty().get() instanceof SelectRange r && r.pa() == h.luoSerPa(), "luo_ser bytes");
    }
}
