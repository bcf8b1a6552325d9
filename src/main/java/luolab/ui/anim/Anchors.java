package luolab.ui.anim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import luolab.engine.memory.PhysicalMemory;
import luolab.ui.model.SessionTable;
import luolab.ui.view.BlockChainCanvas;
import luolab.ui.view.HexCanvas;
import luolab.ui.view.MemoryMapCanvas;

/**
 * Where things are on screen, in the overlay's coordinates: memory-map cells, table rows, chain
 * boxes, hex bytes. The views are found by their ids in the scene, so the animation depends on no
 * controller; a view that is missing or hidden (another tab) simply yields nothing.
 */
final class Anchors {
    private final Node overlay;
    // resolved once per frame by refresh(): looking nodes up walks the whole scene graph
    private MemoryMapCanvas map;
    private boolean mapReady;
    private TableView<SessionTable.Session> table;
    private BlockChainCanvas chains;
    private HexCanvas hex;
    private TabPane tabs;
    private Node log;
    private final java.util.Map<String, Node> found = new java.util.HashMap<>();

    Anchors(Node overlay) {
        this.overlay = overlay;
    }

    /** Finds the views again and notes which are showing; call before drawing a frame. */
    @SuppressWarnings("unchecked")
    void refresh() {
        MemoryMapCanvas m = find("memoryMap", MemoryMapCanvas.class);
        map = showing(m) ? m : null;
        mapReady = map != null && map.columns() > 0 && map.scale() > 0 && map.canvas().getWidth() > 0 && hasFrame(map);
        TableView<?> t = find("sessionTable", TableView.class);
        table = showing(t) ? (TableView<SessionTable.Session>) t : null;
        BlockChainCanvas c = find("chainCanvas", BlockChainCanvas.class);
        chains = showing(c) ? c : null;
        HexCanvas h = find("hexCanvas", HexCanvas.class);
        hex = showing(h) ? h : null;
        tabs = find("structureTabs", TabPane.class);
        log = find("logList", Node.class);
    }

    /**
     * Where the anchored views are now, as of the last {@link #refresh}: their bounds in the overlay,
     * the map's zoom and scroll, the first table row, the hex inspector's type and scroll. A frame
     * drawn for other values points at the wrong places (see {@link OverlayLayer#relayout}).
     */
    List<Object> geometry() {
        List<Object> g = new ArrayList<>();
        g.add(overlay.getLayoutBounds());
        g.add(map == null ? null : bounds(map.canvas()));
        g.add(map == null ? null : map.scale());
        g.add(mapReady ? map.cellCenter(0) : null);
        g.add(table == null ? null : bounds(table));
        g.add(table == null ? null : bounds(table.lookup(".table-row-cell")));
        g.add(chains == null ? null : bounds(chains));
        g.add(hex == null ? null : bounds(hex.canvas()));
        g.add(hex == null ? null : hex.byteCenter(hex.rangeStart()));
        g.add(tabs == null ? null : bounds(tabs));
        g.add(log == null ? null : bounds(log));
        return g;
    }

    private Node find(String id) {
        return find(id, Node.class);
    }

    /** The first node with this id that is a {@code type} (fx:include gives its root the same id); cached. */
    private <T extends Node> T find(String id, Class<T> type) {
        if (overlay.getScene() == null || overlay.getScene().getRoot() == null) {
            return null;
        }
        Node cached = found.get(id);
        if (type.isInstance(cached) && cached.getScene() == overlay.getScene()) {
            return type.cast(cached);
        }
        for (Node n : overlay.getScene().getRoot().lookupAll("#" + id)) {
            if (type.isInstance(n)) {
                found.put(id, n);
                return type.cast(n);
            }
        }
        return null;
    }

