package luolab.ui.anim;

import static luolab.ui.anim.Pen.RED;
import static luolab.ui.anim.Pen.TORTOISE;
import static luolab.ui.anim.Pen.HARE;
import static luolab.ui.anim.Pen.RESTORE;
import static luolab.ui.anim.Pen.INK;

import java.util.Optional;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import luolab.engine.memory.PhysicalMemory;

/**
 * The new kernel's check of a block chain, on the chain view and the memory map at once: Floyd's
 * tortoise and hare walking it, the burst where they meet, and the verdict — a chain outlined
 * green when accepted, red block by block when rejected.
 */
final class ChainCheckPainter extends Painter {
    /**
     * The step of the walk (its beat, the same object for the plan's life, and the step in it) whose
     * blocks the chain view was last brought to; null when no frame since showed it. See drawFloyd.
     */
    private Beat revealedBeat;
    private int revealedStep = -1;
    /** Whether the frame being drawn shows the walk (see {@link #frameStarts}). */
    private boolean walkShown;

    /** The walkers' markers on the chain view: their radius at the normal type, how far off the box's middle. */
    private static final double MARKER_R = 11;
    private static final double SLOT = 0.3;

    ChainCheckPainter(Pen pen) {
        super(pen);
    }

    void drawFloyd(GraphicsContext g, Beat b, double p, boolean resting) {
        BeatData.Floyd f = (BeatData.Floyd) b.data();
        int n = f.steps();
        int k = Math.min(n - 1, (int) Math.floor(p * n));
        double sub = p >= 1 ? 1 : Math.min(1, (p * n - k) / 0.6);
        long s0 = k == 0 ? f.prevSlow() : f.slow()[k - 1];
        long h0 = k == 0 ? f.prevFast() : f.fast()[k - 1];
        long s1 = f.slow()[k];
        long h1 = f.fast()[k];
        double u = Pen.ease(sub);
        boolean meet = b.kind() == BeatKind.FLOYD_MEET && sub >= 1;
        // the blocks both walkers land on in sight first (the boxes below are read after the
        // scroll), once per step: a resting picture is redrawn on every layout change and scroll,
        // and the user's own scrolling must win until the walk moves on. The step is what counts,
        // not the walkers' blocks: the same pair of blocks comes back in a rerun, and a user who
        // steps away from the walk (to the verdict) and back arrives at the step again. A step the
        // chain view could not be scrolled for (it was on another tab, or not drawn yet) is tried
        // again with the next frame instead of being taken as done.
        walkShown = true;
        // a marker's radius and its white rim (Pen.marker), and a little air
        double reach = MARKER_R * pen.scale() + 6;
        if ((b != revealedBeat || k != revealedStep) && at.revealChain(new Anchors.Spot(s1, 0.5 - SLOT, reach),
                new Anchors.Spot(h1, 0.5 + SLOT, reach))) {
            revealedBeat = b;
            revealedStep = k;
        }
        Rectangle2D cv = at.chainView();
        Rectangle2D map = at.mapView();
        // on the block-chain view
        Optional<Rectangle2D> sa = at.chainBox(s0);
        Optional<Rectangle2D> sb = at.chainBox(s1);
        Optional<Rectangle2D> ha = at.chainBox(h0);
        Optional<Rectangle2D> hb = at.chainBox(h1);
        if (cv != null && sa.isPresent() && sb.isPresent() && ha.isPresent() && hb.isPresent()) {
            Pen.save(g, cv);
            // the hops grow with the chain view's boxes (presenter mode draws them larger)
            double ck = at.chains() == null ? 1 : at.chains().scale();
            Point2D tp = lerp(slot(sa.get(), -1), slot(sb.get(), -1), u, 18 * ck);
            Point2D hp = lerp(slot(ha.get(), 1), slot(hb.get(), 1), u, 30 * ck);
            java.util.List<Rectangle2D> avoid = at.chainObstacles();
            if (meet) {
                Point2D c = at.center(sb.get());
                avoid.add(burst(g, c, p, resting));
            }
            pen.marker(g, tp, "T", TORTOISE, null, MARKER_R);
            pen.marker(g, hp, "H", HARE, null, MARKER_R);
            g.restore();
            legend(g, cv, avoid);
        }
        // on the memory map
        Rectangle2D cs0 = at.cell(PhysicalMemory.pfn(s0));
        Rectangle2D cs1 = at.cell(PhysicalMemory.pfn(s1));
        Rectangle2D ch0 = at.cell(PhysicalMemory.pfn(h0));
        Rectangle2D ch1 = at.cell(PhysicalMemory.pfn(h1));
        if (map != null && cs0 != null && cs1 != null && ch0 != null && ch1 != null) {
            Pen.save(g, map);
            double s = cs1.getWidth();
            boolean big = s >= 24;
            // big cells: side by side in the cell; small cells: pinned above (tortoise) and below (hare),
            // as far out as the markers are large (presenter mode draws them larger)
            double pin = 16 * pen.scale();
            // a page in the map's top (or bottom) row: left and right of it instead, not cut by the view
            boolean room = Math.min(cs0.getMinY(), cs1.getMinY()) - 2 * pin >= map.getMinY()
                    && Math.max(ch0.getMaxY(), ch1.getMaxY()) + 2 * pin <= map.getMaxY();
            Point2D dt = big ? new Point2D(-s * 0.22, 0) : room ? new Point2D(0, -pin) : new Point2D(-pin, 0);
            Point2D dh = big ? new Point2D(s * 0.22, 0) : room ? new Point2D(0, pin) : new Point2D(pin, 0);
            Point2D tp = lerp(at.center(cs0).add(dt), at.center(cs1).add(dt), u, big ? 12 : 0);
            Point2D hp = lerp(at.center(ch0).add(dh), at.center(ch1).add(dh), u, big ? -22 : 0);
            if (!big) {
                g.setStroke(TORTOISE);
                g.setLineWidth(1.5);
                Point2D ct = lerp(at.center(cs0), at.center(cs1), u, 0);
                g.strokeLine(ct.getX(), ct.getY(), tp.getX(), tp.getY());
                g.setStroke(HARE);
                Point2D chh = lerp(at.center(ch0), at.center(ch1), u, 0);
                g.strokeLine(chh.getX(), chh.getY(), hp.getX(), hp.getY());
            }
            if (meet) {
                burst(g, at.center(cs1), p, resting);
            }
            pen.marker(g, tp, "T", TORTOISE, null, big ? 11 : 8);
            pen.marker(g, hp, "H", HARE, null, big ? 11 : 8);
            g.restore();
        }
    }

