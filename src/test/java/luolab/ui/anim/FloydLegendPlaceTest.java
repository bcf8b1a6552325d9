package luolab.ui.anim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

/**
 * Where the T / H key goes over the chain view: its old corner (bottom right) when that is clear,
 * else a clear place in the view, else above the view — never on a block. The corner sat on the
 * blocks' counts when the view was hardly taller than a row of boxes (narrow presenter layout).
 */
class FloydLegendPlaceTest {
    private static final Rectangle2D VIEW = new Rectangle2D(1000, 300, 500, 160);

    @Test
    void theCornerWhenItIsClear() {
        Rectangle2D block = new Rectangle2D(1020, 310, 190, 70);
        Rectangle2D r = ChainCheckPainter.place(VIEW, 300, 38, List.of(block));
        assertEquals(new Rectangle2D(VIEW.getMaxX() - 300 - 12, VIEW.getMaxY() - 10 - 38, 300, 38), r);
    }

    @Test
    void notOnABlockInTheCorner() {
        // a row of boxes reaching the view's bottom right corner, room above the last one only
        List<Rectangle2D> blocks = List.of(new Rectangle2D(1020, 360, 190, 90), new Rectangle2D(1250, 360, 240, 90));
        Rectangle2D r = ChainCheckPainter.place(VIEW, 300, 38, blocks);
        for (Rectangle2D b : blocks) {
            assertFalse(r.intersects(b), r + " covers " + b);
        }
        assertTrue(VIEW.contains(r), "in the view: " + r);
    }

    @Test
    void aboveTheViewWhenTheBlocksFillIt() {
        List<Rectangle2D> blocks = List.of(new Rectangle2D(1000, 300, 500, 160));
        Rectangle2D r = ChainCheckPainter.place(VIEW, 300, 38, blocks);
        assertFalse(r.intersects(blocks.get(0)), r + " covers the blocks");
        assertTrue(r.getMaxY() <= VIEW.getMinY(), "above the view: " + r);
    }
}
