package luolab.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.luo.LuoFile;
import luolab.engine.luo.LuoSession;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.Trace;
import luolab.engine.user.Process;
import luolab.engine.vfs.MemfdFile;
import luolab.scenario.MemoryImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "boot", mixinStandardHelpOptions = true,
        description = {"Boot the next kernel on an exported image (OUT_DIR from 'luolab export') in this fresh process: "
                + "only memory.bin and the boot parameters of handover.json are used. Prints the kernel log, then opens "
                + "/dev/liveupdate and lists what was restored: sessions, their files' tokens, and the first bytes of "
                + "every memfd (retrieved for the purpose)."})
final class BootCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "OUT_DIR", description = "an exported image directory")
    Path dir;

    @Option(names = "--bytes", paramLabel = "N", defaultValue = "64", description = "memfd bytes to show (default: ${DEFAULT-VALUE})")
    int bytes;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @Option(names = "--trace", paramLabel = "MODE", defaultValue = "off", description = "trace recording: full, coarse or off")
    String trace;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        MemoryImage.Loaded img = Cli.loadImage(dir);
        MemoryImage.Handover h = img.handover();
        Machine m = Machine.bootFromImage(img.memory(), h.bootParams(), Abi.byId(h.abi()), new Trace(Cli.traceMode(trace)), h.boot());
        Kernel k = m.kernel();
        JsonObject o = new JsonObject();
        o.addProperty("boot", k.boot());
        o.addProperty("abi", k.abi().id());
        o.addProperty("panicked", k.panicked());
        o.addProperty("hung", k.hung());
        JsonArray log = new JsonArray();
        k.log().lines().forEach(l -> log.add(l.toString()));
        o.add("log", log);
        JsonArray sessions = new JsonArray();
        o.add("sessions", sessions);
        if (!json) {
            out.println("Booted kernel #" + k.boot() + " (" + k.abi().id() + ") from " + dir + " (" + img.pagesWithData() + " pages with data)");
            out.println();
            out.println("Kernel log:");
            if (KernelLog.hasNotes(k.log().lines())) {
                out.println("  " + KernelLog.NOTE_LEGEND);
            }
            for (KernelLog.Line l : k.log().lines()) {
                out.println("  " + l);
            }
        }
        int rc = Main.EXIT_OK;
        if (k.dead()) {
            o.addProperty(k.hung() ? "hang_message" : "panic_message", k.stopReason().text());
            if (!json) {
                out.println();
                out.println((k.hung() ? "HANG: " : "PANIC: ") + k.stopReason().text());
            }
            rc = Main.EXIT_FAILED;
        } else {
            Process p = new Process(k);
            int dev = p.open("/dev/liveupdate");
            o.addProperty("open_dev_liveupdate", dev < 0 ? Errno.pe(dev) : "ok");
            if (dev < 0) {
                if (!json) {
                    out.println();
                    out.println("open(/dev/liveupdate) = " + Errno.pe(dev) + (dev == -Errno.EIO ? " (deserialization failed; see the log)" : ""));
                    for (KernelLog.Line l : k.log().lines().subList(Math.min(log.size(), k.log().lines().size()), k.log().lines().size())) {
                        out.println("  " + l);
                    }
                }
                rc = Main.EXIT_FAILED;
            } else {
                var in = k.luo().sessions().incoming();
                if (!json) {
                    out.println();
                    out.println("Restored " + in.size() + " session" + (in.size() == 1 ? "" : "s") + " (liveupdate number "
                            + k.luo().liveupdateNum() + "):");
                }
                for (LuoSession s : in) {
                    sessions.add(session(p, dev, s, out));
                }
                for (KernelLog.Line l : k.log().lines().subList(Math.min(log.size(), k.log().lines().size()), k.log().lines().size())) {
                    log.add(l.toString());
                    if (!json) {
                        out.println("  log: " + l);
                    }
                }
            }
        }
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o));
        }
        out.flush();
        return rc;
    }

    private JsonObject session(Process p, int dev, LuoSession s, PrintWriter out) {
        JsonObject js = new JsonObject();
        js.addProperty("name", s.name());
        var files = s.fileSet().files();
        js.addProperty("file_count", files.size());
        if (!json) {
            out.println("  session \"" + s.name() + "\": " + files.size() + " file" + (files.size() == 1 ? "" : "s"));
        }
        int sfd = -1;
        JsonArray jf = new JsonArray();
        for (LuoFile f : files) {
            JsonObject x = new JsonObject();
            x.addProperty("token", "0x" + Long.toHexString(f.token()));
            x.addProperty("compatible", f.handler().compatible());
            StringBuilder line = new StringBuilder(String.format("    token 0x%-6x %-16s", f.token(), f.handler().compatible()));
            if (f.handler().compatible().startsWith("memfd")) {
                if (sfd < 0) {
                    sfd = p.retrieveSession(dev, s.name());
                }
                int fd = sfd < 0 ? sfd : p.retrieveFd(sfd, f.token());
                if (fd < 0) {
                    x.addProperty("error", Errno.pe(fd));
                    line.append(" retrieve failed: ").append(Errno.pe(fd));
                } else if (p.file(fd) instanceof MemfdFile) {
                    long size = p.fileSize(fd);
                    byte[] head = p.pread(fd, (int) Math.min(bytes, Math.max(0, size)), 0);
                    String text = head == null ? "" : printable(head);
                    x.addProperty("size", size);
                    x.addProperty("head", head == null ? "" : new String(trimNul(head), StandardCharsets.ISO_8859_1));
                    line.append(" size ").append(size).append("  \"").append(text).append('"');
                }
            } else {
                x.addProperty("data", "0x" + Long.toHexString(f.serializedData()));
                line.append(" data 0x").append(Long.toHexString(f.serializedData()));
            }
            jf.add(x);
            if (!json) {
                out.println(line);
            }
        }
        js.add("files", jf);
        return js;
    }

    private static byte[] trimNul(byte[] b) {
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return java.util.Arrays.copyOf(b, n);
    }

    static String printable(byte[] b) {
        byte[] t = trimNul(b);
        StringBuilder sb = new StringBuilder();
        for (byte x : t) {
            int c = x & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        if (t.length < b.length) {
            sb.append("\\0…");
        }
        return sb.toString();
    }
}
