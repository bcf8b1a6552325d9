package luolab.ui.view;

import java.util.List;
import javafx.fxml.FXML;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import luolab.engine.memory.PageMeta;
import luolab.engine.memory.PhysicalMemory;
import luolab.scenario.Values;
import luolab.ui.event.SelectPage;
import luolab.ui.event.SelectionEvent;
import luolab.ui.model.Frame;
import luolab.ui.model.WorkbenchModel;

/** Wires the memory-map canvas to the model: frames in, hover card, selection and zoom out. */
public final class MemoryMapController {
    private final WorkbenchModel model;
    @FXML private MemoryMapCanvas map;
    @FXML private StackPane mapStack;
    @FXML private Label hoverLabel;
    @FXML private Label emptyLabel;
    @FXML private FittingLabel ramLabel;
    @FXML private Label mapZoomLabel;
    @FXML private FlowPane legend;
    private double pressX;
    private double pressY;
    private double lastX;
    private double lastY;
    private boolean dragged;

    public MemoryMapController(WorkbenchModel model) {
        this.model = model;
    }

    public MemoryMapCanvas canvas() {
        return map;
    }

    @FXML
    private void initialize() {
        map.setPalette(Palette.of(model.theme().get()));
        map.setByteWatch(s -> model.watch("memory-map", s));
        map.setOnViewChanged(this::viewChanged);
        model.frameProperty().addListener((o, a, b) -> {
            map.setFrame(b);
            emptyLabel.setVisible(b == null && model.runProperty().get() == null);
        });
        model.runProperty().addListener((o, a, r) -> {
            emptyLabel.setVisible(r == null);
            ramLabel.setVariants(r == null ? List.of() : ramText(r.memory().size(), r.memory().base(), r.memory().nrPages()));
        });
        model.theme().themeProperty().addListener((o, a, t) -> {
            map.setPalette(Palette.of(t));
            buildLegend();
        });
        model.selectionProperty().addListener((o, a, s) -> showSelection(s));
        buildLegend();

        map.setOnScroll(e -> {
            if (e.getDeltaY() != 0) {
                map.zoomAt(e.getDeltaY() > 0 ? 1.25 : 0.8, e.getX(), e.getY());
            }
            e.consume();
        });
        map.setOnMousePressed(e -> {
            // the focus leaves a check box or button the user clicked before, so Space plays again
            // (a focused control takes Space: Shortcuts.focusedControlTakes)
            map.requestFocus();
            pressX = lastX = e.getX();
            pressY = lastY = e.getY();
            dragged = false;
        });
        map.setOnMouseDragged(e -> {
            if (Math.abs(e.getX() - pressX) + Math.abs(e.getY() - pressY) > 4) {
                dragged = true;
            }
            if (dragged) {
                map.panBy(e.getX() - lastX, e.getY() - lastY);
                hoverLabel.setVisible(false);
            }
            lastX = e.getX();
            lastY = e.getY();
        });
        map.setOnMouseReleased(e -> {
            if (!dragged && e.getButton() == MouseButton.PRIMARY) {
                long pfn = map.pfnAt(e.getX(), e.getY());
                if (pfn >= 0) {
                    model.select(new SelectPage(pfn));
                }
            }
        });
        map.setOnMouseMoved(e -> hover(e.getX(), e.getY()));
        map.setOnMouseExited(e -> {
            map.setHover(-1);
            hoverLabel.setVisible(false);
        });
    }

    private void hover(double x, double y) {
        long pfn = map.pfnAt(x, y);
        map.setHover(pfn);
        Frame f = model.frame();
        if (pfn < 0 || f == null) {
            hoverLabel.setVisible(false);
            return;
        }
        hoverLabel.setText(describe(f, pfn));
        hoverLabel.setVisible(true);
        hoverLabel.applyCss();
        double w = hoverLabel.prefWidth(-1);
        double h = hoverLabel.prefHeight(-1);
        double hx = x + 16 + w > map.getWidth() ? x - 16 - w : x + 16;
        double hy = y + 16 + h > map.getHeight() ? y - 16 - h : y + 16;
        hoverLabel.setTranslateX(Math.max(0, hx));
        hoverLabel.setTranslateY(Math.max(0, hy));
    }

