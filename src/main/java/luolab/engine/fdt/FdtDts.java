package luolab.engine.fdt;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Device tree source text in the layout of dtc's {@code dt_to_source()}, i.e. what
 * {@code dtc -I dtb -O dts} prints for a blob: "/dts-v1/;", a blank line, /memreserve/ lines,
 * then the tree with tab indentation, properties before children and a blank line before each
 * child. Value types are guessed as dtc guesses them ({@link FdtValue#toDtsValue}).
 */
public final class FdtDts {
    private FdtDts() {
    }

    public static String toDts(FdtNode root) {
        return toDts(root, List.of());
    }

    public static String toDts(FdtTree tree) {
        return toDts(tree.root(), tree.reserves());
    }

    public static String toDts(FdtNode root, List<ReserveEntry> reserves) {
        Objects.requireNonNull(root, "root");
        StringBuilder sb = new StringBuilder("/dts-v1/;\n\n");
        for (ReserveEntry r : reserves) {
            sb.append(String.format("/memreserve/\t0x%016x 0x%016x;\n", r.address(), r.size()));
        }
        node(sb, root, 0, true);
        return sb.toString();
    }

    private static void node(StringBuilder sb, FdtNode node, int level, boolean top) {
        indent(sb, level);
        sb.append(top || node.name().isEmpty() ? "/" : node.name()).append(" {\n");
        for (Map.Entry<String, byte[]> p : node.rawProperties().entrySet()) {
            indent(sb, level + 1);
            sb.append(p.getKey());
            String value = FdtValue.toDtsValue(p.getValue());
            if (!value.isEmpty()) {
                sb.append(" = ").append(value);
            }
            sb.append(";\n");
        }
        for (FdtNode child : node.rawChildren()) {
            sb.append('\n');
            node(sb, child, level + 1, false);
        }
        indent(sb, level);
        sb.append("};\n");
    }

    private static void indent(StringBuilder sb, int level) {
        sb.append("\t".repeat(level));
    }
}
