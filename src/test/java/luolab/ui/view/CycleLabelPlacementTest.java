package luolab.ui.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import luolab.engine.abi.Abi;
import luolab.engine.handover.ChainLayout;
import luolab.engine.handover.Handover;
import luolab.ui.UiTestSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testfx.framework.junit5.ApplicationTest;

/**
 * The label of a cycle's back edge ("next → block 0 (cycle)") is written beside the red curve, on a
 * plate, never across it: it was centred on the curve's lowest part, its stroke through the text.
 * For cycles over many and few blocks (down to a block pointing to itself), at the normal type and
 * in presenter sizes (the chain type in px, everything scales with it), the label's plate keeps
 * clear of every point of the curve by more than half its stroke, covers no block, stays in the
 * canvas and holds its text, is close to the curve (it labels it), and {@code markerWidth()} (what
 * the presenter tests check the chain pane's room by) reaches its end.
 */
class CycleLabelPlacementTest extends ApplicationTest {
    static {
        UiTestSupport.headless();
    }

    private BlockChainCanvas canvas;

    @Override
    public void start(Stage stage) {
        canvas = new BlockChainCanvas();
        stage.setScene(new Scene(new StackPane(canvas), 800, 400));
        stage.show();
    }

    /** A v7 session chain of {@code blocks} linked blocks whose last one's next returns to block {@code cycleTo}. */
    private static Handover cyclic(int blocks, int cycleTo) {
        ChainLayout layout = ChainLayout.sessions(Abi.V7);
        List<Handover.Block> bs = new ArrayList<>();
        long base = 0x4030a000L;
        for (int i = 0; i < blocks; i++) {
            long next = i == blocks - 1 ? base + cycleTo * 0x1000L : base + (i + 1) * 0x1000L;
            bs.add(new Handover.Block(base + i * 0x1000L, next, layout.slots(), layout.slots(), null));
        }
        Handover.Chain c = new Handover.Chain("sessions", base, bs, cycleTo,
                "cyclic: block " + (blocks - 1) + "'s next returns to block " + cycleTo, layout);
        return new Handover(0x40301000L, true, null, Abi.V7, 0, 0x40308000L, "luo-v5", 1, 0, null, c, List.of(),
                null, null, null);
    }

    private static double distance(Rectangle2D r, Point2D p) {
        double dx = Math.max(0, Math.max(r.getMinX() - p.getX(), p.getX() - r.getMaxX()));
        double dy = Math.max(0, Math.max(r.getMinY() - p.getY(), p.getY() - r.getMaxY()));
        return Math.hypot(dx, dy);
    }

    @ParameterizedTest(name = "{0} blocks, cycle to {1}, type {2} px")
    @CsvSource({
        "4, 0, 11", "4, 0, 16.5", "4, 0, 22", "4, 0, 28",
        "3, 0, 11", "3, 0, 22",
        "2, 0, 11", "2, 0, 22",
        "4, 2, 11", "4, 2, 28",
        "1, 0, 11", "1, 0, 22",
        "6, 0, 11", "6, 0, 22",
    })
    void theCycleLabelIsBesideItsCurveNotOnIt(int blocks, int cycleTo, double px) {
        interact(() -> {
            canvas.fontSizeProperty().set(px);
            canvas.show(cyclic(blocks, cycleTo));
        });
        interact(() -> {
            double k = canvas.scale();
            assertEquals(px / BlockChainCanvas.FONT_PX, k, 1e-9);
            assertEquals(1, canvas.cycles().size(), "one back edge drawn");
            BlockChainCanvas.Cycle cy = canvas.cycles().get(0);
            assertEquals("next → block " + cycleTo + " (cycle)", cy.text());
            Rectangle2D label = cy.label();
            List<Point2D> curve = cy.curve();

            // the curve runs from the last block's bottom to the bottom of the block it returns to
            Rectangle2D last = canvas.boxRect(0, blocks - 1);
            Rectangle2D back = canvas.boxRect(0, cycleTo);
            Point2D from = curve.get(0);
            Point2D to = curve.get(curve.size() - 1);
            assertEquals(last.getMinX() + last.getWidth() / 2, from.getX(), 0.01, "starts under the last block");
            assertEquals(last.getMaxY(), from.getY(), 0.01, "starts at the last block's bottom edge");
            assertEquals(back.getMinX() + back.getWidth() / 2, to.getX(), 0.01, "ends under block " + cycleTo);
            assertTrue(to.getY() > back.getMaxY() && to.getY() < back.getMaxY() + 6 * k, "ends at its bottom edge: " + to);
            for (int i = 1; i < curve.size(); i++) {
                assertTrue(curve.get(i).distance(curve.get(i - 1)) < 2 * k, "the curve's points are dense enough to test");
            }

            // the label's plate is clear of the curve's stroke (between two points 2 px apart the
            // curve is at most 1 px nearer than the nearer point)
            double nearest = Double.MAX_VALUE;
            for (Point2D p : curve) {
                nearest = Math.min(nearest, distance(label, p));
            }
            assertTrue(nearest > cy.stroke() / 2 + k, "the label " + label + " is on the curve (" + nearest
                    + " px from it, its stroke " + cy.stroke() + " px wide)");
            // … and beside it, not somewhere else
            assertTrue(nearest < 24 * k, "the label " + label + " is " + nearest + " px from its curve");

            // it covers no block, stays in the canvas and holds its text in the type it is written in
            for (BlockChainCanvas.Box b : canvas.boxes()) {
                assertTrue(!b.rect().intersects(label), "the label " + label + " covers block " + b.index() + " " + b.rect());
            }
            assertTrue(label.getMinX() >= 0 && label.getMaxX() <= canvas.getWidth() && label.getMinY() >= 0
                    && label.getMaxY() <= canvas.getHeight(), "the label " + label + " is in the canvas "
                    + canvas.getWidth() + "x" + canvas.getHeight());
            // over three blocks or more it is in the loop, within the chain's width: in sight in a
            // pane that shows the blocks (right of the last block it was cut off by the pane's edge)
            if (blocks - 1 - cycleTo >= 2) {
                assertTrue(label.getMinX() >= back.getMinX() && label.getMaxX() <= last.getMaxX()
                        && label.getMaxY() < curve.stream().mapToDouble(Point2D::getY).max().orElseThrow(),
                        "the label " + label + " in the loop, between block " + cycleTo + " " + back + " and " + last);
            }
            // what the chain pane is sized and scrolled by (PresenterReadabilityTest) reaches to its end
            assertTrue(last.getMaxX() + canvas.markerWidth() >= label.getMaxX() - 0.01, "markerWidth "
                    + canvas.markerWidth() + " past the last block " + last + " does not reach the label's end " + label);
            BlockChainCanvas.Written w = canvas.written().stream().filter(t -> t.text().equals(cy.text())).findFirst()
                    .orElseThrow();
            assertEquals(px, w.font().getSize(), 0.01, "the label in the chain type");
            Text t = new Text(cy.text());
            t.setFont(w.font());
            assertTrue(t.getLayoutBounds().getWidth() <= label.getWidth()
                    && t.getLayoutBounds().getHeight() <= label.getHeight() + 0.5,
                    "the plate " + label + " holds the text " + t.getLayoutBounds());
        });
    }
}
