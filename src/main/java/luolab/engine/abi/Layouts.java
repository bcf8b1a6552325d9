package luolab.engine.abi;

import static luolab.engine.abi.StructLayout.Type.BITMAP;
import static luolab.engine.abi.StructLayout.Type.BYTES;
import static luolab.engine.abi.StructLayout.Type.CHARS;
import static luolab.engine.abi.StructLayout.Type.PA;
import static luolab.engine.abi.StructLayout.Type.U16;
import static luolab.engine.abi.StructLayout.Type.U32;
import static luolab.engine.abi.StructLayout.Type.U64;

/**
 * Every packed struct that crosses a kexec, as in include/linux/kho/abi/*.h of the merged (v7)
 * series and, where they differ, of the older generations. Sizes are asserted by the tests
 * against the kernel's numbers (luo_ser 32, luo_session_ser 80, luo_file_ser 64, …).
 */
public final class Layouts {
    private Layouts() {
    }

    /** v7 "luo-v5": the root of LUO state, the KHO blob named "LUO". */
    public static final StructLayout LUO_SER = StructLayout.builder("luo_ser")
            .add("compatible", 8, CHARS)
            .add("liveupdate_num", 8, U64)
            .add("sessions_pa", 8, PA)
            .add("flbs_pa", 8, PA)
            .build();

    /** Series v2 "luo-v2": no compatible field; found through the LUO FDT's luo-abi-header. */
    public static final StructLayout LUO_SER_V2 = StructLayout.builder("luo_ser")
            .add("liveupdate_num", 8, U64)
            .add("sessions_pa", 8, PA)
            .add("flbs_pa", 8, PA)
            .build();

    public static final StructLayout BLOCK_HEADER = StructLayout.builder("kho_block_header_ser")
            .add("next", 8, PA)
            .add("count", 8, U64)
            .build();

    public static final StructLayout SESSION_SER = StructLayout.builder("luo_session_ser")
            .add("name", 64, CHARS)
            .add("file_set_ser.files", 8, PA)
            .add("file_set_ser.count", 8, U64)
            .build();

    public static final StructLayout FILE_SER = StructLayout.builder("luo_file_ser")
            .add("compatible", 48, CHARS)
            .add("data", 8, PA)
            .add("token", 8, U64)
            .build();

    public static final StructLayout FLB_HEADER = StructLayout.builder("luo_flb_header_ser")
            .add("pgcnt", 8, U64)
            .add("count", 8, U64)
            .build();

    public static final StructLayout FLB_SER = StructLayout.builder("luo_flb_ser")
            .add("name", 48, CHARS)
            .add("data", 8, PA)
            .add("count", 8, U64)
            .build();

    /** Pre-series: a u64 count at the start of the 16-page contiguous session array. */
    public static final StructLayout SESSION_HEADER_V1 = StructLayout.builder("luo_session_header_ser")
            .add("count", 8, U64)
            .build();

    public static final StructLayout MEMFD_SER = StructLayout.builder("memfd_luo_ser")
            .add("pos", 8, U64)
            .add("size", 8, U64)
            .add("seals", 4, U32)
            .add("flags", 4, U32)
            .add("nr_folios", 8, U64)
            .add("folios.first", 8, PA)
            .add("folios.total_pages", 4, U32)
            .add("folios.flags", 2, U16)
            .add("folios.order", 2, U16)
            .build();

    public static final StructLayout MEMFD_FOLIO_SER = StructLayout.builder("memfd_luo_folio_ser")
            .add("pfn:52,flags:12", 8, U64)
            .add("index", 8, U64)
            .build();

    public static final StructLayout VMALLOC_CHUNK = StructLayout.builder("kho_vmalloc_chunk")
            .add("hdr.next", 8, PA)
            .add("phys", 511 * 8, BYTES)
            .build();

    public static final StructLayout KEXEC_METADATA = StructLayout.builder("kho_kexec_metadata")
            .add("version", 4, U32)
            .add("previous_release", 65, CHARS)
            .add("kexec_count", 4, U32)
            .build();

    public static final StructLayout RADIX_NODE = StructLayout.builder("kho_radix_node")
            .add("table", 4096, BYTES)
            .build();

    public static final StructLayout RADIX_LEAF = StructLayout.builder("kho_radix_leaf")
            .add("bitmap", 4096, BITMAP)
            .build();

    /** A test file handler's serialized data: metadata only (used by the 1,000,000-file scenario). */
    public static final StructLayout FDT_BLOB = StructLayout.builder("fdt")
            .add("blob", 4096, BYTES)
            .build();

    public static final java.util.List<StructLayout> ALL = java.util.List.of(
            LUO_SER, BLOCK_HEADER, SESSION_SER, FILE_SER, FLB_HEADER, FLB_SER, SESSION_HEADER_V1,
            MEMFD_SER, MEMFD_FOLIO_SER, VMALLOC_CHUNK, KEXEC_METADATA, RADIX_NODE, RADIX_LEAF);
}