    /** The hover card text for a page: PA, PFN, order, owner, state. */
    public static String describe(Frame f, long pfn) {
        long m = f.meta(pfn);
        PageMeta pm = PageMeta.unpack(m);
        return String.format("PA 0x%x   PFN 0x%x%n%s%norder %d%s · %s%s", PhysicalMemory.pa(pfn), pfn, f.label(pfn),
                pm.order(), pm.head() ? " (head)" : "", pm.state().name().toLowerCase(),
                pm.preserved() ? " · preserved" : "");
    }

    private void showSelection(SelectionEvent s) {
        if (s.pa() < 0 || s.length() <= 0) {
            map.setSelection(-1, -1);
            return;
        }
        long first = PhysicalMemory.pfn(s.pa());
        long last = PhysicalMemory.pfn(s.pa() + s.length() - 1);
        map.setSelection(first, last);
        map.reveal(first);
    }

    private void viewChanged() {
        double s = map.scale();
        model.zoom().set(s);
        mapZoomLabel.setText(s >= MemoryMapCanvas.BYTE_ZOOM ? "bytes" : String.format(java.util.Locale.ROOT, "%.1f px/page", s));
    }

    private void buildLegend() {
        legend.getChildren().clear();
        Palette p = Palette.of(model.theme().get());
        for (Palette.Entry e : p.legend()) {
            legend.getChildren().add(swatch(e.name(), e.meaning(), "-fx-background-color: " + web(e.color()) + ";"));
        }
        legend.getChildren().add(swatch("preserved", "the old kernel asked KHO to keep this page (outline)",
                "-fx-background-color: transparent; -fx-border-color: " + web(Palette.color(p.preserved()))
                        + "; -fx-border-width: 2;"));
        legend.getChildren().add(swatch("incoming", "survived kexec: reserved by the new kernel until restored",
                "-fx-background-color: transparent; -fx-border-color: " + web(Palette.color(p.incoming()))
                        + "; -fx-border-width: 2;"));
        legend.getChildren().add(swatch("selected", "the page(s) the inspector shows",
                "-fx-background-color: transparent; -fx-border-color: -luo-selection; -fx-border-width: 2;"));
    }

    private static HBox swatch(String name, String meaning, String style) {
        Region box = new Region();
        box.getStyleClass().add("legend-swatch");
        box.setStyle(style);
        Label l = new Label(name);
        l.getStyleClass().add("legend-label");
        HBox item = new HBox(5, box, l);
        item.getStyleClass().add("legend-item");
        item.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        Tooltip.install(item, new Tooltip(name + ": " + meaning));
        return item;
    }

    private static String web(javafx.scene.paint.Color c) {
        return String.format("#%02x%02x%02x", (int) (c.getRed() * 255), (int) (c.getGreen() * 255), (int) (c.getBlue() * 255));
    }

    /** The RAM line, longest first: the header shows the longest that fits. */
    static List<String> ramText(long size, long base, long pages) {
        String at = String.format(java.util.Locale.ROOT, "%s @ 0x%x", size(size), base);
        String n = Values.count(pages);
        return List.of(at + " · " + n + " pages of 4 KiB", at + " · " + n + " pages", at, size(size));
    }

    private static String size(long bytes) {
        return bytes >= 1L << 30 && bytes % (1L << 30) == 0 ? (bytes >> 30) + " GiB" : (bytes >> 20) + " MiB";
    }

    /** Centre of page {@code pfn} in the canvas's coordinates (for tests and tours). */
    public Point2D cellCenter(long pfn) {
        return map.cellCenter(pfn);
    }

    @FXML
    private void onZoomIn() {
        map.zoom(2);
    }

    @FXML
    private void onZoomOut() {
        map.zoom(0.5);
    }

    @FXML
    private void onFit() {
        map.fit();
    }

    public void zoomIn() {
        onZoomIn();
    }

    public void zoomOut() {
        onZoomOut();
    }

    public void fit() {
        onFit();
    }
}
