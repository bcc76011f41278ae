package io.chaosplane.discovery.cluster;

import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Lists in pages of {@code limit} items, following {@code continue}, so that a large cluster is never one response
 * the API server must build and the agent hold at once. A continue token the API server has forgotten (410 Gone, after
 * its compaction) starts the list again once from the beginning, as client-go's pager does.
 */
public final class Pages {

    private static final System.Logger LOG = System.getLogger(Pages.class.getName());

    private final long pageSize;

    public Pages(int pageSize) {
        this.pageSize = pageSize;
    }

    @SuppressWarnings("unchecked")
    public <T> List<T> all(String what, Function<ListOptions, ? extends KubernetesResourceList<?>> list) {
        for (int attempt = 1; ; attempt++) {
            List<T> items = new ArrayList<>();
            String token = null;
            try {
                do {
                    KubernetesResourceList<?> page = list.apply(new ListOptionsBuilder()
                            .withLimit(pageSize)
                            .withContinue(token)
                            .build());
                    items.addAll((List<T>) page.getItems());
                    token = page.getMetadata() == null
                            ? null
                            : page.getMetadata().getContinue();
                } while (token != null && !token.isEmpty());
                return items;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 410 || attempt > 1) {
                    throw e;
                }
                LOG.log(System.Logger.Level.INFO, "the continue token of {0} expired; listing again", what);
            }
        }
    }
}
