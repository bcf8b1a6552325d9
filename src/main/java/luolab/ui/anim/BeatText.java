package luolab.ui.anim;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import luolab.engine.Errno;
import luolab.engine.trace.Phase;

/** How beats are worded: captions of phases and batches, and the bits of text they are made of. */
final class BeatText {
    private static final Pattern ERRNO_IN_TEXT = Pattern.compile("\\[(-E[A-Z0-9]+)\\]|\\s(-E[A-Z0-9]+)\\b");

    private BeatText() {
    }

    static int errnoIn(String text) {
        if (text == null) {
            return 0;
        }
        Matcher m = ERRNO_IN_TEXT.matcher(text);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            int v = Errno.parse(name.substring(1));
            if (v > 0) {
                return -Math.abs(v);
            }
        }
        return 0;
    }

    /** The banner of a boot that hangs: the kernel prints nothing, so the lab's reason, called what it is. */
    static String hang(String why) {
        return "Boot hangs (no panic, no kernel message): " + why.replace(" (no kernel message)", "")
                + " — nothing runs after";
    }

    static String errText(int err) {
        return err == 0 ? "" : " → " + Errno.pe(-Math.abs(err));
    }

    static String value(byte[] b) {
        if (b.length == 8) {
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = (v << 8) | (b[i] & 0xFF);
            }
            if (b[0] >= 'a' && b[0] <= 'z') {
                StringBuilder s = new StringBuilder("\"");
                for (byte x : b) {
                    if (x == 0) {
                        break;
                    }
                    s.append((char) x);
                }
                return s.append('"').toString();
            }
            return String.format("0x%x", v);
        }
        return b.length + " bytes";
    }

    static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("'") && s.endsWith("'") ? s.substring(1, s.length() - 1) : s;
    }

    static String entryName(String entry) {
        int a = entry.indexOf('\'');
        int b = entry.lastIndexOf('\'');
        return a >= 0 && b > a ? entry.substring(a + 1, b) : entry;
    }

    static String phaseCaption(Phase p) {
        return switch (p) {
            case RUNNING -> "old kernel — sessions and files are created, KHO preserves their pages";
            case SERIALIZE -> "serialize — liveupdate_reboot() writes every session and file into its block";
            case FINALIZE -> "finalize — the KHO FDT is completed and handed to kexec";
            case KEXEC -> "kexec — only preserved memory and the KHO FDT address survive the jump";
            case EARLY_BOOT -> "boot — the new kernel reads the KHO FDT, reserves preserved memory, checks the chains";
            case DESERIALIZE -> "deserialize — first open of /dev/liveupdate: sessions and files come back";
            case RETRIEVE -> "retrieve — userspace takes its sessions and files back";
            case FINISH -> "finish — everything is handed back and the blocks are freed";
        };
    }

    static String batchCaption(RawBeat a, RawBeat z, int n, BeatData d) {
        return switch (a.kind) {
            case SESSION -> {
                BeatData.Rows r = (BeatData.Rows) d;
                yield r.op().contains("/")
                        ? String.format("%d session events: %s (%s … %s)", n, r.op().replace("/", ", "),
                                r.sessions().get(0), r.sessions().get(r.sessions().size() - 1))
                        : String.format("%d sessions %s (%s … %s)", n, pastTense(r.op()), r.sessions().get(0),
                                r.sessions().get(r.sessions().size() - 1));
            }
            case FILE -> {
                BeatData.Rows r = (BeatData.Rows) d;
                yield r.op().contains("/") ? String.format("%d file events: %s", n, r.op().replace("/", ", "))
                        : String.format("%d files %s", n, pastTense(r.op()));
            }
            case PRESERVE -> String.format("KHO %s %d page ranges", a.family.endsWith("true") ? "preserves"
                    : "unpreserves", n);
            case RADIX_NODE -> String.format("KHO radix tree grows by %d nodes", n);
            case RESERVE -> String.format(java.util.Locale.ROOT, "KHO walks its radix tree: %,d preserved pages reserved", n);
            case SWEEP -> String.format(java.util.Locale.ROOT, "%,d pages neither preserved nor scratch are poisoned",
                    ((BeatData.Sweep) d).pages());
            case RESTORE -> String.format("kho_restore: %d pages taken back", n);
            case BLOCK_LINK -> {
                BeatData.Links l = (BeatData.Links) d;
                yield a.family.endsWith("true")
                        ? String.format("walk %s: %d blocks (%d … %d)", l.set(), n, l.indexes()[0], l.indexes()[n - 1])
                        : String.format("%s: blocks %d … %d allocated and linked", l.set(), l.indexes()[0],
                                l.indexes()[n - 1]);
            }
            case BLOCK_UNLINK -> String.format("%d blocks removed", n);
            case ENTRY -> {
                List<BeatData.Entry> es = ((BeatData.Entries) d).entries();
                BeatData.Entry last = es.get(es.size() - 1);
                long sessions = es.stream().filter(x -> !x.file()).count();
                yield sessions > 0 && !last.file()
                        ? String.format("serialize: %d entries → %s block %d (%d sessions, %d files)", n, last.set(),
                                last.block(), sessions, n - sessions)
                        : String.format("serialize: %d entries into their blocks", n);
            }
            case ENTRY_BACK -> {
                List<BeatData.Entry> es = ((BeatData.Entries) d).entries();
                long sessions = es.stream().filter(x -> !x.file()).count();
                yield String.format("deserialize: %d sessions, %d files back into the incoming tables", sessions,
                        n - sessions);
            }
            case FDT -> String.format("%d FDT nodes written", n);
            case LOG -> z.caption;
            default -> z.caption;
        };
    }

    private static String pastTense(String op) {
        return switch (op) {
            case "create" -> "created";
            case "remove" -> "removed";
            case "retrieve" -> "retrieved";
            case "finish" -> "finished";
            case "preserve" -> "preserved";
            case "unpreserve" -> "unpreserved";
            default -> op;
        };
    }
}