    static boolean showing(Node n) {
        if (n == null || n.getScene() == null) {
            return false;
        }
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private Rectangle2D toOverlay(Node n, double x, double y, double w, double h) {
        Bounds b = overlay.sceneToLocal(n.localToScene(new javafx.geometry.BoundingBox(x, y, w, h)));
        return new Rectangle2D(b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight());
    }

    private Point2D toOverlay(Node n, Point2D p) {
        return overlay.sceneToLocal(n.localToScene(p));
    }

    /** Bounds of a node in overlay coordinates, or null if not showing. */
    Rectangle2D bounds(Node n) {
        if (!showing(n)) {
            return null;
        }
        Bounds b = n.getLayoutBounds();
        return toOverlay(n, b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight());
    }

    // ---- memory map --------------------------------------------------------------------------

    MemoryMapCanvas map() {
        return map;
    }

    /** The visible map area (without the address gutter). */
    Rectangle2D mapView() {
        MemoryMapCanvas m = map();
        if (m == null) {
            return null;
        }
        double g = m.gutter();
        return toOverlay(m.canvas(), g, 0, Math.max(0, m.canvas().getWidth() - g), m.canvas().getHeight());
    }

    boolean mapReady() {
        return mapReady;
    }

    private static boolean hasFrame(MemoryMapCanvas m) {
        try {
            m.cellCenter(0);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Cell of page {@code pfn}, or null. */
    Rectangle2D cell(long pfn) {
        MemoryMapCanvas m = map();
        if (m == null || !mapReady()) {
            return null;
        }
        try {
            Point2D c = m.cellCenter(pfn);
            double s = m.scale();
            return toOverlay(m.canvas(), c.getX() - s / 2, c.getY() - s / 2, s, s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Centre of the byte at {@code pa} when the map draws bytes, else of its page's cell. */
    Rectangle2D byteCell(long pa) {
        MemoryMapCanvas m = map();
        if (m == null || !mapReady()) {
            return null;
        }
        long pfn = PhysicalMemory.pfn(pa);
        if (m.scale() < MemoryMapCanvas.BYTE_ZOOM) {
            return cell(pfn);
        }
        Point2D c = m.byteCenter(pfn, (int) (pa & (PhysicalMemory.PAGE_SIZE - 1)));
        double b = m.scale() / 64;
        return toOverlay(m.canvas(), c.getX() - b / 2, c.getY() - b / 2, b, b);
    }

    double mapScale() {
        MemoryMapCanvas m = map();
        return m == null ? 0 : m.scale();
    }

    int mapColumns() {
        MemoryMapCanvas m = map();
        return m == null ? 0 : m.columns();
    }

    /** Rectangles covering pages [first, first + count), one per map row. */
    List<Rectangle2D> cellRuns(long basePfn, long first, long count) {
        List<Rectangle2D> out = new ArrayList<>();
        MemoryMapCanvas m = map();
        int cols = mapColumns();
        if (m == null || cols <= 0 || count <= 0 || !mapReady()) {
            return out;
        }
        long end = first + count;
        long p = first;
        while (p < end) {
            long rowStart = basePfn + ((p - basePfn) / cols) * cols;
            long rowEnd = Math.min(end, rowStart + cols);
            Rectangle2D a = cell(p);
            Rectangle2D z = cell(rowEnd - 1);
            if (a != null && z != null) {
                out.add(new Rectangle2D(a.getMinX(), a.getMinY(), z.getMaxX() - a.getMinX(), a.getHeight()));
            }
            p = rowEnd;
        }
        return out;
    }

    /** Zooms the map to cells of {@code cellPx} around {@code pfn} if its cells are smaller than {@code below}. */
    void zoomMapAround(long pfn, double below, double cellPx) {
        MemoryMapCanvas m = map();
        if (m != null && mapReady() && m.scale() < below && pfn > 0) {
            m.zoomTo(pfn, cellPx);
        }
    }

    // ---- tables ------------------------------------------------------------------------------

    TableView<SessionTable.Session> sessionTable() {
        return table;
    }

    Rectangle2D sessionTableBounds() {
        TableView<SessionTable.Session> t = sessionTable();
        return t == null ? null : bounds(t);
    }

    /** Scrolls the sessions table to the (newest, or incoming) row of {@code name}. */
    void scrollTableTo(String name, boolean incoming) {
        TableView<SessionTable.Session> t = sessionTable();
        if (t == null || sessionRow(name, -1) != null) {
            return;
        }
        int best = -1;
        for (int i = 0; i < t.getItems().size(); i++) {
            SessionTable.Session s = t.getItems().get(i);
            if (s.name.equals(name) && (!incoming || s.incoming)) {
                best = i;
            }
        }
        if (best >= 0) {
            t.scrollTo(Math.max(0, best - 2));
        }
    }

    /** The row of session {@code name} (of the newest boot that has one, or of {@code boot} if ≥ 1). */
    Rectangle2D sessionRow(String name, int boot) {
        TableView<SessionTable.Session> t = sessionTable();
        if (t == null) {
            return null;
        }
        Rectangle2D best = null;
        int bestBoot = -1;
        for (Node n : t.lookupAll(".table-row-cell")) {
            if (n instanceof TableRow<?> row && row.getItem() instanceof SessionTable.Session s && showing(row)
                    && s.name.equals(name) && (boot < 1 || s.boot == boot) && s.boot > bestBoot) {
                Rectangle2D r = bounds(row);
                Rectangle2D tb = bounds(t);
                if (r != null && tb != null && r.getMinY() >= tb.getMinY() && r.getMaxY() <= tb.getMaxY() + 1) {
                    best = r;
                    bestBoot = s.boot;
                }
            }
        }
        return best;
    }

    // ---- structure tabs ----------------------------------------------------------------------

    TabPane structureTabs() {
        return tabs;
    }

    Rectangle2D structureBounds() {
        TabPane t = structureTabs();
        return t == null ? null : bounds(t);
    }

    /** Selects the structure tab whose title contains {@code word} (case-insensitive). */
    void showTab(String word) {
        TabPane t = structureTabs();
        if (t == null) {
            return;
        }
        for (Tab tab : t.getTabs()) {
            if (tab.getText() != null && tab.getText().toLowerCase().contains(word)) {
                if (t.getSelectionModel().getSelectedItem() != tab) {
                    t.getSelectionModel().select(tab);
                }
                return;
            }
        }
    }

    // ---- block chains ------------------------------------------------------------------------

    BlockChainCanvas chains() {
        return chains;
    }

    /** The visible part of the chain view (its scroll pane's viewport). */
    Rectangle2D chainView() {
        BlockChainCanvas c = chains();
        if (c == null) {
            return null;
        }
        for (Parent p = c.getParent(); p != null; p = p.getParent()) {
            if (p instanceof ScrollPane sp) {
                return bounds(sp);
            }
        }
        return bounds(c);
    }

    /**
     * A place on a block's box in the chain view that must be in sight: the block at {@code pa},
     * {@code across} its box (0: its left edge, 1: its right edge) and {@code reach} px either side
     * (a marker's radius).
     */
    record Spot(long pa, double across, double reach) {
    }

    /**
     * Scrolls the chain view so the spots (tortoise and hare) are in sight: in presenter mode the
     * boxes are drawn larger than the pane, and a marker walking blocks out of sight would teach
     * nothing. It frames, of these, the first that fits the view: the spots' whole boxes; the spots
     * themselves (at 1920 presenter two neighbouring boxes are a few px wider than the pane, and
     * framing the tortoise's box alone left the hare out); the first spot's box (the tortoise's).
     * The first spot always leads: once the hare has gone round the cycle its block is left of the
     * tortoise's, and framing the leftmost box, as this did at first, left the tortoise out of
     * sight on a narrow pane. Does nothing when the frame is already shown, so painting every frame
     * does not fight the user's own scrolling for long.
     *
     * @return whether the view could be looked at: the chain view is showing in a laid out scroll
     *     pane and has a box for the first spot's block (then the spots are in sight now); false
     *     when it is hidden or not drawn yet, so the caller tries again with a later frame
     */
    boolean revealChain(Spot... spots) {
        BlockChainCanvas c = chains();
        if (c == null || spots.length == 0) {
            return false;
        }
        ScrollPane sp = null;
        for (Parent p = c.getParent(); p != null && sp == null; p = p.getParent()) {
            if (p instanceof ScrollPane s) {
                sp = s;
            }
        }
        if (sp == null || sp.getViewportBounds() == null) {
            return false;
        }
        Bounds vp = sp.getViewportBounds();
        double viewW = vp.getWidth();
        double viewH = vp.getHeight();
        if (viewW <= 0 || viewH <= 0) {
            return false;
        }
        Rectangle2D first = null;
        Rectangle2D boxes = null;
        Rectangle2D marks = null;
        for (Spot s : spots) {
            Rectangle2D r = null;
            for (BlockChainCanvas.Box b : c.boxes()) {
                if (b.block().pa() == s.pa()) {
                    r = b.rect();
                    break;
                }
            }
            if (r == null) {
                if (first == null) {
                    return false; // the first block has no box (yet): nothing to frame around
                }
                continue;
            }
            double x = r.getMinX() + s.across() * r.getWidth();
            Rectangle2D mark = new Rectangle2D(x - s.reach(), r.getMinY(), 2 * s.reach(), r.getHeight());
            first = first == null ? r : first;
            boxes = union(boxes, r);
            marks = union(marks, mark);
        }
        Rectangle2D want = boxes.getWidth() <= viewW ? boxes : marks.getWidth() <= viewW ? marks : first;
        double contentW = c.getLayoutBounds().getWidth();
        double contentH = c.getLayoutBounds().getHeight();
        double x0 = -vp.getMinX(); // the viewport's left edge in canvas coordinates
        double y0 = -vp.getMinY();
        double minX = want.getMinX();
        double maxX = want.getMaxX();
        double minY = boxes.getMinY();
        double maxY = boxes.getMaxY();
        if (contentW > viewW && (minX < x0 || Math.min(maxX, minX + viewW) > x0 + viewW)) {
            double left = Math.max(0, Math.min(contentW - viewW, maxX - minX <= viewW ? (minX + maxX - viewW) / 2 : minX - 8));
            sp.setHvalue(sp.getHmin() + (sp.getHmax() - sp.getHmin()) * left / (contentW - viewW));
        }
        if (contentH > viewH && (minY < y0 || Math.min(maxY, minY + viewH) > y0 + viewH)) {
            double top = Math.max(0, Math.min(contentH - viewH, minY - 8));
            sp.setVvalue(sp.getVmin() + (sp.getVmax() - sp.getVmin()) * top / (contentH - viewH));
        }
        return true;
    }

    private static Rectangle2D union(Rectangle2D a, Rectangle2D b) {
        if (a == null) {
            return b;
        }
        double minX = Math.min(a.getMinX(), b.getMinX());
        double minY = Math.min(a.getMinY(), b.getMinY());
        return new Rectangle2D(minX, minY, Math.max(a.getMaxX(), b.getMaxX()) - minX, Math.max(a.getMaxY(), b.getMaxY()) - minY);
    }

    /**
     * What a key drawn over the chain view must not cover, in overlay coordinates: every block's box
     * (its PA and count are written inside it) and every cycle's label plate ("next → block 0 (cycle)").
     */
    List<Rectangle2D> chainObstacles() {
        BlockChainCanvas c = chains();
        List<Rectangle2D> out = new ArrayList<>();
        if (c == null) {
            return out;
        }
        for (BlockChainCanvas.Box b : c.boxes()) {
            Rectangle2D r = b.rect();
            out.add(toOverlay(c, r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight()));
        }
        for (BlockChainCanvas.Cycle y : c.cycles()) {
            Rectangle2D r = y.label();
            if (r != null) {
                out.add(toOverlay(c, r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight()));
            }
        }
        return out;
    }

    /** The box drawn for the block at {@code pa} (the first row showing it; sessions before files). */
    Optional<Rectangle2D> chainBox(long pa) {
        BlockChainCanvas c = chains();
        if (c == null) {
            return Optional.empty();
        }
        for (BlockChainCanvas.Box b : c.boxes()) {
            if (b.block().pa() == pa) {
                Rectangle2D r = b.rect();
                return Optional.of(toOverlay(c, r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight()));
            }
        }
        return Optional.empty();
    }

    // ---- hex ---------------------------------------------------------------------------------

    HexCanvas hex() {
        return hex;
    }

    /** The hex digits of the byte at {@code pa}, if the inspector shows it. */
    Rectangle2D hexByte(long pa) {
        HexCanvas h = hex();
        if (h == null || pa < h.rangeStart() || pa >= h.rangeStart() + h.rangeLength()) {
            return null;
        }
        Point2D c = h.byteCenter(pa);
        if (c.getY() < 0 || c.getY() > h.canvas().getHeight()) {
            return null;
        }
        // two hex digits and a little room (20 x 17 px at the default type; presenter type is larger)
        double w = h.charWidth() * 8 / 3;
        double ht = h.rowHeight() - 1;
        return toOverlay(h.canvas(), c.getX() - w / 2, c.getY() - ht / 2, w, ht);
    }

    Rectangle2D hexView() {
        HexCanvas h = hex();
        return h == null ? null : bounds(h.canvas());
    }

    Rectangle2D logBounds() {
        return bounds(log);
    }

    Point2D center(Rectangle2D r) {
        return new Point2D(r.getMinX() + r.getWidth() / 2, r.getMinY() + r.getHeight() / 2);
    }

    Point2D toOverlayPoint(Node n, Point2D p) {
        return toOverlay(n, p);
    }
}
