package luolab.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import luolab.ui.event.SelectStruct;
import luolab.ui.event.SelectionEvent;
import luolab.ui.event.UserError;
import luolab.ui.model.WorkbenchModel;
import luolab.ui.view.CycleBarController;
import luolab.ui.view.HexController;
import luolab.ui.view.MemoryMapController;

/** The main window: menus, shortcuts, drag and drop, dialogs and the status bar. */
public final class MainController {
    private final WorkbenchModel model;
    private final Shortcuts shortcuts = new Shortcuts();
    @FXML private BorderPane root;
    @FXML private Menu recentMenu;
    @FXML private Menu playbackMenu;
    @FXML private MenuItem openItem;
    @FXML private MenuItem saveItem;
    @FXML private MenuItem exportItem;
    @FXML private MenuItem quitItem;
    @FXML private MenuItem themeItem;
    @FXML private MenuItem fullScreenItem;
    @FXML private MenuItem shortcutsItem;
    @FXML private CheckMenuItem showStructure;
    @FXML private CheckMenuItem showBottom;
    @FXML private SplitPane verticalSplit;
    @FXML private SplitPane topSplit;
    @FXML private Node structure;
    @FXML private Node bottomSplit;
    @FXML private Node memoryMap;
    @FXML private javafx.scene.layout.HBox statusBar;
    @FXML private Label statusLabel;
    @FXML private Label selectionLabel;
    @FXML private Label zoomLabel;
    @FXML private MemoryMapController memoryMapController;
    @FXML private HexController hexController;
    @FXML private CycleBarController cycleBarController;
    // corruption (luolab.ui.corrupt)
    @FXML private Menu corruptMenu;
    @FXML private javafx.scene.control.TabPane inspectorTabs;
    @FXML private javafx.scene.control.Tab corruptionTab;
    @FXML private javafx.scene.control.Tab restoreTab;
    @FXML private luolab.ui.view.StructureController structureController;
    @FXML private luolab.ui.corrupt.CorruptionController corruptionController;
    @FXML private luolab.ui.corrupt.RestoreController restoreController;
    private luolab.ui.corrupt.CorruptActions corruptActions;
    private Stage stage;
    private Alert lastError;
    private luolab.ui.actions.SessionMenu sessionMenu;

