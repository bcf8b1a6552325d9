package luolab.cli;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.abi.Abi;
import luolab.engine.handover.ChainEnd;
import luolab.engine.handover.Handover;
import luolab.engine.memory.PhysicalMemory;

/**
 * Inspect's notes on a kho_block chain the engine's reader walked, and its printout: the reader's
 * verdict on each block's count (the generation's restore rule), plus what only an image
 * inspector checks — a block off a page boundary, or outside the radix tree, is no folio the next
 * kernel's kho_restore_folio() accepts — and where the walk stopped short ({@link ChainEnd}).
 */
final class BlockChainNotes {
    private final Inspection in;

    BlockChainNotes(Inspection in) {
        this.in = in;
    }

    /**
     * One note per block ("" when fine), each problem also a warning; warns, too, where the walk
     * stopped short and when a chain passes Floyd but has more than KHO_MAX_BLOCKS blocks
     * (kho_block_add: -ENOSPC).
     */
    List<String> notes(String what, Handover.Chain chain) {
        Abi abi = in.abi;
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < chain.blocks().size(); i++) {
            Handover.Block b = chain.blocks().get(i);
            List<String> problems = new ArrayList<>();
            if (b.problem() != null) {
                problems.add(b.problem());
            }
            if ((b.pa() & (PhysicalMemory.PAGE_SIZE - 1)) != 0) {
                problems.add("misaligned");
            }
            if (!in.preserved.contains(b.pa())) {
                problems.add("not preserved");
            }
            if (!problems.isEmpty()) {
                in.warn(what + ": block " + i + " at " + Inspection.hex(b.pa()) + ": " + String.join(", ", problems));
            }
            notes.add(String.join(", ", problems));
        }
        int n = chain.blocks().size();
        switch (ChainEnd.of(chain, abi)) {
            case CYCLE -> in.warn(what + ": cycle — block " + (n - 1) + " links back to block " + chain.cycleTo() + " at "
                    + Inspection.hex(chain.endPa()) + " (the kernel reports \"" + abi.msgCyclic() + "\")");
            case OUTSIDE_RAM -> in.warn(what + ": block " + n + " at " + Inspection.hex(chain.endPa())
                    + " is outside RAM: the next kernel would fault");
            case STEP_LIMIT -> in.warn(what + ": chain longer than " + n + " blocks; stopped (the kernel reports \""
                    + abi.msgTooLong() + "\")");
            case NULL_NEXT -> {
                if (n > abi.maxBlocks()) {
                    in.warn(what + ": " + n + " blocks, more than KHO_MAX_BLOCKS " + abi.maxBlocks()
                            + ": restore fails with -ENOSPC");
                }
            }
        }
        return notes;
    }

    /** The chain's blocks (the first {@link Inspection#SHOW} without --all) and where the walk stopped short. */
    void print(String indent, Handover.Chain chain, List<String> notes) {
        List<Handover.Block> blocks = chain.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            if (!in.all && i == Inspection.SHOW) {
                in.out.println(indent + "… " + (blocks.size() - Inspection.SHOW) + " more blocks (use --all)");
                break;
            }
            Handover.Block b = blocks.get(i);
            in.out.println(indent + "block " + i + " @ " + Inspection.hex(b.pa()) + "  next " + Inspection.hex(b.next()) + "  count "
                    + Long.toUnsignedString(b.count()) + "/" + b.capacity() + (notes.get(i).isEmpty() ? "" : "  ! " + notes.get(i)));
        }
        switch (ChainEnd.of(chain, in.abi)) {
            case CYCLE -> in.out.println(indent + "→ " + Inspection.hex(chain.endPa()) + ": cycle back to block " + chain.cycleTo());
            case OUTSIDE_RAM -> in.out.println(indent + "→ " + Inspection.hex(chain.endPa()) + ": outside RAM: the next kernel would fault");
            default -> {
            }
        }
    }
}
