package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.text.Text;
import luolab.ui.corrupt.ChainActions;
import luolab.ui.event.SelectBlock;
import luolab.ui.view.BlockChainCanvas;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The block chain view is read from the back of the room: in presenter mode its text ("sessions",
 * "4 blocks", block PAs, "51 / 51", "next → block 0 (cycle)") is written at least in the presenter
 * type (it stayed at 11-12 px), its boxes grow so the text still fits them, and clicking the centre
 * of block k, as the view's geometry says where it is, selects block k.
 */
class PresenterChainScaleTest extends PresenterTestBase {
    private double rootPx() {
        String style = window.scene().getRoot().getStyle();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-fx-font-size: *([0-9.]+)px").matcher(style);
        assertTrue(m.find(), "presenter mode sets the root font size: " + style);
        return Double.parseDouble(m.group(1));
    }

    private static double width(String s, javafx.scene.text.Font f) {
        Text t = new Text(s);
        t.setFont(f);
        return t.getLayoutBounds().getWidth();
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1280, 720", "1600, 1000"})
    void theChainViewIsInThePresenterTypeAndClicksLandOnItsBlocks(int w, int h) {
        BlockChainCanvas c = lookup("#chainCanvas").queryAs(BlockChainCanvas.class);
        assertEquals(BlockChainCanvas.FONT_PX, c.fontSizeProperty().get(), 0.01, "the normal type");
        assertEquals(1, c.scale(), 1e-9, "scale 1 outside presenter mode");

        floydBeatInChainsAt(w, h);
        UiTestSupport.await(10, () -> c.boxes().stream().filter(b -> b.set().equals("sessions")).count() >= 2,
                "the session chain drawn");
        double px = rootPx();

        List<String> problems = new ArrayList<>();
        List<BlockChainCanvas.Box> sessions = new ArrayList<>();
        interact(() -> {
            if (c.fontSizeProperty().get() < px - 0.01) {
                problems.add("chain type " + c.fontSizeProperty().get() + " px, the presenter type is " + px + " px");
            }
            if (c.written().isEmpty()) {
                problems.add("nothing written");
            }
            for (BlockChainCanvas.Written t : c.written()) {
                if (t.font().getSize() < px - 0.01) {
                    problems.add("'" + t.text() + "' drawn in " + t.font().getSize() + " px < " + px);
                }
            }
            for (BlockChainCanvas.Box b : c.boxes()) {
                if (b.set().equals("sessions")) {
                    sessions.add(b);
                }
                if (Math.abs(b.rect().getHeight() - c.boxHeight()) > 0.01) {
                    problems.add("box " + b.rect() + " is not " + c.boxHeight() + " px high");
                }
                // the block's PA fits its box, in the type it was written in
                String pa = String.format("0x%x", b.block().pa());
                c.written().stream().filter(t -> t.text().equals(pa)).findFirst().ifPresent(t -> {
                    if (width(pa, t.font()) > b.rect().getWidth() - 4) {
                        problems.add(pa + " is " + width(pa, t.font()) + " px wide, its box " + b.rect().getWidth());
                    }
                });
            }
            if (!c.written().stream().anyMatch(t -> t.text().startsWith("next → block"))) {
                problems.add("the cycle's label was not drawn: " + c.written());
            }
            if (c.getWidth() < c.labelWidth() + 4 * (c.boxWidth() + c.gap())) {
                problems.add("the canvas (" + c.getWidth() + " px) does not hold four scaled blocks");
            }
        });
        assertTrue(problems.isEmpty(), w + "x" + h + ": " + String.join("\n", problems));
        assertTrue(c.scale() > 1.2, "the chain view grew: scale " + c.scale());
        assertTrue(sessions.size() >= 2, "sessions: " + sessions);

        // looked up on the FX thread: a query from the test thread walks children lists the FX thread
        // may be changing (it failed once with an IndexOutOfBoundsException inside the lookup)
        ScrollPane[] found = new ScrollPane[1];
        interact(() -> found[0] = (ScrollPane) window.scene().lookup(".chain-scroll"));
        ScrollPane scroll = found[0];
        for (int k = 0; k < sessions.size(); k++) {
            Rectangle2D r = c.boxRect(0, k);
            BlockChainCanvas.Box drawn = sessions.get(k);
            assertEquals(k, drawn.index());
            assertEquals(r, drawn.rect(), "block " + k + " is drawn where the geometry says");
            Point2D centre = c.boxCenter(0, k);
            assertEquals(drawn, ChainActions.boxAt(c, centre.getX(), centre.getY()), "hit testing finds block " + k);
            assertEquals(k, ChainActions.indexOf(drawn));
            // scroll the block into the middle of the view, then click its centre
            interact(() -> {
                Node viewport = scroll.lookup(".viewport");
                double vw = viewport.getLayoutBounds().getWidth();
                double extra = c.getLayoutBounds().getWidth() - vw;
                scroll.setHvalue(extra <= 0 ? 0 : Math.max(0, Math.min(1, (centre.getX() - vw / 2) / extra)));
                scroll.setVvalue(0);
            });
            relayout();
            AtomicReference<Point2D> onScreen = new AtomicReference<>();
            int kk = k;
            interact(() -> {
                Node viewport = scroll.lookup(".viewport");
                Bounds view = viewport.localToScreen(viewport.getLayoutBounds());
                Point2D p = c.localToScreen(centre);
                assertTrue(view.contains(p), "block " + kk + "'s centre " + p + " is in the view " + view);
                onScreen.set(p);
            });
            long pa = drawn.block().pa();
            clickOn(onScreen.get());
            UiTestSupport.await(10, () -> model.selectionProperty().get() instanceof SelectBlock s && s.pa() == pa
                    && s.set().equals("sessions"), "block " + k + " selected by a click on its centre");
        }

        // back to the normal type and geometry
        interact(() -> window.teaching().setPresenter(false));
        relayout();
        assertEquals(1, c.scale(), 1e-9, "scale 1 again");
        interact(() -> {
            assertFalse(c.boxes().isEmpty());
            for (BlockChainCanvas.Box b : c.boxes()) {
                assertEquals(BlockChainCanvas.BOX_H, b.rect().getHeight(), 0.01);
            }
        });
    }
}
