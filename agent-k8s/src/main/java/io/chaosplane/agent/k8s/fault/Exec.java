package io.chaosplane.agent.k8s.fault;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a shell script in a container through the API's exec, as {@code kubectl exec} does. */
final class Exec {

    private Exec() {}

    /** Runs {@code script} with {@code sh -c}; answers its standard output; throws unless it exits 0. */
    static String run(
            KubernetesClient client, String namespace, String pod, String container, String script, Duration timeout)
            throws IOException, InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods()
                .inNamespace(namespace)
                .withName(pod)
                .inContainer(container)
                .writingOutput(out)
                .writingError(err)
                .exec("sh", "-c", script)) {
            Integer code = watch.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (code == null || code != 0) {
                throw new IOException("exec in " + namespace + "/" + pod + "/" + container + " exited " + code + ": "
                        + err.toString(StandardCharsets.UTF_8).strip());
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (ExecutionException e) {
            throw new IOException(
                    "exec in " + namespace + "/" + pod + "/" + container + " failed: "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(
                    "exec in " + namespace + "/" + pod + "/" + container + " did not finish within "
                            + timeout.toSeconds() + "s",
                    e);
        }
    }
}
