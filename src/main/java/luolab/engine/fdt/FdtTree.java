package luolab.engine.fdt;

import java.util.List;
import java.util.Objects;

/** A parsed blob: its header, memory reservation entries and the root node. */
public record FdtTree(FdtHeader header, List<ReserveEntry> reserves, FdtNode root) {
    public FdtTree {
        Objects.requireNonNull(header, "header");
        reserves = List.copyOf(reserves);
        Objects.requireNonNull(root, "root");
    }
}
