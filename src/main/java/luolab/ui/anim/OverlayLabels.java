package luolab.ui.anim;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Label;
import javafx.scene.text.TextAlignment;

/**
 * The text of the animation that tests and readers care about, in real labels over the
 * {@link OverlayLayer}: the panic banner, the error callout, the phase card and the stage caption
 * of the moving beat. Each is placed next to the view it belongs to and kept inside it.
 */
final class OverlayLabels {
    private final Label banner = label("animPanicBanner", "anim-panic-banner");
    private final Label callout = label("animCallout", "anim-callout");
    private final Label stage = label("animStage", "anim-stage");
    private final Label card = label("animPhaseCard", "anim-phase-card");
    private final Anchors at;

    OverlayLabels(Anchors at) {
        this.at = at;
        // colours and padding inline; the type is not: anim.css sets it (12-17 px) and presenter.css
        // scales it with the presenter type, which an inline -fx-font-size would override
        banner.setStyle("-fx-background-color: rgba(183,28,28,0.94); -fx-text-fill: white; -fx-font-weight: bold;"
                + " -fx-padding: 8 14; -fx-background-radius: 6;");
        banner.setWrapText(true);
        callout.setStyle("-fx-background-color: rgba(25,28,33,0.93); -fx-text-fill: white; -fx-padding: 6 10;"
                + " -fx-background-radius: 6; -fx-border-color: #e53935; -fx-border-width: 2; -fx-border-radius: 6;");
        callout.setWrapText(true);
        stage.setStyle("-fx-background-color: rgba(25,28,33,0.82); -fx-text-fill: white; -fx-padding: 5 10;"
                + " -fx-background-radius: 5;");
        card.setStyle("-fx-background-color: rgba(21,101,192,0.92); -fx-text-fill: white; -fx-padding: 14 22;"
                + " -fx-background-radius: 10; -fx-font-weight: bold;");
        card.setWrapText(true);
        card.setAlignment(Pos.CENTER);
        card.setTextAlignment(TextAlignment.CENTER);
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

    /** In the order the layer stacks them: banner, callout, phase card, stage caption. */
    List<Label> all() {
        return List.of(banner, callout, card, stage);
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

    void hideAll() {
        banner.setVisible(false);
        callout.setVisible(false);
        card.setVisible(false);
        stage.setVisible(false);
    }

    void showStage(String text) {
        Rectangle2D m = at.mapView();
        if (m == null || text == null || text.isEmpty()) {
            return;
        }
        stage.setText(text);
        stage.setMaxWidth(Math.max(120, m.getWidth() - 24));
        place(stage, m.getMinX() + 10, m.getMaxY() - 10, false, true, m);
    }

    /** Sizes a managed-less label and puts it at (x, y); {@code right}/{@code bottom}: anchor corner. */
    void place(Label l, double x, double y, boolean right, boolean bottom, Rectangle2D clampTo) {
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
        if (l != banner) {
            clearOfBanner(l, clampTo);
        }
    }

    /**
     * Moves {@code l} below the panic banner if they overlap: in presenter type the banner takes two
     * or three lines and covered the error callout placed next to the blamed bytes.
     */
    private void clearOfBanner(Label l, Rectangle2D clampTo) {
        if (!banner.isVisible() || !l.isVisible() || !l.getBoundsInParent().intersects(banner.getBoundsInParent())) {
            return;
        }
        double y = banner.getLayoutY() + banner.getHeight() + 6;
        if (clampTo != null) {
            y = Math.min(y, clampTo.getMaxY() - l.getHeight() - 4);
        }
        l.relocate(l.getLayoutX(), Math.round(y));
    }

    void showBanner(Beat b) {
        Rectangle2D m = at.mapView();
        if (m == null) {
            return;
        }
        BeatData.Failure f = (BeatData.Failure) b.data();
        banner.setText("⚠  " + f.logLine());
        banner.setMaxWidth(Math.max(200, m.getWidth() - 40));
        place(banner, m.getMinX() + 20, m.getMinY() + 10, false, false, m);
        // the callout may have been placed before the banner in this frame
        clearOfBanner(callout, m);
    }

    void phaseCard(Beat b, double p, boolean still, Rectangle2D map) {
        if (map == null) {
            return;
        }
        String title = b.data() instanceof BeatData.Text t ? t.text() : "";
        String sub = b.caption().contains(" — ") ? b.caption().substring(b.caption().indexOf(" — ") + 3) : b.caption();
        card.setText(title.toUpperCase() + "\n" + sub);
        card.setMaxWidth(Math.min(560, map.getWidth() - 40));
        double o = still ? 1 : p < 0.15 ? p / 0.15 : p > 0.85 ? (1 - p) / 0.15 : 1;
        card.setOpacity(Math.max(0, Math.min(1, o)));
        card.applyCss();
        double w = Math.min(card.prefWidth(-1), card.getMaxWidth());
        double h = card.prefHeight(w);
        card.setVisible(true);
        card.resizeRelocate(map.getMinX() + (map.getWidth() - w) / 2, map.getMinY() + (map.getHeight() - h) / 2, w, h);
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
