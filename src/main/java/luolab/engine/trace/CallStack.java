package luolab.engine.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A simulated kernel call stack, innermost frame last when printed
 * ("liveupdate_reboot > luo_session_serialize > luo_file_freeze"). Immutable and shared: every
 * event captured inside the same frame holds the same object, so a stack costs one reference.
 */
public final class CallStack {
    public static final CallStack ROOT = new CallStack(null, "");

    private final CallStack parent;
    private final String frame;
    private final int depth;
    private java.util.Map<String, CallStack> children;

    private CallStack(CallStack parent, String frame) {
        this.parent = parent;
        this.frame = frame;
        this.depth = parent == null ? 0 : parent.depth + 1;
    }

    /** The stack with {@code fn} called from this one; interned so equal stacks are the same object. */
    public synchronized CallStack push(String fn) {
        if (children == null) {
            children = new java.util.HashMap<>();
        }
        return children.computeIfAbsent(fn, f -> new CallStack(this, f));
    }

    public CallStack parent() {
        return parent;
    }

    public String frame() {
        return frame;
    }

    public int depth() {
        return depth;
    }

    /** Frames outermost first. */
    public List<String> frames() {
        List<String> out = new ArrayList<>(depth);
        for (CallStack s = this; s != null && s.parent != null; s = s.parent) {
            out.add(s.frame);
        }
        Collections.reverse(out);
        return out;
    }

    public boolean contains(String fn) {
        for (CallStack s = this; s != null && s.parent != null; s = s.parent) {
            if (s.frame.equals(fn)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return String.join(" > ", frames());
    }
}
