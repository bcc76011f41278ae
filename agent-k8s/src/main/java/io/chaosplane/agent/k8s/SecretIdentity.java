package io.chaosplane.agent.k8s;

import io.chaosplane.agent.remote.AgentIdentity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Keeps the runner's access key in its own Secret: the manifest brings the one-time install token, the first start
 * exchanges it (confirm) and writes ACCESS_KEY there while emptying INSTALL_TOKEN, so that a pod that starts anew (on
 * another node, with an empty state directory) reuses the key instead of a token that no longer works.
 */
final class SecretIdentity {

    private static final System.Logger LOG = System.getLogger(SecretIdentity.class.getName());

    private final KubernetesClient client;
    private final String namespace;
    private final String secretName;

    SecretIdentity(KubernetesClient client, String namespace, String secretName) {
        this.client = client;
        this.namespace = namespace;
        this.secretName = secretName;
    }

    void store(AgentIdentity identity) {
        if (secretName.isBlank()) {
            return;
        }
        String key =
                Base64.getEncoder().encodeToString(identity.accessKey().value().getBytes(StandardCharsets.UTF_8));
        try {
            Secret secret =
                    client.secrets().inNamespace(namespace).withName(secretName).get();
            if (secret == null) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "secret {0}/{1} not found; the access key stays in the state" + " directory only",
                        namespace,
                        secretName);
                return;
            }
            if (secret.getData() != null && key.equals(secret.getData().get("ACCESS_KEY"))) {
                return;
            }
            client.secrets()
                    .inNamespace(namespace)
                    .withName(secretName)
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            "{\"data\":{\"ACCESS_KEY\":\"" + key + "\",\"INSTALL_TOKEN\":\"\"}}");
            LOG.log(System.Logger.Level.INFO, "access key kept in secret {0}/{1}", namespace, secretName);
        } catch (KubernetesClientException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "cannot keep the access key in secret {0}/{1}: {2}",
                    namespace,
                    secretName,
                    e.getMessage());
        }
    }
}
