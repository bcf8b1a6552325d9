package luolab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Surefire writes one .txt report per test class and per JUnit Platform engine, under the same
 * file name: a class whose JUnit Jupiter tests (@Test, @ParameterizedTest, …) and jqwik properties
 * (@Property) run in both engines gets the first engine's report overwritten by the second, so
 * target/surefire-reports/KhoTest.txt said "Tests run: 2" for a class of 12 cases. A test class
 * therefore uses one engine: properties in a class of their own (…PropertyTest), or the examples
 * as jqwik @Example.
 */
class TestClassesUseOneEngineTest {
    private static final Pattern JUPITER = Pattern.compile("^\\s*@(Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate)\\b",
            Pattern.MULTILINE);
    private static final Pattern JQWIK = Pattern.compile("^\\s*@(Property|Example)\\b", Pattern.MULTILINE);

    @Test
    void noTestClassMixesJupiterTestsAndJqwikProperties() throws IOException {
        Path root = Path.of(System.getProperty("luolab.project.dir", "."), "src", "test", "java");
        assertTrue(Files.isDirectory(root), root.toString());
        List<String> mixed;
        try (Stream<Path> files = Files.walk(root)) {
            mixed = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                String s = read(p);
                return JUPITER.matcher(s).find() && JQWIK.matcher(s).find();
            }).map(p -> root.relativize(p).toString()).sorted().toList();
        }
        assertEquals(List.of(), mixed, "classes run by both the Jupiter and the jqwik engine (their surefire report is overwritten)");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
