package luolab.ui.lesson;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.event.EventHandler;
import javafx.scene.Scene;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.stage.FileChooser;
import luolab.export.SavedState;
import luolab.lesson.Beat;
import luolab.lesson.Lesson;
import luolab.lesson.LessonException;
import luolab.lesson.LessonLoader;
import luolab.ui.MainController;
import luolab.ui.Shortcuts;
import luolab.ui.event.SelectBlock;
import luolab.ui.event.SelectStruct;
import luolab.ui.event.SelectionEvent;
import luolab.ui.event.UserError;
import luolab.ui.model.Background;
import luolab.ui.model.WorkbenchModel;

/**
 * The teaching features on the workbench, installed from outside its FXML: the lesson panel and
 * player (Lesson menu, Ctrl+L), keyboard-only lesson navigation and the beat's selection, and the
 * wiring of menus and shortcuts for the parts it owns: {@link PresenterMode} (F5),
 * {@link ImageExports} (any view as PNG; memory image + .hexpat + FDTs; the debugfs KHO import)
 * and {@link SavedStates} (save / open state). Lesson keys are taken at the window, before the
 * workbench's own shortcuts, and only while a lesson is open.
 */
public final class Teaching {
    private final WorkbenchModel model;
    private final MainController controller;
    private final Scene scene;
    private final BorderPane root;
    private final LessonPlayer player;
    private final LessonPanel panel;
    private final HighlightOverlay overlay;
    private final PresenterMode presenter;
    private final ImageExports exports;
    private final SavedStates states;
    private final ReadOnlyBooleanWrapper panelShown = new ReadOnlyBooleanWrapper(this, "panelShown");
    private int appliedFor = -1;

    public Teaching(WorkbenchModel model, MainController controller, Scene scene) {
        this.model = model;
        this.controller = controller;
        this.scene = scene;
        this.root = (BorderPane) scene.getRoot();
        this.player = new LessonPlayer(model);
        this.panel = new LessonPanel(player);
        this.overlay = new HighlightOverlay(controller.memoryMap().canvas(), model);
        this.presenter = new PresenterMode(this, model, scene);
        this.exports = new ImageExports(model, controller, scene);
        this.states = new SavedStates(this, model, controller, scene);
        panel.setLessons(builtinLessons());
        panel.setOnStart(player::open);
        panel.setOnOpenFile(this::openLessonFile);
        panel.setOnClose(this::closeLesson);
        panel.setPrefWidth(420);
        panel.setMinWidth(300);
        player.beatProperty().addListener((o, a, b) -> beatChanged());
        player.lessonProperty().addListener((o, a, l) -> beatChanged());
        model.positionProperty().addListener((o, a, p) -> positionChanged(p.intValue()));
        model.runProperty().addListener((o, a, r) -> {
            if (player.isOpen() && r != player.lessonProperty().get().run()) {
                player.close(); // another scenario was opened
            }
        });
        menus();
        shortcuts();
        EventHandler<KeyEvent> keys = this::lessonKey;
        scene.windowProperty().addListener((o, a, w) -> {
            if (a != null) {
                a.removeEventFilter(KeyEvent.KEY_PRESSED, keys);
            }
            if (w != null) {
                w.addEventFilter(KeyEvent.KEY_PRESSED, keys);
            }
        });
        if (scene.getWindow() != null) {
            scene.getWindow().addEventFilter(KeyEvent.KEY_PRESSED, keys);
        }
    }

    public LessonPlayer player() {
        return player;
    }

    public LessonPanel panel() {
        return panel;
    }

    public ReadOnlyBooleanProperty presenterProperty() {
        return presenter.presenterProperty();
    }

    public void setPresenter(boolean on) {
        presenter.setPresenter(on);
    }

    /** The exports and the debugfs import, for callers that drive them without a file chooser. */
    public ImageExports exports() {
        return exports;
    }

    /** The state of the workbench now, or null (with a message) when it cannot be saved. */
    public SavedState state() {
        return states.state();
    }

    /** Rebuilds the saved place; see {@link SavedStates#openState(Path)}. */
    public void openState(Path file) {
        states.openState(file);
    }

    public boolean panelShown() {
        return panelShown.get();
    }

    static List<Lesson> builtinLessons() {
        List<Lesson> out = new ArrayList<>();
        LessonLoader loader = new LessonLoader();
        for (String id : LessonLoader.builtins()) {
            try {
                out.add(loader.loadBuiltin(id));
            } catch (LessonException e) {
                System.err.println("LUO Lab: built-in lesson " + id + " is broken: " + e.getMessage());
            }
        }
        return out;
    }

    // ---- panel ----------------------------------------------------------------------------------

    public void showPanel(boolean show) {
        if (show && root.getLeft() != panel) {
            root.setLeft(panel);
        } else if (!show && root.getLeft() == panel) {
            root.setLeft(null);
        }
        panelShown.set(show);
        presenter.sizeForPresenter();
    }

