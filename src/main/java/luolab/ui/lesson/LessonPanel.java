package luolab.ui.lesson;

import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import luolab.lesson.Beat;
import luolab.lesson.Lesson;
import luolab.lesson.Predict;

/**
 * The lesson player panel: a chooser of lessons when none is open; else the lesson title and
 * progress, the beat's title and narration, what to look at, the prediction (choices numbered for
 * the keys 1–9, reveal), and back / next / jump-to-beat.
 */
public final class LessonPanel extends StackPane {
    private final LessonPlayer player;
    private final VBox chooser = new VBox(10);
    private final ListView<Lesson> lessonList = new ListView<>();
    private final VBox playing = new VBox(0);
    private final Label lessonTitle = new Label();
    private final Label progressLabel = new Label();
    private final ProgressBar progress = new ProgressBar(0);
    private final Label beatTitle = new Label();
    private final VBox narration = new VBox(10);
    private final Label lookAt = new Label();
    private final VBox predictBox = new VBox(8);
    private final Label question = new Label();
    private final VBox choices = new VBox(6);
    private final Label reveal = new Label();
    private final Button revealButton = new Button("Reveal");
    private final Button backButton = new Button("◀  Back");
    private final Button nextButton = new Button("Next  ▶");
    private final ComboBox<Beat> jump = new ComboBox<>();
    private final Label keysHint = new Label();
    private boolean syncing;
    private Consumer<Lesson> onStart = l -> { };
    private Runnable onOpenFile = () -> { };
    private Runnable onClose = () -> { };

    public LessonPanel(LessonPlayer player) {
        this.player = player;
        setId("lessonPanel");
        getStyleClass().add("lesson-panel");
        getStylesheets().add(LessonPanel.class.getResource("/assets/css/lesson.css").toExternalForm());
        buildChooser();
        buildPlaying();
        getChildren().addAll(chooser, playing);
        player.lessonProperty().addListener((o, a, l) -> refresh());
        player.beatProperty().addListener((o, a, b) -> refresh());
        player.revealedProperty().addListener((o, a, b) -> refreshPredict());
        player.choiceProperty().addListener((o, a, b) -> refreshPredict());
        player.loadingProperty().addListener((o, a, b) -> lessonList.setDisable(b));
        refresh();
    }

    public void setOnStart(Consumer<Lesson> c) {
        onStart = c;
    }

    public void setOnOpenFile(Runnable r) {
        onOpenFile = r;
    }

    public void setOnClose(Runnable r) {
        onClose = r;
    }

    public void setLessons(List<Lesson> ls) {
        lessonList.getItems().setAll(ls);
        if (!ls.isEmpty()) {
            lessonList.getSelectionModel().select(0);
        }
    }

    ListView<Lesson> lessonList() {
        return lessonList;
    }

