package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import luolab.lesson.LessonLoader;
import org.junit.jupiter.api.Test;

/** The workbench command line: a teacher's "--lesson 8 --presenter", and clear words for mistakes. */
class LaunchOptionsTest {
    @Test
    void lessonByNumberIdOrFileAndPresenter() {
        List<String> ids = LessonLoader.builtins();
        assertEquals(13, ids.size());
        LaunchOptions o = LaunchOptions.parse(List.of("--lesson", "8", "--presenter"));
        assertNull(o.error());
        assertEquals(ids.get(7), o.lesson());
        assertTrue(o.lesson().startsWith("08-"), o.lesson());
        assertTrue(o.presenter());
        assertNull(o.scenario());
        assertEquals(ids.get(0), LaunchOptions.parse(List.of("--lesson", ids.get(0) + ".json")).lesson());
        assertEquals("my/lesson.json", LaunchOptions.parse(List.of("--lesson", "my/lesson.json")).lesson());
    }

    @Test
    void scenarioAlone() {
        LaunchOptions o = LaunchOptions.parse(List.of("assets/scenarios/default-demo.json"));
        assertEquals(Path.of("assets/scenarios/default-demo.json"), o.scenario());
        assertFalse(o.presenter());
        assertNull(o.lesson());
        assertNull(o.error());
        assertNull(LaunchOptions.parse(List.of()).scenario(), "no argument: the default demo");
    }

    @Test
    void mistakesAreExplained() {
        assertTrue(LaunchOptions.parse(List.of("--lesson", "14")).error().contains("There is no lesson 14: a number 1-13"));
        assertEquals("13-restore-that-never-ends", LaunchOptions.parse(List.of("--lesson", "13")).lesson());
        assertTrue(LaunchOptions.parse(List.of("--lesson", "0")).error().contains("There is no lesson 0"));
        assertTrue(LaunchOptions.parse(List.of("--lesson")).error().startsWith("--lesson needs a lesson"));
        assertTrue(LaunchOptions.parse(List.of("--lesson", "--presenter")).error().startsWith("--lesson needs a lesson"));
        assertTrue(LaunchOptions.parse(List.of("--lesson", "no-such-lesson")).error().contains("no-such-lesson"));
        assertTrue(LaunchOptions.parse(List.of("--fullscreen")).error().startsWith("Unknown option --fullscreen. Usage: "));
        assertTrue(LaunchOptions.parse(List.of("a.json", "b.json")).error().startsWith("Only one scenario"));
    }
}
