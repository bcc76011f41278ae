package io.chaosplane.controlplane.run;

/** Why a running fault's agent is told to stop it: its run was paused (it comes back) or aborted (it does not). */
enum StopReason {
    PAUSE("pause"),
    ABORT("abort");

    private final String stored;

    StopReason(String stored) {
        this.stored = stored;
    }

    /** As the fault row keeps it. */
    String stored() {
        return stored;
    }

    static StopReason fromStored(String value) {
        if (value == null) {
            return null;
        }
        for (StopReason reason : values()) {
            if (reason.stored.equals(value)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown stop reason " + value);
    }
}
