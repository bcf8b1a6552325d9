package luolab.ui.view;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.paint.Color;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PageMeta;
import luolab.engine.memory.PageState;
import luolab.ui.model.Theme;

/**
 * Memory-map colours. Hues group meaning: LUO's own metadata is blue/green/red (session blocks,
 * file blocks, the luo_ser root), KHO's handover structures are violet (FDT, radix tree), the
 * user's memfd data is cyan, the kernel is neutral grey, scratch is sand, free is the background
 * and poisoned memory (handed to the new kernel's allocator) is a warning pink. The preserved bit
 * is a bright outline, not a colour, so a cell shows what it is and whether it survives.
 */
public final class Palette {
    public record Entry(String name, Color color, String meaning) {
    }

    private final int[] kind = new int[OwnerKind.values().length];
    private final int poisoned;
    private final int free;
    private final int background;
    private final int grid;
    private final int preserved;
    private final int incoming;
    private final Theme theme;

    private Palette(Theme theme) {
        this.theme = theme;
        boolean dark = theme == Theme.DARK;
        set(OwnerKind.NONE, dark ? 0xFF2B3038 : 0xFFE9ECEF);
        set(OwnerKind.KERNEL_IMAGE, dark ? 0xFF7D8793 : 0xFF5C6670);
        set(OwnerKind.KERNEL_OTHER, dark ? 0xFF56606B : 0xFFA3ADB8);
        set(OwnerKind.SCRATCH, dark ? 0xFF8A7A4A : 0xFFEAD9A2);
        set(OwnerKind.KHO_FDT, 0xFF7B3FB5);
        set(OwnerKind.KHO_RADIX, dark ? 0xFF9C85D6 : 0xFFB9A5E8);
        set(OwnerKind.KEXEC_METADATA, 0xFF8D6E63);
        set(OwnerKind.LUO_SER, 0xFFD62728);
        set(OwnerKind.LUO_FDT, 0xFFE377C2);
        set(OwnerKind.SESSION_BLOCK, 0xFF1F6FD1);
        set(OwnerKind.FILE_BLOCK, 0xFF2CA02C);
        set(OwnerKind.FLB, 0xFFFF7F0E);
        set(OwnerKind.MEMFD_SER, 0xFF0E8C99);
        set(OwnerKind.MEMFD_FOLIO, dark ? 0xFF3FC4D4 : 0xFF7FD3DE);
        set(OwnerKind.VMALLOC_CHUNK, 0xFFA0522D);
        set(OwnerKind.VMALLOC_DATA, dark ? 0xFFB08873 : 0xFFD2B4A0);
        set(OwnerKind.TEST_DATA, 0xFFBCBD22);
        poisoned = dark ? 0xFF4A2F3A : 0xFFF6D9E3;
        free = kind[OwnerKind.NONE.ordinal()];
        background = dark ? 0xFF1B1E23 : 0xFFFFFFFF;
        grid = dark ? 0xFF15171B : 0xFFFFFFFF;
        preserved = dark ? 0xFFFFE14D : 0xFFFFB000;
        incoming = dark ? 0xFF3DF5C8 : 0xFF00B894;
    }

    private void set(OwnerKind k, int argb) {
        kind[k.ordinal()] = argb;
    }

    private static final Palette LIGHT = new Palette(Theme.LIGHT);
    private static final Palette DARK = new Palette(Theme.DARK);

    public static Palette of(Theme t) {
        return t == Theme.DARK ? DARK : LIGHT;
    }

    public Theme theme() {
        return theme;
    }

    /** Fill colour of a page cell from its packed metadata. */
    public int cell(long meta) {
        PageState s = PageMeta.state(meta);
        if (s == PageState.POISONED) {
            return poisoned;
        }
        OwnerKind k = PageMeta.kind(meta);
        if (k == OwnerKind.NONE && s == PageState.SCRATCH) {
            return kind[OwnerKind.SCRATCH.ordinal()];
        }
        return kind[k.ordinal()];
    }

