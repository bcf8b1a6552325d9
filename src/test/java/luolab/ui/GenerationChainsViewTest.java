package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.control.TabPane;
import luolab.engine.abi.Abi;
import luolab.engine.trace.Phase;
import luolab.engine.trace.TraceEvent;
import luolab.engine.handover.Handover;
import luolab.ui.model.LoadedRun;
import luolab.ui.view.BlockChainCanvas;
import org.junit.jupiter.api.Test;

/** The block-chain view on series v2 (2-page linked blocks) and pre-series (fixed arrays) runs of the engine. */
class GenerationChainsViewTest extends WorkbenchTestBase {
    private void showChains(LoadedRun run) {
        interact(() -> model.load(run));
        awaitPosition(0);
        interact(() -> ((TabPane) lookup("#structureTabs").query()).getSelectionModel().select(1));
    }

    private BlockChainCanvas chains() {
        return lookup("#chainCanvas").queryAs(BlockChainCanvas.class);
    }

    private Handover outgoing() {
        await(() -> model.frame().handovers() != null, "handover analysis");
        return model.frame().handovers().stream().filter(h -> !h.incoming()).findFirst().orElseThrow();
    }

    private List<BlockChainCanvas.Box> row(String set) {
        return chains().boxes().stream().filter(b -> b.set().equals(set)).toList();
    }

    @Test
    void v2ChainsAreDrawnAsTwoPageLinkedBlocks() {
        showChains(EngineRuns.liveUpdate(64L << 20, 150, 1, Abi.SEEDS_V2));
        goTo(model.phaseStart(Phase.KEXEC));
        Handover h = outgoing();
        assertEquals(Abi.SEEDS_V2, h.generation());
        assertEquals(2, h.sessions().blocks().size(), "150 sessions need two 102-entry blocks");
        assertEquals(List.of(102L, 48L), h.sessions().blocks().stream().map(Handover.Block::count).toList());
        var seen = new java.util.concurrent.atomic.AtomicReference<List<BlockChainCanvas.Box>>();
        await(() -> {
            List<BlockChainCanvas.Box> all = chains().boxes();
            seen.set(all.stream().filter(b -> b.set().equals("sessions")).toList());
            return seen.get().size() == 2 && all.size() == 2 + (BlockChainCanvas.MAX_ROWS - 1);
        }, "one box per block (file rows up to MAX_ROWS)");
        List<BlockChainCanvas.Box> sessions = seen.get();
        for (BlockChainCanvas.Box b : sessions) {
            assertEquals(BlockChainCanvas.BOX_W, b.rect().getWidth(), "a linked block, not an array");
        }
        assertTrue(sessions.get(1).rect().getMinX() > sessions.get(0).rect().getMaxX(), "linked left to right");
        assertTrue(lookup("#luoSerLabel").queryLabeled().getText().contains("\"luo-v2\""),
                lookup("#luoSerLabel").queryLabeled().getText());
    }

    @Test
    void aCyclicV2ChainIsDrawnCyclic() {
        LoadedRun run = EngineRuns.cyclicSessionChain(250, Abi.SEEDS_V2);
        showChains(run);
        int corrupt = -1;
        List<TraceEvent> ev = run.events();
        for (int i = 0; i < ev.size(); i++) {
            if (ev.get(i) instanceof TraceEvent.Corruption) {
                corrupt = i;
            }
        }
        goTo(corrupt + 2);
        Handover h = outgoing();
        assertEquals(3, h.sessions().blocks().size());
        assertEquals(0, h.sessions().cycleTo(), "the third block's next returns to block 0");
        assertTrue(h.sessions().problem().startsWith("cyclic"), h.sessions().problem());
        await(() -> row("sessions").size() == 3, "the cyclic chain's blocks");
    }

    @Test
    void preSeriesArraysAreOneLongBoxEach() {
        showChains(EngineRuns.liveUpdate(64L << 20, 3, 2, Abi.PRE_SERIES));
        goTo(model.phaseStart(Phase.KEXEC));
        Handover h = outgoing();
        assertEquals(Abi.PRE_SERIES, h.generation());
        assertTrue(h.sessions().layout().array());
        await(() -> row("sessions").size() == 1, "the session array");
        BlockChainCanvas.Box array = row("sessions").get(0);
        assertEquals(BlockChainCanvas.ARRAY_W, array.rect().getWidth(), "one long box");
        assertEquals(3, array.block().count());
        assertEquals(819, array.block().capacity());
        List<BlockChainCanvas.Box> files = row("files of vm-0");
        assertEquals(1, files.size());
        assertEquals(BlockChainCanvas.ARRAY_W, files.get(0).rect().getWidth());
        assertEquals(128, files.get(0).block().capacity());
        assertEquals(2, files.get(0).block().count());
    }

    @Test
    void v2ChainsAreLiveBeforeSerialize() {
        LoadedRun run = EngineRuns.liveUpdate(64L << 20, 3, 1, Abi.SEEDS_V2);
        showChains(run);
        goTo(model.phaseStart(Phase.SERIALIZE));
        // read the row inside the wait: the view may repaint between two looks
        var seen = new java.util.concurrent.atomic.AtomicReference<List<BlockChainCanvas.Box>>();
        await(() -> {
            List<BlockChainCanvas.Box> r = chains().live() ? row("sessions") : List.of();
            seen.set(r);
            return r.size() == 1;
        }, "the v2 session block, from its BlockLinked event");
        assertEquals(0, seen.get().get(0).block().count(), "counts are written at serialize");
        assertEquals(102, seen.get().get(0).block().capacity());
        await(() -> row("files of 'vm-0'").size() == 1, "a live file chain");
        goTo(model.phaseStart(Phase.KEXEC));
        await(() -> {
            List<BlockChainCanvas.Box> r = chains().live() ? List.of() : row("sessions");
            return r.size() == 1 && r.get(0).block().count() == 3;
        }, "read through luo_ser after serialize");
    }
}
