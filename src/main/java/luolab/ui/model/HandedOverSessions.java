package luolab.ui.model;

import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.handover.BlockChainReader;
import luolab.engine.handover.ChainLayout;
import luolab.engine.handover.Handover;
import luolab.engine.handover.ReadPurpose;
import luolab.engine.luo.EntryStore;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.memory.PhysicalMemory;

/**
 * The sessions and files a kernel was handed but has not read yet. The next kernel's LUO
 * deserializes lazily: luo_session_deserialize() runs in the first luo_open() of /dev/liveupdate,
 * so a run whose last step is a kexec (no open after it) ends with the handed-over sessions only
 * as bytes in preserved memory, and {@code luo().sessions()} is empty. They are read here from
 * those bytes with the engine's handover reader ({@link BlockChainReader}, what {@link Handover#read}
 * follows a luo_ser with), which never throws on corrupted bytes and writes nothing: the machine is
 * left exactly as the run ended.
 *
 * <p>Not from the KHO FDT down, as {@link Handover#read} would: luo_early_startup() already took
 * luo_ser's sessions_pa, restored the session block set from it (kho_block_set_restore, which
 * checked the chain: a failure there panics the boot) and gave luo_ser back (kho_restore_free), so
 * its page holds nothing any more. The chain starts where the kernel's restored incoming set does.
 *
 * <p>Read as {@link ReadPurpose#TARGETS}: in the layout of the kernel that will deserialize them
 * (kexec between generations is refused, so it is the one that wrote them), every entry a block's
 * count covers — what the injectors resolve at this point, so the Inject dialog offers the same
 * names. Damaged bytes give what could be read, and the first problem met.
 */
final class HandedOverSessions {
    /** The state word of a session or file handed over and not yet deserialized. */
    static final String STATE = "handed over";

    /**
     * What the read found wrong, or null; the sessions themselves went into the columns.
     * {@code sessionsPa} is the head of the session block set the kernel restored at early boot
     * (where the read started; the chain views start there too: {@link #chains}).
     */
    record Read(String problem, long sessionsPa) {
    }

    private HandedOverSessions() {
    }

    /**
     * Whether {@code m}'s current kernel was handed sessions it has not deserialized yet: LUO found
     * the "LUO" subtree at early boot and restored the incoming session set, and no luo_open() has
     * run luo_session_deserialize() (which consumes that set).
     */
    static boolean pending(Machine m) {
        Kernel k = m.kernel();
        var luo = k == null ? null : k.luo();
        return luo != null && !k.dead() && luo.handedOver() && !luo.deserializeDone()
                && luo.sessions().incomingBlocks() != null;
    }

    /** Fills {@code c} with what {@code m}'s current kernel was handed ({@link #pending}). */
    static Read read(Machine m, SessionColumns c) {
        Kernel k = m.kernel();
        PhysicalMemory mem = m.memory();
        Abi abi = k.abi();
        EntryStore in = k.luo().sessions().incomingBlocks();
        // a pre-series session array carries its count in its header (-1: read it)
        Handover.Chain chain = BlockChainReader.store(mem, "sessions", in.headPa(), ChainLayout.sessions(abi), abi, -1);
        String problem = chain.ok() ? null : "session chain: " + chain.problem();
        int tokenAt = Layouts.FILE_SER.offset("token");
        int compatAt = Layouts.FILE_SER.offset("compatible");
        int compatLen = Layouts.FILE_SER.field("compatible").size();
        for (Handover.SessionEntry e : BlockChainReader.entries(mem, chain, abi, ReadPurpose.TARGETS)) {
            Handover.Chain files = e.files();
            String bad = files == null || files.ok() ? "" : "files: " + files.problem();
            problem = problem == null && !bad.isEmpty() ? "'" + e.name() + "' " + bad : problem;
            c.session(e.name(), true, STATE, bad);
            if (files == null) {
                continue;
            }
            for (Handover.Block b : files.blocks()) {
                c.reserveFiles(b.entries());
                for (long i = 0; i < b.entries(); i++) {
                    long fe = files.layout().entryPa(b.pa(), i);
                    if (!mem.contains(fe, Layouts.FILE_SER.size())) {
                        break; // a block that runs past RAM: its entries up to there
                    }
                    c.file(mem.u64(fe + tokenAt), mem.cstring(fe + compatAt, compatLen), 0);
                }
            }
        }
        return new Read(problem, in.headPa());
    }

    /**
     * {@code hs} (every KHO FDT in memory, {@link Handover#analyze}) with the incoming one's session
     * and file chains read from the session block set the kernel restored at early boot, head
     * {@code sessionsPa}: for v7 the handover bytes no longer lead there, since luo_early_startup()
     * gave luo_ser back (kho_restore_free) once it had restored the set from its sessions_pa, so
     * the KHO FDT's "LUO" subtree now points at a page that holds nothing. The chains are read as
     * the chain view reads every handover ({@link ReadPurpose#RESTORE}), with the engine's reader;
     * nothing is written. A handover whose chain already starts there (the FDT-era generations,
     * whose LUO FDT stays) is returned as it is.
     */
    static java.util.List<Handover> chains(java.util.List<Handover> hs, PhysicalMemory mem, Abi abi, long sessionsPa) {
        return hs.stream().map(h -> !h.incoming() || (h.sessions() != null && h.sessions().headPa() == sessionsPa) ? h
                : restoredSet(h, mem, abi, sessionsPa)).toList();
    }

    private static Handover restoredSet(Handover h, PhysicalMemory mem, Abi abi, long sessionsPa) {
        Handover.Chain chain = BlockChainReader.store(mem, "sessions", sessionsPa, ChainLayout.sessions(abi), abi, -1);
        return h.withChains(chain, BlockChainReader.entries(mem, chain, abi, ReadPurpose.RESTORE));
    }
}