    public int kind(OwnerKind k) {
        return kind[k.ordinal()];
    }

    public int poisoned() {
        return poisoned;
    }

    public int free() {
        return free;
    }

    public int background() {
        return background;
    }

    public int grid() {
        return grid;
    }

    public int preserved() {
        return preserved;
    }

    /** Outline of pages the new kernel reserved because the old one preserved them (not yet restored). */
    public int incoming() {
        return incoming;
    }

    /** Outline colour for a page, or 0 for none. */
    public int marker(long meta) {
        if (PageMeta.preserved(meta)) {
            return preserved;
        }
        return PageMeta.state(meta) == PageState.INCOMING ? incoming : 0;
    }

    public static Color color(int argb) {
        return Color.rgb((argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF, ((argb >>> 24) & 0xFF) / 255.0);
    }

    /** Mixes {@code a} toward {@code b} by {@code t} (0..1). */
    public static int mix(int a, int b, double t) {
        int r = (int) (((a >> 16) & 0xFF) * (1 - t) + ((b >> 16) & 0xFF) * t);
        int g = (int) (((a >> 8) & 0xFF) * (1 - t) + ((b >> 8) & 0xFF) * t);
        int bl = (int) ((a & 0xFF) * (1 - t) + (b & 0xFF) * t);
        return 0xFF000000 | (r << 16) | (g << 8) | bl;
    }

    /** The legend, in reading order (what the user looks for first). */
    public List<Entry> legend() {
        List<Entry> out = new ArrayList<>();
        add(out, OwnerKind.LUO_SER, "root of LUO state (KHO blob \"LUO\")");
        add(out, OwnerKind.SESSION_BLOCK, "kho_block of luo_session_ser entries");
        add(out, OwnerKind.FILE_BLOCK, "kho_block of luo_file_ser entries");
        add(out, OwnerKind.FLB, "File-Lifecycle-Bound state page");
        add(out, OwnerKind.LUO_FDT, "LUO flattened device tree");
        add(out, OwnerKind.KHO_FDT, "KHO root FDT (the boot parameter)");
        add(out, OwnerKind.KHO_RADIX, "preserved-memory radix tree");
        add(out, OwnerKind.KEXEC_METADATA, "kho_kexec_metadata");
        add(out, OwnerKind.MEMFD_SER, "memfd_luo_ser + folio array");
        add(out, OwnerKind.MEMFD_FOLIO, "preserved memfd data");
        add(out, OwnerKind.VMALLOC_CHUNK, "KHO vmalloc chunk");
        add(out, OwnerKind.VMALLOC_DATA, "KHO vmalloc data");
        add(out, OwnerKind.TEST_DATA, "test file handler data");
        add(out, OwnerKind.SCRATCH, "KHO scratch area");
        add(out, OwnerKind.KERNEL_IMAGE, "kernel text/data");
        add(out, OwnerKind.KERNEL_OTHER, "other kernel allocations");
        add(out, OwnerKind.NONE, "free page");
        out.add(new Entry("poisoned", color(poisoned), "free after kexec, old content gone: reads 0xaa"));
        return out;
    }

    private void add(List<Entry> out, OwnerKind k, String meaning) {
        String name = switch (k) {
            case KHO_RADIX -> "radix node";
            case VMALLOC_CHUNK -> "vmalloc chunk";
            case VMALLOC_DATA -> "vmalloc data";
            case TEST_DATA -> "test data";
            case SCRATCH -> "scratch";
            case KERNEL_IMAGE -> "kernel image";
            case KERNEL_OTHER -> "kernel data";
            case KHO_FDT -> "KHO FDT";
            case FLB -> "FLB";
            default -> k.label();
        };
        out.add(new Entry(name, color(kind(k)), k.label() + ": " + meaning));
    }
}
