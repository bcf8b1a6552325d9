package luolab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * `mvn verify` runs only the test classes whose file names match surefire's includes: the kernel
 * selftest ports (LuoKexecSelftest, LiveupdateDeviceSelftest) and CorruptionProperties had tests
 * that CI never ran because their names matched none of surefire's defaults. Every class with
 * tests must match an include in pom.xml, except the ones run only on request (each says how).
 */
class TestClassesRunInVerifyTest {
    private static final Pattern TESTS = Pattern.compile("^\\s*@(Test|ParameterizedTest|RepeatedTest|TestFactory|Property|Example)\\b",
            Pattern.MULTILINE);
    private static final Pattern INCLUDE = Pattern.compile("<include>\\*\\*/([^<]+)\\.java</include>");
    /** Run on request only: a benchmark and the docs' frame renderer (both skip themselves unless a property is set). */
    private static final Set<String> ON_REQUEST = Set.of("FuzzBenchmark", "FloydFramesDoc");

    @Test
    void everyTestClassMatchesASurefireInclude() throws IOException {
        Path dir = Path.of(System.getProperty("luolab.project.dir", "."));
        List<Pattern> includes = includes(Files.readString(dir.resolve("pom.xml")));
        assertFalse(includes.isEmpty(), "pom.xml lists surefire includes");
        Path root = dir.resolve(Path.of("src", "test", "java"));
        List<String> missed = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = p.getFileName().toString().replace(".java", "");
                if (ON_REQUEST.contains(name) || !TESTS.matcher(Files.readString(p)).find()) {
                    continue;
                }
                if (includes.stream().noneMatch(i -> i.matcher(name).matches())) {
                    missed.add(root.relativize(p).toString());
                }
            }
        }
        assertEquals(List.of(), missed, "test classes that `mvn verify` would never run");
    }

    @Test
    void theIncludesCoverTheSelftestsAndProperties() throws IOException {
        Path dir = Path.of(System.getProperty("luolab.project.dir", "."));
        List<Pattern> includes = includes(Files.readString(dir.resolve("pom.xml")));
        for (String name : List.of("LuoKexecSelftest", "CorruptionProperties", "KhoTest")) {
            assertTrue(includes.stream().anyMatch(i -> i.matcher(name).matches()), name);
        }
    }

    /** The surefire include globs ("**&#47;*Test.java") as patterns over a class's simple name. */
    private static List<Pattern> includes(String pom) {
        List<Pattern> out = new ArrayList<>();
        Matcher m = INCLUDE.matcher(pom);
        while (m.find()) {
            out.add(Pattern.compile(Pattern.quote(m.group(1)).replace("*", "\\E.*\\Q")));
        }
        return out;
    }
}
