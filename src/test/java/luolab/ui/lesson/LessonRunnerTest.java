package luolab.ui.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import luolab.lesson.Beat;
import luolab.lesson.Lesson;
import luolab.lesson.LessonLoader;
import luolab.ui.MainWindow;
import luolab.ui.event.SelectStruct;
import luolab.ui.model.EngineScenarioBackend;
import luolab.ui.model.RecentFiles;
import luolab.ui.model.WorkbenchModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Every built-in lesson, run start to end on the real workbench, headless, with the keyboard only:
 * Space moves on (revealing a question's answer first), a digit is the class's guess, and each
 * beat lands the machine on the beat's position. Also presenter mode and saved states.
 */
class LessonRunnerTest extends ApplicationTest {
    static {
        luolab.ui.UiTestSupport.headless();
    }

    WorkbenchModel model;
    MainWindow window;
    Teaching teaching;
    Stage stage;

    @TempDir
    Path dir;

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        model = new WorkbenchModel(new EngineScenarioBackend(), new RecentFiles(null));
        window = MainWindow.create(model);
        window.show(stage);
        stage.setWidth(1560);
        stage.setHeight(960);
        teaching = window.teaching();
    }

    static Stream<String> lessons() {
        return LessonLoader.builtins().stream();
    }

    void await(Callable<Boolean> cond, String what) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, cond);
        } catch (Exception e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    LessonPlayer player() {
        return teaching.player();
    }

    void open(String id) throws Exception {
        Lesson l = new LessonLoader().loadBuiltin(id);
        interact(() -> teaching.openLesson(l));
        await(() -> player().isOpen() && player().beatProperty().get() == 0, "lesson " + id + " to open");
        awaitBeat(0);
    }

    void awaitBeat(int i) {
        int target = player().positionOf(i);
        await(() -> player().beatProperty().get() == i && model.positionProperty().get() == target
                && model.frame() != null && model.frame().position() == target, "beat " + (i + 1) + " at event " + target);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lessons")
    void everyLessonRunsToTheEndWithTheKeyboard(String id) throws Exception {
        open(id);
        Lesson l = player().current();
        assertTrue(teaching.panelShown());
        for (int i = 0; i < l.size(); i++) {
            Beat b = l.beat(i);
            awaitBeat(i);
            int at = i;
            assertEquals(b.title(), teaching.panel().beatTitleText());
            assertEquals("Beat " + (i + 1) + " of " + l.size(), teaching.panel().progressText().split("  ·")[0]);
            assertTrue(player().positionOf(i) >= 0, "beat " + (i + 1) + " is reached");
            if (b.predict() != null) {
                type(KeyCode.DIGIT1);
                assertEquals(0, player().choiceProperty().get(), "1 is the first choice");
                type(KeyCode.SPACE);
                await(() -> player().revealedProperty().get(), "the reveal");
                assertTrue(teaching.panel().revealText().contains("Answer " + (b.predict().answer() + 1)), teaching.panel().revealText());
                assertEquals(player().positionOf(at), model.positionProperty().get(), "revealing does not move the machine");
            }
            if (i < l.size() - 1) {
                type(KeyCode.SPACE);
                await(() -> player().beatProperty().get() == at + 1, "beat " + (at + 2));
            }
        }
        assertTrue(player().atEnd());
        type(KeyCode.SPACE); // at the end: nothing happens
        assertEquals(l.size() - 1, player().beatProperty().get());
        Node next = lookup("#lessonNext").query();
        assertTrue(next.isDisabled());
        if (l.size() > 1) {
            type(KeyCode.LEFT);
            awaitBeat(l.size() - 2);
            type(KeyCode.HOME);
            awaitBeat(0);
        }
    }

    @Test
    void highlightsSelectTheStructAndOutlineThePageKinds() throws Exception {
        open("08-cyclic-chain-floyd");
        type(KeyCode.SPACE); // "Make a loop": at the corruption, kho_block_header_ser.next of the last block
        awaitBeat(1);
        await(() -> model.selectionProperty().get() instanceof SelectStruct, "the struct selection");
        SelectStruct s = (SelectStruct) model.selectionProperty().get();
        assertEquals("kho_block_header_ser.next", s.name());
        // the selected block's next points back into the chain: the last block of the loop
        assertTrue(player().lessonProperty().get().targets().get(1).chainPa() > 0);

        open("01-pages-and-buddy");
        Node overlay = lookup("#lessonHighlight").query();
        assertTrue(overlay.isVisible(), "page kinds are outlined on the memory map");
    }

    @Test
    void presenterModeIsKeyboardOnly() throws Exception {
        open("06-linked-blocks");
        type(KeyCode.F5);
        assertTrue(teaching.presenterProperty().get());
        Node menu = lookup(".menu-bar").query();
        assertFalse(menu.isVisible(), "menus hidden");
        assertTrue(window.scene().getRoot().getStylesheets().stream().anyMatch(c -> c.endsWith("presenter.css")));
        assertTrue(window.scene().getRoot().getStyle().contains("-fx-font-size"), "large type");
        type(KeyCode.RIGHT);
        awaitBeat(1);
        type(KeyCode.PAGE_DOWN); // reveal the question of beat 2
        await(() -> player().revealedProperty().get(), "reveal");
        type(KeyCode.PAGE_DOWN);
        awaitBeat(2);
        type(KeyCode.ESCAPE);
        assertFalse(teaching.presenterProperty().get());
        assertTrue(menu.isVisible());
        interact(() -> stage.setWidth(1280));
        interact(() -> stage.setHeight(720));
        type(KeyCode.F5);
        String style = window.scene().getRoot().getStyle();
        assertTrue(style.contains("15px") || style.contains("14px"), style);
        type(KeyCode.F5);
    }

    @Test
    void aSavedStateReopensAtTheSamePlace() throws Exception {
        open("05-kexec-cycle");
        type(KeyCode.SPACE);
        type(KeyCode.SPACE);
        awaitBeat(2);
        interact(() -> model.goTo(player().positionOf(2) + 3));
        await(() -> model.positionProperty().get() == player().positionOf(2) + 3, "a position between beats");
        var state = new luolab.export.SavedState[1];
        interact(() -> state[0] = teaching.state());
        assertNotNull(state[0]);
        Path f = dir.resolve("homework.luostate");
        state[0].write(f);
        int pos = state[0].position();

        interact(() -> teaching.closeLesson());
        interact(() -> model.goTo(0));
        interact(() -> teaching.openState(f));
        await(() -> player().isOpen() && model.positionProperty().get() == pos && model.frame() != null
                && model.frame().position() == pos, "the saved position");
        assertEquals(2, player().beatProperty().get());
        assertEquals("05-kexec-cycle", player().current().id());
    }
}
