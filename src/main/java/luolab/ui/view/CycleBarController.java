package luolab.ui.view;

import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;
import luolab.engine.trace.Phase;
import luolab.scenario.Values;
import luolab.ui.model.EventText;
import luolab.ui.model.LoadedRun;
import luolab.ui.model.WorkbenchModel;

/** The cycle bar: where in the live-update cycle we are, and the transport controls. */
public final class CycleBarController {
    private final WorkbenchModel model;
    @FXML private HBox phaseChips;
    @FXML private Button homeButton;
    @FXML private Button backButton;
    @FXML private Button playButton;
    @FXML private Button stepButton;
    @FXML private Button endButton;
    @FXML private ComboBox<Double> speedBox;
    @FXML private Label counterLabel;
    @FXML private Label eventLabel;
    @FXML private Slider timeline;
    private static final PseudoClass UNTRACED = PseudoClass.getPseudoClass("untraced");
    private final Label[] chips = new Label[Phase.values().length];
    private boolean updating;

    public CycleBarController(WorkbenchModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        for (Phase p : Phase.values()) {
            Label chip = new Label(p.label());
            chip.getStyleClass().add("phase-chip");
            chip.setId("phase-" + p.name());
            // a chip never shrinks to "fin…": CSS cannot say USE_PREF_SIZE
            chip.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            chip.setOnMouseClicked(e -> {
                int start = model.phaseStart(p);
                if (start >= 0) {
                    model.goTo(start);
                }
            });
            chips[p.ordinal()] = chip;
            if (p.ordinal() > 0) {
                Label arrow = new Label("›");
                arrow.getStyleClass().add("phase-arrow");
                phaseChips.getChildren().add(arrow);
            }
            phaseChips.getChildren().add(chip);
        }
        icon(homeButton, "icon-home", "First event (Home)");
        icon(backButton, "icon-back", "Step back (Left)");
        icon(playButton, "icon-play", "Play / pause (Space)");
        icon(stepButton, "icon-step", "Step (Right)");
        icon(endButton, "icon-end", "Last event (End)");
        speedBox.getItems().setAll(WorkbenchModel.SPEEDS);
        speedBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(Double d) {
                return d == null ? "" : (d >= 1000 ? (int) (d / 1000) + "k" : String.valueOf(d.intValue())) + " ev/s";
            }

            @Override
            public Double fromString(String s) {
                return null;
            }
        });
        speedBox.setTooltip(new Tooltip("Playback speed ([ slower, ] faster)"));
        speedBox.setValue(model.speedProperty().get());
        speedBox.valueProperty().addListener((o, a, b) -> {
            if (b != null && !updating) {
                model.setSpeed(b);
            }
        });
        model.speedProperty().addListener((o, a, b) -> {
            updating = true;
            speedBox.setValue(b.doubleValue());
            updating = false;
        });
        timeline.setMin(0);
        timeline.valueProperty().addListener((o, a, b) -> {
            if (!updating) {
                model.goTo((int) Math.round(b.doubleValue()));
            }
        });
        model.totalProperty().addListener((o, a, b) -> refresh());
        model.positionProperty().addListener((o, a, b) -> refresh());
        model.phaseProperty().addListener((o, a, b) -> refresh());
        // load() sets the position before the current event: follow the event too, or the line goes stale
        model.currentEventProperty().addListener((o, a, b) -> refresh());
        model.runProperty().addListener((o, a, b) -> refresh());
        model.playingProperty().addListener((o, a, b) -> {
            Region r = (Region) playButton.getGraphic();
            r.getStyleClass().setAll("icon", b ? "icon-pause" : "icon-play");
        });
        refresh();
    }

    private static void icon(Button b, String style, String tip) {
        Region r = new Region();
        r.getStyleClass().addAll("icon", style);
        b.setGraphic(r);
        b.setTooltip(new Tooltip(tip));
        b.setFocusTraversable(false);
    }

    private void refresh() {
        LoadedRun run = model.runProperty().get();
        boolean loaded = run != null;
        // a run made with the trace off has no events: its memory is the final state, nothing steps
        boolean untraced = loaded && !run.traced();
        int pos = model.positionProperty().get();
        int total = model.totalProperty().get();
        counterLabel.setText(untraced ? "final state · trace off" : "event " + Values.count(pos) + " / " + Values.count(total));
        counterLabel.setTooltip(untraced ? new Tooltip(untracedText(run)) : null);
        eventLabel.setText(untraced ? untracedText(run) : loaded ? EventText.describe(model.currentEventProperty().get()) : "");
        eventLabel.pseudoClassStateChanged(UNTRACED, untraced);
        updating = true;
        timeline.setMax(Math.max(1, total));
        timeline.setValue(untraced ? timeline.getMax() : pos);
        updating = false;
        for (Button b : new Button[] {homeButton, backButton, playButton, stepButton, endButton}) {
            b.setDisable(!loaded || untraced);
        }
        timeline.setDisable(!loaded || untraced);
        Phase cur = model.phaseProperty().get();
        for (Phase p : Phase.values()) {
            Label chip = chips[p.ordinal()];
            chip.getStyleClass().removeAll("reached", "current", "unreachable");
            // without a trace the phases are unknown: no chip may claim to be the current one
            if (!loaded || untraced) {
                continue;
            }
            if (p == cur) {
                chip.getStyleClass().add("current");
            } else if (p.ordinal() < cur.ordinal()) {
                chip.getStyleClass().add("reached");
            } else if (model.phaseStart(p) < 0) {
                chip.getStyleClass().add("unreachable");
            }
        }
    }

    /** What the event line says for a run made with the trace off: what is shown, why, and how to step it. */
    static String untracedText(LoadedRun run) {
        return "Trace off — the final state is shown, there are no events to step through (" + run.traceOff()
                + "). Start LUO Lab with a larger heap (-Xmx) to step through this run.";
    }

    @FXML
    private void onHome() {
        model.home();
    }

    @FXML
    private void onBack() {
        model.stepBack();
    }

    @FXML
    private void onPlay() {
        model.togglePlay();
    }

    @FXML
    private void onStep() {
        model.stepForward();
    }

    @FXML
    private void onEnd() {
        model.end();
    }
}
