package luolab.scenario;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds scenarios: a file path, or the name of a built-in under the classpath's
 * {@code /assets/scenarios/} ("default-demo" → {@code /assets/scenarios/default-demo.json}).
 * {@code /assets/scenarios/index.json} lists the built-ins.
 */
public final class ScenarioLoader {
    public static final String BUILTIN_DIR = "/assets/scenarios/";
    public static final String DEFAULT = "default-demo";

    private final ScenarioParser parser;

    public ScenarioLoader(ScenarioParser parser) {
        this.parser = parser;
    }

    public ScenarioLoader() {
        this(new ScenarioParser());
    }

    public ScenarioParser parser() {
        return parser;
    }

    /** Loads {@code ref}: an existing file, else a built-in name. */
    public Scenario load(String ref) throws ScenarioException {
        Path p = Path.of(ref);
        if (Files.isRegularFile(p)) {
            return loadFile(p);
        }
        if (Files.isDirectory(p)) {
            throw new ScenarioException(new SourcePos(ref, 0, 0), "is a directory, not a scenario file");
        }
        String name = ref.endsWith(".json") ? ref.substring(0, ref.length() - 5) : ref;
        if (!name.contains("/") && !name.contains("\\")) {
            InputStream in = ScenarioLoader.class.getResourceAsStream(BUILTIN_DIR + name + ".json");
            if (in != null) {
                try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    return parser.parse(name + ".json", r);
                } catch (IOException e) {
                    throw new ScenarioException(new SourcePos(name + ".json", 0, 0), "cannot read built-in scenario: " + e.getMessage());
                }
            }
        }
        if (name.contains("/") || name.contains("\\") || ref.endsWith(".json")) {
            throw new ScenarioException(new SourcePos(ref, 0, 0), "no such scenario file");
        }
        List<String> b = builtins();
        throw new ScenarioException(new SourcePos(ref, 0, 0), "no such scenario file or built-in scenario ("
                + b.size() + " built-ins, e.g. " + String.join(", ", b.subList(0, Math.min(3, b.size()))) + ")");
    }

    public Scenario loadFile(Path p) throws ScenarioException {
        try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            return parser.parse(p.getFileName().toString(), r);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ScenarioException(new SourcePos(p.toString(), 0, 0), "not UTF-8 text");
        } catch (IOException e) {
            throw new ScenarioException(new SourcePos(p.toString(), 0, 0), "cannot read: " + e.getMessage());
        }
    }

    /** Names of the built-in scenarios, from {@code /assets/scenarios/index.json}. */
    public static List<String> builtins() {
        List<String> out = new ArrayList<>();
        try (InputStream in = ScenarioLoader.class.getResourceAsStream(BUILTIN_DIR + "index.json")) {
            if (in == null) {
                return out;
            }
            JsonArray a = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonArray();
            a.forEach(e -> out.add(e.getAsString()));
        } catch (IOException | RuntimeException e) {
            // an unreadable index lists nothing
        }
        return out;
    }
}
