package luolab.ui.anim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import luolab.ui.model.LoadedRun;
import org.junit.jupiter.api.Test;

/** The animator in the real workbench, headless, on the lesson that corrupts the session chain into a cycle. */
class AnimatorTest extends AnimTestBase {
    @Override
    LoadedRun run() {
        return AnimRuns.lesson("08-cyclic-chain-floyd");
    }

    private int total() {
        return model.totalProperty().get();
    }

    private Beat first(BeatKind k) {
        return animator.plan().beats().stream().filter(b -> b.kind() == k).findFirst().orElseThrow();
    }

    private void assertEndState() {
        WaitForFx.pulse(this);
        List<String> texts = overlayTexts();
        assertTrue(texts.stream().anyMatch(t -> t.contains("Kernel panic - not syncing")
                && t.contains("The incoming tree failed to initialize properly")), "panic banner: " + texts);
        assertTrue(texts.stream().anyMatch(t -> t.contains("Block set is corrupted") && t.contains("-EINVAL")),
                "the kernel's line and errno next to the bytes: " + texts);
        ListView<?> log = lookup("#logList").queryAs(ListView.class);
        assertTrue(log.getItems().stream().anyMatch(l -> l.toString().contains("luo: Block set is corrupted")),
                "the log line is in the kernel log");
    }

    @Test
    void theCyclicLessonAt16xEndsPanickedWithTheChainRed() {
        awaitReady();
        Set<BeatKind> entered = EnumSet.noneOf(BeatKind.class);
        interact(() -> animator.beatProperty().addListener((o, a, b) -> {
            if (b != null) {
                entered.add(b.kind());
            }
        }));
        long t0 = System.nanoTime();
        interact(() -> {
            animator.speedProperty().set(16);
            model.play();
        });
        await(() -> animator.runningProperty().get(), "the animation runs");
        await(30, () -> !model.playingProperty().get() && model.positionProperty().get() == total(), "the end");
        double seconds = (System.nanoTime() - t0) / 1e9;
        double planned = animator.plan().totalSeconds() / 16;
        assertTrue(seconds < planned + 30, String.format("took %.1f s for a %.1f s animation", seconds, planned));
        assertTrue(seconds > planned * 0.6, String.format("%.1f s is faster than the plan (%.1f s)", seconds, planned));
        assertTrue(entered.containsAll(EnumSet.of(BeatKind.KEXEC, BeatKind.SWEEP, BeatKind.FLOYD_STEP,
                BeatKind.FLOYD_MEET, BeatKind.CHAIN_RED, BeatKind.PANIC)), "beats played: " + entered);

        assertEndState();
        TabPane tabs = lookup("#structureTabs").queryAs(TabPane.class);
        assertTrue(tabs.getSelectionModel().getSelectedItem().getText().toLowerCase().contains("chain"),
                "the chain view is showing");
        // the chain is red: every block of the loop is outlined in red on the overlay
        BeatData.Chain red = (BeatData.Chain) first(BeatKind.CHAIN_RED).data();
        WritableImage img = snapshot(animator.overlay().canvas());
        int redBoxes = 0;
        for (long pa : red.chainPas()) {
            Rectangle2D[] box = new Rectangle2D[1];
            interact(() -> box[0] = animator.overlay().at.chainBox(pa).orElse(null));
            Rectangle2D cv = animator.overlay().at.chainView();
            if (box[0] == null || cv == null || !cv.contains(box[0].getMinX() - 1, box[0].getMinY() + 20)) {
                continue;
            }
            int argb = img.getPixelReader().getArgb((int) (box[0].getMinX() - 1), (int) (box[0].getMinY() + 20));
            int r = (argb >> 16) & 0xFF;
            int g = (argb >> 8) & 0xFF;
            assertTrue(r > 170 && g < 110 && (argb >>> 24) > 200, String.format("box 0x%x is not red: #%08x", pa, argb));
            redBoxes++;
        }
        assertTrue(redBoxes >= 1, "at least one chain box is in view");
    }

    @Test
    void skippingJumpsToTheEnd() {
        awaitReady();
        interact(() -> {
            animator.speedProperty().set(1);
            model.play();
        });
        await(() -> animator.runningProperty().get() && model.positionProperty().get() > 0, "playing");
        clickOn("#animSkip");
        assertFalse(model.playingProperty().get(), "skipping stops playback");
        assertFalse(animator.runningProperty().get());
        assertEquals(total(), model.target(), "skipping goes to the last event at once");
        awaitPosition(total());
        assertEquals(animator.plan().totalSeconds(), animator.clockProperty().get(), 1e-9);
        assertEndState();
    }

    @Test
    void escapeSkipsToo() {
        awaitReady();
        interact(() -> model.play());
        await(() -> animator.runningProperty().get(), "playing");
        type(KeyCode.ESCAPE);
        await(() -> !model.playingProperty().get(), "stopped");
        awaitPosition(total());
        assertEndState();
    }

    @Test
    void skippingABeatFinishesItAndGoesOn() {
        awaitReady();
        Beat kexec = first(BeatKind.KEXEC);
        interact(() -> {
            animator.speedProperty().set(0.25);
            model.goTo(kexec.from());
        });
        awaitPosition(kexec.from());
        interact(() -> model.play());
        await(() -> animator.beatProperty().get() == kexec, "the kexec beat plays");
        interact(() -> animator.skipBeat());
        assertTrue(model.target() >= kexec.to(), "the kexec landed");
        assertTrue(animator.beatProperty().get() != kexec, "the next beat began");
        assertTrue(model.playingProperty().get(), "still playing");
        interact(() -> model.pause());
    }

