package luolab.cli;

import luolab.engine.handover.MemfdLuoSer;
import luolab.engine.memory.PhysicalMemory;

/**
 * Inspect's line on a memfd file: its memfd_luo_ser as the engine's reader read it
 * ({@link MemfdLuoSer}: size, pos, seals, folio count, the vmalloc'd folio array), the pages it
 * occupies labelled for the preserved-range list, and the first bytes of its first folio.
 */
final class MemfdSection {
    private final Inspection in;

    MemfdSection(Inspection in) {
        this.in = in;
    }

    /** The memfd_luo_ser at {@code pa} (a luo_file_ser's data) of file {@code token} in {@code session}. */
    String describe(String session, long token, long pa) {
        String what = "memfd token " + Inspection.hex(token) + " of \"" + session + "\": memfd_luo_ser " + Inspection.hex(pa);
        MemfdLuoSer m = MemfdLuoSer.read(in.mem, pa);
        if (!m.serRead()) {
            in.warn(what + " is outside RAM");
            return "memfd_luo_ser outside RAM";
        }
        in.label(pa & ~4095L, "memfd_luo_ser token " + Inspection.hex(token) + " of \"" + session + "\"");
        if (!in.preserved.contains(pa)) {
            in.warn(what + " is not preserved");
        }
        long nr = m.nrFolios();
        // size, pos and nr_folios are u64s: all ones is 2^64 - 1, not -1
        StringBuilder sb = new StringBuilder("memfd: size " + Long.toUnsignedString(m.size()) + ", pos " + Long.toUnsignedString(m.pos())
                + ", seals " + Inspection.hex(m.seals()) + ", " + Long.toUnsignedString(nr) + " folio" + (nr == 1 ? "" : "s"));
        if (nr != 0 && !m.chunks().isEmpty()) {
            MemfdLuoSer.VmallocChunk first = m.chunks().get(0);
            in.label(first.pa(), "vmalloc chunk of memfd token " + Inspection.hex(token));
            // the first phys word of the first chunk is the folio array's first page; its first
            // memfd_luo_folio_ser is the reader's first folio when that page is in RAM
            if (!first.phys().isEmpty() && !m.folios().isEmpty()) {
                in.label(first.phys().get(0) & ~4095L, "folio array of memfd token " + Inspection.hex(token));
                MemfdLuoSer.Folio f0 = m.folios().get(0);
                if (f0.index() == 0 && in.readable(f0.pa(), PhysicalMemory.PAGE_SIZE)) {
                    in.label(f0.pa(), "folio 0 of memfd token " + Inspection.hex(token));
                    byte[] head = in.mem.read(f0.pa(), (int) (Long.compareUnsigned(m.size(), 32) > 0 ? 32 : m.size()));
                    sb.append(", starts \"").append(BootCommand.printable(head)).append('"');
                }
            }
        }
        return sb.toString();
    }
}