    /** A frame is about to be drawn (the overlay calls this before any painter draws). */
    void frameStarts() {
        walkShown = false;
        legendBounds = null;
    }

    /**
     * The frame is drawn: if it did not show the walk (another beat, the verdict, nothing), the next
     * frame that shows a step of it arrives there anew and brings its blocks into sight again.
     */
    void frameEnds() {
        if (!walkShown) {
            revealedBeat = null;
            revealedStep = -1;
        }
    }

    /** Where a marker sits on a chain box: on its top edge, tortoise left, hare right. */
    private static Point2D slot(Rectangle2D r, int side) {
        return new Point2D(r.getMinX() + r.getWidth() / 2 + side * r.getWidth() * SLOT, r.getMinY() + 1);
    }

    /** Linear from a to b with a hop of {@code hop} px in the middle (the markers jump block to block). */
    private static Point2D lerp(Point2D a, Point2D b, double u, double hop) {
        double lift = a.distance(b) < 1 ? 0 : Math.sin(Math.PI * u) * hop;
        return new Point2D(a.getX() + (b.getX() - a.getX()) * u, a.getY() + (b.getY() - a.getY()) * u - lift);
    }

    /**
     * "T tortoise: +1 block  H hare: +2 blocks" over the chain view, sized from its text (it grows
     * with the presenter type), where it covers no block, no cycle label and not the meeting's burst:
     * in the presenter layout the chain view is narrow and hardly taller than one row, and the key in
     * its bottom right corner sat on the blocks' counts. See {@link #place}.
     */
    private void legend(GraphicsContext g, Rectangle2D cv, java.util.List<Rectangle2D> avoid) {
        double k = pen.scale();
        Font f = pen.font(FontWeight.NORMAL, 11);
        String slow = "tortoise: +1 block";
        String fast = "hare: +2 blocks";
        double pad = 12 * k;
        double marker = 12 * k;
        double gap = 20 * k;
        double ws = marker + pen.textWidth(slow, f);
        double wf = marker + pen.textWidth(fast, f);
        double line = 24 * k;
        double w1 = pad + ws + gap + wf + 10 * k;
        double w2 = pad + Math.max(ws, wf) + 10 * k;
        double h2 = 2 * line - 4 * k;
        // one line where it fits the view and a clear place, else two lines
        Rectangle2D box = w1 <= cv.getWidth() - 24 ? place(cv, w1, line, avoid) : null;
        boolean oneLine = box != null;
        if (box == null) {
            box = place(cv, w2, h2, avoid);
        }
        legendBounds = box;
        double x = box.getMinX();
        double top = box.getMinY();
        double w = box.getWidth();
        double h = box.getHeight();
        g.setFill(Color.WHITE.deriveColor(0, 1, 1, 0.9));
        g.fillRoundRect(x, top, w, h, 8 * k, 8 * k);
        Point2D t = new Point2D(x + pad, top + line / 2);
        Point2D hare = oneLine ? new Point2D(t.getX() + ws + gap, t.getY()) : new Point2D(t.getX(), top + h - line / 2);
        pen.marker(g, t, "T", TORTOISE, null, 8);
        pen.marker(g, hare, "H", HARE, null, 8);
        g.setFill(INK);
        g.setFont(f);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        pen.write(g, slow, t.getX() + marker, t.getY(), box);
        pen.write(g, fast, hare.getX() + marker, hare.getY(), box);
    }

