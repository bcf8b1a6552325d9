package luolab.ui.anim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import luolab.engine.Errno;
import luolab.engine.memory.PhysicalMemory;
import luolab.ui.model.Theme;
import luolab.ui.view.Palette;

/**
 * The transparent layer above the whole workbench on which the animation draws: flying entries,
 * rings on memory-map cells, the poison sweep, tortoise and hare, red chains, blinking bytes. It
 * never takes the mouse. Drawing is a pure function of a {@link View} (what beat, how far, where
 * the model is), so a frame can be re-rendered at any time — after a resize, a zoom, a theme change.
 * Text that tests and readers care about (panic banner, error callout, caption) is in real labels.
 */
final class OverlayLayer extends Pane {
    /** What to draw. {@code beat} is -1 when nothing moves (only the sticky marks at {@code position}). */
    record View(AnimationPlan plan, int beat, double progress, int position, boolean reduceMotion, double clock,
            long basePfn) {
    }

    static final Color RED = Color.web("#e53935");
    static final Color AMBER = Color.web("#f0a500");
    static final Color TORTOISE = Color.web("#2e7d32");
    static final Color HARE = Color.web("#ef6c00");
    static final Color SESSION = Color.web("#1565c0");
    static final Color FILE = Color.web("#00897b");
    static final Color RESTORE = Color.web("#43a047");
    static final Color RADIX = Color.web("#00838f");
    static final Color FDT = Color.web("#8e24aa");
    static final Color INK = Color.web("#1d2329");

    private final Canvas canvas = new Canvas();
    private final Label banner = label("animPanicBanner", "anim-panic-banner");
    private final Label callout = label("animCallout", "anim-callout");
    private final Label stage = label("animStage", "anim-stage");
    private final Label card = label("animPhaseCard", "anim-phase-card");
    final Anchors at = new Anchors(this);
    private Theme theme = Theme.LIGHT;
    private View last;
    /** A lettered marker (tortoise, hare) as drawn in the last frame, in overlay coordinates. */
    record Mark(String letter, Point2D center) {
    }

    private final List<Mark> marks = new ArrayList<>();
    /** {@link Anchors#geometry} when {@code last} was drawn. */
    private List<Object> drawnFor = List.of();
    private final Runnable relayout = this::relayout;

    OverlayLayer() {
        setId("animOverlay");
        setMouseTransparent(true);
        setPickOnBounds(false);
        getChildren().addAll(canvas, banner, callout, card, stage);
        banner.setStyle("-fx-background-color: rgba(183,28,28,0.94); -fx-text-fill: white; -fx-font-weight: bold;"
                + " -fx-padding: 8 14; -fx-background-radius: 6; -fx-font-size: 13px;");
        banner.setWrapText(true);
        callout.setStyle("-fx-background-color: rgba(25,28,33,0.93); -fx-text-fill: white; -fx-padding: 6 10;"
                + " -fx-background-radius: 6; -fx-border-color: #e53935; -fx-border-width: 2; -fx-border-radius: 6;"
                + " -fx-font-size: 12px;");
        callout.setWrapText(true);
        stage.setStyle("-fx-background-color: rgba(25,28,33,0.82); -fx-text-fill: white; -fx-padding: 5 10;"
                + " -fx-background-radius: 5; -fx-font-size: 12px;");
        card.setStyle("-fx-background-color: rgba(21,101,192,0.92); -fx-text-fill: white; -fx-padding: 14 22;"
                + " -fx-background-radius: 10; -fx-font-size: 18px; -fx-font-weight: bold;");
        card.setWrapText(true);
        card.setAlignment(Pos.CENTER);
        card.setTextAlignment(TextAlignment.CENTER);
        // The marks must follow the views they point at. The overlay's own size changes before the
        // panes under it are laid out, and a moved divider, a scroll or a zoom does not change it
        // at all, so the check runs after every layout pass instead.
        sceneProperty().addListener((o, old, scene) -> {
            if (old != null) {
                old.removePostLayoutPulseListener(relayout);
            }
            if (scene != null) {
                scene.addPostLayoutPulseListener(relayout);
            }
        });
    }

    /** Draws the last frame again if what it points at has moved or resized since it was drawn. */
    void relayout() {
        if (last == null || getScene() == null) {
            return;
        }
        at.refresh();
        if (!at.geometry().equals(drawnFor)) {
            render(last);
        }
    }

