package luolab.ui.anim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Label;
import luolab.ui.event.SelectRange;
import luolab.ui.model.LoadedRun;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The tags, markers and legends the overlay paints (tortoise and hare, "-EINVAL", "next", "boot
 * param: …") grow with presenter mode as its labels do: they stayed at 9–14 px while the callout and
 * the stage caption went to the projector's type. Measured from what the pen wrote in each frame,
 * against the labels' type as CSS made it.
 */
class PresenterMarksTest extends AnimTestBase {
    /** Beats of the Floyd lesson whose pictures write text: markers, legend, tags, boxes. */
    private static final Set<BeatKind> WRITING = EnumSet.of(BeatKind.FDT, BeatKind.LUO_SER, BeatKind.BLOCK_LINK,
            BeatKind.KEXEC, BeatKind.FLOYD_STEP, BeatKind.FLOYD_MEET);

    @Override
    LoadedRun run() {
        return AnimRuns.lesson("08-cyclic-chain-floyd");
    }

    /** Times in the first beat of each writing kind, late enough that its tag or box is shown. */
    private List<Double> times() {
        AnimationPlan p = animator.plan();
        List<Double> out = new ArrayList<>();
        Set<BeatKind> seen = EnumSet.noneOf(BeatKind.class);
        for (int i = 0; i < p.size(); i++) {
            Beat b = p.beat(i);
            if (WRITING.contains(b.kind()) && seen.add(b.kind())) {
                out.add(p.start(i) + 0.8 * b.duration());
            }
        }
        assertTrue(seen.containsAll(EnumSet.of(BeatKind.KEXEC, BeatKind.FLOYD_STEP, BeatKind.FLOYD_MEET)),
                "the lesson has the beats: " + seen);
        return out;
    }

    /** Per text, the type the pen wrote it in over the frames at {@code times} (the smallest seen). */
    private Map<String, Pen.Written> drawn(List<Double> times) {
        Map<String, Pen.Written> out = new LinkedHashMap<>();
        for (double t : times) {
            showAt(t);
            collect(out);
        }
        // the end: the rejected chain's bytes in the hex view, with the errno tagged next to them
        AnimationPlan p = animator.plan();
        BeatData.Range blamed = p.beats().stream().map(Animator::blameOf).filter(l -> !l.isEmpty())
                .map(l -> l.get(0)).findFirst().orElseThrow();
        showAt(p.totalSeconds());
        interact(() -> model.select(new SelectRange(blamed.pa(), blamed.length())));
        WaitForAsyncUtils.waitForFxEvents();
        interact(() -> animator.renderAt(p.totalSeconds()));
        collect(out);
        return out;
    }

    private void collect(Map<String, Pen.Written> out) {
        interact(() -> {
            for (Pen.Written w : animator.overlay().written()) {
                out.merge(w.text(), w, (a, b) -> a.fontSize() <= b.fontSize() ? a : b);
            }
        });
    }

    private double labelPx(String id) {
        double[] px = new double[1];
        interact(() -> {
            window.scene().getRoot().applyCss();
            px[0] = ((Label) window.scene().lookup(id)).getFont().getSize();
        });
        return px[0];
    }

    @Test
    void paintedTagsGrowWithThePresenterTypeLikeTheLabels() {
        awaitReady();
        List<Double> times = times();
        Map<String, Pen.Written> normal = drawn(times);
        double stageNormal = labelPx("#animStage");
        double calloutNormal = labelPx("#animCallout");
        assertTrue(normal.keySet().containsAll(List.of("T", "H", "tortoise: +1 block", "slow == fast")),
                "the frames show tortoise, hare, their legend and the meet: " + normal.keySet());
        assertTrue(normal.keySet().stream().anyMatch(s -> s.startsWith("boot param")), "the kexec box: " + normal.keySet());
        assertTrue(normal.containsKey("-EINVAL"), "the errno tag next to the blamed bytes: " + normal.keySet());

        presenterAt(1280, 800);
        Map<String, Pen.Written> big = drawn(times);
        double stage = labelPx("#animStage");
        double callout = labelPx("#animCallout");
        assertTrue(stage > stageNormal + 1, "presenter mode scales the stage caption: " + stageNormal + " → " + stage);
        double labelFactor = Math.min(stage / stageNormal, callout / calloutNormal);

        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Pen.Written> e : normal.entrySet()) {
            Pen.Written was = e.getValue();
            Pen.Written now = big.get(e.getKey());
            if (now == null) {
                continue;
            }
            double factor = now.fontSize() / was.fontSize();
            if (factor < labelFactor - 0.01) {
                problems.add(String.format("\"%s\" %.1f → %.1f px (×%.2f, the labels ×%.2f)", e.getKey(),
                        was.fontSize(), now.fontSize(), factor, labelFactor));
            }
            // a tag's words (not a marker's letter) at least in the labels' presenter type
            if (now.box() != null && e.getKey().length() > 1 && now.fontSize() < Math.min(stage, callout) - 0.01) {
                problems.add(String.format("tag \"%s\" in %.1f px, the overlay labels in %.1f px", e.getKey(),
                        now.fontSize(), Math.min(stage, callout)));
            }
            // and the tag, box or marker drawn around the text still holds it
            if (now.box() != null && (now.box().getWidth() < now.textWidth() - 0.5
                    || now.box().getHeight() < 0.9 * now.fontSize())) {
                problems.add(String.format("\"%s\" (%.0f px wide in %.1f px type) overflows its %.0fx%.0f box",
                        e.getKey(), now.textWidth(), now.fontSize(), now.box().getWidth(), now.box().getHeight()));
            }
        }
        assertTrue(big.keySet().containsAll(List.of("T", "H", "tortoise: +1 block", "-EINVAL")), "presenter frames: " + big.keySet());
        // the Floyd legend, larger now, still inside the chain view it explains (one line of it was
        // wider than the 300 px chain view of a 1280 px window)
        Rectangle2D[] cv = new Rectangle2D[1];
        interact(() -> {
            animator.overlay().at.refresh();
            cv[0] = animator.overlay().at.chainView();
        });
        for (String s : List.of("tortoise: +1 block", "hare: +2 blocks")) {
            Rectangle2D box = big.get(s).box();
            if (cv[0] == null || !cv[0].contains(box)) {
                problems.add("the legend's \"" + s + "\" (" + box + ") is not inside the chain view " + cv[0]);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));

        // and back: leaving presenter mode draws them in the normal type again
        interact(() -> window.teaching().setPresenter(false));
        WaitForAsyncUtils.waitForFxEvents();
        Map<String, Pen.Written> again = drawn(times);
        assertFalse(again.isEmpty());
        for (Map.Entry<String, Pen.Written> e : again.entrySet()) {
            Pen.Written was = normal.get(e.getKey());
            assertTrue(was == null || Math.abs(was.fontSize() - e.getValue().fontSize()) < 0.01,
                    "\"" + e.getKey() + "\" back in " + e.getValue().fontSize() + " px, was " + (was == null ? 0 : was.fontSize()));
        }
    }
}
