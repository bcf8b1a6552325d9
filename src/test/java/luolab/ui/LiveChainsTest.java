package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.scene.control.CheckBox;
import luolab.engine.trace.TraceEvent;
import luolab.ui.view.BlockChainCanvas;
import org.junit.jupiter.api.Test;

/** Block chains before the first serialize come from the sets' BlockLinked events and memory bytes. */
class LiveChainsTest extends UiGapsTestBase {
    private BlockChainCanvas chains() {
        return lookup("#chainCanvas").queryAs(BlockChainCanvas.class);
    }

    @Test
    void theSessionChainShowsItsBlockBeforeSerialize() {
        openDemo();
        selectTab("chainsTab");
        List<TraceEvent> ev = model.runProperty().get().events();
        int beforeKexec = -1;
        long sessionBlock = 0;
        for (int i = 0; i < ev.size(); i++) {
            if (ev.get(i) instanceof TraceEvent.BlockLinked b && b.set().equals("sessions") && sessionBlock == 0) {
                sessionBlock = b.pa();
            }
            if (ev.get(i) instanceof TraceEvent.StepMark m && m.description().contains("kexec")
                    && !m.description().contains("note")) {
                beforeKexec = i + 1;
                break;
            }
        }
        assertTrue(beforeKexec > 0 && sessionBlock != 0, "the demo links a session block before its kexec step");
        goTo(beforeKexec);
        long block = sessionBlock;
        // the view may repaint between two looks: keep the box the wait found
        java.util.concurrent.atomic.AtomicReference<BlockChainCanvas.Box> found = new java.util.concurrent.atomic.AtomicReference<>();
        await(() -> {
            if (!chains().live()) {
                return false;
            }
            chains().boxes().stream().filter(b -> b.set().equals("sessions") && b.block().pa() == block)
                    .findFirst().ifPresent(found::set);
            return found.get() != null;
        }, "the session chain's block, drawn before serialize");
        BlockChainCanvas.Box box = found.get();
        assertEquals(0, box.block().count(), "counts are written at serialize");
        assertTrue(lookup("#luoSerLabel").queryLabeled().getTooltip().getText().contains("count 0 (written at serialize)"));
        await(() -> {
            Set<String> rows = chains().boxes().stream().map(BlockChainCanvas.Box::set).collect(Collectors.toSet());
            return rows.contains("files of 'vm-guest'") && rows.contains("files of 'net-state'");
        }, "both file chains drawn before serialize");
        // scratchpad has no file chain: hidden until "show empty"
        double h = chains().getHeight();
        clickOn("#showEmptyChains");
        assertTrue(lookup("#showEmptyChains").queryAs(CheckBox.class).isSelected());
        await(() -> chains().getHeight() > h, "the empty session's row appears");
        // after the kexec the chains are read through luo_ser again
        goTo(model.phaseStart(luolab.engine.trace.Phase.KEXEC));
        await(() -> !chains().live(), "back to reading through luo_ser");
    }
}