    private static Label label(String id, String style) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add(style);
        l.setVisible(false);
        l.setManaged(false);
        l.setMouseTransparent(true);
        return l;
    }

    @Override
    protected void layoutChildren() {
        if (canvas.getWidth() != getWidth() || canvas.getHeight() != getHeight()) {
            canvas.setWidth(getWidth());
            canvas.setHeight(getHeight());
        }
    }

    void setTheme(Theme t) {
        theme = t;
        if (last != null) {
            render(last);
        }
    }

    Label banner() {
        return banner;
    }

    Label callout() {
        return callout;
    }

    Label stage() {
        return stage;
    }

    Label card() {
        return card;
    }

    Canvas canvas() {
        return canvas;
    }

    void clear() {
        last = null;
        marks.clear();
        canvas.getGraphicsContext2D().clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        banner.setVisible(false);
        callout.setVisible(false);
        stage.setVisible(false);
        card.setVisible(false);
    }

    // ---- one frame ---------------------------------------------------------------------------

    void render(View v) {
        last = v;
        marks.clear();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        banner.setVisible(false);
        callout.setVisible(false);
        card.setVisible(false);
        stage.setVisible(false);
        if (v == null || v.plan() == null) {
            return;
        }
        at.refresh();
        drawnFor = at.geometry();
        Beat moving = v.beat() >= 0 ? v.plan().beat(v.beat()) : null;
        drawSticky(g, v);
        if (moving != null) {
            drawBeat(g, v, moving, Math.max(0, Math.min(1, v.progress())));
            showStage(moving.caption());
        } else {
            drawResting(g, v);
        }
    }

    private void showStage(String text) {
        Rectangle2D m = at.mapView();
        if (m == null || text == null || text.isEmpty()) {
            return;
        }
        stage.setText(text);
        stage.setMaxWidth(Math.max(120, m.getWidth() - 24));
        place(stage, m.getMinX() + 10, m.getMaxY() - 10, false, true, m);
    }

    /** Sizes a managed-less label and puts it at (x, y); {@code right}/{@code bottom}: anchor corner. */
    private void place(Label l, double x, double y, boolean right, boolean bottom, Rectangle2D clampTo) {
        l.setVisible(true);
        l.applyCss();
        double w = Math.min(l.prefWidth(-1), l.getMaxWidth() > 0 ? l.getMaxWidth() : Double.MAX_VALUE);
        double h = l.prefHeight(w);
        double lx = right ? x - w : x;
        double ly = bottom ? y - h : y;
        if (clampTo != null) {
            lx = Math.max(clampTo.getMinX() + 4, Math.min(lx, clampTo.getMaxX() - w - 4));
            ly = Math.max(clampTo.getMinY() + 4, Math.min(ly, clampTo.getMaxY() - h - 4));
        }
        l.resizeRelocate(Math.round(lx), Math.round(ly), Math.ceil(w), Math.ceil(h));
    }

    // ---- sticky marks: red chains, panic, the latest failure ---------------------------------

    private void drawSticky(GraphicsContext g, View v) {
        List<Beat> sticky = v.plan().stickyAt(v.position());
        Beat latest = null;
        for (Beat b : sticky) {
            if (b.kind() == BeatKind.CHAIN_RED) {
                BeatData.Chain c = (BeatData.Chain) b.data();
                redChain(g, c.chainPas(), c.chainPas().length);
            }
            if (b.kind() == BeatKind.PANIC) {
                showBanner(b);
            }
            if (b.kind() != BeatKind.PANIC || latest == null) {
                latest = b;
            }
        }
        if (latest != null) {
            failure(g, v, latest);
        }
    }

    private void showBanner(Beat b) {
        Rectangle2D m = at.mapView();
        if (m == null) {
            return;
        }
        BeatData.Failure f = (BeatData.Failure) b.data();
        banner.setText("⚠  " + f.logLine());
        banner.setMaxWidth(Math.max(200, m.getWidth() - 40));
        place(banner, m.getMinX() + 20, m.getMinY() + 10, false, false, m);
    }

    /** Blinking bytes to blame, and the callout with the kernel's line and errno next to them. */
    private void failure(GraphicsContext g, View v, Beat b) {
        String line;
        int errno;
        List<BeatData.Range> blame;
        if (b.data() instanceof BeatData.Chain c) {
            line = c.logLine() != null ? c.logLine() : c.set() + " rejected";
            errno = c.errno();
            blame = c.offending();
        } else if (b.data() instanceof BeatData.Failure f) {
            line = b.kind() == BeatKind.CORRUPTION ? "corruption: " + f.logLine()
                    : f.logLine() != null ? f.logLine() : f.function();
            errno = f.errno();
            blame = f.offending();
        } else {
            return;
        }
        boolean on = v.reduceMotion() || (v.clock() * 2.5) % 1.0 < 0.62;
        Rectangle2D anchor = null;
        Rectangle2D map = at.mapView();
        for (BeatData.Range r : blame) {
            Rectangle2D cell = at.byteCell(r.pa());
            if (cell != null) {
                anchor = anchor == null ? cell : anchor;
                blink(g, cell, on, map);
            }
            for (int i = 0; i < r.length(); i++) {
                Rectangle2D hb = at.hexByte(r.pa() + i);
                if (hb != null) {
                    g.setFill(RED.deriveColor(0, 1, 1, on ? 0.45 : 0.12));
                    g.fillRoundRect(hb.getMinX(), hb.getMinY(), hb.getWidth(), hb.getHeight(), 4, 4);
                    g.setStroke(RED);
                    g.setLineWidth(on ? 2 : 1);
                    g.strokeRoundRect(hb.getMinX(), hb.getMinY(), hb.getWidth(), hb.getHeight(), 4, 4);
                    if (i == r.length() - 1 && errno != 0) {
                        tag(g, hb.getMaxX() + 6, hb.getMinY() + hb.getHeight() / 2, Errno.pe(errno), RED);
                    }
                }
            }
        }
        String text = line + (errno != 0 ? "    " + Errno.pe(errno) + " (" + errno + ")" : "");
        callout.setText(text);
        if (map == null) {
            return;
        }
        callout.setMaxWidth(Math.min(520, map.getWidth() - 20));
        if (anchor != null) {
            place(callout, anchor.getMaxX() + 14, anchor.getMinY() + 30, false, false, map);
            Point2D from = at.center(anchor);
            g.setStroke(RED);
            g.setLineWidth(1.5);
            g.strokeLine(from.getX(), from.getY(), callout.getLayoutX(), callout.getLayoutY() + 10);
        } else {
            place(callout, map.getMaxX() - 10, map.getMinY() + 60, true, false, map);
        }
    }

    private void blink(GraphicsContext g, Rectangle2D cell, boolean on, Rectangle2D clip) {
        double r = Math.max(cell.getWidth(), 8);
        Point2D c = at.center(cell);
        save(g, clip);
        g.setFill(RED.deriveColor(0, 1, 1, on ? 0.75 : 0.15));
        g.fillRect(cell.getMinX(), cell.getMinY(), Math.max(1, cell.getWidth()), Math.max(1, cell.getHeight()));
        g.setStroke(RED.deriveColor(0, 1, 1, on ? 1 : 0.35));
        g.setLineWidth(2.5);
        g.strokeOval(c.getX() - r, c.getY() - r, 2 * r, 2 * r);
        g.restore();
    }

    private void redChain(GraphicsContext g, long[] pas, int upTo) {
        Rectangle2D cv = at.chainView();
        Rectangle2D map = at.mapView();
        for (int i = 0; i < Math.min(upTo, pas.length); i++) {
            Optional<Rectangle2D> box = at.chainBox(pas[i]);
            if (box.isPresent() && cv != null) {
                Rectangle2D r = box.get();
                save(g, cv);
                g.setFill(RED.deriveColor(0, 1, 1, 0.22));
                g.fillRoundRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight(), 6, 6);
                g.setStroke(RED);
                g.setLineWidth(3);
                g.strokeRoundRect(r.getMinX() - 1, r.getMinY() - 1, r.getWidth() + 2, r.getHeight() + 2, 7, 7);
                g.restore();
            }
            Rectangle2D cell = at.cell(PhysicalMemory.pfn(pas[i]));
            if (cell != null) {
                mark(g, cell, RED, 1, map);
            }
        }
    }

    // ---- resting state: what a stepped position shows -----------------------------------------

    private void drawResting(GraphicsContext g, View v) {
        if (v.position() <= 0) {
            return;
        }
        int i = v.plan().beatOfPosition(v.position());
        if (i < 0) {
            return;
        }
        Beat b = v.plan().beat(i);
        if ((b.kind() == BeatKind.FLOYD_STEP || b.kind() == BeatKind.FLOYD_MEET) && v.position() > b.key()) {
            drawFloyd(g, b, 1, true);
        }
    }

    // ---- the moving beat ---------------------------------------------------------------------

    private void drawBeat(GraphicsContext g, View v, Beat b, double p) {
        Rectangle2D map = at.mapView();
        boolean still = v.reduceMotion();
        switch (b.kind()) {
            case PHASE -> phaseCard(b, p, still, map);
            case PRESERVE -> pages(g, ((BeatData.Pages) b.data()).pfns(), p, AMBER, still, map, null);
            case RADIX_NODE -> {
                BeatData.Pages d = (BeatData.Pages) b.data();
                pages(g, d.pfns(), p, RADIX, still, map, d.labels());
            }
            case RESTORE -> pages(g, ((BeatData.Pages) b.data()).pfns(), p, RESTORE, still, map, null);
            case RESERVE -> reserve(g, (BeatData.Pages) b.data(), p, still, map);
            case BATCH -> pages(g, ((BeatData.Mixed) b.data()).pfns(), p, SESSION, still, map, null);
            case FDT -> {
                BeatData.Fdt d = (BeatData.Fdt) b.data();
                pop(g, PhysicalMemory.pfn(d.fdtPa()), d.fdt() + " FDT " + d.paths().get(Math.min(d.paths().size() - 1,
                        (int) (p * d.paths().size()))), FDT, p, still, map);
            }
            case LUO_SER -> {
                BeatData.Field d = (BeatData.Field) b.data();
                pop(g, PhysicalMemory.pfn(d.pa()), b.caption(), FDT, p, still, map);
            }
            case BLOCK_LINK, BLOCK_UNLINK -> links(g, (BeatData.Links) b.data(), p, still, map);
            case ENTRY -> flights(g, ((BeatData.Entries) b.data()).entries(), p, still, true, map);
            case ENTRY_BACK -> flights(g, ((BeatData.Entries) b.data()).entries(), p, still, false, map);
            case SESSION, FILE -> rows(g, (BeatData.Rows) b.data(), p, still);
            case KEXEC -> kexec(g, (BeatData.Kexec) b.data(), p, still, map);
            case SWEEP -> sweep(g, v, (BeatData.Sweep) b.data(), p, still, map);
            case FLOYD_STEP, FLOYD_MEET -> drawFloyd(g, b, still ? 1 : p, false);
            case CHAIN_OK -> chainOk(g, (BeatData.Chain) b.data(), p);
            case CHAIN_RED -> {
                BeatData.Chain c = (BeatData.Chain) b.data();
                int n = still ? c.chainPas().length : (int) Math.ceil(Math.min(1, p / 0.5) * c.chainPas().length);
                redChain(g, c.chainPas(), n);
            }
            case CORRUPTION, ERROR, PANIC -> {
                if (!still && p < 0.4 && b.data() instanceof BeatData.Failure f) {
                    for (BeatData.Range r : f.offending()) {
                        Rectangle2D cell = at.byteCell(r.pa());
                        if (cell != null) {
                            double t = p / 0.4;
                            ring(g, at.center(cell), 6 + 40 * t, RED, 1 - t, 3, map);
                        }
                    }
                }
            }
            default -> {
            }
        }
    }

    private void phaseCard(Beat b, double p, boolean still, Rectangle2D map) {
        if (map == null) {
            return;
        }
        String title = b.data() instanceof BeatData.Text t ? t.text() : "";
        String sub = b.caption().contains(" — ") ? b.caption().substring(b.caption().indexOf(" — ") + 3) : b.caption();
        card.setText(title.toUpperCase() + "\n" + sub);
        card.setStyle(card.getStyle().replaceAll("-fx-font-size: \\d+px;", "-fx-font-size: 17px;"));
        card.setMaxWidth(Math.min(560, map.getWidth() - 40));
        double o = still ? 1 : p < 0.15 ? p / 0.15 : p > 0.85 ? (1 - p) / 0.15 : 1;
        card.setOpacity(Math.max(0, Math.min(1, o)));
        card.applyCss();
        double w = Math.min(card.prefWidth(-1), card.getMaxWidth());
        double h = card.prefHeight(w);
        card.setVisible(true);
        card.resizeRelocate(map.getMinX() + (map.getWidth() - w) / 2, map.getMinY() + (map.getHeight() - h) / 2, w, h);
    }

    /** Rings appearing page after page over the beat; the newest brightest. */
    private void pages(GraphicsContext g, long[] pfns, double p, Color c, boolean still, Rectangle2D map, String[] labels) {
        int n = pfns.length;
        int shown = still ? n : Math.max(1, (int) Math.ceil(p * n));
        int from = Math.max(0, shown - 400);
        for (int i = from; i < shown && i < n; i++) {
            Rectangle2D cell = at.cell(pfns[i]);
            if (cell == null) {
                continue;
            }
            double age = still ? 1 : Math.min(1, (p * n - i) / Math.max(1, Math.min(n, 6)));
            double r = Math.max(cell.getWidth() * 0.7, 6) + (still ? 2 : 10 * (1 - age));
            ring(g, at.center(cell), r, c, still ? 0.9 : 0.35 + 0.65 * (1 - age * 0.6), 2.5, map);
            if (labels != null && i == shown - 1 && labels[i] != null) {
                tag(g, cell.getMaxX() + 8, cell.getMinY() - 6, labels[i], c);
            }
        }
    }

    private void reserve(GraphicsContext g, BeatData.Pages d, double p, boolean still, Rectangle2D map) {
        long[] pfns = d.pfns();
        int shown = still ? pfns.length : (int) Math.ceil(p * pfns.length);
        Color lit = Palette.color(Palette.of(theme).incoming());
        for (int i = Math.max(0, shown - 2000); i < shown; i++) {
            Rectangle2D cell = at.cell(pfns[i]);
            if (cell != null) {
                double fresh = still ? 0 : Math.max(0, 1 - (p * pfns.length - i) / 8.0);
                glow(g, cell, lit, 0.55 + 0.45 * fresh, map);
            }
        }
    }

    private void glow(GraphicsContext g, Rectangle2D cell, Color c, double a, Rectangle2D clip) {
        Point2D m = at.center(cell);
        double r = Math.max(cell.getWidth() * 0.75, 5);
        save(g, clip);
        g.setFill(c.deriveColor(0, 1, 1.2, 0.25 * a));
        g.fillOval(m.getX() - r * 1.6, m.getY() - r * 1.6, r * 3.2, r * 3.2);
        g.setStroke(c.deriveColor(0, 1, 1, a));
        g.setLineWidth(2);
        g.strokeRect(cell.getMinX() - 1, cell.getMinY() - 1, cell.getWidth() + 2, cell.getHeight() + 2);
        g.restore();
    }

    private void pop(GraphicsContext g, long pfn, String text, Color c, double p, boolean still, Rectangle2D map) {
        Rectangle2D cell = at.cell(pfn);
        if (cell == null) {
            return;
        }
        double t = still ? 1 : Math.min(1, p / 0.3);
        ring(g, at.center(cell), Math.max(cell.getWidth(), 7) + 6 * (1 - t), c, 0.9, 2.5, map);
        tag(g, cell.getMaxX() + 8, cell.getMinY() - 8 - 10 * (1 - t), text, c);
    }

    private void links(GraphicsContext g, BeatData.Links d, double p, boolean still, Rectangle2D map) {
        int n = d.pas().length;
        int k = still ? n - 1 : Math.min(n - 1, (int) (p * n));
        double sub = still ? 1 : Math.min(1, (p * n - k) / 0.7);
        boolean walk = d.set().startsWith("incoming");
        for (int i = Math.max(0, k - 5); i <= k; i++) {
            double t = i < k ? 1 : sub;
            Rectangle2D to = at.cell(PhysicalMemory.pfn(d.pas()[i]));
            if (to == null) {
                continue;
            }
            Color c = walk ? RESTORE : d.linked() ? SESSION : Color.GRAY;
            ring(g, at.center(to), Math.max(to.getWidth() * 0.8, 7), c, i < k ? 0.45 : 1, 2.5, map);
            long prev = d.prevPas()[i];
            Rectangle2D from = prev == 0 ? null : at.cell(PhysicalMemory.pfn(prev));
            if (from != null && d.linked()) {
                arc(g, at.center(from), at.center(to), t, c, walk, i == k ? "next" : null, map);
            }
            Optional<Rectangle2D> box = at.chainBox(d.pas()[i]);
            Rectangle2D cv = at.chainView();
            if (box.isPresent() && cv != null && i == k) {
                save(g, cv);
                g.setStroke(c);
                g.setLineWidth(3);
                Rectangle2D r = box.get();
                g.strokeRoundRect(r.getMinX() - 2, r.getMinY() - 2, r.getWidth() + 4, r.getHeight() + 4, 8, 8);
                g.restore();
            }
        }
    }

    /** A curved arrow from a to b drawn up to t (the next pointer being written, or followed). */
    private void arc(GraphicsContext g, Point2D a, Point2D b, double t, Color c, boolean dot, String label,
            Rectangle2D clip) {
        double dx = b.getX() - a.getX();
        double dy = b.getY() - a.getY();
        double len = Math.hypot(dx, dy);
        if (len < 1) {
            return;
        }
        double bulge = Math.min(60, 26 + len * 0.25);
        Point2D ctrl = new Point2D((a.getX() + b.getX()) / 2 - dy / len * bulge, (a.getY() + b.getY()) / 2 + dx / len * bulge);
        save(g, null);
        g.setStroke(c);
        g.setLineWidth(2.2);
        g.beginPath();
        g.moveTo(a.getX(), a.getY());
        int steps = 24;
        Point2D last = a;
        Point2D prev = a;
        for (int i = 1; i <= steps; i++) {
            double u = t * i / steps;
            Point2D q = quad(a, ctrl, b, u);
            g.lineTo(q.getX(), q.getY());
            prev = last;
            last = q;
        }
        g.stroke();
        if (dot) {
            g.setFill(c);
            g.fillOval(last.getX() - 5, last.getY() - 5, 10, 10);
        } else if (t > 0.05) {
            double ang = Math.atan2(last.getY() - prev.getY(), last.getX() - prev.getX());
            arrowHead(g, last, ang, c);
        }
        if (label != null && t > 0.5) {
            Point2D mid = quad(a, ctrl, b, 0.5);
            tag(g, mid.getX() + 4, mid.getY() - 10, label, c);
        }
        g.restore();
    }

    private static Point2D quad(Point2D a, Point2D c, Point2D b, double u) {
        double v = 1 - u;
        return new Point2D(v * v * a.getX() + 2 * v * u * c.getX() + u * u * b.getX(),
                v * v * a.getY() + 2 * v * u * c.getY() + u * u * b.getY());
    }

    private static void arrowHead(GraphicsContext g, Point2D p, double ang, Color c) {
        double a1 = ang + Math.PI - 0.45;
        double a2 = ang + Math.PI + 0.45;
        g.setFill(c);
        g.fillPolygon(new double[] {p.getX(), p.getX() + 9 * Math.cos(a1), p.getX() + 9 * Math.cos(a2)},
                new double[] {p.getY(), p.getY() + 9 * Math.sin(a1), p.getY() + 9 * Math.sin(a2)}, 3);
    }

    // ---- entries flying between tables and block slots ---------------------------------------

    private static final int MAX_FLIGHTS = 10;

    private void flights(GraphicsContext g, List<BeatData.Entry> es, double p, boolean still, boolean out,
            Rectangle2D map) {
        int n = es.size();
        int m = Math.min(n, MAX_FLIGHTS);
        Rectangle2D struct = at.structureBounds();
        Rectangle2D table = at.sessionTableBounds();
        for (int k = 0; k < m; k++) {
            int idx = m == 1 ? 0 : (int) Math.round((double) k * (n - 1) / (m - 1));
            BeatData.Entry e = es.get(idx);
            double start = m == 1 ? 0 : 0.55 * k / (m - 1);
            double t = still ? 1 : Math.max(0, Math.min(1, (p - start) / 0.42));
            if (!still && p < start) {
                continue;
            }
            Rectangle2D slot = at.cell(PhysicalMemory.pfn(e.pa()));
            Rectangle2D row = at.sessionRow(e.session(), out ? 0 : -1);
            Point2D tableSide = row != null ? new Point2D(row.getMinX() + 40, at.center(row).getY())
                    : table != null ? new Point2D(table.getMinX() + 60, table.getMinY() + 30)
                    : struct != null ? new Point2D(struct.getMinX() + 40, struct.getMinY() + 40)
                    : map != null ? new Point2D(map.getMaxX() - 20, map.getMinY() + 20) : null;
            if (slot == null || tableSide == null) {
                continue;
            }
            Point2D slotC = at.center(slot);
            Point2D a = out ? tableSide : slotC;
            Point2D b = out ? slotC : tableSide;
            Color c = e.file() ? FILE : SESSION;
            if (row != null) {
                g.setFill(c.deriveColor(0, 1, 1, 0.18 * (1 - t)));
                g.fillRect(row.getMinX(), row.getMinY(), row.getWidth(), row.getHeight());
            }
            if (still) {
                ring(g, slotC, Math.max(slot.getWidth(), 7), c, 0.9, 2.5, map);
                continue;
            }
            double u = ease(t);
            double x = a.getX() + (b.getX() - a.getX()) * u;
            double y = a.getY() + (b.getY() - a.getY()) * u - Math.sin(Math.PI * u) * 40;
            String text = e.file() ? "file " + shortName(e.what()) : shortName(e.session());
            box(g, x, y, text, c, t < 1 ? 1 : 0.6);
            if (t >= 1) {
                ring(g, slotC, Math.max(slot.getWidth(), 7) + 3, c, 0.8, 2.5, map);
            }
        }
        if (n > m && !still) {
            Rectangle2D slot = at.cell(PhysicalMemory.pfn(es.get(n - 1).pa()));
            if (slot != null) {
                tag(g, slot.getMaxX() + 8, slot.getMaxY() + 10, String.format("%d entries", n), out ? SESSION : RESTORE);
            }
        }
    }

    private static String shortName(String s) {
        return s == null ? "" : s.length() > 18 ? s.substring(0, 17) + "…" : s;
    }

    private static double ease(double t) {
        return t < 0.5 ? 4 * t * t * t : 1 - Math.pow(-2 * t + 2, 3) / 2;
    }

    private static final Font BOLD11 = Font.font("System", FontWeight.BOLD, 11);
    private final javafx.scene.text.Text measure = new javafx.scene.text.Text();

    private double textWidth(String s, Font f) {
        measure.setFont(f);
        measure.setText(s);
        return measure.getLayoutBounds().getWidth();
    }

    private void box(GraphicsContext g, double cx, double cy, String text, Color c, double alpha) {
        Font f = BOLD11;
        g.setFont(f);
        double w = Math.max(46, textWidth(text, f) + 16);
        double h = 20;
        g.setFill(c.deriveColor(0, 1, 1, 0.92 * alpha));
        g.fillRoundRect(cx - w / 2, cy - h / 2, w, h, 8, 8);
        g.setStroke(Color.WHITE.deriveColor(0, 1, 1, 0.9 * alpha));
        g.setLineWidth(1);
        g.strokeRoundRect(cx - w / 2, cy - h / 2, w, h, 8, 8);
        g.setFill(Color.WHITE.deriveColor(0, 1, 1, alpha));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(text, cx, cy);
    }

    private void rows(GraphicsContext g, BeatData.Rows d, double p, boolean still) {
        int n = d.sessions().size();
        int shown = still ? n : Math.max(1, (int) Math.ceil(p * n));
        for (int i = Math.max(0, shown - 60); i < shown; i++) {
            Rectangle2D row = at.sessionRow(d.sessions().get(i), -1);
            if (row != null) {
                double a = still ? 0.3 : 0.15 + 0.35 * (1 - (p * n - i) / Math.max(1, n));
                g.setFill(AMBER.deriveColor(0, 1, 1, Math.max(0.1, a)));
                g.fillRect(row.getMinX(), row.getMinY(), row.getWidth(), row.getHeight());
            }
        }
    }

    // ---- the jump ----------------------------------------------------------------------------

    private void kexec(GraphicsContext g, BeatData.Kexec d, double p, boolean still, Rectangle2D map) {
        Color bg = theme == Theme.DARK ? Color.web("#15181c") : Color.web("#f4f6f8");
        double fade = still ? 0.7 : Math.min(1, p / 0.7) * 0.85;
        for (Rectangle2D r : new Rectangle2D[] {at.structureBounds(), at.hexView(), at.logBounds()}) {
            if (r != null) {
                g.setFill(bg.deriveColor(0, 1, 1, fade));
                g.fillRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight());
            }
        }
        Rectangle2D s = at.structureBounds();
        if (s != null) {
            g.setFill(INK.deriveColor(0, 1, 1, Math.min(1, fade * 1.2)));
            g.setFont(Font.font("System", FontWeight.BOLD, 14));
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText("the old kernel's tables are gone", s.getMinX() + s.getWidth() / 2, s.getMinY() + s.getHeight() / 2);
        }
        if (map != null && !still) {
            g.setFill(Color.BLACK.deriveColor(0, 1, 1, 0.35 * Math.sin(Math.PI * Math.min(1, p / 0.5))));
            g.fillRect(map.getMinX(), map.getMinY(), map.getWidth(), map.getHeight());
        }
        Rectangle2D fdt = at.cell(PhysicalMemory.pfn(d.khoFdtPa()));
        if (fdt != null && map != null) {
            double t = still ? 1 : Math.max(0, Math.min(1, (p - 0.3) / 0.55));
            Point2D a = new Point2D(map.getMinX() + 90, map.getMinY() + 30);
            Point2D b = at.center(fdt);
            double u = ease(t);
            box(g, a.getX() + (b.getX() - a.getX()) * u, a.getY() + (b.getY() - a.getY()) * u,
                    String.format("boot param: KHO FDT @ 0x%x", d.khoFdtPa()), FDT, 1);
            if (t >= 1) {
                ring(g, b, Math.max(fdt.getWidth(), 8) + 4, FDT, 1, 3, map);
            }
        }
    }

    private void sweep(GraphicsContext g, View v, BeatData.Sweep d, double p, boolean still, Rectangle2D map) {
        Color lit = Palette.color(Palette.of(theme).incoming());
        if (!still && map != null) {
            double lp = Math.min(1, p / Beat.END_LANDING);
            long total = d.pages();
            long done = (long) (lp * total);
            Color poison = Palette.color(Palette.of(theme).poisoned());
            double lineY = -1;
            save(g, map);
            g.setFill(poison.deriveColor(0, 1, 1, 0.95));
            for (int i = 0; i < d.startPfns().length && done > 0; i++) {
                long c = Math.min(done, d.counts()[i]);
                for (Rectangle2D r : at.cellRuns(v.basePfn(), d.startPfns()[i], c)) {
                    g.fillRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight());
                    lineY = Math.max(lineY, r.getMaxY());
                }
                done -= c;
            }
            if (lp < 1 && lineY > 0) {
                g.setStroke(RED.deriveColor(0, 1, 1, 0.9));
                g.setLineWidth(3);
                g.strokeLine(map.getMinX(), lineY, map.getMaxX(), lineY);
                g.setFill(RED.deriveColor(0, 1, 1, 0.12));
                g.fillRect(map.getMinX(), lineY - 14, map.getWidth(), 14);
            }
            g.restore();
        }
        double pulse = still ? 1 : 0.7 + 0.3 * Math.sin(v.clock() * 8);
        int k = 0;
        for (long pfn : d.litPfns()) {
            if (k++ > 4000) {
                break;
            }
            Rectangle2D cell = at.cell(pfn);
            if (cell != null) {
                glow(g, cell, lit, pulse, map);
            }
        }
    }

    // ---- Floyd -------------------------------------------------------------------------------

    private void drawFloyd(GraphicsContext g, Beat b, double p, boolean resting) {
        BeatData.Floyd f = (BeatData.Floyd) b.data();
        int n = f.steps();
        int k = Math.min(n - 1, (int) Math.floor(p * n));
        double sub = p >= 1 ? 1 : Math.min(1, (p * n - k) / 0.6);
        long s0 = k == 0 ? f.prevSlow() : f.slow()[k - 1];
        long h0 = k == 0 ? f.prevFast() : f.fast()[k - 1];
        long s1 = f.slow()[k];
        long h1 = f.fast()[k];
        double u = ease(sub);
        boolean meet = b.kind() == BeatKind.FLOYD_MEET && sub >= 1;
        Rectangle2D cv = at.chainView();
        Rectangle2D map = at.mapView();
        // on the block-chain view
        Optional<Rectangle2D> sa = at.chainBox(s0);
        Optional<Rectangle2D> sb = at.chainBox(s1);
        Optional<Rectangle2D> ha = at.chainBox(h0);
        Optional<Rectangle2D> hb = at.chainBox(h1);
        if (cv != null && sa.isPresent() && sb.isPresent() && ha.isPresent() && hb.isPresent()) {
            save(g, cv);
            Point2D tp = lerp(slot(sa.get(), -1), slot(sb.get(), -1), u, 18);
            Point2D hp = lerp(slot(ha.get(), 1), slot(hb.get(), 1), u, 30);
            if (meet) {
                Point2D c = at.center(sb.get());
                burst(g, c, p, resting);
            }
            marker(g, tp, "T", TORTOISE, null, 11);
            marker(g, hp, "H", HARE, null, 11);
            g.restore();
            legend(g, cv);
        }
        // on the memory map
        Rectangle2D cs0 = at.cell(PhysicalMemory.pfn(s0));
        Rectangle2D cs1 = at.cell(PhysicalMemory.pfn(s1));
        Rectangle2D ch0 = at.cell(PhysicalMemory.pfn(h0));
        Rectangle2D ch1 = at.cell(PhysicalMemory.pfn(h1));
        if (map != null && cs0 != null && cs1 != null && ch0 != null && ch1 != null) {
            save(g, map);
            double s = cs1.getWidth();
            boolean big = s >= 24;
            // big cells: side by side in the cell; small cells: pinned above (tortoise) and below (hare)
            Point2D dt = big ? new Point2D(-s * 0.22, 0) : new Point2D(0, -16);
            Point2D dh = big ? new Point2D(s * 0.22, 0) : new Point2D(0, 16);
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
            marker(g, tp, "T", TORTOISE, null, big ? 11 : 8);
            marker(g, hp, "H", HARE, null, big ? 11 : 8);
            g.restore();
        }
    }

    /** Where a marker sits on a chain box: on its top edge, tortoise left, hare right. */
    private static Point2D slot(Rectangle2D r, int side) {
        return new Point2D(r.getMinX() + r.getWidth() / 2 + side * r.getWidth() * 0.3, r.getMinY() + 1);
    }

    /** Linear from a to b with a hop of {@code hop} px in the middle (the markers jump block to block). */
    private static Point2D lerp(Point2D a, Point2D b, double u, double hop) {
        double lift = a.distance(b) < 1 ? 0 : Math.sin(Math.PI * u) * hop;
        return new Point2D(a.getX() + (b.getX() - a.getX()) * u, a.getY() + (b.getY() - a.getY()) * u - lift);
    }

    /** The markers of the last frame (what a test can check the picture by). */
    List<Mark> marks() {
        return List.copyOf(marks);
    }

    private void marker(GraphicsContext g, Point2D p, String letter, Color c, String name, double r) {
        marks.add(new Mark(letter, p));
        g.setFill(Color.WHITE);
        g.fillOval(p.getX() - r - 2, p.getY() - r - 2, 2 * r + 4, 2 * r + 4);
        g.setFill(c);
        g.fillOval(p.getX() - r, p.getY() - r, 2 * r, 2 * r);
        g.setFill(Color.WHITE);
        g.setFont(Font.font("System", FontWeight.BOLD, r >= 10 ? 12 : 9));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(letter, p.getX(), p.getY() + 0.5);
        if (name != null) {
            g.setFill(c);
            g.setFont(Font.font("System", FontWeight.BOLD, 10));
            g.fillText(name, p.getX(), p.getY() - r - 8);
        }
    }

    /** "T tortoise (slow, 1 block)  H hare (fast, 2 blocks)" in a corner of the chain view. */
    private void legend(GraphicsContext g, Rectangle2D cv) {
        double x = cv.getMaxX() - 290;
        double y = cv.getMaxY() - 22;
        g.setFill(Color.WHITE.deriveColor(0, 1, 1, 0.9));
        g.fillRoundRect(x - 6, y - 12, 276, 24, 8, 8);
        marker(g, new Point2D(x + 6, y), "T", TORTOISE, null, 8);
        marker(g, new Point2D(x + 140, y), "H", HARE, null, 8);
        g.setFill(INK);
        g.setFont(Font.font("System", 11));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText("tortoise: +1 block", x + 18, y);
        g.fillText("hare: +2 blocks", x + 152, y);
    }

    private void burst(GraphicsContext g, Point2D c, double p, boolean resting) {
        double t = resting ? 1 : Math.min(1, Math.max(0, (p - 0.6) / 0.4));
        for (int i = 0; i < 3; i++) {
            double r = 16 + 14 * i + 18 * t;
            g.setStroke(RED.deriveColor(0, 1, 1, 0.9 - 0.25 * i));
            g.setLineWidth(3 - i * 0.7);
            g.strokeOval(c.getX() - r, c.getY() - r, 2 * r, 2 * r);
        }
        g.setFill(RED);
        g.setFont(Font.font("System", FontWeight.BOLD, 13));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.fillText("slow == fast", c.getX(), c.getY() + 44 + 18 * t);
    }

    private void chainOk(GraphicsContext g, BeatData.Chain c, double p) {
        Rectangle2D cv = at.chainView();
        if (cv == null) {
            return;
        }
        save(g, cv);
        for (long pa : c.chainPas()) {
            at.chainBox(pa).ifPresent(r -> {
                g.setStroke(RESTORE);
                g.setLineWidth(2.5);
                g.strokeRoundRect(r.getMinX() - 1, r.getMinY() - 1, r.getWidth() + 2, r.getHeight() + 2, 7, 7);
            });
        }
        at.chainBox(c.headPa()).ifPresent(r -> tag(g, r.getMinX(), r.getMinY() - 12, "✓ no cycle", RESTORE));
        g.restore();
    }

    // ---- primitives --------------------------------------------------------------------------

    /** Outlines a page: its cell when cells are big enough to see, else a ring around it. */
    private void mark(GraphicsContext g, Rectangle2D cell, Color c, double alpha, Rectangle2D clip) {
        if (cell.getWidth() >= 14) {
            save(g, clip);
            g.setStroke(c.deriveColor(0, 1, 1, alpha));
            g.setLineWidth(3);
            g.strokeRect(cell.getMinX() + 1.5, cell.getMinY() + 1.5, cell.getWidth() - 3, cell.getHeight() - 3);
            g.restore();
        } else {
            ring(g, at.center(cell), Math.max(cell.getWidth() * 0.9, 7), c, alpha, 2.5, clip);
        }
    }

    private void ring(GraphicsContext g, Point2D c, double r, Color col, double alpha, double width, Rectangle2D clip) {
        save(g, clip);
        g.setStroke(col.deriveColor(0, 1, 1, Math.max(0, Math.min(1, alpha))));
        g.setLineWidth(width);
        g.strokeOval(c.getX() - r, c.getY() - r, 2 * r, 2 * r);
        g.restore();
    }

    /** A small text tag with a background. */
    void tag(GraphicsContext g, double x, double y, String text, Color c) {
        Font f = BOLD11;
        g.setFont(f);
        double w = textWidth(text, f) + 14;
        double h = 18;
        double lx = Math.max(2, Math.min(x, canvas.getWidth() - w - 2));
        double ly = Math.max(2, Math.min(y - h / 2, canvas.getHeight() - h - 2));
        g.setFill(Color.WHITE.deriveColor(0, 1, 1, 0.92));
        g.fillRoundRect(lx, ly, w, h, 6, 6);
        g.setStroke(c);
        g.setLineWidth(1.2);
        g.strokeRoundRect(lx, ly, w, h, 6, 6);
        g.setFill(c.deriveColor(0, 1, 0.8, 1));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(text, lx + 6, ly + h / 2);
    }

    private static void save(GraphicsContext g, Rectangle2D clip) {
        g.save();
        if (clip != null) {
            g.beginPath();
            g.rect(clip.getMinX(), clip.getMinY(), clip.getWidth(), clip.getHeight());
            g.closePath();
            g.clip();
        }
    }

    /** For tests: the texts currently shown in labels. */
    List<String> visibleTexts() {
        List<String> out = new ArrayList<>();
        for (Label l : new Label[] {banner, callout, stage, card}) {
            if (l.isVisible()) {
                out.add(l.getText());
            }
        }
        return out;
    }
}
