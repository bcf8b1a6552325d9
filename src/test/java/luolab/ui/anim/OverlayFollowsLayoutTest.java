package luolab.ui.anim;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.stage.Stage;
import luolab.engine.memory.PhysicalMemory;
import luolab.ui.model.LoadedRun;
import luolab.ui.view.BlockChainCanvas;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Paused after a step of Floyd's check, the tortoise marker sits on its block in the chain view and
 * on its page in the memory map. When the window is resized or a divider dragged, the panes move
 * under the overlay: the marker must move with them, not stay where the old layout had it.
 */
class OverlayFollowsLayoutTest extends AnimTestBase {
    @Override
    LoadedRun run() {
        return AnimRuns.lesson("08-cyclic-chain-floyd");
    }

    /** Where the tortoise was drawn: on the chain view (first "T") and on the map (last "T"). */
    private record Drawn(Point2D onChain, Point2D onMap) {
    }

    /** Where the tortoise belongs now, from the views as they are laid out. */
    private record Wanted(Point2D onChain, Point2D onMap) {
    }

    private long tortoisePa;

    /** Steps to the end of a Floyd step, paused: the resting picture shows tortoise and hare there. */
    private void pauseAfterAFloydStep() {
        awaitReady();
        AnimationPlan p = animator.plan();
        int i = -1;
        for (int k = 0; k < p.size(); k++) {
            Beat b = p.beat(k);
            if (b.kind() == BeatKind.FLOYD_STEP && b.to() > b.key() && p.beatOfPosition(b.to()) == k) {
                i = k;
                break;
            }
        }
        assertTrue(i >= 0, "the lesson has a Floyd step");
        Beat b = p.beat(i);
        BeatData.Floyd f = (BeatData.Floyd) b.data();
        tortoisePa = f.slow()[f.steps() - 1];
        interact(() -> {
            animator.overlay().at.refresh();
            animator.overlay().at.showTab("chain");
            model.goTo(b.to());
        });
        awaitPosition(b.to());
        awaitDrawn();
        // big enough cells that the map marker sits inside its page
        interact(() -> {
            animator.overlay().at.refresh();
            animator.overlay().at.map().zoomTo(PhysicalMemory.pfn(tortoisePa), 30);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * The chain view and the overlay catch up with a new position or layout on later pulses (the
     * chain view rebuilds its boxes from the frame): on a busy machine that is more than one
     * round of FX events, so wait until the tortoise's block has a box and a "T" is drawn.
     */
    private void awaitDrawn() {
        await(() -> WaitForAsyncUtils.asyncFx(() -> animator.overlay().at.chainBox(tortoisePa).isPresent()
                && animator.overlay().marks().stream().anyMatch(m -> m.letter().equals("T"))).get(),
                "the tortoise's block in the chain view and its marker");
    }

    private Drawn drawn() {
        Point2D[] out = new Point2D[2];
        interact(() -> {
            List<OverlayLayer.Mark> ts = animator.overlay().marks().stream().filter(m -> m.letter().equals("T")).toList();
            if (!ts.isEmpty()) {
                out[0] = ts.get(0).center();
                out[1] = ts.get(ts.size() - 1).center();
            }
        });
        assertNotNull(out[0], "the tortoise is drawn");
        return new Drawn(out[0], out[1]);
    }

    private Wanted wanted() {
        Wanted[] out = new Wanted[1];
        interact(() -> {
            Anchors at = animator.overlay().at;
            at.refresh();
            Rectangle2D box = at.chainBox(tortoisePa).orElseThrow();
            // ChainCheckPainter.slot(box, -1): on the top edge, left of the middle
            Point2D chain = new Point2D(box.getMinX() + box.getWidth() / 2 - box.getWidth() * 0.3, box.getMinY() + 1);
            Rectangle2D cell = at.cell(PhysicalMemory.pfn(tortoisePa));
            Point2D c = at.center(cell);
            // big cells: the tortoise sits in the left part of its page; small ones: pinned above it
            Point2D map = cell.getWidth() >= 24 ? c.add(-cell.getWidth() * 0.22, 0) : c.add(0, -16);
            out[0] = new Wanted(chain, map);
        });
        return out[0];
    }

    private static void assertNear(Point2D want, Point2D got, String what) {
        assertTrue(want.distance(got) < 1.5, what + ": drawn at " + got + ", the view has it at " + want);
    }

    private void assertFollows(Runnable relayout, String how) {
        Wanted before = wanted();
        Drawn drawnBefore = drawn();
        assertNear(before.onChain(), drawnBefore.onChain(), "before: tortoise on the chain");
        assertNear(before.onMap(), drawnBefore.onMap(), "before: tortoise on the map");

        interact(relayout);
        WaitForAsyncUtils.waitForFxEvents();
        awaitDrawn();

        Wanted after = wanted();
        assertTrue(after.onChain().distance(before.onChain()) > 5 || after.onMap().distance(before.onMap()) > 5,
                how + " moved neither the chain box nor the page; the test proves nothing");
        Drawn drawnAfter = drawn();
        assertNear(after.onChain(), drawnAfter.onChain(), how + ": tortoise on the chain");
        assertNear(after.onMap(), drawnAfter.onMap(), how + ": tortoise on the map");
    }

    @Test
    void markersFollowTheirBlocksWhenTheWindowShrinks() {
        pauseAfterAFloydStep();
        assertFollows(() -> {
            Stage s = (Stage) window.scene().getWindow();
            s.setWidth(1280);
            s.setHeight(800);
        }, "shrinking the window to 1280x800");
    }

    @Test
    void markersFollowTheirBlocksWhenADividerMoves() {
        pauseAfterAFloydStep();
        // the overlay keeps its size here: only the panes under it move
        assertFollows(() -> ((SplitPane) window.scene().lookup("#topSplit")).setDividerPositions(0.45),
                "dragging the map / structure divider");
    }

    /** Narrows the chain pane so the chain overflows it (as presenter mode's larger boxes do); its scroll pane. */
    private ScrollPane narrowChainPane() {
        interact(() -> ((SplitPane) window.scene().lookup("#topSplit")).setDividerPositions(0.85));
        WaitForAsyncUtils.waitForFxEvents();
        awaitDrawn();
        ScrollPane sp = (ScrollPane) window.scene().lookup(".chain-scroll");
        assertNotNull(sp, "the chain view's scroll pane");
        boolean[] overflows = new boolean[1];
        interact(() -> overflows[0] = sp.getContent().getLayoutBounds().getWidth() > sp.getViewportBounds().getWidth() + 50);
        assertTrue(overflows[0], "the chain overflows its pane; the test proves nothing otherwise");
        return sp;
    }

    /** Scrolls the chain view by hand to whichever end leaves the block at {@code pa} out of sight. */
    private double scrollAwayFrom(ScrollPane sp, long pa) {
        double[] away = new double[1];
        interact(() -> {
            BlockChainCanvas c = (BlockChainCanvas) window.scene().lookup("#chainCanvas");
            Rectangle2D box = c.boxes().stream().filter(b -> b.block().pa() == pa).findFirst().orElseThrow().rect();
            double contentW = c.getLayoutBounds().getWidth();
            double viewW = sp.getViewportBounds().getWidth();
            boolean atStart = box.getMaxX() > viewW;
            sp.setHvalue(atStart ? sp.getHmin() : sp.getHmax());
            away[0] = sp.getHvalue();
            assertTrue(atStart || box.getMinX() < contentW - viewW, "the block can be scrolled out of sight");
        });
        WaitForAsyncUtils.waitForFxEvents();
        return away[0];
    }

    /** The first Floyd step after beat {@code from} that a position rests at the end of. */
    private Beat nextStep(int from) {
        AnimationPlan p = animator.plan();
        for (int k = from + 1; k < p.size(); k++) {
            Beat b = p.beat(k);
            if ((b.kind() == BeatKind.FLOYD_STEP || b.kind() == BeatKind.FLOYD_MEET) && b.to() > b.key()
                    && p.beatOfPosition(b.to()) == k) {
                return b;
            }
        }
        return null;
    }

    /**
     * Waits until the walkers are in sight on the chain view: the tortoise's marker on its block's
     * top edge and the hare's marker, both wholly inside the chain view's viewport (what a viewer
     * needs; with two neighbouring blocks wider than the pane the boxes cannot both be whole).
     */
    private void awaitWalkersInSight(String why) {
        String[] seen = {""};
        try {
            await(() -> WaitForAsyncUtils.asyncFx(() -> {
                Rectangle2D view = animator.overlay().at.chainView();
                Rectangle2D box = animator.overlay().at.chainBox(tortoisePa).orElse(null);
                List<OverlayLayer.Mark> ms = animator.overlay().marks();
                OverlayLayer.Mark t = ms.stream().filter(m -> m.letter().equals("T")).findFirst().orElse(null);
                OverlayLayer.Mark h = ms.stream().filter(m -> m.letter().equals("H")).findFirst().orElse(null);
                seen[0] = "view " + view + ", tortoise's block " + box + ", T " + t + ", H " + h;
                if (view == null || box == null || t == null || h == null) {
                    return false;
                }
                double r = 11 + 2; // the markers' radius and rim (Pen.marker at the normal type)
                Rectangle2D inner = new Rectangle2D(view.getMinX() + r, view.getMinY() + r, view.getWidth() - 2 * r,
                        view.getHeight() - 2 * r);
                boolean onItsBlock = t.center().getX() > box.getMinX() && t.center().getX() < box.getMaxX()
                        && Math.abs(t.center().getY() - (box.getMinY() + 1)) < 1.5;
                return onItsBlock && inner.contains(t.center()) && inner.contains(h.center());
            }).get(), "the walkers back in sight " + why);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + seen[0], e);
        }
    }

    /**
     * A chain wider than its pane (presenter mode draws it larger): scrolled away from the walkers
     * by hand, the chain view comes back to the tortoise's block when the walk is drawn again, also
     * when the user jumps to the next step (arrow key, crumbs: the playback's goTo, which draws the
     * resting picture of the new step). That next step is the one where the hare has gone round the
     * cycle: its block is left of the tortoise's and both boxes do not fit the narrow pane (the two
     * markers do). Fails without Anchors.revealChain (the markers stay out of sight) and with a
     * reveal that frames the leftmost of the two blocks (it scrolled to the hare's block 0 and left
     * the tortoise out of sight).
     */
    @Test
    void theWalkersComeBackIntoSightWhenTheChainIsScrolledAway() {
        pauseAfterAFloydStep();
        ScrollPane sp = narrowChainPane();
        double away = scrollAwayFrom(sp, tortoisePa);
        // the walk moving on to its next step brings the blocks it lands on back into sight
        Beat next = nextStep(animator.plan().beatOfPosition(model.frame().position()));
        assertNotNull(next, "the walk has a next step");
        BeatData.Floyd f = (BeatData.Floyd) next.data();
        tortoisePa = f.slow()[f.steps() - 1];
        long harePa = f.fast()[f.steps() - 1];
        interact(() -> {
            Rectangle2D t = animator.overlay().at.chainBox(tortoisePa).orElseThrow();
            Rectangle2D h = animator.overlay().at.chainBox(harePa).orElseThrow();
            assertTrue(h.getMaxX() < t.getMinX(), "the hare has gone round the cycle, left of the tortoise");
            assertTrue(t.getMaxX() - h.getMinX() > sp.getViewportBounds().getWidth(),
                    "the two blocks do not fit the pane together; the test proves less otherwise");
        });
        int to = next.to();
        interact(() -> model.goTo(to));
        awaitPosition(to);
        awaitWalkersInSight("after a jump to the next step (scrolled from " + away + ")");
    }

    /**
     * The user jumps to the next step while the Chains tab is not showing (the walk is then drawn on
     * the map only) and opens it afterwards: the chain view shows the walkers' blocks. Fails when
     * the step is taken as revealed although the hidden chain view could not be scrolled.
     */
    @Test
    void aStepJumpedToOnAnotherTabIsRevealedWhenTheChainsTabOpens() {
        pauseAfterAFloydStep();
        ScrollPane sp = narrowChainPane();
        Beat next = nextStep(animator.plan().beatOfPosition(model.frame().position()));
        assertNotNull(next, "the walk has a next step");
        BeatData.Floyd f = (BeatData.Floyd) next.data();
        tortoisePa = f.slow()[f.steps() - 1];
        double away = scrollAwayFrom(sp, tortoisePa);
        interact(() -> animator.overlay().at.showTab("session"));
        WaitForAsyncUtils.waitForFxEvents();
        int to = next.to();
        interact(() -> model.goTo(to));
        awaitPosition(to);
        // the new step drawn while the chain view is hidden (the map shows the tortoise)
        await(() -> WaitForAsyncUtils.asyncFx(() -> animator.overlay().at.chainView() == null
                && animator.overlay().marks().stream().anyMatch(m -> m.letter().equals("T"))).get(),
                "the step drawn with the Chains tab hidden");
        interact(() -> animator.overlay().at.showTab("chain"));
        awaitWalkersInSight("when the Chains tab opens (scrolled from " + away + ")");
    }

    /**
     * Back at a step after leaving the walk (stepping on to the verdict, scrolling there, stepping
     * back with the keyboard): the chain view shows the walkers' blocks again. Fails when the memo of
     * the revealed step is the pair of blocks and survives frames that do not show the walk.
     */
    @Test
    void aStepReturnedToFromTheVerdictIsRevealedAgain() {
        pauseAfterAFloydStep();
        int step = model.frame().position();
        ScrollPane sp = narrowChainPane();
        // on past the walk, to the first position whose picture is not a Floyd step
        AnimationPlan p = animator.plan();
        int after = -1;
        for (int k = p.beatOfPosition(step) + 1; k < p.size() && after < 0; k++) {
            Beat b = p.beat(k);
            if (b.kind() != BeatKind.FLOYD_STEP && b.kind() != BeatKind.FLOYD_MEET && b.to() > b.key()
                    && p.beatOfPosition(b.to()) == k) {
                after = b.to();
            }
        }
        assertTrue(after > step, "the lesson goes on after the walk");
        int verdict = after;
        interact(() -> model.goTo(verdict));
        awaitPosition(verdict);
        await(() -> WaitForAsyncUtils.asyncFx(() -> animator.overlay().marks().stream().noneMatch(m -> m.letter().equals("T"))).get(),
                "a picture without the walk");
        await(() -> WaitForAsyncUtils.asyncFx(() -> animator.overlay().at.chainBox(tortoisePa).isPresent()).get(),
                "the chain still drawn");
        double away = scrollAwayFrom(sp, tortoisePa);
        interact(() -> model.goTo(step));
        awaitPosition(step);
        awaitWalkersInSight("back at the step from the verdict (scrolled from " + away + ")");
    }
}