    public MainController(WorkbenchModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        defineShortcuts();
        corruptActions = luolab.ui.corrupt.CorruptUi.install(new luolab.ui.corrupt.CorruptUi.Parts(root, corruptMenu, shortcuts,
                inspectorTabs, corruptionTab, restoreTab, corruptionController, restoreController, structureController,
                hexController));
        statusLabel.textProperty().bind(model.statusProperty());
        model.selectionProperty().addListener((o, a, s) -> selectionLabel.setText(describe(s)));
        model.zoom().zoomProperty().addListener((o, a, z) -> zoomLabel.setText(String.format(java.util.Locale.ROOT, "zoom %.1f px/page", z.doubleValue())));
        model.bus().subscribe(UserError.class, this::showError);
        model.recentFiles().addListener((javafx.collections.ListChangeListener<Path>) c -> rebuildRecent());
        // no wait cursor for a scenario run: the workbench stays usable and the progress bar says it
        javafx.beans.InvalidationListener cursor = o -> root.setCursor(model.busyProperty().get() && !model.runs().isRunning()
                ? javafx.scene.Cursor.WAIT : null);
        model.busyProperty().addListener(cursor);
        model.runs().runningProperty().addListener(cursor);
        rebuildRecent();
        sessionMenu = luolab.ui.actions.SessionMenu.install(model, root);
        showStructure.selectedProperty().addListener((o, a, b) -> {
            if (b) {
                topSplit.getItems().add(structure);
                topSplit.setDividerPositions(0.7);
            } else {
                topSplit.getItems().remove(structure);
            }
        });
        showBottom.selectedProperty().addListener((o, a, b) -> {
            if (b) {
                verticalSplit.getItems().add(bottomSplit);
                verticalSplit.setDividerPositions(0.6);
            } else {
                verticalSplit.getItems().remove(bottomSplit);
            }
        });
        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() && e.getDragboard().getFiles().stream().anyMatch(MainController::isJson)) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        root.setOnDragDropped(e -> {
            Optional<File> f = e.getDragboard().getFiles().stream().filter(MainController::isJson).findFirst();
            f.ifPresent(file -> model.open(file.toPath()));
            e.setDropCompleted(f.isPresent());
            e.consume();
        });
    }

    private static boolean isJson(File f) {
        return f.getName().toLowerCase().endsWith(".json");
    }

    private void defineShortcuts() {
        String p = "Playback";
        KeyCombination.Modifier shift = KeyCombination.SHIFT_DOWN;
        KeyCombination.Modifier ctrl = KeyCombination.SHORTCUT_DOWN;
        menu(shortcuts.add(p, "Right", "Step to the next event", model::stepForward, Shortcuts.key(KeyCode.RIGHT)));
        menu(shortcuts.add(p, "Left", "Step back one event", model::stepBack, Shortcuts.key(KeyCode.LEFT)));
        menu(shortcuts.add(p, "Shift+Right", "Next phase", model::nextPhase, Shortcuts.key(KeyCode.RIGHT, shift)));
        menu(shortcuts.add(p, "Shift+Left", "Start of this / previous phase", model::previousPhase,
                Shortcuts.key(KeyCode.LEFT, shift)));
        menu(shortcuts.add(p, "Space", "Play / pause", model::togglePlay, Shortcuts.key(KeyCode.SPACE)));
        menu(shortcuts.add(p, "Home", "First event", model::home, Shortcuts.key(KeyCode.HOME)));
        menu(shortcuts.add(p, "End", "Last event", model::end, Shortcuts.key(KeyCode.END)));
        menu(shortcuts.add(p, "]", "Play faster", () -> model.changeSpeed(1), Shortcuts.key(KeyCode.CLOSE_BRACKET)));
        menu(shortcuts.add(p, "[", "Play slower", () -> model.changeSpeed(-1), Shortcuts.key(KeyCode.OPEN_BRACKET)));
        String m = "Memory map";
        shortcuts.add(m, "+", "Zoom in", () -> memoryMapController.zoomIn(), Shortcuts.key(KeyCode.PLUS),
                Shortcuts.key(KeyCode.ADD), Shortcuts.key(KeyCode.EQUALS, KeyCombination.SHIFT_ANY));
        shortcuts.add(m, "-", "Zoom out", () -> memoryMapController.zoomOut(), Shortcuts.key(KeyCode.MINUS),
                Shortcuts.key(KeyCode.SUBTRACT));
        shortcuts.add(m, "0", "Whole RAM", () -> memoryMapController.fit(), Shortcuts.key(KeyCode.DIGIT0),
                Shortcuts.key(KeyCode.NUMPAD0));
        String f = "File and view";
        openItem.setAccelerator(shortcuts.addGlobal(f, "Ctrl+O", "Open a scenario", this::onOpen,
                Shortcuts.key(KeyCode.O, ctrl)).combos().get(0));
        saveItem.setAccelerator(shortcuts.addGlobal(f, "Ctrl+S", "Save the scenario as…", this::onSave,
                Shortcuts.key(KeyCode.S, ctrl)).combos().get(0));
        exportItem.setAccelerator(shortcuts.addGlobal(f, "Ctrl+E", "Export the memory map as PNG", this::onExport,
                Shortcuts.key(KeyCode.E, ctrl)).combos().get(0));
        themeItem.setAccelerator(shortcuts.addGlobal(f, "Ctrl+T", "Light / dark theme", this::onToggleTheme,
                Shortcuts.key(KeyCode.T, ctrl)).combos().get(0));
        fullScreenItem.setAccelerator(shortcuts.addGlobal(f, "F11", "Full screen (presenter mode later)",
                this::onFullScreen, Shortcuts.key(KeyCode.F11)).combos().get(0));
        shortcutsItem.setAccelerator(shortcuts.addGlobal(f, "F1", "This list of shortcuts", this::onShortcuts,
                Shortcuts.key(KeyCode.F1)).combos().get(0));
        quitItem.setAccelerator(shortcuts.addGlobal(f, "Ctrl+Q", "Quit", this::onQuit,
                Shortcuts.key(KeyCode.Q, ctrl)).combos().get(0));
    }

    private void menu(Shortcuts.Shortcut s) {
        MenuItem item = new MenuItem(s.what());
        item.setAccelerator(s.combos().get(0));
        item.setOnAction(e -> s.action().run());
        playbackMenu.getItems().add(item);
    }

    /** Installs the key filter on the scene (called once the scene exists). */
    void attach(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.isConsumed()) {
                return; // an earlier filter took it (Esc ending a block pick): not a shortcut as well
            }
            // a focused text field types the key, a focused button or check box takes Space
            if (shortcuts.handle(e, scene.getFocusOwner())) {
                e.consume();
            }
        });
    }

    void setStage(Stage s) {
        stage = s;
    }

    public Shortcuts shortcuts() {
        return shortcuts;
    }

    public MemoryMapController memoryMap() {
        return memoryMapController;
    }

    public HexController hex() {
        return hexController;
    }

    public luolab.ui.corrupt.CorruptActions corruptActions() {
        return corruptActions;
    }

    public Node memoryMapNode() {
        return memoryMap;
    }

    public luolab.ui.actions.SessionMenu sessionMenu() {
        return sessionMenu;
    }

    /** The status bar and its text (the run indicator goes right after the text). */
    javafx.scene.layout.HBox statusBar() {
        return statusBar;
    }

    Label statusLabel() {
        return statusLabel;
    }

    public Alert lastError() {
        return lastError;
    }

    private static String describe(SelectionEvent s) {
        if (s instanceof SelectStruct st) {
            return String.format("%s @ 0x%x", st.name(), st.pa());
        }
        if (s.pa() < 0) {
            return "";
        }
        return String.format("selected 0x%x (+%d bytes)", s.pa(), s.length());
    }

    private void rebuildRecent() {
        recentMenu.getItems().clear();
        for (Path p : model.recentFiles()) {
            MenuItem i = new MenuItem(p.toString());
            i.setMnemonicParsing(false);
            i.setOnAction(e -> model.open(p));
            recentMenu.getItems().add(i);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    private void showError(UserError e) {
        Alert a = new Alert(Alert.AlertType.ERROR);
        a.initOwner(root.getScene() == null ? null : root.getScene().getWindow());
        a.setTitle("LUO Lab");
        a.setHeaderText(e.title());
        a.setContentText(e.message());
        a.getDialogPane().setId("errorDialog");
        a.getDialogPane().setMinWidth(460);
        lastError = a;
        a.show();
    }

    private FileChooser chooser(String title, String desc, String... ext) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(desc, ext));
        if (!model.recentFiles().isEmpty() && model.recentFiles().get(0).getParent() != null) {
            File dir = model.recentFiles().get(0).getParent().toFile();
            if (dir.isDirectory()) {
                fc.setInitialDirectory(dir);
            }
        }
        return fc;
    }

    @FXML
    void onOpen() {
        File f = chooser("Open scenario", "LUO Lab scenarios (*.json)", "*.json").showOpenDialog(stage);
        if (f != null) {
            model.open(f.toPath());
        }
    }

    @FXML
    void onSave() {
        if (model.runProperty().get() == null) {
            model.bus().publish(new UserError("Nothing to save", "No scenario is loaded."));
            return;
        }
        File f = chooser("Save scenario as", "LUO Lab scenarios (*.json)", "*.json").showSaveDialog(stage);
        if (f != null) {
            model.saveScenario(f.toPath());
        }
    }

    @FXML
    void onExport() {
        File f = chooser("Export memory map as PNG", "PNG images (*.png)", "*.png").showSaveDialog(stage);
        if (f != null) {
            exportPng(memoryMap, f);
        }
    }

    /** Writes a snapshot of {@code node} as a PNG; failures become an error dialog. */
    public void exportPng(Node node, File file) {
        try {
            var img = node.snapshot(null, null);
            javax.imageio.ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", file);
            model.setStatus("Exported " + file.getName());
        } catch (Exception ex) {
            model.bus().publish(new UserError("Cannot export", "Could not write " + file + ": " + ex.getMessage()));
        }
    }

    @FXML
    void onQuit() {
        Platform.exit();
    }

    @FXML
    void onToggleTheme() {
        model.theme().toggle();
    }

    @FXML
    void onFullScreen() {
        if (stage != null) {
            stage.setFullScreen(!stage.isFullScreen());
        }
    }

    @FXML
    void onShortcuts() {
        ShortcutsDialog.show(root.getScene() == null ? null : root.getScene().getWindow(), shortcuts.all());
    }

    @FXML
    void onAbout() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(root.getScene() == null ? null : root.getScene().getWindow());
        a.setTitle("About LUO Lab");
        a.setHeaderText("LUO Lab");
        a.setContentText("Simulates Linux's Live Update Orchestrator and Kexec HandOver byte-exact in simulated "
                + "physical memory: watch memory survive a kexec.");
        a.show();
    }
}