    @Test
    void reduceMotionLandsEveryBeatAtOnce() {
        awaitReady();
        Beat entry = first(BeatKind.ENTRY);
        interact(() -> animator.reduceMotionProperty().set(true));
        double t = animator.plan().start(animator.plan().beats().indexOf(entry)) + 0.01;
        interact(() -> animator.renderAt(t));
        assertEquals(entry.to(), model.target(), "the state lands when the beat starts");
        interact(() -> animator.reduceMotionProperty().set(false));
        interact(() -> animator.renderAt(t));
        assertTrue(model.target() < entry.to(), "with motion, entries land as they arrive");
        // and the whole lesson still ends in the same state
        interact(() -> {
            animator.unpin();
            animator.reduceMotionProperty().set(true);
            animator.speedProperty().set(16);
            model.goTo(0);
            model.play();
        });
        await(30, () -> !model.playingProperty().get() && model.positionProperty().get() == total(), "the end");
        assertEndState();
    }

    /** Stepping without playing moves the clock to the position's time (it stayed at 0.0 s). */
    @Test
    void steppingMovesTheClockToThePosition() {
        awaitReady();
        Beat sweep = first(BeatKind.SWEEP);
        interact(() -> model.goTo(sweep.to()));
        awaitPosition(sweep.to());
        assertFalse(animator.runningProperty().get(), "stepped, not played");
        double t = animator.plan().timeOf(sweep.to());
        assertTrue(t > 0, "the sweep ends after the start");
        assertEquals(t, animator.clockProperty().get(), 1e-6, "the clock shows the position's time");
        String clock = lookup("#animClock").queryAs(javafx.scene.control.Label.class).getText();
        assertTrue(clock.startsWith(String.format(java.util.Locale.ROOT, "%5.1f", t)), clock);
        interact(() -> model.goTo(0));
        awaitPosition(0);
        assertEquals(0, animator.clockProperty().get(), 1e-6, "and back");
    }

    @Test
    void scrubbingWhilePlayingContinuesFromThere() {
        awaitReady();
        Beat sweep = first(BeatKind.SWEEP);
        interact(() -> {
            animator.speedProperty().set(0.5);
            model.play();
        });
        await(() -> animator.runningProperty().get(), "playing");
        interact(() -> model.goTo(sweep.from()));
        await(() -> animator.beatProperty().get() != null && animator.beatProperty().get().from() >= sweep.from() - 1,
                "the animation follows the scrub");
        assertTrue(animator.clockProperty().get() >= animator.plan().timeOf(sweep.from()) - 1e-6);
        assertTrue(model.playingProperty().get());
        interact(() -> model.pause());
        assertFalse(animator.runningProperty().get());
    }

    @Test
    void steppingShowsTheStickyMarksWithoutPlaying() {
        awaitReady();
        interact(() -> model.goTo(total()));
        awaitPosition(total());
        WaitForFx.pulse(this);
        assertEndState();
        interact(() -> model.goTo(0));
        awaitPosition(0);
        assertTrue(overlayTexts().isEmpty(), "nothing at the start: " + overlayTexts());
    }

    @Test
    void speedsRunFromAQuarterTo16x() {
        awaitReady();
        ComboBox<?> box = lookup("#animSpeed").queryAs(ComboBox.class);
        assertEquals(Animator.SPEEDS, box.getItems());
        interact(() -> {
            for (int i = 0; i < 10; i++) {
                animator.changeSpeed(1);
            }
        });
        assertEquals(16, animator.speedProperty().get());
        interact(() -> {
            for (int i = 0; i < 10; i++) {
                animator.changeSpeed(-1);
            }
        });
        assertEquals(0.25, animator.speedProperty().get());
        press(KeyCode.SHIFT).type(KeyCode.CLOSE_BRACKET).release(KeyCode.SHIFT);
        assertEquals(0.5, animator.speedProperty().get());
    }

    @Test
    void turningAnimationOffGivesBackEventRatePlayback() {
        awaitReady();
        assertTrue(model.playbackDriver() == animator);
        assertFalse(lookup("#speedBox").query().isVisible(), "events/s do not matter while animating");
        clickOn("#animToggle");
        assertNull(model.playbackDriver());
        assertTrue(lookup("#speedBox").query().isVisible());
        interact(() -> model.play());
        await(() -> model.positionProperty().get() > 0, "plain playback advances");
        assertFalse(animator.runningProperty().get());
        interact(() -> model.pause());
        assertTrue(overlayTexts().isEmpty());
        clickOn("#animToggle");
        assertTrue(model.playbackDriver() == animator);
    }

    @Test
    void playToAnimatesUpToAPositionAndStops() {
        awaitReady();
        Beat meet = first(BeatKind.FLOYD_MEET);
        Beat kexec = first(BeatKind.KEXEC);
        interact(() -> model.goTo(kexec.from()));
        awaitPosition(kexec.from());
        interact(() -> {
            animator.speedProperty().set(16);
            animator.playTo(meet.to());
        });
        await(() -> animator.runningProperty().get() || model.positionProperty().get() == meet.to(), "playing");
        await(30, () -> !model.playingProperty().get() && model.positionProperty().get() == meet.to(), "stopped at the meet");
        assertEquals(meet.to(), model.target());
        interact(() -> animator.playTo(kexec.from()));
        awaitPosition(kexec.from());
        assertFalse(model.playingProperty().get(), "going back just moves");
    }

    /** Lets one more pulse draw. */
    static final class WaitForFx {
        static void pulse(AnimTestBase t) {
            t.interact(() -> { });
            org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        }
    }
}
