package io.chaosplane.agent.linux.network;

/**
 * A classic BPF classifier that selects a random share of packets, for {@code tc filter ... bpf bytecode}: it loads
 * the kernel's per-packet random number and selects the packet (returns -1, "the filter's class") when the number is
 * below the share of 2^32, else passes it on (returns 0, "no match").
 */
final class RandomDrop {

    /** {@code ld rand}: BPF_LD|BPF_W|BPF_ABS of SKF_AD_OFF (-0x1000) + SKF_AD_RANDOM (56). */
    private static final String LOAD_RANDOM = "32 0 0 4294963256";
    /** {@code jge #threshold}: BPF_JMP|BPF_JGE|BPF_K, over the next instruction when not below. */
    private static final int JUMP_IF_GREATER_OR_EQUAL = 53;

    private static final String SELECT = "6 0 0 4294967295";
    private static final String PASS = "6 0 0 0";

    private RandomDrop() {}

    /** The program, in the {@code count,op jt jf k,...} form tc takes. */
    static String bytecode(double percent) {
        long threshold = Math.min(0xFFFFFFFFL, Math.round(percent / 100.0 * 0x1_0000_0000L));
        String compare = JUMP_IF_GREATER_OR_EQUAL + " 1 0 " + threshold;
        // 100%: every random number is below 2^32, but the threshold cannot reach it; select unconditionally
        String[] program = percent >= 100 ? new String[] {SELECT} : new String[] {LOAD_RANDOM, compare, SELECT, PASS};
        return program.length + "," + String.join(",", program);
    }
}
