package luolab.ui.anim;

import java.io.IOException;
import java.util.prefs.Preferences;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import luolab.ui.Shortcuts;
import luolab.ui.model.WorkbenchModel;

/**
 * Puts the animation into a workbench scene: the overlay above everything (the last child of the
 * scene's root), the animation bar under the cycle bar, keyboard shortcuts, and the
 * remembered settings (speed, reduce motion). The animator becomes the model's playback driver.
 */
public final class AnimationSupport {
    private final Animator animator;
    private final OverlayLayer overlay;
    private final Node bar;

    private AnimationSupport(Animator animator, OverlayLayer overlay, Node bar) {
        this.animator = animator;
        this.overlay = overlay;
        this.bar = bar;
    }

    public Animator animator() {
        return animator;
    }

    public Node bar() {
        return bar;
    }

    Pane overlay() {
        return overlay;
    }

    /** Installs the animation into {@code scene} (built from main.fxml); {@code shortcuts} may be null. */
    public static AnimationSupport install(WorkbenchModel model, Scene scene, Shortcuts shortcuts) {
        OverlayLayer overlay = new OverlayLayer();
        var css = AnimationSupport.class.getResource("/assets/css/anim.css");
        if (css != null) {
            // the overlay's labels take their type from anim.css (and presenter.css), not inline
            overlay.getStylesheets().add(css.toExternalForm());
        }
        layer(scene, overlay);
        Animator animator = new Animator(model, overlay);
        Node bar = loadBar(animator);
        Node cycle = scene.lookup("#cycleBar");
        if (cycle != null && cycle.getParent() instanceof Pane p) {
            p.getChildren().add(p.getChildren().indexOf(cycle) + 1, bar);
        }
        Node eventSpeed = scene.lookup("#speedBox");
        if (eventSpeed != null) {
            // events per second only matter when playback does not animate
            eventSpeed.visibleProperty().bind(animator.enabledProperty().not());
            eventSpeed.managedProperty().bind(animator.enabledProperty().not());
        }
        remember(animator);
        if (shortcuts != null) {
            addShortcuts(shortcuts, animator);
        }
        return new AnimationSupport(animator, overlay, bar);
    }

    /**
     * Puts the overlay above everything without changing the scene's root (others rely on it being
     * main.fxml's BorderPane): an unmanaged last child of the root, sized to it, kept on top when
     * the root's children change. Only a root that is not a Pane gets wrapped in a StackPane.
     */
    private static void layer(Scene scene, OverlayLayer overlay) {
        Parent root = scene.getRoot();
        if (!(root instanceof Pane p)) {
            StackPane layered = new StackPane();
            layered.setId("animLayers");
            scene.setRoot(layered);
            layered.getChildren().addAll(root, overlay);
            return;
        }
        overlay.setManaged(false);
        p.getChildren().add(overlay);
        Runnable fit = () -> overlay.resizeRelocate(0, 0, p.getWidth(), p.getHeight());
        p.widthProperty().addListener((o, a, b) -> fit.run());
        p.heightProperty().addListener((o, a, b) -> fit.run());
        fit.run();
        p.getChildren().addListener((javafx.collections.ListChangeListener<Node>) c -> {
            if (p.getChildren().indexOf(overlay) != p.getChildren().size() - 1) {
                javafx.application.Platform.runLater(() -> {
                    if (p.getChildren().remove(overlay)) {
                        p.getChildren().add(overlay);
                    }
                });
            }
        });
    }

    private static Node loadBar(Animator animator) {
        FXMLLoader loader = new FXMLLoader(AnimationSupport.class.getResource("/fxml/animbar.fxml"));
        loader.setControllerFactory(t -> new AnimBarController(animator));
        try {
            Parent p = loader.load();
            var css = AnimationSupport.class.getResource("/assets/css/anim.css");
            if (css != null) {
                p.getStylesheets().add(css.toExternalForm());
            }
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot load animbar.fxml", e);
        }
    }

    private static void addShortcuts(Shortcuts s, Animator a) {
        String g = "Animation";
        // only while it plays: Esc also cancels other things (presenter mode, picking a block to
        // corrupt, a scenario run), so when no animation plays the key goes on to them
        s.addWhen(g, "Esc", "Skip the playing animation (jump to the end state)", () -> a.runningProperty().get(),
                a::skipAll, Shortcuts.key(KeyCode.ESCAPE));
        s.add(g, ".", "Skip the current beat of the playing animation", () -> {
            if (a.runningProperty().get()) {
                a.skipBeat();
            }
        }, Shortcuts.key(KeyCode.PERIOD));
        s.add(g, "Shift+]", "Animate faster (up to 16×)", () -> a.changeSpeed(1),
                Shortcuts.key(KeyCode.CLOSE_BRACKET, KeyCombination.SHIFT_DOWN));
        s.add(g, "Shift+[", "Animate slower (down to 0.25×)", () -> a.changeSpeed(-1),
                Shortcuts.key(KeyCode.OPEN_BRACKET, KeyCombination.SHIFT_DOWN));
        s.add(g, "M", "Reduce motion on / off", () -> a.reduceMotionProperty().set(!a.reduceMotionProperty().get()),
                Shortcuts.key(KeyCode.M));
        s.add(g, "A", "Animate playback on / off", () -> a.enabledProperty().set(!a.enabledProperty().get()),
                Shortcuts.key(KeyCode.A));
    }

    /** Speed and reduce-motion survive restarts (not in tests: luolab.ui.noPrefs). */
    private static void remember(Animator a) {
        if (Boolean.getBoolean("luolab.reduceMotion")) {
            a.reduceMotionProperty().set(true);
        }
        if (Boolean.getBoolean("luolab.ui.noPrefs")) {
            return;
        }
        try {
            Preferences p = Preferences.userRoot().node("luolab/anim");
            a.reduceMotionProperty().set(a.reduceMotionProperty().get() || p.getBoolean("reduceMotion", false));
            double sp = p.getDouble("speed", 1);
            if (Animator.SPEEDS.contains(sp)) {
                a.speedProperty().set(sp);
            }
            a.reduceMotionProperty().addListener((o, x, b) -> p.putBoolean("reduceMotion", b));
            a.speedProperty().addListener((o, x, b) -> p.putDouble("speed", b.doubleValue()));
        } catch (RuntimeException | Error e) {
            // no preferences store: settings last for this session only
        }
    }
}
