package luolab.scenario;

import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * memfd seals (fcntl F_ADD_SEALS): a list of names {@code ["seal","shrink","grow","write",
 * "future_write","exec"]} or a number (bit mask, e.g. "0x3F"); MEMFD_LUO_ALL_SEALS is 0x3F.
 */
public record Seals(int mask) {
    public static final String[] NAMES = {"seal", "shrink", "grow", "write", "future_write", "exec"};

    public static Seals fromJson(JsonElement e) {
        if (e.isJsonArray()) {
            int m = 0;
            for (JsonElement x : e.getAsJsonArray()) {
                if (!x.isJsonPrimitive()) {
                    throw new IllegalArgumentException("seal names must be strings");
                }
                m |= bit(x.getAsString());
            }
            return new Seals(m);
        }
        if (e.isJsonPrimitive()) {
            return new Seals((int) Values.parseUnsigned(e.getAsString(), "seals"));
        }
        throw new IllegalArgumentException("seals must be a list of names or a number");
    }

    static int bit(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("f_seal_", "");
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(n)) {
                return 1 << i;
            }
        }
        throw new IllegalArgumentException("unknown seal \"" + name + "\" (known: " + String.join(", ", NAMES) + ")");
    }

    @Override
    public String toString() {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if ((mask & (1 << i)) != 0) {
                s.add(NAMES[i]);
            }
        }
        if ((mask & ~0x3F) != 0) {
            s.add(String.format("0x%x", mask & ~0x3F));
        }
        return String.join("|", s);
    }
}
