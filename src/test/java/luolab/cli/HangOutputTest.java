package luolab.cli;

import static luolab.cli.CliTestSupport.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import luolab.engine.machine.Kernel;
import org.junit.jupiter.api.Test;

/** A boot whose radix walk never ends hangs silently: the CLI says "hang", never "panic". */
class HangOutputTest {
    @Test
    void corruptRadixCycleReportsAHangThatMatchesTheCatalog() {
        var r = cli("corrupt", "radix-cycle");
        assertEquals(Main.EXIT_OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("outcome: hang: " + Kernel.HANG_RADIX_WALK), r.out());
        assertTrue(r.out().contains("matches the documented outcome"), r.out());
        assertFalse(r.out().contains("outcome: panic"), r.out());
        assertFalse(r.out().contains("Kernel panic"), r.out());
    }

    @Test
    void runWithTheRadixCycleSaysTheNextKernelHung() {
        var r = cli("run", "selftest-luo-kexec-simple", "--inject", "radix-cycle@kexec");
        assertEquals(Main.EXIT_FAILED, r.code(), r.err());
        assertTrue(r.out().contains("— it HANGS: " + Kernel.HANG_RADIX_WALK), r.out());
        assertTrue(r.out().contains(" — HUNG:"), r.out());
        assertTrue(r.out().contains("panicked: no, hung: yes"), r.out());
        // the steps after the kexec did not run: a hung boot reaches no userspace, so no -EIO came back
        assertTrue(r.out().contains("boot 2 hangs in early boot: no userspace ran, so "), r.out());
        assertFalse(r.out().contains("-EIO"), r.out());
        assertFalse(r.out().contains("PANICKED"), r.out());
        assertFalse(r.out().contains("Kernel panic"), r.out());
    }

    @Test
    void runJsonMarksTheBootHungNotPanicked() {
        var r = cli("run", "selftest-luo-kexec-simple", "--inject", "radix-cycle@kexec", "--json");
        assertEquals(Main.EXIT_FAILED, r.code(), r.err());
        assertTrue(r.out().contains("\"hang_message\": \"" + Kernel.HANG_RADIX_WALK + "\""), r.out());
        assertTrue(r.out().contains("\"hung\": true"), r.out());
        assertFalse(r.out().contains("\"panicked\": true"), r.out());
    }
}
