package luolab.scenario;

import java.util.List;
import luolab.engine.abi.Abi;

/**
 * What a scenario step does: one record per op, in the selftests' language. The JSON field of a
 * component is its name in snake_case ({@code allowSealing} → {@code "allow_sealing"}); components
 * marked {@link Opt} may be omitted. Strings that name things (session names, contents, tokens,
 * fd variables) may contain {@code ${i}}-style loop variables of enclosing {@code repeat} steps;
 * they are substituted when the step runs.
 *
 * <p>Fd references ({@code fd}, {@code session}, {@code device}) are either a variable bound by an
 * earlier step's {@code "as"} or a literal fd number. Tokens are u64, decimal or "0x1A".
 *
 * <p>New ops: implement {@link Extension} with a record and register it, with its executor, in a
 * {@link StepRegistry} (see {@link StepRegistry#standard()}). The sealed part below is the
 * built-in vocabulary.
 */
public sealed interface Op {

    /** open("/dev/liveupdate") (or {@code path}); the fd becomes the default device for session ops. */
    record OpenDevice(@Opt String path) implements Op {
    }

    /** open(path): "/dev/liveupdate" or "/dev/null" (an fd LUO cannot preserve). */
    record Open(String path) implements Op {
    }

    /** close(fd). Closing a session fd unpreserves its files (outgoing) or finishes it (retrieved). */
    record Close(String fd) implements Op {
    }

    /** LIVEUPDATE_IOCTL_CREATE_SESSION on {@code device} (default: the last opened /dev/liveupdate). */
    record CreateSession(String name, @Opt String device) implements Op {
    }

    /** LIVEUPDATE_IOCTL_RETRIEVE_SESSION. */
    record RetrieveSession(String name, @Opt String device) implements Op {
    }

    /**
     * memfd_create(name, flags), then ftruncate(size), pwrite(content or fill at offset 0) and
     * F_ADD_SEALS. {@code allow_sealing} defaults to true when seals are given (MFD_ALLOW_SEALING).
     */
    record MemfdCreate(@Opt String name, @Opt Long size, @Opt String content, @Opt Fill fill, @Opt Seals seals,
            @Opt Boolean allowSealing) implements Op {
        public MemfdCreate {
            if (content != null && fill != null) {
                throw new IllegalArgumentException("give either \"content\" or \"fill\", not both");
            }
            if (fill != null && size == null) {
                throw new IllegalArgumentException("\"fill\" needs a \"size\"");
            }
            if (size != null && size < 0) {
                throw new IllegalArgumentException("size must not be negative");
            }
        }
    }

    /** write(fd, content) at the file position (which advances), or pwrite at {@code offset}. */
    record Write(String fd, String content, @Opt Long offset) implements Op {
    }

    /** LIVEUPDATE_SESSION_PRESERVE_FD. */
    record PreserveFd(String session, String fd, String token) implements Op {
        public PreserveFd {
            Op.checkToken(token);
        }
    }

    /**
     * The selftests' create_and_preserve_memfd(): a memfd ftruncated to at least one page holding
     * {@code content} (or {@code size} bytes of {@code fill}), preserved under {@code token}.
     * Empty content gives an empty (size 0) memfd. Returns the memfd's fd.
     */
    record PreserveMemfd(String session, String token, @Opt String content, @Opt Fill fill, @Opt Long size) implements Op {
        public PreserveMemfd {
            Op.checkToken(token);
            if (content != null && fill != null) {
                throw new IllegalArgumentException("give either \"content\" or \"fill\", not both");
            }
            if (fill != null && size == null) {
                throw new IllegalArgumentException("\"fill\" needs a \"size\"");
            }
            if (content != null && size != null) {
                throw new IllegalArgumentException("\"size\" goes with \"fill\"; with \"content\" the memfd is one page (or the content's length)");
            }
        }
    }

    /**
     * A metadata-only file ("luolab-test-v1" handler: no pages, only its 64-byte luo_file_ser
     * entry) preserved under {@code token}; its fd is closed right away (LUO keeps a reference).
     * {@code cookie} is its serialized data (non-zero; default token + 1).
     */
    record PreserveTestFile(String session, String token, @Opt String cookie) implements Op {
        public PreserveTestFile {
            Op.checkToken(token);
            if (cookie != null && !cookie.contains("${")) {
                Values.parseUnsigned(cookie, "cookie");
            }
        }
    }

    /** LIVEUPDATE_SESSION_RETRIEVE_FD. */
    record RetrieveFd(String session, String token) implements Op {
        public RetrieveFd {
            Op.checkToken(token);
        }
    }

