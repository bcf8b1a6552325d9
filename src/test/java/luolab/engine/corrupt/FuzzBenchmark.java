package luolab.engine.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The 100,000-iteration measurement, off by default:
 * {@code mvn -o test -Dtest=FuzzBenchmark -Dluolab.fuzz.iterations=100000 -Dluolab.fuzz.seed=1}.
 */
class FuzzBenchmark {
    @Test
    @EnabledIfSystemProperty(named = "luolab.fuzz.iterations", matches = "\\d+")
    void fuzz() {
        int n = Integer.parseInt(System.getProperty("luolab.fuzz.iterations"));
        long seed = Long.parseLong(System.getProperty("luolab.fuzz.seed", "1"));
        Fuzzer.Result r = new Fuzzer(seed).run(n);
        System.out.println(r.report());
        assertEquals(0, r.byKind().getOrDefault(OutcomeKind.JAVA_EXCEPTION, 0), "Java exceptions escaped the engine");
    }
}