    private void buildChooser() {
        chooser.getStyleClass().add("lesson-chooser");
        Label t = new Label("Lessons");
        t.getStyleClass().add("lesson-title");
        Label hint = new Label("Pick a lesson and press Enter (or double-click). Each one runs its own scenario.");
        hint.setWrapText(true);
        hint.getStyleClass().add("lesson-muted");
        lessonList.setId("lessonList");
        lessonList.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Lesson l, boolean empty) {
                super.updateItem(l, empty);
                if (empty || l == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                Label title = new Label(l.title());
                title.getStyleClass().add("lesson-item-title");
                // wrapped like the summary: a long title in presenter type otherwise widens the
                // cell past the list and is cut ("the /dev/liveupd…") behind a horizontal scrollbar
                title.setWrapText(true);
                title.maxWidthProperty().bind(lessonList.widthProperty().subtract(40));
                Label meta = new Label(l.minutes() + " min · " + l.size() + " beats" + (l.hasPredictions() ? " · with a question" : ""));
                meta.getStyleClass().add("lesson-muted");
                meta.setWrapText(true);
                meta.maxWidthProperty().bind(lessonList.widthProperty().subtract(40));
                Label sum = new Label(l.summary());
                sum.setWrapText(true);
                sum.getStyleClass().add("lesson-item-summary");
                sum.maxWidthProperty().bind(lessonList.widthProperty().subtract(40));
                VBox box = new VBox(2, title, sum, meta);
                setText(null);
                setGraphic(box);
            }
        });
        lessonList.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                startSelected();
            }
        });
        lessonList.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                startSelected();
                e.consume();
            }
        });
        VBox.setVgrow(lessonList, Priority.ALWAYS);
        Button start = new Button("Start lesson");
        start.setId("startLesson");
        start.setDefaultButton(false);
        start.setOnAction(e -> startSelected());
        Button file = new Button("Open lesson file…");
        file.setOnAction(e -> onOpenFile.run());
        HBox buttons = new HBox(8, start, file);
        chooser.getChildren().addAll(t, hint, lessonList, buttons);
    }

    void startSelected() {
        Lesson l = lessonList.getSelectionModel().getSelectedItem();
        if (l != null && !player.loadingProperty().get()) {
            onStart.accept(l);
        }
    }

    private void buildPlaying() {
        playing.getStyleClass().add("lesson-playing");
        lessonTitle.getStyleClass().add("lesson-title");
        lessonTitle.setWrapText(true);
        lessonTitle.setId("lessonTitle");
        Button close = new Button("✕");
        close.getStyleClass().add("lesson-close");
        close.setOnAction(e -> onClose.run());
        close.setFocusTraversable(false);
        Region sp = new Region();
        HBox.setHgrow(sp, Priority.ALWAYS);
        HBox head = new HBox(8, lessonTitle, sp, close);
        head.setAlignment(Pos.TOP_LEFT);
        progressLabel.getStyleClass().add("lesson-progress-label");
        progressLabel.setId("lessonProgress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.getStyleClass().add("lesson-progress");
        VBox top = new VBox(6, head, progressLabel, progress);
        top.getStyleClass().add("lesson-head");

        beatTitle.getStyleClass().add("beat-title");
        beatTitle.setWrapText(true);
        beatTitle.setId("beatTitle");
        narration.getStyleClass().add("lesson-narration");
        narration.setId("narration");
        lookAt.getStyleClass().add("lesson-look");
        lookAt.setWrapText(true);
        lookAt.setId("lookAt");

        question.getStyleClass().add("predict-question");
        question.setWrapText(true);
        question.setId("predictQuestion");
        reveal.getStyleClass().add("predict-reveal");
        reveal.setWrapText(true);
        reveal.setId("predictReveal");
        revealButton.setId("revealButton");
        revealButton.setFocusTraversable(false);
        revealButton.setOnAction(e -> player.reveal());
        Label predictTag = new Label("PREDICT");
        predictTag.getStyleClass().add("predict-tag");
        predictBox.getStyleClass().add("predict-box");
        predictBox.setId("predictBox");
        predictBox.getChildren().addAll(predictTag, question, choices, revealButton, reveal);

        VBox body = new VBox(14, beatTitle, narration, lookAt, predictBox);
        body.getStyleClass().add("lesson-body");
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("lesson-scroll");
        scroll.setFocusTraversable(false);
        VBox.setVgrow(scroll, Priority.ALWAYS);

        backButton.setId("lessonBack");
        nextButton.setId("lessonNext");
        backButton.setFocusTraversable(false);
        nextButton.setFocusTraversable(false);
        nextButton.getStyleClass().add("lesson-next");
        backButton.setOnAction(e -> player.back());
        nextButton.setOnAction(e -> player.next());
        jump.setId("jumpToBeat");
        jump.setFocusTraversable(false);
        jump.setPromptText("Jump to beat");
        jump.setMaxWidth(Double.MAX_VALUE);
        jump.setConverter(new StringConverter<>() {
            @Override
            public String toString(Beat b) {
                return b == null ? "" : (b.index() + 1) + ". " + b.title() + (b.predict() != null ? "  (?)" : "");
            }

            @Override
            public Beat fromString(String s) {
                return null;
            }
        });
        jump.valueProperty().addListener((o, a, b) -> {
            if (!syncing && b != null) {
                player.go(b.index());
            }
        });
        // the beat's title read in full: on a row of its own, as wide as the panel, wrapping (between
        // Back and Next at 1280 px in presenter type it was cut to "3. Tortoise and har…")
        jump.setMinWidth(60);
        jump.setButtonCell(wrapping());
        jump.setCellFactory(v -> wrapping());
        backButton.setMinWidth(Region.USE_PREF_SIZE);
        nextButton.setMinWidth(Region.USE_PREF_SIZE);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, backButton, gap, nextButton);
        buttons.setAlignment(Pos.CENTER);
        VBox nav = new VBox(6, jump, buttons);
        nav.getStyleClass().add("lesson-nav");
        keysHint.getStyleClass().add("lesson-keys");
        keysHint.setWrapText(true);
        keysHint.setText("Space / → next · ← back · 1–9 guess · Enter reveal · Home / End · F5 presenter");
        playing.getChildren().addAll(top, scroll, nav, keysHint);
    }

    /** A cell of the beat chooser that wraps its title rather than cutting it. */
    private ListCell<Beat> wrapping() {
        ListCell<Beat> c = new ListCell<>() {
            @Override
            protected void updateItem(Beat b, boolean empty) {
                super.updateItem(b, empty);
                setText(empty || b == null ? null : jump.getConverter().toString(b));
            }
        };
        c.setWrapText(true);
        c.setMinWidth(0);
        c.setMaxWidth(Double.MAX_VALUE);
        c.setMinHeight(Region.USE_PREF_SIZE);
        return c;
    }

    private void refresh() {
        PreparedLesson p = player.lessonProperty().get();
        chooser.setVisible(p == null);
        playing.setVisible(p != null);
        if (p == null) {
            lessonList.requestFocus();
            return;
        }
        Lesson l = p.lesson();
        int i = Math.max(0, player.beatProperty().get());
        syncing = true;
        try {
            if (!jump.getItems().equals(l.beats())) {
                jump.getItems().setAll(l.beats());
            }
            jump.setValue(l.beat(i));
        } finally {
            syncing = false;
        }
        lessonTitle.setText(l.title());
        Beat b = l.beat(i);
        progressLabel.setText("Beat " + (i + 1) + " of " + l.size() + (l.minutes() > 0 ? "  ·  about " + l.minutes() + " min" : ""));
        progress.setProgress((i + 1) / (double) l.size());
        beatTitle.setText(b.title());
        narration.getChildren().setAll(Narration.paragraphs(b.narration()));
        String look = b.highlight().describe();
        if (p.positions()[i] < 0) {
            look = "This beat's point in the run is never reached.";
        }
        lookAt.setText(look.isEmpty() ? "" : "Look at:  " + look);
        lookAt.setVisible(!look.isEmpty());
        lookAt.setManaged(!look.isEmpty());
        refreshPredict();
    }

    private void refreshPredict() {
        Beat b = player.currentBeat();
        Predict pr = b == null ? null : b.predict();
        predictBox.setVisible(pr != null);
        predictBox.setManaged(pr != null);
        boolean shown = player.revealedProperty().get();
        PreparedLesson p = player.lessonProperty().get();
        boolean last = p != null && player.beatProperty().get() == p.lesson().size() - 1;
        backButton.setDisable(p == null || (player.beatProperty().get() <= 0 && !shown));
        nextButton.setText(pr != null && !shown ? "Reveal  ▶" : last ? "End of lesson" : "Next  ▶");
        nextButton.setDisable(last && (pr == null || shown));
        if (pr == null) {
            return;
        }
        question.setText(pr.question());
        choices.getChildren().clear();
        for (int k = 0; k < pr.choices().size(); k++) {
            Label key = new Label(String.valueOf(k + 1));
            key.getStyleClass().add("choice-key");
            Label text = new Label(pr.choices().get(k));
            text.setWrapText(true);
            text.getStyleClass().add("choice-text");
            HBox row = new HBox(10, key, text);
            row.setAlignment(Pos.CENTER_LEFT);
            row.getStyleClass().add("choice");
            row.setId("choice" + k);
            final int kk = k;
            row.setOnMouseClicked(e -> player.choose(kk));
            if (player.choiceProperty().get() == k) {
                row.getStyleClass().add("chosen");
            }
            if (shown) {
                row.getStyleClass().add(k == pr.answer() ? "right" : "wrong");
            }
            choices.getChildren().add(row);
        }
        revealButton.setVisible(!shown);
        revealButton.setManaged(!shown);
        String verdict = "";
        if (shown && player.choiceProperty().get() >= 0) {
            verdict = player.choiceProperty().get() == pr.answer() ? "The class was right.  " : "Not quite.  ";
        }
        reveal.setText(shown ? verdict + "Answer " + (pr.answer() + 1) + ": " + Narration.plain(pr.reveal()) : "");
        reveal.setVisible(shown);
        reveal.setManaged(shown);
    }

    // for tests
    public String beatTitleText() {
        return beatTitle.getText();
    }

    public String progressText() {
        return progressLabel.getText();
    }

    public String revealText() {
        return reveal.isVisible() ? reveal.getText() : "";
    }

    public boolean choosing() {
        return chooser.isVisible();
    }
}