    /** Opens the lesson chooser (or the open lesson). */
    public void showLessons() {
        showPanel(true);
        if (!player.isOpen()) {
            panel.lessonList().requestFocus();
        }
    }

    public void openLesson(Lesson l) {
        showPanel(true);
        player.open(l);
    }

    void closeLesson() {
        player.close();
        overlay.setKinds(java.util.Set.of());
        if (!presenter.isOn()) {
            showPanel(false);
        }
    }

    void openLessonFile() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open lesson");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("LUO Lab lessons (*.json)", "*.json"));
        File f = fc.showOpenDialog(scene.getWindow());
        if (f == null) {
            return;
        }
        try {
            openLesson(new LessonLoader().load(f.toPath()));
        } catch (LessonException e) {
            model.bus().publish(new UserError("Cannot open lesson " + f.getName(), String.join("\n",
                    e.problems().stream().map(Object::toString).toList())));
        }
    }

    // ---- keys -----------------------------------------------------------------------------------

    private void shortcuts() {
        Shortcuts s = controller.shortcuts();
        String g = "Lessons and presenter";
        s.addGlobal(g, "Ctrl+L", "Lessons: choose one / show the lesson panel", this::showLessons,
                Shortcuts.key(KeyCode.L, KeyCombination.SHORTCUT_DOWN));
        s.addGlobal(g, "F5", "Presenter mode on / off", presenter::togglePresenter, Shortcuts.key(KeyCode.F5));
        s.addGlobal(g, "Ctrl+Shift+S", "Save state (scenario, step, selection, zoom)…", states::saveState,
                Shortcuts.key(KeyCode.S, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        s.addGlobal(g, "Ctrl+Shift+O", "Open a saved state…", states::openState,
                Shortcuts.key(KeyCode.O, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        String l = "In a lesson (these replace the playback keys)";
        s.add(l, "Space / Right / PgDn", "Reveal the answer, else the next beat", player::next);
        s.add(l, "Left / PgUp / Backspace", "Previous beat", player::back);
        s.add(l, "1 … 9", "The class's guess for the question", () -> { });
        s.add(l, "Enter / R", "Reveal the answer", player::reveal);
        s.add(l, "Home / End", "First / last beat", player::first);
        s.add(l, "Esc", "Leave presenter mode", () -> setPresenter(false));
    }

    /** Lesson navigation, ahead of the workbench's shortcuts, only while a lesson is open. */
    private void lessonKey(KeyEvent e) {
        if (e.isShortcutDown() || e.isAltDown()) {
            return;
        }
        if (e.getCode() == KeyCode.ESCAPE && presenter.isOn()) {
            setPresenter(false);
            e.consume();
            return;
        }
        // a focused text field types, a focused button or check box takes Space (as the workbench's keys)
        if (!player.isOpen() || player.loadingProperty().get() || Shortcuts.focusedControlTakes(e, scene.getFocusOwner())) {
            return;
        }
        boolean shift = e.isShiftDown();
        switch (e.getCode()) {
            case SPACE, PAGE_DOWN -> player.next();
            case RIGHT -> {
                if (shift) {
                    return;
                }
                player.next();
            }
            case LEFT -> {
                if (shift) {
                    return;
                }
                player.back();
            }
            case PAGE_UP, BACK_SPACE -> player.back();
            case ENTER, R -> {
                Beat b = player.currentBeat();
                if (b != null && b.predict() != null && !player.revealedProperty().get()) {
                    player.reveal();
                } else if (e.getCode() == KeyCode.ENTER) {
                    player.next();
                }
            }
            case HOME -> player.first();
            case END -> player.last();
            case DIGIT1, DIGIT2, DIGIT3, DIGIT4, DIGIT5, DIGIT6, DIGIT7, DIGIT8, DIGIT9 ->
                    player.choose(e.getCode().ordinal() - KeyCode.DIGIT1.ordinal());
            case NUMPAD1, NUMPAD2, NUMPAD3, NUMPAD4, NUMPAD5, NUMPAD6, NUMPAD7, NUMPAD8, NUMPAD9 ->
                    player.choose(e.getCode().ordinal() - KeyCode.NUMPAD1.ordinal());
            default -> {
                return;
            }
        }
        e.consume();
    }

    // ---- highlights -------------------------------------------------------------------------------

    private void beatChanged() {
        Beat b = player.currentBeat();
        appliedFor = -1;
        if (b == null) {
            overlay.setKinds(java.util.Set.of());
            return;
        }
        overlay.setKinds(new java.util.HashSet<>(b.highlight().kinds()));
        int target = player.positionOf(b.index());
        if (target >= 0 && model.positionProperty().get() == target && model.frame() != null && model.frame().position() == target) {
            applySelection();
        }
    }

    private void positionChanged(int p) {
        states.positionChanged(p);
        Beat b = player.currentBeat();
        if (b != null && appliedFor != b.index() && p == player.positionOf(b.index())) {
            applySelection();
        }
    }

    /** Points the views at what the beat names: struct/field bytes, the chain, the session row. */
    private void applySelection() {
        Beat b = player.currentBeat();
        if (b == null) {
            return;
        }
        appliedFor = b.index();
        BeatTargets t = player.targets();
        SelectionEvent sel = null;
        if (t.layout() != null && t.structPa() >= 0) {
            sel = new SelectStruct(t.layout(), t.structPa(), t.field());
        } else if (t.fileEntryPa() >= 0) {
            sel = new SelectStruct(luolab.engine.abi.Layouts.FILE_SER, t.fileEntryPa(), luolab.engine.abi.Layouts.FILE_SER.field("token"));
        } else if (t.sessionEntryPa() >= 0) {
            sel = new SelectStruct(luolab.engine.abi.Layouts.SESSION_SER, t.sessionEntryPa(),
                    luolab.engine.abi.Layouts.SESSION_SER.field("name"));
        } else if (t.chainPa() >= 0) {
            sel = new SelectBlock(t.chainSet(), t.chainPa(), 1);
        }
        if (sel != null) {
            model.select(sel);
        }
        String tab = b.highlight().chain() != null ? "chainsTab"
                : "fdt".equals(b.highlight().struct()) ? "fdtTab"
                : b.highlight().session() != null ? "sessionsTab" : null;
        if (tab != null && scene.lookup("#structureTabs") instanceof TabPane tp) {
            for (Tab x : tp.getTabs()) {
                if (tab.equals(x.getId())) {
                    tp.getSelectionModel().select(x);
                }
            }
        }
        if (b.highlight().session() != null && scene.lookup("#sessionTable") instanceof TableView<?> tv) {
            selectSessionRow(tv, b.highlight().session());
        }
    }

    @SuppressWarnings("unchecked")
    private static void selectSessionRow(TableView<?> tv, String name) {
        TableView<Object> t = (TableView<Object>) tv;
        for (Object o : t.getItems()) {
            if (o instanceof luolab.ui.model.SessionTable.Session s && s.name.equals(name)) {
                t.getSelectionModel().select(o);
                t.scrollTo(o);
            }
        }
    }

    // ---- menus ------------------------------------------------------------------------------------------

    private void menus() {
        if (!(scene.lookup(".menu-bar") instanceof MenuBar bar)) {
            return;
        }
        Menu lesson = new Menu("_Lesson");
        lesson.setId("lessonMenu");
        MenuItem choose = new MenuItem("_Lessons…");
        choose.setAccelerator(Shortcuts.key(KeyCode.L, KeyCombination.SHORTCUT_DOWN));
        choose.setOnAction(e -> showLessons());
        MenuItem fromFile = new MenuItem("Open lesson _file…");
        fromFile.setOnAction(e -> openLessonFile());
        CheckMenuItem pres = new CheckMenuItem("_Presenter mode");
        pres.setAccelerator(Shortcuts.key(KeyCode.F5));
        pres.selectedProperty().addListener((o, a, b) -> setPresenter(b));
        presenter.presenterProperty().addListener((o, a, b) -> pres.setSelected(b));
        MenuItem close = new MenuItem("_Close lesson");
        close.setOnAction(e -> closeLesson());
        close.disableProperty().bind(player.lessonProperty().isNull());
        lesson.getItems().addAll(choose, fromFile, new SeparatorMenuItem(), pres, new SeparatorMenuItem(), close);
        int help = bar.getMenus().size() - 1;
        bar.getMenus().add(Math.max(0, help), lesson);

        Menu file = bar.getMenus().get(0);
        Menu png = new Menu("Export _view as PNG");
        png.getItems().addAll(
                exports.pngItem("Memory map", () -> controller.memoryMapNode()),
                exports.pngItem("Structure panes", () -> scene.lookup("#structureTabs")),
                exports.pngItem("Hex inspector", () -> scene.lookup("#inspectorTabs")),
                exports.pngItem("Lesson panel", () -> panel),
                exports.pngItem("Whole window", () -> root));
        MenuItem image = new MenuItem("Export memory image, .hexpat and FDTs…");
        image.setOnAction(e -> exports.exportImage());
        MenuItem imp = new MenuItem("_Import KHO FDT from debugfs…");
        imp.setOnAction(e -> exports.importDebugfs());
        MenuItem save = new MenuItem("Save s_tate…");
        save.setAccelerator(Shortcuts.key(KeyCode.S, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        save.setOnAction(e -> states.saveState());
        MenuItem open = new MenuItem("Open st_ate…");
        open.setAccelerator(Shortcuts.key(KeyCode.O, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        open.setOnAction(e -> states.openState());
        int at = Math.max(0, file.getItems().size() - 2); // before "Quit"
        file.getItems().addAll(at, List.of(png, image, new SeparatorMenuItem(), imp, new SeparatorMenuItem(), save, open,
                new SeparatorMenuItem()));
    }

    /** The teaching features' slow work (saved states' runs, exports): never on the JavaFX thread. */
    static final Background BACKGROUND = Background.threadPerJob("luolab-teach");
}
