package luolab.engine.machine;

import java.util.List;
import luolab.engine.kho.Scratch;

/**
 * Everything the old kernel tells the new one: the KHO root FDT's physical address (from
 * kho_fill_kimage(): image->kho.fdt) and the scratch array passed as a kexec segment. Nothing
 * else crosses a kexec except physical memory itself.
 */
public record BootParams(long khoFdtPa, List<Scratch> scratch) {
    public BootParams {
        scratch = List.copyOf(scratch);
    }
}
