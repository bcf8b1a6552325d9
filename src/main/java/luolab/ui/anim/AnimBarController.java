package luolab.ui.anim;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.util.StringConverter;

/** The animation bar: animate on/off, speed, skip beat, skip to end, reduce motion, follow, caption. */
public final class AnimBarController {
    private final Animator animator;
    @FXML private CheckBox animate;
    @FXML private ComboBox<Double> speedBox;
    @FXML private Button skipBeatButton;
    @FXML private Button skipButton;
    @FXML private CheckBox reduce;
    @FXML private CheckBox follow;
    @FXML private Label clockLabel;
    @FXML private Label captionLabel;

    public AnimBarController(Animator animator) {
        this.animator = animator;
    }

    @FXML
    private void initialize() {
        animate.selectedProperty().bindBidirectional(animator.enabledProperty());
        animate.setTooltip(new Tooltip("Play animates the cycle (A). Off: Play steps through events at the "
                + "events-per-second speed."));
        reduce.selectedProperty().bindBidirectional(animator.reduceMotionProperty());
        reduce.setTooltip(new Tooltip("Reduce motion (M): instant state changes and steady highlights, "
                + "nothing flies, moves or blinks"));
        follow.selectedProperty().bindBidirectional(animator.followProperty());
        follow.setTooltip(new Tooltip("Show the pane each beat is about (sessions table, block chains) and "
                + "select the offending bytes in the hex inspector"));
        speedBox.getItems().setAll(Animator.SPEEDS);
        speedBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(Double d) {
                if (d == null) {
                    return "";
                }
                return (d == Math.rint(d) ? String.valueOf(d.intValue()) : String.valueOf(d)) + "×";
            }

            @Override
            public Double fromString(String s) {
                return null;
            }
        });
        speedBox.setValue(animator.speedProperty().get());
        speedBox.setTooltip(new Tooltip("Animation speed (Shift+[ slower, Shift+] faster)"));
        speedBox.valueProperty().addListener((o, a, b) -> {
            if (b != null && b != animator.speedProperty().get()) {
                animator.speedProperty().set(b);
            }
        });
        animator.speedProperty().addListener((o, a, b) -> speedBox.setValue(b.doubleValue()));
        skipBeatButton.setTooltip(new Tooltip("Finish this beat now (.)"));
        skipButton.setTooltip(new Tooltip("Skip the animation: jump to the end state (Esc)"));
        captionLabel.textProperty().bind(animator.captionProperty());
        animator.clockProperty().addListener((o, a, b) -> clock());
        animator.planProperty().addListener((o, a, b) -> clock());
        for (var n : new javafx.scene.Node[] {speedBox, skipBeatButton, skipButton, reduce, follow}) {
            n.disableProperty().bind(animator.enabledProperty().not());
            n.setFocusTraversable(false);
        }
        animate.setFocusTraversable(false);
        clock();
    }

    private void clock() {
        AnimationPlan p = animator.plan();
        clockLabel.setText(p == null ? "" : String.format(java.util.Locale.ROOT, "%5.1f / %.1f s at 1×", animator.clockProperty().get(),
                p.totalSeconds()));
    }

    @FXML
    private void onSkipBeat() {
        animator.skipBeat();
    }

    @FXML
    private void onSkip() {
        animator.skipAll();
    }
}