    /** Where the key was drawn in the last frame (overlay coordinates), null when it was not: for tests. */
    Rectangle2D legendBounds() {
        return legendBounds;
    }

    private Rectangle2D legendBounds;

    /**
     * A w × h place for the key inside the view {@code cv} that meets none of {@code avoid} (with a
     * few px of air): the bottom right corner if it is clear (where the key always was), else the
     * clear place nearest to it, scanning up from the bottom and in from the right. When the view
     * has no clear place (a chain filling it), the key goes just above the view, over its tab
     * header, where it cannot cover a block.
     */
    static Rectangle2D place(Rectangle2D cv, double w, double h, java.util.List<Rectangle2D> avoid) {
        double m = 6;
        // only what is in the view can be in the way (a long chain has many boxes out of sight)
        avoid = avoid.stream().filter(a -> a.intersects(cv)).toList();
        double right = cv.getMaxX() - w - 12;
        double bottom = cv.getMaxY() - 10 - h;
        for (double y = bottom; y >= cv.getMinY() + 4; y -= 4) {
            for (double x = right; x >= cv.getMinX() + 4; x -= 8) {
                Rectangle2D r = new Rectangle2D(x, y, w, h);
                if (clear(r, avoid, m)) {
                    return r;
                }
            }
        }
        return new Rectangle2D(Math.max(cv.getMinX() + 4, right), cv.getMinY() - h - 2, w, h);
    }

    private static boolean clear(Rectangle2D r, java.util.List<Rectangle2D> avoid, double m) {
        Rectangle2D grown = new Rectangle2D(r.getMinX() - m, r.getMinY() - m, r.getWidth() + 2 * m, r.getHeight() + 2 * m);
        for (Rectangle2D a : avoid) {
            if (grown.intersects(a)) {
                return false;
            }
        }
        return true;
    }

    /** The rings and "slow == fast" where the walkers meet; returns the area they cover (the rings and the text). */
    private Rectangle2D burst(GraphicsContext g, Point2D c, double p, boolean resting) {
        double t = resting ? 1 : Math.min(1, Math.max(0, (p - 0.6) / 0.4));
        for (int i = 0; i < 3; i++) {
            double r = 16 + 14 * i + 18 * t;
            g.setStroke(RED.deriveColor(0, 1, 1, 0.9 - 0.25 * i));
            g.setLineWidth(3 - i * 0.7);
            g.strokeOval(c.getX() - r, c.getY() - r, 2 * r, 2 * r);
        }
        g.setFill(RED);
        g.setFont(pen.font(FontWeight.BOLD, 13));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        Font bold = pen.font(FontWeight.BOLD, 13);
        double ty = c.getY() + 44 + (18 * t + 8) * pen.scale() - 8;
        pen.write(g, "slow == fast", c.getX(), ty, null);
        double rings = 16 + 14 * 2 + 18 * t + 2;
        double tw = pen.textWidth("slow == fast", bold) / 2 + 2;
        double th = bold.getSize();
        double half = Math.max(rings, tw);
        return new Rectangle2D(c.getX() - half, c.getY() - rings, 2 * half, Math.max(c.getY() + rings, ty + th) - (c.getY() - rings));
    }

    void chainOk(GraphicsContext g, BeatData.Chain c, double p) {
        Rectangle2D cv = at.chainView();
        if (cv == null) {
            return;
        }
        Pen.save(g, cv);
        for (long pa : c.chainPas()) {
            at.chainBox(pa).ifPresent(r -> {
                g.setStroke(RESTORE);
                g.setLineWidth(2.5);
                g.strokeRoundRect(r.getMinX() - 1, r.getMinY() - 1, r.getWidth() + 2, r.getHeight() + 2, 7, 7);
            });
        }
        at.chainBox(c.headPa()).ifPresent(r -> pen.tag(g, r.getMinX(), r.getMinY() - 12 * pen.scale(), "✓ no cycle", RESTORE));
        g.restore();
    }

    void redChain(GraphicsContext g, long[] pas, int upTo) {
        Rectangle2D cv = at.chainView();
        Rectangle2D map = at.mapView();
        for (int i = 0; i < Math.min(upTo, pas.length); i++) {
            Optional<Rectangle2D> box = at.chainBox(pas[i]);
            if (box.isPresent() && cv != null) {
                Rectangle2D r = box.get();
                Pen.save(g, cv);
                g.setFill(RED.deriveColor(0, 1, 1, 0.22));
                g.fillRoundRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight(), 6, 6);
                g.setStroke(RED);
                g.setLineWidth(3);
                g.strokeRoundRect(r.getMinX() - 1, r.getMinY() - 1, r.getWidth() + 2, r.getHeight() + 2, 7, 7);
                g.restore();
            }
            Rectangle2D cell = at.cell(PhysicalMemory.pfn(pas[i]));
            if (cell != null) {
                pen.mark(g, cell, RED, 1, map);
            }
        }
    }
}
