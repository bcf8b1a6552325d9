package luolab.cli;

import static luolab.cli.CliTestSupport.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** run --inject NAME:PARAMS@STEP puts a catalog corruption into the run at the given place. */
class InjectOptionTest {
    @Test
    void selfLoopBeforeTheJumpMakesTheNextKernelPanic() {
        var r = cli("run", "selftest-luo-kexec-simple", "--inject", "cyclic-chain:set=sessions,from=0,to=0@kexec");
        assertEquals(Main.EXIT_FAILED, r.code(), r.err());
        assertTrue(r.out().contains("luo: Block set is corrupted"), r.out());
        assertTrue(r.out().contains("Kernel panic - not syncing: The incoming tree failed to initialize properly [-EINVAL]"), r.out());
    }

    @Test
    void withoutTheInjectionTheSameRunPasses() {
        assertEquals(Main.EXIT_OK, cli("run", "selftest-luo-kexec-simple").code());
    }

    @Test
    void badInjectionsAreOneLineErrors() {
        var unknown = cli("run", "default-demo", "--inject", "no-such@kexec");
        assertEquals(Main.EXIT_USAGE, unknown.code());
        assertTrue(unknown.err().contains("unknown injector \"no-such\""), unknown.err());
        var badStep = cli("run", "default-demo", "--inject", "bit-flip@999");
        assertEquals(Main.EXIT_USAGE, badStep.code());
        assertTrue(badStep.err().contains("step 999 is outside"), badStep.err());
        var badParam = cli("run", "default-demo", "--inject", "bit-flip:oops@kexec");
        assertEquals(Main.EXIT_USAGE, badParam.code());
        assertTrue(badParam.err().lines().count() == 1 && !badParam.err().contains("Exception"), badParam.err());
    }
}