    /**
     * Reads the memfd: with {@code content}, its first bytes must equal it; with {@code fill}, its
     * first {@code size} bytes (default: the file size) must follow the pattern; with {@code size}
     * alone or together with the others, the file size must equal it.
     */
    record CheckContent(String fd, @Opt String content, @Opt Fill fill, @Opt Long size) implements Op {
        public CheckContent {
            if (content != null && fill != null) {
                throw new IllegalArgumentException("give either \"content\" or \"fill\", not both");
            }
            if (content == null && fill == null && size == null) {
                throw new IllegalArgumentException("check_content needs \"content\", \"fill\" or \"size\"");
            }
        }
    }

    /** LIVEUPDATE_SESSION_FINISH on a retrieved session. */
    record Finish(String session) implements Op {
    }

    /** LIVEUPDATE_SESSION_GET_NAME; with {@code equals}, the returned name must match. */
    record GetName(String session, @Opt String equals) implements Op {
    }

    /** reboot(LINUX_REBOOT_CMD_KEXEC) into a kernel of generation {@code abi} (default: the same). */
    record Kexec(@Opt String abi) implements Op {
        public Kexec {
            if (abi != null && Abi.byId(abi) == null) {
                throw new IllegalArgumentException("unknown abi \"" + abi + "\" (known: "
                        + String.join(", ", Abi.ALL.stream().map(Abi::id).toList()) + ")");
            }
        }
    }

    /** Runs {@code steps} {@code count} times with loop variable {@code var} (default "i") = from, from+1, … */
    record Repeat(long count, List<Step> steps, @Opt String var, @Opt Long from) implements Op {
        public Repeat {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative");
            }
            if (steps.isEmpty()) {
                throw new IllegalArgumentException("repeat needs at least one step");
            }
            if (var != null && !var.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("var must be an identifier, got \"" + var + "\"");
            }
            steps = List.copyOf(steps);
        }

        public String variable() {
            return var == null ? "i" : var;
        }

        public long start() {
            return from == null ? 0 : from;
        }
    }

    /** The current kernel's log (or, with any_boot, any boot's log so far) has a line containing the text. */
    record ExpectLog(String contains, @Opt Boolean anyBoot) implements Op {
    }

    /**
     * A count in the current kernel must equal {@code equals}. {@code what}: outgoing_sessions,
     * incoming_sessions, session_blocks, incoming_session_blocks, outgoing_files, file_blocks and
     * files (of one session: {@code session} — an fd variable, or else a session name — or {@code name}), preserved_pages (pages in the
     * outgoing KHO radix tree), incoming_preserved_ranges.
     */
    record ExpectCount(String what, long equals, @Opt String session, @Opt String name) implements Op {
        public static final List<String> WHATS = List.of("outgoing_sessions", "incoming_sessions", "session_blocks",
                "incoming_session_blocks", "outgoing_files", "file_blocks", "files", "preserved_pages",
                "incoming_preserved_ranges");

        public ExpectCount {
            if (!WHATS.contains(what)) {
                throw new IllegalArgumentException("unknown count \"" + what + "\" (known: " + String.join(", ", WHATS) + ")");
            }
            boolean perSession = what.equals("file_blocks") || what.equals("files");
            if (perSession && session == null && name == null) {
                throw new IllegalArgumentException(what + " needs \"session\" (fd) or \"name\"");
            }
            if (!perSession && (session != null || name != null)) {
                throw new IllegalArgumentException(what + " does not take a session");
            }
        }
    }

    /** The current kernel panicked (optionally with a message containing {@code contains}). */
    record ExpectPanic(@Opt String contains) implements Op {
    }

    /**
     * The current kernel came up: it neither panicked nor hangs (a hang is no panic, but the new
     * kernel never runs either, so this check fails on it and names the hang).
     */
    record ExpectNoPanic() implements Op {
    }

    /**
     * The current kernel's boot hangs (optionally for a reason containing {@code contains}). A hang
     * prints nothing (kho_mem_retrieve() runs before the lockup detectors exist), so the text is
     * matched against the lab's reason for stopping the boot, not the kernel log.
     */
    record ExpectHang(@Opt String contains) implements Op {
    }

    /** Narration for the UI; always succeeds. */
    record Note(String text) implements Op {
    }

    /** Ops added outside the built-in vocabulary (corrupt, …) implement this and are registered in a {@link StepRegistry}. */
    non-sealed interface Extension extends Op {
    }

    /** A token must be a u64 number unless it is filled in from a loop variable at run time. */
    static void checkToken(String token) {
        if (token != null && !token.contains("${")) {
            Values.parseUnsigned(token, "token");
        }
    }
}
