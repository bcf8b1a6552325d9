package luolab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClosestNameTest {
    private static final List<String> OPS = List.of("create_session", "preserve_memfd", "kexec", "open_device");

    @Test
    void aTypoGetsTheNameItMeant() {
        assertEquals("create_session", ClosestName.of("create_sesion", OPS, false));
        assertEquals("kexec", ClosestName.of("kexc", OPS, false));
    }

    @Test
    void aDifferentWordGetsNoHint() {
        assertNull(ClosestName.of("reboot_machine", OPS, false));
        assertNull(ClosestName.of("x", List.of(), false));
    }

    @Test
    void caseCountsOnlyWhenAsked() {
        assertNull(ClosestName.of("CREATE_SESSION", OPS, false));
        assertEquals("create_session", ClosestName.of("CREATE_SESSION", OPS, true));
    }

    @Test
    void distanceIsLevenshtein() {
        assertEquals(3, ClosestName.distance("kitten", "sitting"));
        assertEquals(0, ClosestName.distance("", ""));
        assertEquals(4, ClosestName.distance("", "abcd"));
    }
}
