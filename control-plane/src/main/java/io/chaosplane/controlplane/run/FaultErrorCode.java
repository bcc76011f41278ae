package io.chaosplane.controlplane.run;

/**
 * The kind of error a finished fault carries. The control plane settles a fault itself with {@link #LEASE_EXPIRED}
 * when its agent went silent past the lease; a result that arrives after all replaces that outcome. Any other code
 * is its agent's own ({@code "E2001: CHAOS_INJECT_ERROR"} and the like), kept as the agent wrote it for the API.
 */
enum FaultErrorCode {
    LEASE_EXPIRED,
    REPORTED;

    /** The code as the fault row keeps it; the agent's own code for {@link #REPORTED}. */
    static FaultErrorCode of(String stored) {
        if (stored == null) {
            return null;
        }
        return LEASE_EXPIRED.name().equals(stored) ? LEASE_EXPIRED : REPORTED;
    }
}
