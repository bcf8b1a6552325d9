package luolab.ui.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import luolab.engine.trace.Trace;
import luolab.scenario.RunResult;
import luolab.scenario.Scenario;
import luolab.scenario.ScenarioLoader;
import luolab.scenario.ScenarioRunner;
import luolab.ui.UiTestSupport;
import luolab.ui.model.FinalSessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a trace-off run's final state offers the Inject dialog, read without making a table row. */
class InjectChoicesTest {
    @Test
    void theOldKernelsSessionsAndAtMostSoManyTokensNoRowMade(@TempDir Path dir) throws Exception {
        Scenario s = new ScenarioLoader().loadFile(UiTestSupport.manyFiles(dir, 3, 300));
        RunResult r = new ScenarioRunner().run(s, Trace.Mode.OFF);
        assertTrue(r.ok());
        FinalSessions fin = FinalSessions.of(r.machine());
        Placement pl = Placement.atEnd(s, false);
        Set<String> names = new LinkedHashSet<>();
        Set<Long> tokens = new LinkedHashSet<>();
        InjectChoices.atTheEnd(fin, pl, names, tokens);
        assertEquals(List.of("many-0", "many-1", "many-2"), List.copyOf(names));
        assertEquals(InjectChoices.MAX_TOKENS, tokens.size(), "300 distinct tokens, cut");
        assertEquals(fin.token(0, 0), tokens.iterator().next());
        assertEquals(0, fin.sessionRowsMade());
        assertEquals(0, fin.fileRowsMade());
    }
}
