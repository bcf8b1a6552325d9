package luolab.ui.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;

/** The last few scenario files opened, kept in user preferences (best effort: never fails the app). */
public final class RecentFiles {
    private static final int MAX = 8;
    private final Preferences prefs;

    public RecentFiles(Preferences prefs) {
        this.prefs = prefs;
    }

    /** Preferences under luolab/ui, or none at all when {@code luolab.ui.noPrefs} is set (tests). */
    public static RecentFiles standard() {
        if (Boolean.getBoolean("luolab.ui.noPrefs")) {
            return new RecentFiles(null);
        }
        try {
            return new RecentFiles(Preferences.userRoot().node("luolab/ui"));
        } catch (RuntimeException e) {
            return new RecentFiles(null);
        }
    }

    public List<Path> load() {
        List<Path> out = new ArrayList<>();
        if (prefs == null) {
            return out;
        }
        try {
            for (int i = 0; i < MAX; i++) {
                String s = prefs.get("recent." + i, null);
                if (s != null && !s.isBlank()) {
                    out.add(Path.of(s));
                }
            }
        } catch (RuntimeException e) {
            // unreadable preferences: no recent files
        }
        return out;
    }

    public List<Path> add(List<Path> current, Path p) {
        List<Path> out = new ArrayList<>(current);
        Path abs = p.toAbsolutePath().normalize();
        out.remove(abs);
        out.add(0, abs);
        while (out.size() > MAX) {
            out.remove(out.size() - 1);
        }
        if (prefs != null) {
            try {
                for (int i = 0; i < MAX; i++) {
                    if (i < out.size()) {
                        prefs.put("recent." + i, out.get(i).toString());
                    } else {
                        prefs.remove("recent." + i);
                    }
                }
                prefs.flush();
            } catch (Exception e) {
                // preferences are a convenience
            }
        }
        return out;
    }
}
