package io.chaosplane.agent;

import io.chaosplane.agent.config.ConfigException;
import io.chaosplane.agent.config.Secret;
import io.chaosplane.agent.remote.AgentIdentity;
import io.chaosplane.agent.remote.ControlPlane;
import io.chaosplane.agent.remote.IdentityStore;
import io.chaosplane.agent.remote.RemoteException;
import io.chaosplane.agent.task.Sleeper;
import io.chaosplane.protocol.catalog.AgentCapabilities;
import io.chaosplane.protocol.linux.ConfirmRequest;
import io.chaosplane.protocol.linux.ConfirmResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Confirms the agent with the control plane once and keeps the access key; a restarted agent reuses the stored key,
 * unless it is now configured for another infrastructure or with a new install token (its key was reset): then it
 * confirms again and the new key replaces the stored one.
 * While the control plane cannot be reached, confirm is tried again with a growing pause; a refused token is a
 * configuration error (it works once, an operator must issue a new one), so the agent stops rather than retry.
 */
final class Registration {

    private static final System.Logger LOG = System.getLogger(Registration.class.getName());
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(60);

    private final ControlPlane controlPlane;
    private final IdentityStore store;
    private final Sleeper sleeper;

    Registration(ControlPlane controlPlane, IdentityStore store, Sleeper sleeper) {
        this.controlPlane = controlPlane;
        this.store = store;
        this.sleeper = sleeper;
    }

    /** @param capabilities asked only when the agent confirms, as finding them may take a moment */
    AgentIdentity ensureConfirmed(
            String infraId,
            Optional<Secret> installToken,
            String hostname,
            String version,
            Supplier<AgentCapabilities> capabilities)
            throws InterruptedException {
        Optional<AgentIdentity> stored = store.load();
        if (stored.isPresent()
                && stored.get().infraId().equalsIgnoreCase(infraId)
                && installToken.map(store::confirmedWith).orElse(true)) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "using the stored access key of infrastructure {0}",
                    stored.get().infraId());
            return stored.get();
        }
        Secret token = installToken.orElseThrow(
                () -> new ConfigException(
                        stored.isPresent()
                                ? "the state directory holds the access key of infrastructure "
                                        + stored.get().infraId() + ", not of " + infraId + ": give install.token for "
                                        + infraId + ", or another state.dir"
                                : "install.token is required on the first start (no access key is stored in the state directory yet)"));
        if (stored.isPresent()) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "a new install token: confirming infrastructure {0} again, replacing the"
                            + " stored access key of infrastructure {1}",
                    infraId,
                    stored.get().infraId());
        }
        ConfirmRequest request = new ConfirmRequest(hostname, version, capabilities.get());
        Duration pause = FIRST_PAUSE;
        while (true) {
            try {
                ConfirmResponse answer = controlPlane.confirm(request, infraId, token);
                if (answer.newAccessKey() == null || answer.newAccessKey().isBlank()) {
                    throw new IllegalStateException("confirm answered without an access key");
                }
                String confirmedId =
                        answer.infraID() == null || answer.infraID().isBlank() ? infraId : answer.infraID();
                AgentIdentity identity = new AgentIdentity(confirmedId, new Secret(answer.newAccessKey()));
                store.save(identity, token);
                LOG.log(System.Logger.Level.INFO, "confirmed as infrastructure {0}; access key stored", confirmedId);
                return identity;
            } catch (RemoteException e) {
                if (!e.isUnavailable()) {
                    throw new ConfigException(
                            "the control plane refused confirm (" + e.getMessage()
                                    + "); install.token works once: ask for a new one",
                            e);
                }
                LOG.log(
                        System.Logger.Level.WARNING,
                        "confirm failed, trying again in {0}s: {1}",
                        pause.toSeconds(),
                        e.getMessage());
                sleeper.sleep(pause);
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }
}
