package luolab.ui.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link FinalSessions}' columns as they are read, grown as they fill: a session is a name, where
 * it came from, a state word and an error; its files follow it as tokens, handler indexes and
 * retrieve statuses. A million files are a few arrays, not a million objects.
 */
final class SessionColumns {
    int sessions;
    String[] names = new String[16];
    boolean[] incoming = new boolean[16];
    String[] states = new String[16];
    String[] errors = new String[16];
    /** Session {@code i}'s files are [firstFile[i], firstFile[i + 1]). */
    int[] firstFile = new int[17];
    int files;
    long[] tokens = new long[64];
    int[] handlers = new int[64];
    int[] status = new int[64];
    final Map<String, Integer> compatibles = new HashMap<>();

    /** Starts a session; its files are the {@link #file} calls up to the next session. */
    void session(String name, boolean in, String state, String error) {
        if (sessions == names.length) {
            int n = sessions * 2;
            names = Arrays.copyOf(names, n);
            incoming = Arrays.copyOf(incoming, n);
            states = Arrays.copyOf(states, n);
            errors = Arrays.copyOf(errors, n);
            firstFile = Arrays.copyOf(firstFile, n + 1);
        }
        names[sessions] = name;
        incoming[sessions] = in;
        states[sessions] = state;
        errors[sessions] = error;
        sessions++;
        firstFile[sessions] = files;
    }

    /** Room for {@code n} more files at once (a session's file set knows its size). */
    void reserveFiles(long n) {
        if (files + n > tokens.length) {
            int size = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(tokens.length * 2L, files + n));
            tokens = Arrays.copyOf(tokens, size);
            handlers = Arrays.copyOf(handlers, size);
            status = Arrays.copyOf(status, size);
        }
    }

    /** A file of the session started last. */
    void file(long token, String compatible, int retrieveStatus) {
        reserveFiles(1);
        tokens[files] = token;
        handlers[files] = compatibles.computeIfAbsent(compatible, x -> compatibles.size());
        status[files] = retrieveStatus;
        files++;
        firstFile[sessions] = files;
    }
}
